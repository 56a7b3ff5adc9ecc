package dev.parley.server.message;

import dev.parley.protocol.ErrorCode;
import dev.parley.protocol.JsonCodec;
import dev.parley.protocol.ParleyException;
import dev.parley.protocol.message.Entity;
import dev.parley.protocol.message.Message;
import dev.parley.protocol.message.MessageMethods.Edited;
import dev.parley.protocol.sync.SyncMethods.Affected;
import dev.parley.protocol.sync.Update;
import dev.parley.server.chat.ChatEvent;
import dev.parley.server.chat.ChatRow;
import dev.parley.server.chat.ChatService;
import dev.parley.server.chat.MemberRow;
import dev.parley.server.chat.ModerationService;
import dev.parley.server.chat.Rights;
import dev.parley.server.db.Database;
import dev.parley.server.sync.ChatPush;
import dev.parley.server.sync.Committed;
import dev.parley.server.sync.LogEntry;
import dev.parley.server.sync.Push;
import dev.parley.server.sync.UpdateKinds;
import dev.parley.server.sync.UpdateLog;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Handle;

/**
 * Changing what was sent: editing, deleting (for me or for everyone), expiring by a chat's timer, and reading
 * (read pointers and receipts). Each change is one write transaction that logs an update for every member concerned;
 * the pushes go out after commit. Reached through {@link MessageService}.
 */
final class MessageChanges {
    private final Database database;
    private final MessageStore store;
    private final MessageSearch search;
    private final ChatService chats;
    private final ModerationService moderation;
    private final UpdateLog log;
    private final JsonCodec codec;
    private final MessageRules rules;
    private final DiscussionService discussions;
    private final Clock clock;

    MessageChanges(Database database, MessageStore store, MessageSearch search, ChatService chats,
            ModerationService moderation, UpdateLog log, JsonCodec codec, MessageRules rules,
            DiscussionService discussions, Clock clock) {
        this.database = database;
        this.store = store;
        this.search = search;
        this.chats = chats;
        this.moderation = moderation;
        this.log = log;
        this.codec = codec;
        this.rules = rules;
        this.discussions = discussions;
        this.clock = clock;
    }

    /**
     * Erases the chat's messages dated before {@code cutoff} (a disappearing-message timer): the rows are deleted, not
     * tombstoned, and members get a delete event. At most {@code limit} per call; returns how many.
     */
    int expire(long chatId, long cutoff, int limit) {
        long now = now();
        return chats.publish(database.write(h -> {
            List<Long> expired = store.idsBefore(h, chatId, cutoff, limit);
            if (expired.isEmpty()) {
                return new Committed<>(0, Push.none());
            }
            List<Push> pushes = removeForEveryone(h, chatId, store.findMany(h, chatId, expired), true, now);
            return new Committed<>(expired.size(), pushes);
        }));
    }

