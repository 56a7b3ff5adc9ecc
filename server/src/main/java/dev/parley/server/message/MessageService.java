package dev.parley.server.message;

import dev.parley.protocol.ErrorCode;
import dev.parley.protocol.JsonCodec;
import dev.parley.protocol.ParleyException;
import dev.parley.protocol.message.Entity;
import dev.parley.protocol.message.Message;
import dev.parley.protocol.message.Message.ForwardOrigin;
import dev.parley.protocol.message.MessageMethods.Edited;
import dev.parley.protocol.message.MessageMethods.Forwarded;
import dev.parley.protocol.message.MessageMethods.Sent;
import dev.parley.protocol.sync.SyncMethods.Affected;
import dev.parley.protocol.sync.Update;
import dev.parley.server.chat.ChatEvent;
import dev.parley.server.chat.ChatRow;
import dev.parley.server.chat.ChatService;
import dev.parley.server.chat.MemberRow;
import dev.parley.server.contacts.ContactsService;
import dev.parley.server.db.Database;
import dev.parley.server.db.IdGenerator;
import dev.parley.server.sync.Committed;
import dev.parley.server.sync.LogEntry;
import dev.parley.server.sync.Push;
import dev.parley.server.sync.SyncSettings;
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
 * Sending, forwarding, editing, deleting and reading messages. Each write runs in one transaction that stores the
 * message, takes the chat's next seq, maintains unread counts and appends the members' log rows; the pushes go out
 * only after it committed. Exactly-once send: (sender, randomId) is unique and a repeat returns the original result.
 */
public final class MessageService {
    private final Database database;
    private final MessageStore store;
    private final MessageSearch search;
    private final ChatService chats;
    private final ContactsService contacts;
    private final UpdateLog log;
    private final IdGenerator ids;
    private final JsonCodec codec;
    private final SyncSettings settings;
    private final Clock clock;

    public MessageService(Database database, MessageStore store, MessageSearch search, ChatService chats,
            ContactsService contacts, UpdateLog log, IdGenerator ids, JsonCodec codec, SyncSettings settings,
            Clock clock) {
        this.database = database;
        this.store = store;
        this.search = search;
        this.chats = chats;
        this.contacts = contacts;
        this.log = log;
        this.ids = ids;
        this.codec = codec;
        this.settings = settings;
        this.clock = clock;
    }

    public Sent send(long userId, long chatId, String text, long randomId, Long replyToId, List<Entity> entities) {
        long now = now();
        long searchId = ids.next();
        return chats.publish(database.write(h -> {
            var earlier = store.sent(h, userId, randomId);
            if (earlier.isPresent()) {
                return new Committed<>(resent(h, userId, chatId, earlier.get()), Push.none());
            }
            MemberRow member = chats.requireMember(h, chatId, userId);
            requireMayPost(h, requirePlain(chats.requireChat(h, chatId)), userId);
            if (replyToId != null) {
                visible(h, member, List.of(replyToId));
            }
            long id = chats.nextMessageSeq(h, chatId, now, searchId);
            MessageRow row = new MessageRow(chatId, id, searchId, userId, now, text, entities, replyToId, null, null,
                    false);
            List<Push> pushes = post(h, row, now);
            long pts = new Committed<>(null, pushes).ptsOf(userId).orElseThrow();
            store.rememberSent(h, userId, randomId, new MessageStore.SentRef(chatId, id, pts), now);
            return new Committed<>(new Sent(row.view(userId), pts), pushes);
        }));
    }

    /**
     * Stores an end-to-end encrypted message (opaque ciphertext) with the same exactly-once, seq, unread and log
     * machinery as {@link #send}. {@code check} runs first inside the transaction (the e2e feature checks the MLS
     * epoch there, so a commit cannot slip between the check and the insert).
     */
    public Sent sendEncrypted(long userId, long chatId, String ciphertext, long randomId, TxCheck check) {
        long now = now();
        long searchId = ids.next();
        return chats.publish(database.write(h -> {
            var earlier = store.sent(h, userId, randomId);
            if (earlier.isPresent()) {
                return new Committed<>(resent(h, userId, chatId, earlier.get()), Push.none());
            }
            chats.requireMember(h, chatId, userId);
            ChatRow chat = chats.requireChat(h, chatId);
            if (!chat.e2e()) {
                throw new ParleyException(ErrorCode.CHAT_NOT_ENCRYPTED, "this chat is not end-to-end encrypted");
            }
            requireMayPost(h, chat, userId);
            check.check(h);
            long id = chats.nextMessageSeq(h, chatId, now, searchId);
            MessageRow row = MessageRow.encrypted(chatId, id, searchId, userId, now, ciphertext);
            List<Push> pushes = post(h, row, now);
            long pts = new Committed<>(null, pushes).ptsOf(userId).orElseThrow();
            store.rememberSent(h, userId, randomId, new MessageStore.SentRef(chatId, id, pts), now);
            return new Committed<>(new Sent(row.view(userId), pts), pushes);
        }));
    }

