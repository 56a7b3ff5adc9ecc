package dev.parley.server.message;

import dev.parley.protocol.ErrorCode;
import dev.parley.protocol.ParleyException;
import dev.parley.protocol.message.Message;
import dev.parley.protocol.message.MessageMethods.Send;
import dev.parley.protocol.message.MessageMethods.Sent;
import dev.parley.protocol.message.ScheduledMethods.Scheduled;
import dev.parley.protocol.message.ScheduledMethods.ScheduledMessages;
import dev.parley.protocol.message.ScheduledMethods.SentNow;
import dev.parley.server.chat.ChatRow;
import dev.parley.server.chat.ChatService;
import dev.parley.server.chat.MemberRow;
import dev.parley.server.chat.ModerationService;
import dev.parley.server.chat.TopicService;
import dev.parley.server.db.Database;
import dev.parley.server.db.IdGenerator;
import dev.parley.server.sync.ChatPush;
import dev.parley.server.sync.Committed;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scheduled messages: {@code messages.send} with a scheduleDate stores the message instead of posting it; the
 * server's scheduler ({@link #deliverDue}, run every second) posts it when due. Nothing lives in memory: a message due
 * while the server was down goes out on the first scan after the start, and because delivery deletes the row in the
 * posting transaction it goes out exactly once, also with several nodes scanning the same PostgreSQL database.
 * Scheduling checks what sending would (membership, rights, permissions, topic; not the slow-mode wait), and delivery
 * checks again: a message whose author can no longer post there when it is due is dropped.
 */
public final class ScheduledService {
    private static final Logger LOG = LoggerFactory.getLogger(ScheduledService.class);
    /** How far ahead a message may be scheduled. */
    public static final Duration MAX_AHEAD = Duration.ofDays(365);
    private static final int SCAN_BATCH = 100;

    private final Database database;
    private final ScheduledStore store;
    private final MessageStore messageStore;
    private final MessageService messages;
    private final ChatService chats;
    private final ModerationService moderation;
    private final TopicService topics;
    private final IdGenerator ids;
    private final Clock clock;

    public ScheduledService(Database database, ScheduledStore store, MessageStore messageStore,
            MessageService messages, ChatService chats, ModerationService moderation, TopicService topics,
            IdGenerator ids, Clock clock) {
        this.database = database;
        this.store = store;
        this.messageStore = messageStore;
        this.messages = messages;
        this.chats = chats;
        this.moderation = moderation;
        this.topics = topics;
        this.ids = ids;
        this.clock = clock;
    }

    /** Stores {@code p} for delivery at its scheduleDate; a repeat with the same randomId returns the same one. */
    public Scheduled schedule(long userId, Send p) {
        long now = now();
        long date = p.scheduleDate();
        if (date <= now || date > now + MAX_AHEAD.toSeconds()) {
            throw new ParleyException(ErrorCode.SCHEDULE_DATE_INVALID,
                    "scheduleDate must be in the future and at most a year ahead");
        }
        long scheduleId = ids.next();
        return database.write(h -> {
            Optional<ScheduledStore.Row> earlier = store.byRandomId(h, userId, p.randomId());
            if (earlier.isPresent()) {
                if (earlier.get().chatId() != p.chatId()) {
                    throw new ParleyException(ErrorCode.RANDOM_ID_DUPLICATE, "this randomId was used for another chat");
                }
                return new Scheduled(earlier.get().view());
            }
            if (messageStore.sent(h, userId, p.randomId()).isPresent()) {
                throw new ParleyException(ErrorCode.RANDOM_ID_DUPLICATE, "this randomId was used for a sent message");
            }
            MemberRow member = chats.requireMember(h, p.chatId(), userId);
            ChatRow chat = chats.requireChat(h, p.chatId());
            if (chat.e2e()) {
                // The server would have to store the plaintext until the date; encrypted chats schedule on the client.
                throw new ParleyException(ErrorCode.CHAT_ENCRYPTED, "scheduled messages are for cloud chats");
            }
            if (chat.isLarge()) {
                moderation.requireMayPost(h, chat, member, now, false);
            }
            if (p.replyToId() != null && messageStore.find(h, p.chatId(), p.replyToId())
                    .filter(r -> !r.deleted() && r.messageId() > member.visibleFrom()).isEmpty()) {
                throw new ParleyException(ErrorCode.MESSAGE_NOT_FOUND, "message " + p.replyToId() + " not found");
            }
            topics.topicFor(h, chat, member, p.topicId(), null);
            ScheduledStore.Row row = new ScheduledStore.Row(scheduleId, p.chatId(), userId, date, p.randomId(),
                    p.text(), p.entities(), p.replyToId(), p.silent(), p.topicId());
            store.insert(h, row, now);
            return new Scheduled(row.view());
        });
    }

