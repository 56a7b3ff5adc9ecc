package dev.parley.server.message;

import dev.parley.protocol.JsonCodec;
import dev.parley.protocol.message.Message;
import dev.parley.protocol.sync.Update;
import dev.parley.server.chat.ChatEvent;
import dev.parley.server.chat.ChatRow;
import dev.parley.server.chat.ChatService;
import dev.parley.server.community.EventService;
import dev.parley.server.sync.LogRenderer;
import dev.parley.server.sync.LogRow;
import dev.parley.server.sync.UpdateKinds;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jdbi.v3.core.Handle;

/**
 * Renders update-log rows for getDifference, one update per row, showing current state: a message as it reads now
 * (a tombstone once deleted, hidden by the user, or erased), and {@code chatDeleted} for any row of a chat that no
 * longer exists. Loads per chat in batches: one query for the chat rows, one per chat for messages, events, hidden,
 * and the post state of all the page's messages together ({@link PostState#decorate}).
 */
public final class UpdateRenderer implements LogRenderer {
    private final ChatService chats;
    private final MessageStore store;
    private final PostState posts;
    private final JsonCodec codec;

    public UpdateRenderer(ChatService chats, MessageStore store, PostState posts, JsonCodec codec) {
        this.chats = chats;
        this.store = store;
        this.posts = posts;
        this.codec = codec;
    }

    @Override
    public List<Update> render(Handle h, long userId, List<LogRow> rows) {
        Map<Long, List<LogRow>> byChat = new LinkedHashMap<>();
        rows.forEach(r -> byChat.computeIfAbsent(r.chatId(), c -> new ArrayList<>()).add(r));
        Set<Long> existing = new HashSet<>();
        for (ChatRow chat : chats.existing(h, byChat.keySet())) {
            existing.add(chat.chatId());
        }
        // By identity: a record's hashCode hashes every field (kind, payload) of a thousand rows per page.
        Map<LogRow, Update> rendered = new IdentityHashMap<>(rows.size() * 2);
        Map<Long, Map<Long, ChatEvent>> events = new HashMap<>();
        List<Message> messages = new ArrayList<>();
        for (Map.Entry<Long, List<LogRow>> chat : byChat.entrySet()) {
            if (existing.contains(chat.getKey())) {
                events.put(chat.getKey(), load(h, userId, chat.getKey(), chat.getValue(), messages));
            } else {
                chat.getValue().forEach(r -> rendered.put(r, new Update.ChatDeleted(r.chatId(), r.pts())));
            }
        }
        // Post state (reactions, views, polls, pins) for the whole page at once, not per chat.
        Map<Long, Map<Long, Message>> decorated = new HashMap<>();
        posts.decorate(h, userId, messages).forEach(m ->
                decorated.computeIfAbsent(m.chatId(), c -> new HashMap<>()).put(m.id(), m));
        for (Map.Entry<Long, Map<Long, ChatEvent>> chat : events.entrySet()) {
            long chatId = chat.getKey();
            for (LogRow r : byChat.get(chatId)) {
                ChatEvent event = r.seq() == null ? null : chat.getValue().get(r.seq());
                rendered.put(r, event != null && PostState.handles(event.kind())
                        ? posts.render(h, userId, event, r.pts())
                        : renderRow(chatId, r, chat.getValue(), decorated.getOrDefault(chatId, Map.of())));
            }
        }
        return rows.stream().map(rendered::get).toList();
    }

    /** Loads a chat's events for these rows and adds the messages they show (as the user sees them) to {@code into}. */
    private Map<Long, ChatEvent> load(Handle h, long userId, long chatId, List<LogRow> rows, List<Message> into) {
        Map<Long, ChatEvent> events = new HashMap<>();
        List<Long> seqs = rows.stream().filter(r -> r.seq() != null && !r.kind().equals(UpdateKinds.NEW_MESSAGE))
                .map(LogRow::seq).toList();
        chats.events(h, chatId, seqs).forEach(e -> events.put(e.seq(), e));
        Set<Long> messageIds = new HashSet<>();
        for (LogRow r : rows) {
            if (r.kind().equals(UpdateKinds.NEW_MESSAGE)) {
                messageIds.add(r.seq());
            } else if (r.kind().equals(UpdateKinds.EDIT_MESSAGE) && events.containsKey(r.seq())) {
                messageIds.add(payload(events.get(r.seq()).payload(), ChatEvent.Edit.class).id());
            }
        }
        Set<Long> hidden = store.hiddenOf(h, userId, chatId, messageIds);
        store.findMany(h, chatId, messageIds).forEach(m -> into.add(hidden.contains(m.messageId())
                ? Message.tombstone(chatId, m.messageId()) : m.view(userId)));
        return events;
    }

    private Update renderRow(long chatId, LogRow r, Map<Long, ChatEvent> events, Map<Long, Message> messages) {
        long pts = r.pts();
        switch (r.kind()) {
            case UpdateKinds.NEW_MESSAGE -> {
                return new Update.NewMessage(message(chatId, r.seq(), messages), pts);
            }
            case UpdateKinds.READ_INBOX -> {
                var p = payload(r.payload(), LogPayloads.Inbox.class);
                return new Update.ReadHistoryInbox(chatId, p.maxId(), p.unread(), pts);
            }
            case UpdateKinds.READ_OUTBOX -> {
                return new Update.ReadHistoryOutbox(chatId, payload(r.payload(), LogPayloads.Outbox.class).maxId(), pts);
            }
            case UpdateKinds.CHAT_DELETED -> {
                return new Update.ChatDeleted(chatId, pts);
            }
            case UpdateKinds.EVENT_REMINDER -> {
                var p = payload(r.payload(), EventService.Reminder.class);
                return new Update.EventReminder(chatId, p.eventId(), p.title(), p.startDate(), pts);
            }
            case UpdateKinds.DELETE_MESSAGES -> {
                if (r.seq() == null) {
                    return new Update.DeleteMessages(chatId, payload(r.payload(), LogPayloads.Hidden.class).ids(),
                            false, pts);
                }
            }
            default -> {
                // the remaining kinds point at a chat event
            }
        }
        ChatEvent event = events.get(r.seq());
        if (event == null) {
            throw new IllegalStateException("log row " + r + " points at a missing chat event");
        }
        return switch (r.kind()) {
            case UpdateKinds.EDIT_MESSAGE -> new Update.EditMessage(
                    message(chatId, payload(event.payload(), ChatEvent.Edit.class).id(), messages), pts);
            case UpdateKinds.DELETE_MESSAGES -> new Update.DeleteMessages(chatId,
                    payload(event.payload(), ChatEvent.Delete.class).ids(), true, pts);
            case UpdateKinds.CHAT_MEMBERSHIP -> {
                var p = payload(event.payload(), ChatEvent.Membership.class);
                yield new Update.ChatMembership(chatId, p.action(), p.userIds(), p.actorId(), pts);
            }
            case UpdateKinds.CHAT_TITLE -> new Update.ChatTitle(chatId,
                    payload(event.payload(), ChatEvent.Title.class).title(), pts);
            case UpdateKinds.CHAT_ROLE -> {
                var p = payload(event.payload(), ChatEvent.RoleChange.class);
                yield new Update.ChatRole(chatId, p.userId(), p.role(), pts);
            }
            default -> throw new IllegalStateException("unknown update kind " + r.kind());
        };
    }

    private static Message message(long chatId, long id, Map<Long, Message> messages) {
        return messages.getOrDefault(id, Message.tombstone(chatId, id));
    }

    private <T> T payload(String json, Class<T> type) {
        return codec.bind(codec.readTree(json), type);
    }
}
