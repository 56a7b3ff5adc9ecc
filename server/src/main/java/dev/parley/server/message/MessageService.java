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
import dev.parley.server.chat.ChatRow;
import dev.parley.server.chat.ChatService;
import dev.parley.server.chat.MemberRow;
import dev.parley.server.chat.ModerationService;
import dev.parley.server.chat.TopicService;
import dev.parley.server.contacts.ContactsService;
import dev.parley.server.db.Database;
import dev.parley.server.db.IdGenerator;
import dev.parley.server.sync.ChatPush;
import dev.parley.server.sync.Committed;
import dev.parley.server.sync.Push;
import dev.parley.server.sync.SyncSettings;
import dev.parley.server.sync.UpdateKinds;
import dev.parley.server.sync.UpdateLog;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Handle;

/**
 * Sending, forwarding, editing, deleting and reading messages. Each write runs in one transaction that stores the
 * message, takes the chat's next seq, maintains unread counts and appends the members' log rows; the pushes go out
 * only after it committed. Exactly-once send: (sender, randomId) is unique and a repeat returns the original result.
 * Sending and forwarding live here; edits, deletes, expiry and read pointers in {@link MessageChanges}, and the checks
 * both share in {@link MessageRules}. This class stays the feature's one entry point for all of them.
 */
public final class MessageService {
    private final Database database;
    private final MessageStore store;
    private final MessageSearch search;
    private final ChatService chats;
    private final TopicService topics;
    private final DiscussionService discussions;
    private final UpdateLog log;
    private final IdGenerator ids;
    private final SyncSettings settings;
    private final Clock clock;
    private final MessageRules rules;
    private final MessageChanges changes;

