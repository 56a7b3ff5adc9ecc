package dev.parley.server.community;

import dev.parley.protocol.channel.EventMethods.Event;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * Events with RSVP (schema in V43__chat_meetups.sql):
 * <ul>
 *   <li>{@code chat_meetups (event_id PK)}: chat, creator, title, description, start date, reminder lead time and
 *   due time, whether the reminder went out. Indexes (chat_id, start_date) for listing, (reminded, remind_at) for the
 *   scheduler. Deleted with the chat.</li>
 *   <li>{@code chat_meetup_answers (event_id, user_id) PK}: going, maybe or no. Deleted with the chat's events and
 *   with the account.</li>
 * </ul>
 */
public final class EventStore {
    /** A stored event without the per-viewer counts. */
    public record Row(long eventId, long chatId, long creatorId, String title, String description, long startDate,
            int remindBefore) {}

    public void insert(Handle h, Row r, long now) {
        h.createUpdate("INSERT INTO chat_meetups (event_id, chat_id, creator_id, title, description, start_date, "
                        + "remind_before, remind_at, reminded, created_at) VALUES (:id, :c, :by, :t, :d, :start, :rb, "
                        + ":at, 0, :now)")
                .bind("id", r.eventId()).bind("c", r.chatId()).bind("by", r.creatorId()).bind("t", r.title())
                .bind("d", r.description()).bind("start", r.startDate()).bind("rb", r.remindBefore())
                .bind("at", r.startDate() - r.remindBefore()).bind("now", now).execute();
    }

    public Optional<Row> find(Handle h, long eventId) {
        return h.createQuery(SELECT + " WHERE event_id = :id").bind("id", eventId).map((rs, ctx) -> row(rs))
                .findOne();
    }

    /** Upcoming (start ≥ now) soonest first, or all newest first. */
    public List<Row> of(Handle h, long chatId, long now, boolean past) {
        String where = past ? " WHERE chat_id = :c ORDER BY start_date DESC, event_id DESC LIMIT 100"
                : " WHERE chat_id = :c AND start_date >= :now ORDER BY start_date, event_id LIMIT 100";
        var query = h.createQuery(SELECT + where).bind("c", chatId);
        if (!past) {
            query.bind("now", now);
        }
        return query.map((rs, ctx) -> row(rs)).list();
    }

    public void answer(Handle h, long eventId, long userId, String answer, long now) {
        h.createUpdate("INSERT INTO chat_meetup_answers (event_id, user_id, answer, date) VALUES (:e, :u, :a, :now) "
                        + "ON CONFLICT (event_id, user_id) DO UPDATE SET answer = :a, date = :now")
                .bind("e", eventId).bind("u", userId).bind("a", answer).bind("now", now).execute();
    }

    /** Answer counts of an event and the viewer's own answer. */
    public Event view(Handle h, Row r, long viewerId) {
        int going = count(h, r.eventId(), "going");
        int maybe = count(h, r.eventId(), "maybe");
        int no = count(h, r.eventId(), "no");
        String mine = h.createQuery("SELECT answer FROM chat_meetup_answers WHERE event_id = :e AND user_id = :u")
                .bind("e", r.eventId()).bind("u", viewerId).mapTo(String.class).findOne().orElse(null);
        return new Event(r.eventId(), r.chatId(), r.creatorId(), r.title(), r.description(), r.startDate(),
                r.remindBefore(), going, maybe, no, mine);
    }

    /** Events whose reminder is due and not sent yet. */
    public List<Row> dueReminders(Handle h, long now, int limit) {
        return h.createQuery(SELECT + " WHERE reminded = 0 AND remind_at <= :now ORDER BY remind_at LIMIT :limit")
                .bind("now", now).bind("limit", limit).map((rs, ctx) -> row(rs)).list();
    }

    /** Marks the reminder sent; false if another transaction (or node) already did. */
    public boolean claimReminder(Handle h, long eventId) {
        return h.createUpdate("UPDATE chat_meetups SET reminded = 1 WHERE event_id = :id AND reminded = 0")
                .bind("id", eventId).execute() == 1;
    }

    /** Users who answered going or maybe and still belong to the chat. */
    public List<Long> attendees(Handle h, long eventId, long chatId) {
        return h.createQuery("SELECT a.user_id FROM chat_meetup_answers a JOIN chat_members m ON m.chat_id = :c "
                        + "AND m.user_id = a.user_id WHERE a.event_id = :e AND a.answer IN ('going', 'maybe') "
                        + "ORDER BY a.user_id")
                .bind("c", chatId).bind("e", eventId).mapTo(Long.class).list();
    }

    private int count(Handle h, long eventId, String answer) {
        return h.createQuery("SELECT COUNT(*) FROM chat_meetup_answers WHERE event_id = :e AND answer = :a")
                .bind("e", eventId).bind("a", answer).mapTo(Integer.class).one();
    }

    private static final String SELECT = "SELECT event_id, chat_id, creator_id, title, description, start_date, "
            + "remind_before FROM chat_meetups";

    private static Row row(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new Row(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getString(4), rs.getString(5), rs.getLong(6),
                rs.getInt(7));
    }
}
