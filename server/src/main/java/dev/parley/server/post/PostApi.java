package dev.parley.server.post;

import dev.parley.protocol.account.AuthMethods.Ok;
import dev.parley.protocol.message.PostMethods;
import dev.parley.server.gateway.Method;
import java.util.List;

/** The reaction, view, pin and poll methods (docs/protocol/posts.md). */
public final class PostApi {
    private final PostFeature posts;

    public PostApi(PostFeature posts) {
        this.posts = posts;
    }

    public List<Method<?, ?>> methods() {
        return List.of(
                Method.authenticated(PostMethods.SEND_REACTION, PostMethods.SendReaction.class,
                        (c, p) -> new PostMethods.ReactionsResult(posts.reactions.sendReaction(c.userId(), p.chatId(),
                                p.id(), p.reaction()))),
                Method.authenticated(PostMethods.SET_AVAILABLE_REACTIONS, PostMethods.SetAvailableReactions.class,
                        (c, p) -> {
                            posts.reactions.setAvailableReactions(c.userId(), p.chatId(), p.reactions());
                            return Ok.OK;
                        }),
                Method.authenticated(PostMethods.GET_AVAILABLE_REACTIONS, PostMethods.GetAvailableReactions.class,
                        (c, p) -> new PostMethods.AvailableReactions(posts.reactions.getAvailableReactions(c.userId(),
                                p.chatId()))),
                Method.authenticated(PostMethods.GET_MESSAGES_VIEWS, PostMethods.GetMessagesViews.class,
                        (c, p) -> posts.views.getMessagesViews(c.userId(), p.chatId(), p.ids(), p.increment())),
                Method.authenticated(PostMethods.PIN, PostMethods.Pin.class, (c, p) -> {
                    posts.pins.pin(c.userId(), p.chatId(), p.id(), p.silent());
                    return Ok.OK;
                }),
                Method.authenticated(PostMethods.UNPIN, PostMethods.Unpin.class, (c, p) -> {
                    posts.pins.unpin(c.userId(), p.chatId(), p.id());
                    return Ok.OK;
                }),
                Method.authenticated(PostMethods.UNPIN_ALL, PostMethods.UnpinAll.class, (c, p) -> {
                    posts.pins.unpinAll(c.userId(), p.chatId());
                    return Ok.OK;
                }),
                Method.authenticated(PostMethods.GET_PINNED, PostMethods.GetPinned.class,
                        (c, p) -> posts.pins.getPinned(c.userId(), p.chatId())),
                Method.authenticated(PostMethods.SEND_POLL, PostMethods.SendPoll.class,
                        (c, p) -> posts.polls.sendPoll(c.userId(), p)),
                Method.authenticated(PostMethods.VOTE, PostMethods.Vote.class,
                        (c, p) -> new PostMethods.PollResult(posts.polls.vote(c.userId(), p.chatId(), p.id(),
                                p.options()))),
                Method.authenticated(PostMethods.CLOSE_POLL, PostMethods.ClosePoll.class,
                        (c, p) -> new PostMethods.PollResult(posts.polls.closePoll(c.userId(), p.chatId(), p.id()))),
                Method.authenticated(PostMethods.GET_POLL_VOTERS, PostMethods.GetPollVoters.class,
                        (c, p) -> posts.polls.getPollVoters(c.userId(), p.chatId(), p.id(), p.option(), p.offset(),
                                p.limit())));
    }
}
