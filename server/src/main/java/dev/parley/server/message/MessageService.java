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
import dev.parley.server.chat.ModerationService;
import dev.parley.server.chat.Rights;
import dev.parley.server.chat.TopicService;
import dev.parley.server.contacts.ContactsService;
import dev.parley.server.db.Database;
import dev.parley.server.db.IdGenerator;
import dev.parley.protocol.channel.ChannelMethods.ChannelBatch;
import dev.parley.server.sync.ChatPush;
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
import java.util.function.LongFunction;
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
    private final ModerationService moderation;
    private final TopicService topics;
    private final DiscussionService discussions;
    private final ContactsService contacts;
    private final UpdateLog log;
    private final IdGenerator ids;
    private final JsonCodec codec;
    private final SyncSettings settings;
    private final Clock clock;

    public MessageService(Database database, MessageStore store, MessageSearch search, ChatService chats,
            ModerationService moderation, TopicService topics, DiscussionService discussions, ContactsService contacts,
            UpdateLog log, IdGenerator ids, JsonCodec codec, SyncSettings settings, Clock clock) {
        this.topics = topics;
        this.discussions = discussions;
        this.moderation = moderation;
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
        return send(userId, chatId, text, randomId, replyToId, entities, false);
    }

    /** {@code silent}: receivers are not notified. In supergroups and channels the post is stored once (fan-out on read). */
    public Sent send(long userId, long chatId, String text, long randomId, Long replyToId, List<Entity> entities,
            boolean silent) {
        return send(userId, new Draft(chatId, text, randomId, replyToId, entities, silent, null));
    }

    /**
     * A message to post: what {@code messages.send} carries (without a scheduleDate). {@code topicId}: the forum topic
     * (null: the General topic in a forum, or the replied-to message's topic).
     */
    public record Draft(long chatId, String text, long randomId, Long replyToId, List<Entity> entities,
            boolean silent, Long topicId) {}

    public Sent send(long userId, Draft draft) {
        return send(userId, draft, Attachment.NONE);
    }

    /**
     * Something stored with a new message in its transaction (a poll), shown on the message from the start: in the
     * send result and in the pushes. {@code store} may reject the message with a typed error (nothing is stored).
     */
    public interface Attachment {
        Attachment NONE = new Attachment() {
            @Override
            public void store(Handle h, MessageRow row) {}

            @Override
            public Message attach(Message message) {
                return message;
            }
        };

        void store(Handle h, MessageRow row);

        Message attach(Message message);
    }

    /** Sends a message with an attachment stored in the same transaction. */
    public Sent send(long userId, Draft draft, Attachment attachment) {
        long now = now();
        long searchId = ids.next();
        List<ChatPush> chatPushes = new ArrayList<>(1);
        Sent sent = chats.publish(database.write(h -> {
            chatPushes.clear();
            return post(h, userId, draft, now, searchId, true, chatPushes, attachment);
        }));
        chatPushes.forEach(chats::publishToChat);
        return sent;
    }

    /**
     * Posts inside the caller's transaction (messages.send, and the delivery of a scheduled message with
     * {@code slowMode} false). Small chats' pushes are in the result; a large chat's go into {@code chatPushes}, both
     * to publish after commit.
     */
    public Committed<Sent> post(Handle h, long userId, Draft draft, long now, long searchId, boolean slowMode,
            List<ChatPush> chatPushes) {
        return post(h, userId, draft, now, searchId, slowMode, chatPushes, Attachment.NONE);
    }

    private Committed<Sent> post(Handle h, long userId, Draft draft, long now, long searchId, boolean slowMode,
            List<ChatPush> chatPushes, Attachment attachment) {
        long chatId = draft.chatId();
        long randomId = draft.randomId();
        var earlier = store.sent(h, userId, randomId);
        if (earlier.isPresent()) {
            return new Committed<>(resent(h, userId, chatId, earlier.get()), Push.none());
        }
        MemberRow member = chats.requireMember(h, chatId, userId);
        ChatRow chat = requirePlain(chats.requireChat(h, chatId));
        requireMayPost(h, chat, member, now, slowMode);
        Long replyTopic = null;
        if (draft.replyToId() != null) {
            replyTopic = visible(h, member, List.of(draft.replyToId())).getFirst().post().topicId();
        }
        Long topicId = topics.topicFor(h, chat, member, draft.topicId(), replyTopic);
        long id = chats.nextMessageSeq(h, chatId, now, searchId);
        MessageRow.Post post = new MessageRow.Post(draft.silent(), chat.isChannel(),
                chat.isChannel() && chat.signMessages() ? chats.displayName(userId) : null, topicId);
        MessageRow row = new MessageRow(chatId, id, searchId, userId, now, draft.text(), draft.entities(),
                draft.replyToId(), null, null, false, post);
        if (chat.isLarge()) {
            store.insert(h, row);
            search.index(h, row);
            attachment.store(h, row);
            long pts = log.pts(h, userId);
            store.rememberSent(h, userId, randomId, new MessageStore.SentRef(chatId, id, pts), now);
            chatPushes.add(chatPush(row, attachment));
            if (chat.isChannel()) {
                discussions.mirror(h, row, now).ifPresent(mirror -> {
                    store.insert(h, mirror);
                    search.index(h, mirror);
                    chatPushes.add(chatPush(mirror));
                });
            }
            return new Committed<>(new Sent(attachment.attach(row.view(userId)), pts), Push.none());
        }
        List<Push> pushes = post(h, row, now, attachment);
        long pts = new Committed<>(null, pushes).ptsOf(userId).orElseThrow();
        store.rememberSent(h, userId, randomId, new MessageStore.SentRef(chatId, id, pts), now);
        return new Committed<>(new Sent(attachment.attach(row.view(userId)), pts), pushes);
    }

    /** Ids for the search index, taken outside transactions (a retried transaction reuses them). */
    public long nextSearchId() {
        return ids.next();
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
            MemberRow member = chats.requireMember(h, chatId, userId);
            ChatRow chat = chats.requireChat(h, chatId);
            if (!chat.e2e()) {
                throw new ParleyException(ErrorCode.CHAT_NOT_ENCRYPTED, "this chat is not end-to-end encrypted");
            }
            requireMayPost(h, chat, member, now);
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
            MemberRow to = chats.requireMember(h, toChatId, userId);
            requirePlain(chats.requireChat(h, fromChatId));
            ChatRow target = requirePlain(chats.requireChat(h, toChatId));
            requireMayPost(h, target, to, now);
            if (target.isLarge()) {
                throw new ParleyException(ErrorCode.PEER_INVALID, "forwarding into supergroups and channels comes later");
            }
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
                        : new ForwardOrigin(fromChatId, source.messageId(),
                                // A channel post forwards as the channel's, never revealing its author.
                                source.post().anonymous() ? null : source.senderId(), source.date());
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
        List<ChatPush> chatPushes = new ArrayList<>(1);
        Edited edited = chats.publish(database.write(h -> {
            chatPushes.clear();
            MemberRow member = chats.requireMember(h, chatId, userId);
            ChatRow chat = requirePlain(chats.requireChat(h, chatId));
            MessageRow old = visible(h, member, List.of(messageId)).getFirst();
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
                chatPushes.add(chatPush(chatId, seq, userId, viewer -> new Update.EditMessage(row.view(viewer), seq)));
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

    public Affected delete(long userId, long chatId, List<Long> messageIds, boolean forEveryone) {
        long now = now();
        List<ChatPush> chatPushes = new ArrayList<>(1);
        Affected affected = affected(userId, database.write(h -> {
            chatPushes.clear();
            MemberRow member = chats.requireMember(h, chatId, userId);
            List<MessageRow> rows = visible(h, member, messageIds);
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

    public Affected readHistory(long userId, long chatId, long maxId) {
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
            chatPushes.add(chatPush(chatId, seq, 0, viewer -> new Update.DeleteMessages(chatId, messageIds, true, seq)));
            return Push.none();
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
        return post(h, row, now, Attachment.NONE);
    }

    private List<Push> post(Handle h, MessageRow row, long now, Attachment attachment) {
        store.insert(h, row);
        if (row.ciphertext() == null) {
            search.index(h, row);
        }
        attachment.store(h, row);
        chats.countUnread(h, row.chatId(), row.senderId());
        return chats.fanOut(h, row.chatId(), row.messageId(), UpdateKinds.NEW_MESSAGE,
                chats.memberIds(h, row.chatId()), now,
                (u, pts) -> new Update.NewMessage(attachment.attach(row.view(u)), pts));
    }

    /** The online push of a large chat's new message: one frame for everyone, the author's own as outgoing. */
    private static ChatPush chatPush(MessageRow row) {
        return chatPush(row, Attachment.NONE);
    }

    private static ChatPush chatPush(MessageRow row, Attachment attachment) {
        return chatPush(row.chatId(), row.messageId(), row.senderId(), viewer -> new Update.NewMessage(
                attachment.attach(row.view(viewer)), row.messageId()));
    }

    /**
     * A large chat's event as one frame for every reader and one for {@code authorId}; {@code render(viewer)} renders
     * it for a viewer. Readers are rendered as user 0, an id no account has (so out=false, channel senders hidden).
     */
    private static ChatPush chatPush(long chatId, long seq, long authorId, LongFunction<Update> render) {
        return new ChatPush(chatId, new ChannelBatch(chatId, List.of(render.apply(0)), seq, 1), authorId,
                new ChannelBatch(chatId, List.of(render.apply(authorId)), seq, 1));
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

    /** Whether the member sees every one of the messages (reports ask before filing). */
    public boolean allVisible(Handle h, MemberRow member, List<Long> messageIds) {
        Set<Long> found = store.findMany(h, member.chatId(), messageIds).stream()
                .filter(r -> !r.deleted() && r.messageId() > member.visibleFrom())
                .map(MessageRow::messageId).collect(Collectors.toSet());
        found.removeAll(store.hiddenOf(h, member.userId(), member.chatId(), messageIds));
        return found.containsAll(messageIds);
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

    /**
     * In a private chat, a block either way stops messages; in supergroups and channels rights, permissions and slow
     * mode decide ({@link ModerationService#requireMayPost}).
     */
    private void requireMayPost(Handle h, ChatRow chat, MemberRow member, long now) {
        requireMayPost(h, chat, member, now, true);
    }

    private void requireMayPost(Handle h, ChatRow chat, MemberRow member, long now, boolean slowMode) {
        long userId = member.userId();
        if (chat.isLarge()) {
            moderation.requireMayPost(h, chat, member, now, slowMode);
        }
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