    Edited edit(long userId, long chatId, long messageId, String text, List<Entity> entities) {
        long now = now();
        List<ChatPush> chatPushes = new ArrayList<>(1);
        Edited edited = chats.publish(database.write(h -> {
            chatPushes.clear();
            MemberRow member = chats.member(h, chatId, userId)
                    .orElseGet(() -> discussions.requireCommenter(h, chatId, userId, List.of(messageId), now));
            ChatRow chat = MessageRules.requirePlain(chats.requireChat(h, chatId));
            MessageRow old = rules.visible(h, member, List.of(messageId)).getFirst();
            if (old.senderId() != userId) {
                if (!chat.isLarge()) {
                    throw new ParleyException(ErrorCode.FORBIDDEN, "only the author edits a message");
                }
                moderation.requireRight(h, member, Rights.EDIT_MESSAGES, "editing others' messages");
            }
            if (old.forward() != null) {
                throw new ParleyException(ErrorCode.FORBIDDEN, "a forwarded message cannot be edited");
            }
            if (old.text().equals(text) && old.entities().equals(entities)) {
                throw new ParleyException(ErrorCode.MESSAGE_NOT_MODIFIED, "the message already says that");
            }
            MessageRow row = old.edited(text, entities, now);
            store.updateText(h, row);
            search.remove(h, row.searchId());
            search.index(h, row);
            if (chat.isLarge()) {
                if (old.senderId() != userId) {
                    moderation.log(h, chatId, userId, "editMessage", old.senderId(), Map.of("id", messageId), now);
                }
                // Fan-out on read: one event row, pushed per chat.
                long seq = chats.largeEvent(h, chatId, ChatEvent.EDIT, new ChatEvent.Edit(messageId), now);
                chatPushes.add(MessageRules.chatPush(chatId, seq, userId,
                        viewer -> new Update.EditMessage(row.view(viewer), seq)));
                discussions.mirrorEdit(h, row, now).ifPresent(chatPushes::add);
                return new Committed<>(new Edited(row.view(userId), log.pts(h, userId)), Push.none());
            }
            Set<Long> hiddenBy = store.hiddenBy(h, chatId, messageId);
            Map<Long, MemberRow> members = chats.members(h, chatId).stream()
                    .collect(Collectors.toMap(MemberRow::userId, Function.identity()));
            List<Push> pushes = chats.event(h, chatId, ChatEvent.EDIT, new ChatEvent.Edit(messageId), now,
                    (u, pts) -> {
                        boolean sees = !hiddenBy.contains(u) && members.get(u).visibleFrom() < messageId;
                        return new Update.EditMessage(sees ? row.view(u) : Message.tombstone(chatId, messageId), pts);
                    });
            long pts = new Committed<>(null, pushes).ptsOf(userId).orElseThrow();
            return new Committed<>(new Edited(row.view(userId), pts), pushes);
        }));
        chatPushes.forEach(chats::publishToChat);
        return edited;
    }

    Affected delete(long userId, long chatId, List<Long> messageIds, boolean forEveryone) {
        long now = now();
        List<ChatPush> chatPushes = new ArrayList<>(1);
        Affected affected = affected(userId, database.write(h -> {
            chatPushes.clear();
            MemberRow member = chats.member(h, chatId, userId)
                    .orElseGet(() -> discussions.requireCommenter(h, chatId, userId, messageIds, now));
            List<MessageRow> rows = rules.visible(h, member, messageIds);
            if (!forEveryone) {
                return new Committed<>(null, hide(h, member, rows, now));
            }
            ChatRow chat = chats.requireChat(h, chatId);
            boolean othersToo = rows.stream().anyMatch(r -> r.senderId() != userId);
            if (othersToo && chat.isLarge()) {
                moderation.requireRight(h, member, Rights.DELETE_MESSAGES, "deleting others' messages");
                moderation.log(h, chatId, userId, "deleteMessages", null,
                        Map.of("ids", rows.stream().map(MessageRow::messageId).toList()), now);
            } else if (othersToo && !(!chat.isPrivate() && member.role().canManage())) {
                throw new ParleyException(ErrorCode.FORBIDDEN, "only the author or a group admin deletes for everyone");
            }
            chatPushes.addAll(discussions.mirrorDelete(h, chatId, rows.stream().map(MessageRow::messageId).toList(),
                    now));
            return new Committed<>(null, removeForEveryone(h, chatId, rows, false, now, chatPushes));
        }));
        chatPushes.forEach(chats::publishToChat);
        return affected;
    }

    Affected readHistory(long userId, long chatId, long maxId) {
        long now = now();
        return affected(userId, database.write(h -> {
            chats.lockMember(h, chatId, userId);
            MemberRow member = chats.requireMember(h, chatId, userId);
            long upTo = Math.min(maxId, chats.requireChat(h, chatId).lastMessageId());
            if (upTo <= member.readInboxMaxId()) {
                return new Committed<>(null, Push.none());
            }
            ChatRow chat = chats.requireChat(h, chatId);
            int read = store.countIncoming(h, userId, chatId, member.readInboxMaxId(), upTo);
            // Large chats keep no maintained unread count: what is left is counted from the pointer.
            int unread = chat.isLarge() ? store.countIncoming(h, userId, chatId, upTo, chat.lastMessageId())
                    : Math.max(0, member.unreadCount() - read);
            chats.moveInbox(h, chatId, userId, upTo, unread);
            List<LogEntry> entries = new ArrayList<>();
            entries.add(new LogEntry(userId, UpdateKinds.READ_INBOX, chatId, null,
                    codec.write(new LogPayloads.Inbox(upTo, unread)),
                    pts -> new Update.ReadHistoryInbox(chatId, upTo, unread, pts)));
            // In large chats read receipts to authors would put one log row per reader into the author's log.
            List<Long> senders = chat.isLarge() ? List.of()
                    : store.sendersBetween(h, chatId, member.readInboxMaxId(), upTo, userId);
            for (long sender : senders) {
                if (chats.moveOutbox(h, chatId, sender, upTo)) {
                    entries.add(new LogEntry(sender, UpdateKinds.READ_OUTBOX, chatId, null,
                            codec.write(new LogPayloads.Outbox(upTo)),
                            pts -> new Update.ReadHistoryOutbox(chatId, upTo, pts)));
                }
            }
            return new Committed<>(null, log.append(h, now, entries));
        }));
    }