    public MessageService(Database database, MessageStore store, MessageSearch search, ChatService chats,
            ModerationService moderation, TopicService topics, DiscussionService discussions, ContactsService contacts,
            UpdateLog log, IdGenerator ids, JsonCodec codec, SyncSettings settings, Clock clock) {
        this.topics = topics;
        this.discussions = discussions;
        this.database = database;
        this.store = store;
        this.search = search;
        this.chats = chats;
        this.log = log;
        this.ids = ids;
        this.settings = settings;
        this.clock = clock;
        this.rules = new MessageRules(store, chats, moderation, contacts);
        this.changes = new MessageChanges(database, store, search, chats, moderation, log, codec, rules, discussions,
                clock);
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
            return new Committed<>(rules.resent(h, userId, chatId, earlier.get()), Push.none());
        }
        // A channel's reader comments in a post's thread of its discussion group without joining the group.
        MemberRow member = chats.member(h, chatId, userId)
                .or(() -> discussions.commenter(h, chatId, userId, draft.replyToId(), now))
                .orElseThrow(() -> new ParleyException(ErrorCode.CHAT_NOT_FOUND, "chat not found"));
        ChatRow chat = MessageRules.requirePlain(chats.requireChat(h, chatId));
        rules.requireMayPost(h, chat, member, now, slowMode);
        Long replyTopic = null;
        if (draft.replyToId() != null) {
            replyTopic = rules.visible(h, member, List.of(draft.replyToId())).getFirst().post().topicId();
        }
        Long topicId = topics.topicFor(h, chat, member, draft.topicId(), replyTopic);
        long id = chats.nextMessageSeq(h, chatId, now, searchId);
        MessageRow.Post post = new MessageRow.Post(draft.silent(), chat.isChannel(),
                chat.isChannel() && chat.signMessages() ? chats.displayName(userId) : null, topicId);
        MessageRow row = new MessageRow(chatId, id, searchId, userId, now, draft.text(), draft.entities(),
                draft.replyToId(), null, null, false, post);
        if (chat.isLarge()) {
            long pts = postLarge(h, chat, row, randomId, now, chatPushes, attachment);
            return new Committed<>(new Sent(attachment.attach(row.view(userId)), pts), Push.none());
        }
        List<Push> pushes = post(h, row, now, attachment);
        long pts = new Committed<>(null, pushes).ptsOf(userId).orElseThrow();
        store.rememberSent(h, userId, randomId, new MessageStore.SentRef(chatId, id, pts), now);
        return new Committed<>(new Sent(attachment.attach(row.view(userId)), pts), pushes);
    }

    /**
     * Stores a supergroup's or channel's new message once (fan-out on read: nothing per member) with its exactly-once
     * record, and a channel post's discussion mirror; the pushes go into {@code chatPushes}. Returns the author's
     * unchanged pts.
     */
    private long postLarge(Handle h, ChatRow chat, MessageRow row, long randomId, long now, List<ChatPush> chatPushes,
            Attachment attachment) {
        long userId = row.senderId();
        store.insert(h, row);
        search.index(h, row);
        attachment.store(h, row);
        long pts = log.pts(h, userId);
        store.rememberSent(h, userId, randomId, new MessageStore.SentRef(row.chatId(), row.messageId(), pts), now);
        chatPushes.add(chatPush(row, attachment));
        if (chat.isChannel()) {
            discussions.mirror(h, row, now).ifPresent(mirror -> {
                store.insert(h, mirror);
                search.index(h, mirror);
                chatPushes.add(chatPush(mirror));
            });
        }
        return pts;
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
                return new Committed<>(rules.resent(h, userId, chatId, earlier.get()), Push.none());
            }
            MemberRow member = chats.requireMember(h, chatId, userId);
            ChatRow chat = chats.requireChat(h, chatId);
            if (!chat.e2e()) {
                throw new ParleyException(ErrorCode.CHAT_NOT_ENCRYPTED, "this chat is not end-to-end encrypted");
            }
            rules.requireMayPost(h, chat, member, now);
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
     * Forwards into any chat the caller may post in. Into a supergroup or channel the copies are stored once each
     * (fan-out on read, pushed per chat) under the posting rules: a channel's post right, a supergroup's send
     * permission and slow mode (one forward call counts as one post, like one album), a forum's topic
     * ({@code topicId}, or General); a channel's copies speak as the channel (sender hidden, signature if it signs)
     * and are mirrored into its discussion group like any post.
     */
    public Forwarded forward(long userId, long fromChatId, List<Long> messageIds, long toChatId,
            List<Long> randomIds) {
        return forward(userId, fromChatId, messageIds, toChatId, randomIds, null);
    }

    public Forwarded forward(long userId, long fromChatId, List<Long> messageIds, long toChatId,
            List<Long> randomIds, Long topicId) {
        long now = now();
        List<Long> searchIds = messageIds.stream().map(i -> ids.next()).toList();
        List<ChatPush> chatPushes = new ArrayList<>();
        Forwarded forwarded = chats.publish(database.write(h -> {
            chatPushes.clear();
            List<Push> pushes = new ArrayList<>();
            List<Message> messages = new ArrayList<>();
            long pts = 0;
            MemberRow from = chats.requireMember(h, fromChatId, userId);
            MemberRow to = chats.requireMember(h, toChatId, userId);
            MessageRules.requirePlain(chats.requireChat(h, fromChatId));
            ChatRow target = MessageRules.requirePlain(chats.requireChat(h, toChatId));
            rules.requireMayPost(h, target, to, now);
            Long topic = topics.topicFor(h, target, to, topicId, null);
            Map<Long, MessageRow> sources = rules.visible(h, from, messageIds).stream()
                    .collect(Collectors.toMap(MessageRow::messageId, Function.identity()));
            for (int i = 0; i < messageIds.size(); i++) {
                var earlier = store.sent(h, userId, randomIds.get(i));
                if (earlier.isPresent()) {
                    Sent again = rules.resent(h, userId, toChatId, earlier.get());
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
                if (target.isLarge()) {
                    MessageRow row = new MessageRow(toChatId, id, searchIds.get(i), userId, now, source.text(),
                            source.entities(), null, origin, null, false, new MessageRow.Post(false,
                                    target.isChannel(), target.isChannel() && target.signMessages()
                                            ? chats.displayName(userId) : null, topic));
                    long rowPts = postLarge(h, target, row, randomIds.get(i), now, chatPushes, Attachment.NONE);
                    messages.add(row.view(userId));
                    pts = Math.max(pts, rowPts);
                    continue;
                }
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
        chatPushes.forEach(chats::publishToChat);
        return forwarded;
    }

    /** Drops random ids old enough that no client still retries them. */
    public int forgetOldRandomIds() {
        long cutoff = now() - settings.randomIdMaxAge().toSeconds();
        return database.write(h -> store.forgetSentBefore(h, cutoff));
    }


    /**
     * Erases the chat's messages dated before {@code cutoff} (a disappearing-message timer): the rows are deleted, not
     * tombstoned, and members get a delete event. At most {@code limit} per call; returns how many.
     */
    public int expire(long chatId, long cutoff, int limit) {
        return changes.expire(chatId, cutoff, limit);
    }

    public Edited edit(long userId, long chatId, long messageId, String text, List<Entity> entities) {
        return changes.edit(userId, chatId, messageId, text, entities);
    }

    public Affected delete(long userId, long chatId, List<Long> messageIds, boolean forEveryone) {
        return changes.delete(userId, chatId, messageIds, forEveryone);
    }

    public Affected readHistory(long userId, long chatId, long maxId) {
        return changes.readHistory(userId, chatId, maxId);
    }

    /** Whether the member sees every one of the messages (reports ask before filing). */
    public boolean allVisible(Handle h, MemberRow member, List<Long> messageIds) {
        return rules.allVisible(h, member, messageIds);
    }

    // ---- shared with erasure ----

    /**
     * Removes messages for everyone: a delete event for the members, unread counts fixed, the search entries dropped;
     * {@code erase} removes the rows entirely (account erasure) instead of leaving tombstones.
     */
    List<Push> removeForEveryone(Handle h, long chatId, List<MessageRow> rows, boolean erase, long now) {
        return changes.removeForEveryone(h, chatId, rows, erase, now);
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
        return MessageRules.chatPush(row.chatId(), row.messageId(), row.senderId(), viewer -> new Update.NewMessage(
                attachment.attach(row.view(viewer)), row.messageId()));
    }

    private long now() {
        return clock.instant().getEpochSecond();
    }
}
