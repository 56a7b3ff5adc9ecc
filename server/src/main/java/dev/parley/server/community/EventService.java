package dev.parley.server.community;

import dev.parley.protocol.ErrorCode;
import dev.parley.protocol.JsonCodec;
import dev.parley.protocol.ParleyException;
import dev.parley.protocol.channel.EventMethods.Create;
import dev.parley.protocol.channel.EventMethods.Event;
import dev.parley.protocol.channel.EventMethods.Events;
import dev.parley.protocol.sync.Update;
import dev.parley.server.chat.ChatRow;
import dev.parley.server.chat.ChatService;
import dev.parley.server.chat.MemberRow;
import dev.parley.server.chat.ModerationService;
import dev.parley.server.db.Database;
import dev.parley.server.db.IdGenerator;
import dev.parley.server.sync.Committed;
import dev.parley.server.sync.LogEntry;
import dev.parley.server.sync.Push;
import dev.parley.server.sync.UpdateKinds;
import dev.parley.server.sync.UpdateLog;
import java.time.Clock;
import java.util.List;
import org.jdbi.v3.core.Handle;

/**
 * Events with RSVP in groups, supergroups and channels. Whoever may post in the chat creates one (in channels: admins
 * with postMessages); members answer going, maybe or no. {@code remindBefore} seconds before the start the scheduler
 * ({@link #remindDue}) logs an {@code eventReminder} update for each member who answered going or maybe: a row in
 * their own update log, so the reminder survives restarts and reaches offline devices once. Marking the event
 * reminded and logging happen in one transaction, so each reminder goes out exactly once.
 */
public final class EventService {
    private static final int SCAN_BATCH = 100;

    /** The update-log payload of a reminder. */
    public record Reminder(long eventId, String title, long startDate) {}

    private final Database database;
    private final EventStore store;
    private final ChatService chats;
    private final ModerationService moderation;
    private final UpdateLog log;
    private final IdGenerator ids;
    private final JsonCodec codec;
    private final Clock clock;

    public EventService(Database database, EventStore store, ChatService chats, ModerationService moderation,
            UpdateLog log, IdGenerator ids, JsonCodec codec, Clock clock) {
        this.database = database;
        this.store = store;
        this.chats = chats;
        this.moderation = moderation;
        this.log = log;
        this.ids = ids;
        this.codec = codec;
        this.clock = clock;
    }

    public Event create(long userId, Create p) {
        long now = now();
        if (p.startDate() <= now) {
            throw ParleyException.badRequest("field 'startDate': must be in the future");
        }
        long eventId = ids.next();
        return database.write(h -> {
            MemberRow member = chats.requireMember(h, p.chatId(), userId);
            ChatRow chat = chats.requireChat(h, p.chatId());
            if (chat.isPrivate()) {
                throw new ParleyException(ErrorCode.PEER_INVALID, "events are for groups, supergroups and channels");
            }
            if (chat.isLarge()) {
                moderation.requireMayPost(h, chat, member, now, false);
            }
            EventStore.Row row = new EventStore.Row(eventId, p.chatId(), userId, p.title(), p.description(),
                    p.startDate(), p.remindBefore());
            store.insert(h, row, now);
            return store.view(h, row, userId);
        });
    }

    public Event rsvp(long userId, long eventId, String answer) {
        long now = now();
        return database.write(h -> {
            EventStore.Row row = readable(h, eventId, userId);
            store.answer(h, eventId, userId, answer, now);
            return store.view(h, row, userId);
        });
    }

    public Events list(long userId, long chatId, boolean past) {
        long now = now();
        return database.read(h -> {
            chats.requireMember(h, chatId, userId);
            return new Events(store.of(h, chatId, now, past).stream().map(r -> store.view(h, r, userId)).toList());
        });
    }

    /** The scheduler's scan: logs the reminders that are due; returns how many users were reminded. */
    public int remindDue() {
        int reminded = 0;
        List<EventStore.Row> due;
        do {
            long now = now();
            due = database.read(h -> store.dueReminders(h, now, SCAN_BATCH));
            for (EventStore.Row event : due) {
                Committed<Integer> done = database.write(h -> remind(h, event, now));
                chats.publish(done);
                reminded += done.result();
            }
        } while (due.size() == SCAN_BATCH);
        return reminded;
    }

    private Committed<Integer> remind(Handle h, EventStore.Row event, long now) {
        // An event that started while the server was down gets no late reminder.
        if (!store.claimReminder(h, event.eventId()) || event.startDate() <= now) {
            return new Committed<>(0, Push.none());
        }
        String payload = codec.write(new Reminder(event.eventId(), event.title(), event.startDate()));
        List<LogEntry> entries = store.attendees(h, event.eventId(), event.chatId()).stream()
                .map(u -> new LogEntry(u, UpdateKinds.EVENT_REMINDER, event.chatId(), null, payload,
                        pts -> new Update.EventReminder(event.chatId(), event.eventId(), event.title(),
                                event.startDate(), pts)))
                .toList();
        return new Committed<>(entries.size(), log.append(h, now, entries));
    }

    /** The event if the user belongs to its chat; EVENT_NOT_FOUND otherwise (non-members learn nothing). */
    private EventStore.Row readable(Handle h, long eventId, long userId) {
        EventStore.Row row = store.find(h, eventId)
                .orElseThrow(() -> new ParleyException(ErrorCode.EVENT_NOT_FOUND, "no such event"));
        try {
            chats.requireMember(h, row.chatId(), userId);
        } catch (ParleyException e) {
            throw new ParleyException(ErrorCode.EVENT_NOT_FOUND, "no such event");
        }
        return row;
    }

    private long now() {
        return clock.instant().getEpochSecond();
    }
}
