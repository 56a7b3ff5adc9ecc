package dev.parley.server.message;

import dev.parley.protocol.JsonCodec;
import dev.parley.protocol.message.Message;
import dev.parley.protocol.sync.Update;
import dev.parley.server.chat.ChatEvent;
import dev.parley.server.chat.ChatRow;
import dev.parley.server.chat.ChatService;
import dev.parley.server.sync.LogRenderer;
import dev.parley.server.sync.LogRow;
import dev.parley.server.sync.UpdateKinds;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jdbi.v3.core.Handle;

/**
 * Renders update-log rows for getDifference, one update per row, showing current state: a message as it reads now
 * (a tombstone once deleted, hidden by the user, or erased), and {@code chatDeleted} for any row of a chat that no
 * longer exists. Loads per chat in batches: one query for the chat rows, one per chat for messages, events, hidden.
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
        Map<LogRow, Update> rendered = new HashMap<>();
        for (Map.Entry<Long, List<LogRow>> chat : byChat.entrySet()) {
            if (existing.contains(chat.getKey())) {
                renderChat(h, userId, chat.getKey(), chat.getValue(), rendered);
            } else {
                chat.getValue().forEach(r -> rendered.put(r, new Update.ChatDeleted(r.chatId(), r.pts())));
            }
        }
        return rows.stream().map(rendered::get).toList();
    }

    private void renderChat(Handle h, long userId, long chatId, List<LogRow> rows, Map<LogRow, Update> out) {
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
        List<Message> views = store.findMany(h, chatId, messageIds).stream()
                .map(m -> hidden.contains(m.messageId()) ? Message.tombstone(chatId, m.messageId()) : m.view(userId))
                .toList();
        Map<Long, Message> messages = new HashMap<>();
        posts.decorate(h, userId, views).forEach(m -> messages.put(m.id(), m));
        for (LogRow r : rows) {
            ChatEvent event = r.seq() == null ? null : events.get(r.seq());
            out.put(r, event != null && PostState.handles(event.kind()) ? posts.render(h, userId, event, r.pts())
                    : renderRow(chatId, r, events, messages));
        }
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
