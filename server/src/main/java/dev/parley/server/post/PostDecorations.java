package dev.parley.server.post;

import dev.parley.protocol.JsonCodec;
import dev.parley.protocol.message.Message;
import dev.parley.protocol.message.PostMethods.Poll;
import dev.parley.protocol.message.PostMethods.ReactionCount;
import dev.parley.protocol.message.PostMethods.Reactions;
import dev.parley.protocol.sync.Update;
import dev.parley.server.chat.ChatEvent;
import dev.parley.server.chat.ChatRow;
import dev.parley.server.chat.ChatService;
import dev.parley.server.message.PostState;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
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

    @Override
    public List<Message> decorate(Handle h, long viewerId, List<Message> messages) {
        Map<Long, List<Long>> idsByChat = new LinkedHashMap<>();
        messages.stream().filter(m -> m.deleted() == null)
                .forEach(m -> idsByChat.computeIfAbsent(m.chatId(), c -> new ArrayList<>()).add(m.id()));
        if (idsByChat.isEmpty()) {
            return messages;
        }
        Map<Long, ChatState> states = new LinkedHashMap<>();
        for (ChatRow chat : chats.existing(h, idsByChat.keySet())) {
            states.put(chat.chatId(), load(h, chat, idsByChat.get(chat.chatId()), viewerId));
        }
        return messages.stream().map(m -> {
            ChatState state = states.get(m.chatId());
            return m.deleted() != null || state == null ? m : state.apply(m);
        }).toList();
    }

    @Override
    public Update render(Handle h, long viewerId, ChatEvent event, long pts) {
        long chatId = event.chatId();
        return switch (event.kind()) {
            case ChatEvent.REACTIONS -> {
                long id = codec.bind(codec.readTree(event.payload()), PostEvents.MessageRef.class).id();
                yield new Update.MessageReactions(chatId, id, reactionsOf(h, chatId, id, viewerId), pts);
            }
            case ChatEvent.PIN -> {
                var change = codec.bind(codec.readTree(event.payload()), PostEvents.PinChange.class);
                yield new Update.PinnedMessages(chatId, change.ids(), change.pinned(), change.silent(), pts);
            }
            case ChatEvent.POLL -> {
                long id = codec.bind(codec.readTree(event.payload()), PostEvents.MessageRef.class).id();
                yield new Update.MessagePoll(chatId, id, pollOf(h, chatId, id, viewerId), pts);
            }
            default -> throw new IllegalArgumentException("not a post event: " + event.kind());
        };
    }

    @Override
    public void eraseUser(Handle h, long userId) {
        reactions.eraseUser(h, userId);
        views.eraseUser(h, userId);
        polls.eraseUser(h, userId, clock.instant().getEpochSecond());
    }

    /** The message's reaction counts (empty list if none) and the viewer's reaction (viewer 0: none). */
    Reactions reactionsOf(Handle h, long chatId, long messageId, long viewerId) {
        List<ReactionCount> counts = reactions.counts(h, chatId, List.of(messageId)).getOrDefault(messageId,
                List.of());
        String mine = viewerId == 0 ? null
                : reactions.reactionsOf(h, chatId, List.of(messageId), viewerId).get(messageId);
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

    private ChatState load(Handle h, ChatRow chat, List<Long> ids, long viewerId) {
        long chatId = chat.chatId();
        Map<Long, Integer> viewCounts = chat.isChannel() ? views.views(h, chatId, ids) : null;
        Map<Long, List<ReactionCount>> counts = reactions.counts(h, chatId, ids);
        Map<Long, String> mine = counts.isEmpty() ? Map.of() : reactions.reactionsOf(h, chatId, counts.keySet(),
                viewerId);
        Set<Long> pinned = pins.pinnedAmong(h, chatId, ids);
        Map<Long, Poll> pollViews = new LinkedHashMap<>();
        for (long id : polls.pollsAmong(h, chatId, ids)) {
            pollViews.put(id, pollOf(h, chatId, id, viewerId));
        }
        return new ChatState(viewCounts, counts, mine, pinned, pollViews);
    }

    /** The loaded post state of some messages of one chat. {@code views} is null outside channels. */
    private record ChatState(Map<Long, Integer> views, Map<Long, List<ReactionCount>> counts, Map<Long, String> mine,
            Set<Long> pinned, Map<Long, Poll> polls) {
        Message apply(Message m) {
            long id = m.id();
            List<ReactionCount> c = counts.get(id);
            return m.withPostState(views == null ? null : views.getOrDefault(id, 0),
                    c == null ? null : new Reactions(c, mine.get(id)), polls.get(id),
                    pinned.contains(id) ? Boolean.TRUE : null);
        }
    }
}