    /**
     * Removes messages for everyone: a delete event for the members, unread counts fixed, the search entries dropped;
     * {@code erase} removes the rows entirely (account erasure) instead of leaving tombstones.
     */
    List<Push> removeForEveryone(Handle h, long chatId, List<MessageRow> rows, boolean erase, long now) {
        return removeForEveryone(h, chatId, rows, erase, now, new ArrayList<>());
    }

    /** As above; a large chat's delete event goes into {@code chatPushes}, for the caller to push after commit. */
    List<Push> removeForEveryone(Handle h, long chatId, List<MessageRow> rows, boolean erase, long now,
            List<ChatPush> chatPushes) {
        if (rows.isEmpty()) {
            return Push.none();
        }
        boolean large = chats.requireChat(h, chatId).isLarge();
        // Large chats keep no per-member unread counts to fix (and must not load their members).
        List<MemberRow> members = large ? List.of() : chats.members(h, chatId);
        for (MessageRow row : rows) {
            Set<Long> hiddenBy = store.hiddenBy(h, chatId, row.messageId());
            List<Long> stillUnread = members.stream()
                    .filter(m -> m.userId() != row.senderId() && m.readInboxMaxId() < row.messageId()
                            && m.visibleFrom() < row.messageId() && !hiddenBy.contains(m.userId()))
                    .map(MemberRow::userId).toList();
            chats.uncountUnread(h, chatId, stillUnread);
            if (!row.deleted()) {
                search.remove(h, row.searchId());
            }
        }
        List<Long> messageIds = rows.stream().map(MessageRow::messageId).toList();
        if (erase) {
            store.deleteRows(h, chatId, messageIds);
        } else {
            store.markDeleted(h, chatId, messageIds);
        }
        if (large) {
            long seq = chats.largeEvent(h, chatId, ChatEvent.DELETE, new ChatEvent.Delete(messageIds), now);
            chatPushes.add(MessageRules.chatPush(chatId, seq, 0,
                    viewer -> new Update.DeleteMessages(chatId, messageIds, true, seq)));
            return Push.none();
        }
        if (members.isEmpty()) {
            return Push.none();
        }
        return chats.event(h, chatId, ChatEvent.DELETE, new ChatEvent.Delete(messageIds), now,
                (u, pts) -> new Update.DeleteMessages(chatId, messageIds, true, pts));
    }

    private List<Push> hide(Handle h, MemberRow member, List<MessageRow> rows, long now) {
        long chatId = member.chatId();
        List<Long> messageIds = rows.stream().map(MessageRow::messageId).toList();
        long unreadHidden = rows.stream()
                .filter(r -> r.senderId() != member.userId() && r.messageId() > member.readInboxMaxId()).count();
        store.hide(h, member.userId(), chatId, messageIds);
        if (unreadHidden > 0) {
            chats.uncountUnread(h, chatId, member.userId(), unreadHidden);
        }
        return log.append(h, now, List.of(new LogEntry(member.userId(), UpdateKinds.DELETE_MESSAGES, chatId, null,
                codec.write(new LogPayloads.Hidden(messageIds)),
                pts -> new Update.DeleteMessages(chatId, messageIds, false, pts))));
    }

    private Affected affected(long userId, Committed<?> done) {
        chats.publish(done);
        long pts = done.ptsOf(userId).orElseGet(() -> database.read(h -> log.pts(h, userId)));
        return new Affected(pts, done.ptsCountOf(userId));
    }

    private long now() {
        return clock.instant().getEpochSecond();
    }
}