    /** A check another feature runs inside a message transaction. */
    @FunctionalInterface
    public interface TxCheck {
        void check(Handle handle);
    }

    /**
     * Erases the chat's messages dated before {@code cutoff} (a disappearing-message timer): the rows are deleted, not
     * tombstoned, and members get a delete event. At most {@code limit} per call; returns how many.
     */
    public int expire(long chatId, long cutoff, int limit) {
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

    public Forwarded forward(long userId, long fromChatId, List<Long> messageIds, long toChatId,
            List<Long> randomIds) {
        long now = now();
        List<Long> searchIds = messageIds.stream().map(i -> ids.next()).toList();
        return chats.publish(database.write(h -> {
            List<Push> pushes = new ArrayList<>();
            List<Message> messages = new ArrayList<>();
            long pts = 0;
            MemberRow from = chats.requireMember(h, fromChatId, userId);
            chats.requireMember(h, toChatId, userId);
            requirePlain(chats.requireChat(h, fromChatId));
            requireMayPost(h, requirePlain(chats.requireChat(h, toChatId)), userId);
            Map<Long, MessageRow> sources = visible(h, from, messageIds).stream()
                    .collect(Collectors.toMap(MessageRow::messageId, Function.identity()));
            for (int i = 0; i < messageIds.size(); i++) {
                var earlier = store.sent(h, userId, randomIds.get(i));
                if (earlier.isPresent()) {
                    Sent again = resent(h, userId, toChatId, earlier.get());
                    messages.add(again.message());
                    pts = Math.max(pts, again.pts());
                    continue;
                }
                MessageRow source = sources.get(messageIds.get(i));
                ForwardOrigin origin = source.forward() != null ? source.forward()
                        : new ForwardOrigin(fromChatId, source.messageId(), source.senderId(), source.date());
                long id = chats.nextMessageSeq(h, toChatId, now, searchIds.get(i));
                MessageRow row = new MessageRow(toChatId, id, searchIds.get(i), userId, now, source.text(),
                        source.entities(), null, origin, null, false);
                List<Push> posted = post(h, row, now);
                long rowPts = new Committed<>(null, posted).ptsOf(userId).orElseThrow();
                store.rememberSent(h, userId, randomIds.get(i), new MessageStore.SentRef(toChatId, id, rowPts), now);
                pushes.addAll(posted);
                messages.add(row.view(userId));
                pts = Math.max(pts, rowPts);
            }
            return new Committed<>(new Forwarded(messages, pts), pushes);
        }));
    }

    public Edited edit(long userId, long chatId, long messageId, String text, List<Entity> entities) {
        long now = now();
        return chats.publish(database.write(h -> {
            MemberRow member = chats.requireMember(h, chatId, userId);
            requirePlain(chats.requireChat(h, chatId));
            MessageRow old = visible(h, member, List.of(messageId)).getFirst();
            if (old.senderId() != userId) {
                throw new ParleyException(ErrorCode.FORBIDDEN, "only the author edits a message");
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
    }

    public Affected delete(long userId, long chatId, List<Long> messageIds, boolean forEveryone) {
        long now = now();
        return affected(userId, database.write(h -> {
            MemberRow member = chats.requireMember(h, chatId, userId);
            List<MessageRow> rows = visible(h, member, messageIds);
            if (!forEveryone) {
                return new Committed<>(null, hide(h, member, rows, now));
            }
            ChatRow chat = chats.requireChat(h, chatId);
            boolean moderator = !chat.isPrivate() && member.role().canManage();
            if (!moderator && rows.stream().anyMatch(r -> r.senderId() != userId)) {
                throw new ParleyException(ErrorCode.FORBIDDEN, "only the author or a group admin deletes for everyone");
            }
            return new Committed<>(null, removeForEveryone(h, chatId, rows, false, now));
        }));
    }

    public Affected readHistory(long userId, long chatId, long maxId) {
        long now = now();
        return affected(userId, database.write(h -> {
            MemberRow member = chats.requireMember(h, chatId, userId);
            long upTo = Math.min(maxId, chats.requireChat(h, chatId).lastMessageId());
            if (upTo <= member.readInboxMaxId()) {
                return new Committed<>(null, Push.none());
            }
            int read = store.countIncoming(h, userId, chatId, member.readInboxMaxId(), upTo);
            int unread = Math.max(0, member.unreadCount() - read);
            chats.moveInbox(h, chatId, userId, upTo, unread);
            List<LogEntry> entries = new ArrayList<>();
            entries.add(new LogEntry(userId, UpdateKinds.READ_INBOX, chatId, null,
                    codec.write(new LogPayloads.Inbox(upTo, unread)),
                    pts -> new Update.ReadHistoryInbox(chatId, upTo, unread, pts)));
            for (long sender : store.sendersBetween(h, chatId, member.readInboxMaxId(), upTo, userId)) {
                if (chats.moveOutbox(h, chatId, sender, upTo)) {
                    entries.add(new LogEntry(sender, UpdateKinds.READ_OUTBOX, chatId, null,
                            codec.write(new LogPayloads.Outbox(upTo)),
                            pts -> new Update.ReadHistoryOutbox(chatId, upTo, pts)));
                }
            }
            return new Committed<>(null, log.append(h, now, entries));
        }));
    }

    /** Drops random ids old enough that no client still retries them. */
    public int forgetOldRandomIds() {
        long cutoff = now() - settings.randomIdMaxAge().toSeconds();
        return database.write(h -> store.forgetSentBefore(h, cutoff));
    }

    // ---- shared with erasure ----

    /**
     * Removes messages for everyone: a delete event for the members, unread counts fixed, the search entries dropped;
     * {@code erase} removes the rows entirely (account erasure) instead of leaving tombstones.
     */
    List<Push> removeForEveryone(Handle h, long chatId, List<MessageRow> rows, boolean erase, long now) {
        if (rows.isEmpty()) {
            return Push.none();
        }
        List<MemberRow> members = chats.members(h, chatId);
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
        if (members.isEmpty()) {
            return Push.none();
        }
        return chats.event(h, chatId, ChatEvent.DELETE, new ChatEvent.Delete(messageIds), now,
                (u, pts) -> new Update.DeleteMessages(chatId, messageIds, true, pts));
    }

    MessageStore store() {
        return store;
    }

    MessageSearch search() {
        return search;
    }

    // ---- internals ----

    /** Stores a new message and fans it out to every member (unread for all but the sender). */
    private List<Push> post(Handle h, MessageRow row, long now) {
        store.insert(h, row);
        if (row.ciphertext() == null) {
            search.index(h, row);
        }
        chats.countUnread(h, row.chatId(), row.senderId());
        return chats.fanOut(h, row.chatId(), row.messageId(), UpdateKinds.NEW_MESSAGE,
                chats.memberIds(h, row.chatId()), now, (u, pts) -> new Update.NewMessage(row.view(u), pts));
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

    /** The messages, each existing, not deleted, not hidden by the member and from after they joined. */
    private List<MessageRow> visible(Handle h, MemberRow member, List<Long> messageIds) {
        Map<Long, MessageRow> found = store.findMany(h, member.chatId(), messageIds).stream()
                .collect(Collectors.toMap(MessageRow::messageId, Function.identity()));
        Set<Long> hidden = store.hiddenOf(h, member.userId(), member.chatId(), messageIds);
        List<MessageRow> rows = new ArrayList<>(messageIds.size());
        for (long id : messageIds) {
            MessageRow row = found.get(id);
            if (row == null || row.deleted() || hidden.contains(id) || id <= member.visibleFrom()) {
                throw new ParleyException(ErrorCode.MESSAGE_NOT_FOUND, "message " + id + " not found");
            }
            rows.add(row);
        }
        return rows;
    }

    /**
     * The server must never hold plaintext of an encrypted chat, so the cloud methods refuse it: its messages are sent
     * with e2e.sendMessage, and edits or forwards would need the server to read them.
     */
    private static ChatRow requirePlain(ChatRow chat) {
        if (chat.e2e()) {
            throw new ParleyException(ErrorCode.CHAT_ENCRYPTED,
                    "this chat is end-to-end encrypted: send with e2e.sendMessage");
        }
        return chat;
    }

    /** In a private chat, a block either way stops messages. */
    private void requireMayPost(Handle h, ChatRow chat, long userId) {
        if (chat.isPrivate()) {
            long peer = chats.peer(h, chat.chatId(), userId)
                    .orElseThrow(() -> new ParleyException(ErrorCode.CHAT_NOT_FOUND, "chat not found"));
            if (contacts.blockedEitherWay(h, userId, peer)) {
                throw new ParleyException(ErrorCode.USER_BLOCKED, "you cannot message this user");
            }
        }
    }

    private Sent resent(Handle h, long userId, long chatId, MessageStore.SentRef ref) {
        if (ref.chatId() != chatId) {
            throw new ParleyException(ErrorCode.RANDOM_ID_DUPLICATE, "this randomId was used for another chat");
        }
        Message message = store.find(h, ref.chatId(), ref.messageId()).map(r -> r.view(userId))
                .orElse(Message.tombstone(ref.chatId(), ref.messageId()));
        return new Sent(message, ref.pts());
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
