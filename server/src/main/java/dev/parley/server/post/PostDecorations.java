package dev.parley.server.post;

import dev.parley.protocol.JsonCodec;
import dev.parley.protocol.message.Message;
import dev.parley.protocol.message.PostMethods.Poll;
import dev.parley.protocol.message.PostMethods.PollAnswer;
import dev.parley.protocol.message.PostMethods.ReactionChange;
import dev.parley.protocol.message.PostMethods.ReactionCount;
import dev.parley.protocol.message.PostMethods.Reactions;
import dev.parley.protocol.sync.Update;
import dev.parley.server.chat.ChatEvent;
import dev.parley.server.chat.ChatRow;
import dev.parley.server.chat.ChatService;
import dev.parley.server.message.PostState;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jdbi.v3.core.Handle;

/**
 * Adds the post state to messages as a viewer sees them: view counts on channel posts, reaction counts with the
 * viewer's own reaction, the poll with the viewer's choice, and whether the message is pinned. A page of messages
 * costs a handful of queries per chat (counters are aggregated; nothing is counted at read time).
 */
public final class PostDecorations implements PostState {
    private final ChatService chats;
    private final ReactionStore reactions;
    private final ViewStore views;
    private final PinStore pins;
    private final PollStore polls;
    private final JsonCodec codec;
    private final Clock clock;

    public PostDecorations(ChatService chats, PostStores stores, JsonCodec codec, Clock clock) {
        this.chats = chats;
        this.reactions = stores.reactions;
        this.views = stores.views;
        this.pins = stores.pins;
        this.polls = stores.polls;
        this.codec = codec;
        this.clock = clock;
    }

    ReactionStore reactions() {
        return reactions;
    }

    ViewStore views() {
        return views;
    }

    PinStore pins() {
        return pins;
    }

    PollStore polls() {
        return polls;
    }

    JsonCodec codec() {
        return codec;
    }

    /**
     * One query per kind of state for the whole list, whatever the number of chats in it (a difference page spans
     * many): reaction counts, the viewer's reactions, pins, polls, and view counts of channel posts.
     */
    @Override
    public List<Message> decorate(Handle h, long viewerId, List<Message> messages) {
        Set<Long> chatIds = new java.util.HashSet<>();
        List<PostKey> keys = new java.util.ArrayList<>(messages.size());
        messages.stream().filter(m -> m.deleted() == null).forEach(m -> {
            chatIds.add(m.chatId());
            keys.add(new PostKey(m.chatId(), m.id()));
        });
        if (chatIds.isEmpty()) {
            return messages;
        }
        List<Long> channels = chats.existing(h, chatIds).stream().filter(ChatRow::isChannel).map(ChatRow::chatId)
                .toList();
        PostKeyRanges page = PostKeyRanges.of(keys);
        Map<PostKey, Integer> viewCounts = channels.isEmpty() ? Map.of() : views.views(h, page.inChats(channels));
        Map<PostKey, List<ReactionCount>> counts = reactions.counts(h, page);
        Map<PostKey, String> mine = counts.isEmpty() ? Map.of() : reactions.reactionsOf(h, page, viewerId);
        Set<PostKey> pinned = pins.pinnedAmong(h, page);
        Map<PostKey, Poll> pollViews = new java.util.HashMap<>();
        for (PostKey key : polls.pollsAmong(h, page)) {
            pollViews.put(key, pollOf(h, key.chatId(), key.messageId(), viewerId));
        }
        Set<Long> channelSet = Set.copyOf(channels);
        return messages.stream().map(m -> {
            if (m.deleted() != null) {
                return m;
            }
            PostKey key = new PostKey(m.chatId(), m.id());
            List<ReactionCount> c = counts.get(key);
            return m.withPostState(channelSet.contains(m.chatId()) ? viewCounts.getOrDefault(key, 0) : null,
                    c == null ? null : new Reactions(c, mine.get(key)), pollViews.get(key),
                    pinned.contains(key) ? Boolean.TRUE : null);
        }).toList();
    }

    @Override
    public Update render(Handle h, long viewerId, ChatEvent event, long pts) {
        long chatId = event.chatId();
        return switch (event.kind()) {
            case ChatEvent.REACTIONS -> {
                var edit = codec.bind(codec.readTree(event.payload()), PostEvents.ReactionEdit.class);
                ReactionChange change = edit.userId() != null && administersAsBot(h, chatId, viewerId)
                        ? new ReactionChange(edit.userId(), edit.oldReaction(), edit.newReaction()) : null;
                yield new Update.MessageReactions(chatId, edit.id(), reactionsOf(h, chatId, edit.id(), viewerId), pts,
                        change);
            }
            case ChatEvent.PIN -> {
                var change = codec.bind(codec.readTree(event.payload()), PostEvents.PinChange.class);
                yield new Update.PinnedMessages(chatId, change.ids(), change.pinned(), change.silent(), pts);
            }
            case ChatEvent.POLL -> {
                var change = codec.bind(codec.readTree(event.payload()), PostEvents.PollChange.class);
                PollAnswer answer = change.voterId() != null && change.authorId() != null && viewerId != 0
                        && change.authorId() == viewerId && chats.isBot(viewerId)
                        ? new PollAnswer(change.voterId(), change.options() == null ? List.of() : change.options())
                        : null;
                yield new Update.MessagePoll(chatId, change.id(), pollOf(h, chatId, change.id(), viewerId), pts,
                        answer);
            }
            default -> throw new IllegalArgumentException("not a post event: " + event.kind());
        };
    }

    /** Telegram gives per-user reaction changes only to bots that administer the chat. */
    private boolean administersAsBot(Handle h, long chatId, long viewerId) {
        return viewerId != 0 && chats.member(h, chatId, viewerId).map(m -> m.role().canManage()).orElse(false)
                && chats.isBot(viewerId);
    }

    @Override
    public void eraseUser(Handle h, long userId) {
        reactions.eraseUser(h, userId);
        views.eraseUser(h, userId);
        polls.eraseUser(h, userId, clock.instant().getEpochSecond());
    }

    /** The message's reaction counts (empty list if none) and the viewer's reaction (viewer 0: none). */
    Reactions reactionsOf(Handle h, long chatId, long messageId, long viewerId) {
        PostKey key = new PostKey(chatId, messageId);
        List<ReactionCount> counts = reactions.counts(h, List.of(chatId), List.of(messageId)).getOrDefault(key,
                List.of());
        String mine = viewerId == 0 ? null
                : reactions.reactionsOf(h, List.of(chatId), List.of(messageId), viewerId).get(key);
        return new Reactions(counts, mine);
    }

    /** The poll as the viewer sees it (viewer 0: no choice; a quiz's answer only once closed). */
    Poll pollOf(Handle h, long chatId, long messageId, long viewerId) {
        PollStore.PollRow row = polls.poll(h, chatId, messageId)
                .orElseThrow(() -> new IllegalStateException("poll " + chatId + "/" + messageId + " is missing"));
        List<Integer> chosen = viewerId == 0 ? List.of() : polls.votesOf(h, chatId, messageId, viewerId);
        boolean closed = row.closedAt(clock.instant().getEpochSecond());
        boolean revealed = row.quiz() && (closed || !chosen.isEmpty());
        return new Poll(row.question(), polls.options(h, chatId, messageId), row.quiz(), row.anonymous(),
                row.multipleChoice(), closed, row.closeDate() == 0 ? null : row.closeDate(), row.totalVoters(),
                chosen.isEmpty() ? null : chosen, revealed ? row.correctOption() : null,
                revealed ? row.explanation() : null);
    }
}
