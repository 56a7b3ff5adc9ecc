package dev.parley.server.message;

import dev.parley.protocol.account.AuthMethods.Ok;
import dev.parley.protocol.channel.DiscussionMethods;
import dev.parley.server.gateway.Method;
import java.util.List;

/** {@code channels.setDiscussionGroup}, {@code messages.getReplies}, {@code messages.getCommentCounts}. */
public final class DiscussionApi {
    private final DiscussionService discussions;

    public DiscussionApi(DiscussionService discussions) {
        this.discussions = discussions;
    }

    public List<Method<?, ?>> methods() {
        return List.of(
                Method.authenticated(DiscussionMethods.SET_DISCUSSION_GROUP, DiscussionMethods.SetDiscussionGroup.class,
                        (c, p) -> {
                            discussions.setDiscussionGroup(c.userId(), p.channelId(), p.groupId());
                            return Ok.OK;
                        }),
                Method.authenticated(DiscussionMethods.GET_REPLIES, DiscussionMethods.GetReplies.class,
                        (c, p) -> discussions.getReplies(c.userId(), p.chatId(), p.msgId(),
                                p.offsetId() == null ? 0 : p.offsetId(), p.limit())),
                Method.authenticated(DiscussionMethods.GET_COMMENT_COUNTS, DiscussionMethods.GetCommentCounts.class,
                        (c, p) -> discussions.commentCounts(c.userId(), p.chatId(), p.ids())));
    }
}