    public ScheduledMessages list(long userId, long chatId) {
        return database.read(h -> {
            chats.requireMember(h, chatId, userId);
            return new ScheduledMessages(store.of(h, chatId, userId).stream().map(ScheduledStore.Row::view).toList());
        });
    }

    /** Cancels the caller's scheduled messages; MESSAGE_NOT_FOUND if none of the ids is theirs in this chat. */
    public void delete(long userId, long chatId, List<Long> scheduleIds) {
        database.write(h -> {
            chats.requireMember(h, chatId, userId);
            if (store.delete(h, chatId, userId, scheduleIds) == 0) {
                throw new ParleyException(ErrorCode.MESSAGE_NOT_FOUND, "no such scheduled message");
            }
            return null;
        });
    }

    /** Delivers the caller's scheduled messages now; a failing post is reported (and the message kept). */
    public SentNow sendNow(long userId, long chatId, List<Long> scheduleIds) {
        List<ScheduledStore.Row> rows = database.read(h -> {
            chats.requireMember(h, chatId, userId);
            List<ScheduledStore.Row> found = new ArrayList<>();
            for (long id : scheduleIds) {
                found.add(store.find(h, id).filter(r -> r.chatId() == chatId && r.senderId() == userId)
                        .orElseThrow(() -> new ParleyException(ErrorCode.MESSAGE_NOT_FOUND,
                                "no scheduled message " + id)));
            }
            return found;
        });
        List<Message> sent = new ArrayList<>();
        for (ScheduledStore.Row row : rows) {
            deliver(row).ifPresent(sent::add);
        }
        return new SentNow(sent);
    }

    /** The scheduler's scan: delivers every message due now; returns how many this call delivered. */
    public int deliverDue() {
        int delivered = 0;
        List<ScheduledStore.Row> due;
        do {
            long now = now();
            due = database.read(h -> store.due(h, now, SCAN_BATCH));
            for (ScheduledStore.Row row : due) {
                try {
                    if (deliver(row).isPresent()) {
                        delivered++;
                    }
                } catch (ParleyException e) {
                    // The author may no longer post there (left, banned, lost the right, topic closed): drop it.
                    LOG.info("dropping scheduled message {} in chat {}: {}", row.scheduleId(), row.chatId(),
                            e.getMessage());
                    database.write(h -> store.claim(h, row.scheduleId()));
                }
            }
        } while (due.size() == SCAN_BATCH);
        return delivered;
    }

    /** Posts the row and deletes it in one transaction; empty if someone else delivered or cancelled it first. */
    private Optional<Message> deliver(ScheduledStore.Row row) {
        long now = now();
        long searchId = messages.nextSearchId();
        List<ChatPush> chatPushes = new ArrayList<>(1);
        MessageService.Draft draft = new MessageService.Draft(row.chatId(), row.text(), row.randomId(),
                row.replyToId(), row.entities(), row.silent(), row.topicId());
        Committed<Sent> done = database.write(h -> {
            chatPushes.clear();
            if (!store.claim(h, row.scheduleId())) {
                return null;
            }
            return messages.post(h, row.senderId(), draft, now, searchId, false, chatPushes);
        });
        if (done == null) {
            return Optional.empty();
        }
        Sent sent = chats.publish(done);
        chatPushes.forEach(chats::publishToChat);
        return Optional.of(sent.message());
    }

    private long now() {
        return clock.instant().getEpochSecond();
    }
}
