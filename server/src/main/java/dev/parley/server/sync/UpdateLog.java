package dev.parley.server.sync;

import dev.parley.protocol.UpdateBatch;
import dev.parley.protocol.sync.Update;
import dev.parley.server.db.Sql;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiFunction;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;

/**
 * The per-user update logs. Tables (schema in V2__messaging.sql):
 * <ul>
 *   <li>{@code user_sync_state (user_id PK, pts, trimmed_pts)}: the user's log head and the highest pts trimmed away
 *   (a client asking for a difference from below it gets {@code tooLong}). Created when the user first joins a chat,
 *   deleted with the account.</li>
 *   <li>{@code update_log (user_id, pts) PK, kind, chat_id, seq?, payload?, date}: one small pointer row per update
 *   a user must see, appended in the same transaction as the event it points to ({@code chat_events (chat_id, seq)}),
 *   or carrying a small payload for facts that concern only this user (read pointers, delete-for-me). Trimmed by age
 *   and per-user length ({@link SyncService#trim}); deleted with the account.</li>
 * </ul>
 * pts is assigned with {@code UPDATE … SET pts = pts + n … RETURNING pts}: one statement that is a row lock on
 * PostgreSQL, never a read-then-write. Users are always locked in ascending id order so concurrent fan-outs on
 * PostgreSQL cannot deadlock.
 */
public final class UpdateLog {
    /**
     * Up to this many users, {@link #appendPointer} advances each head and appends each row with single-row
     * statements; beyond it, with one {@code UPDATE … IN} and one {@code INSERT … SELECT} for all of them. For the two
     * members of a private chat the four single-row statements took the SQLite writer 23 µs against 57 µs for the two
     * multi-row ones (an IN list is a temporary table to build, and a multi-row write opens a statement journal);
     * with the change to {@code ChatStore.memberIds} the writer's cost per send fell by about 7 % (docs/PERFORMANCE.md,
     * "Session 6").
     */
    static final int ROW_BY_ROW_FANOUT = 4;

    /** Makes sure the user has a log head, so later fan-outs can assign pts with a plain UPDATE. */
    public void ensureUser(Handle handle, long userId) {
        handle.createUpdate("INSERT INTO user_sync_state (user_id, pts, trimmed_pts) VALUES (:u, 0, 0) "
                        + "ON CONFLICT (user_id) DO NOTHING")
                .bind("u", userId).execute();
    }

    /**
     * Appends the entries (in order per user) and returns one push per user, whose batch is exactly what a
     * difference over the same pts range renders.
     */
    public List<Push> append(Handle handle, long date, List<LogEntry> entries) {
        if (entries.isEmpty()) {
            return Push.none();
        }
        Map<Long, List<LogEntry>> byUser = new TreeMap<>();
        for (LogEntry entry : entries) {
            byUser.computeIfAbsent(entry.userId(), id -> new ArrayList<>()).add(entry);
        }
        Map<Long, Integer> counts = new TreeMap<>();
        byUser.forEach((user, list) -> counts.put(user, list.size()));
        Map<Long, Long> heads = reserve(handle, counts);
        List<Push> pushes = new ArrayList<>(byUser.size());
        PreparedBatch insert = handle.prepareBatch("INSERT INTO update_log (user_id, pts, kind, chat_id, seq, payload, "
                + "date) VALUES (:userId, :pts, :kind, :chatId, :seq, :payload, :date)");
        for (Map.Entry<Long, List<LogEntry>> user : byUser.entrySet()) {
            List<LogEntry> list = user.getValue();
            long head = heads.get(user.getKey());
            long pts = head - list.size();
            List<Object> updates = new ArrayList<>(list.size());
            for (LogEntry entry : list) {
                pts++;
                insert.bind("userId", entry.userId()).bind("pts", pts).bind("kind", entry.kind())
                        .bind("chatId", entry.chatId()).bind("seq", entry.seq()).bind("payload", entry.payload())
                        .bind("date", date).add();
                Update update = entry.render().apply(pts);
                updates.add(update);
            }
            pushes.add(new Push(user.getKey(), new UpdateBatch(updates, head, list.size())));
        }
        insert.execute();
        return pushes;
    }

    /**
     * Appends one row pointing at chat event {@code seq} to each user's log: the common fan-out of a chat event. The
     * rows are written by one INSERT … SELECT from the just-advanced heads instead of a row-per-user batch, which
     * keeps the writer's work per event nearly independent of the member count; for a few users (a private chat)
     * single-row statements are cheaper ({@link #ROW_BY_ROW_FANOUT}).
     */
    public List<Push> appendPointer(Handle handle, long date, List<Long> userIds, String kind, long chatId, long seq,
            BiFunction<Long, Long, Update> render) {
        if (userIds.isEmpty()) {
            return Push.none();
        }
        if (userIds.size() <= ROW_BY_ROW_FANOUT) {
            return appendPointerRowByRow(handle, date, userIds, kind, chatId, seq, render);
        }
        Map<Long, Integer> counts = new TreeMap<>();
        userIds.forEach(user -> counts.put(user, 1));
        Map<Long, Long> heads = reserve(handle, counts);
        // Plain JDBC (see Sql): every message send runs this and reserve's UPDATE.
        Sql.on(handle, "INSERT INTO update_log (user_id, pts, kind, chat_id, seq, payload, date) "
                        + "SELECT user_id, pts, ?, ?, ?, NULL, ? FROM user_sync_state WHERE user_id IN ("
                        + Sql.placeholders(counts.size()) + ")")
                .set(1, kind).set(2, chatId).set(3, seq).set(4, date).setAll(5, counts.keySet())
                .update();
        List<Push> pushes = new ArrayList<>(heads.size());
        for (long user : counts.keySet()) {
            long pts = heads.get(user);
            pushes.add(new Push(user, new UpdateBatch(List.of(render.apply(user, pts)), pts, 1)));
        }
        return pushes;
    }

    /** {@link #appendPointer} for a few users: each head advanced and each row appended by itself, in id order. */
    private List<Push> appendPointerRowByRow(Handle handle, long date, List<Long> userIds, String kind, long chatId,
            long seq, BiFunction<Long, Long, Update> render) {
        List<Long> users = userIds.stream().sorted().distinct().toList();
        List<Push> pushes = new ArrayList<>(users.size());
        for (long user : users) {
            long pts = Sql.on(handle, "UPDATE user_sync_state SET pts = pts + 1 WHERE user_id = ? RETURNING pts")
                    .set(1, user).first(rs -> rs.getLong(1))
                    .orElseGet(() -> reserve(handle, Map.of(user, 1)).get(user));
            Sql.on(handle, "INSERT INTO update_log (user_id, pts, kind, chat_id, seq, payload, date) "
                            + "VALUES (?, ?, ?, ?, ?, NULL, ?)")
                    .set(1, user).set(2, pts).set(3, kind).set(4, chatId).set(5, seq).set(6, date).update();
            pushes.add(new Push(user, new UpdateBatch(List.of(render.apply(user, pts)), pts, 1)));
        }
        return pushes;
    }

    /** Advances every user's head by their count; one statement per distinct count, users in id order. */
    private Map<Long, Long> reserve(Handle handle, Map<Long, Integer> counts) {
        Map<Integer, List<Long>> byCount = new TreeMap<>();
        counts.forEach((user, n) -> byCount.computeIfAbsent(n, k -> new ArrayList<>()).add(user));
        Map<Long, Long> heads = new LinkedHashMap<>();
        for (Map.Entry<Integer, List<Long>> group : byCount.entrySet()) {
            List<Long> users = group.getValue();
            Sql.on(handle, "UPDATE user_sync_state SET pts = pts + ? WHERE user_id IN ("
                            + Sql.placeholders(users.size()) + ") RETURNING user_id, pts")
                    .set(1, group.getKey()).setAll(2, users)
                    .list(rs -> heads.put(rs.getLong(1), rs.getLong(2)));
            for (long user : group.getValue()) {
                if (!heads.containsKey(user)) {
                    // A user without a head yet (never joined a chat before this transaction).
                    long head = handle.createQuery("INSERT INTO user_sync_state (user_id, pts, trimmed_pts) "
                                    + "VALUES (:u, :n, 0) ON CONFLICT (user_id) DO UPDATE "
                                    + "SET pts = user_sync_state.pts + excluded.pts RETURNING pts")
                            .bind("u", user).bind("n", group.getKey()).mapTo(Long.class).one();
                    heads.put(user, head);
                }
            }
        }
        return heads;
    }

    /** The user's current pts (0 before their first update). */
    public long pts(Handle handle, long userId) {
        return handle.createQuery("SELECT pts FROM user_sync_state WHERE user_id = :u")
                .bind("u", userId).mapTo(Long.class).findOne().orElse(0L);
    }

    /** Current pts of several users (absent users have none yet). */
    public Map<Long, Long> heads(Handle handle, List<Long> userIds) {
        Map<Long, Long> heads = new LinkedHashMap<>();
        if (userIds.isEmpty()) {
            return heads;
        }
        handle.createQuery("SELECT user_id, pts FROM user_sync_state WHERE user_id IN (<users>)")
                .bindList("users", userIds).map((rs, ctx) -> Map.entry(rs.getLong(1), rs.getLong(2)))
                .forEach(e -> heads.put(e.getKey(), e.getValue()));
        return heads;
    }

    public record Head(long pts, long trimmedPts) {}

    public Head head(Handle handle, long userId) {
        return handle.createQuery("SELECT pts, trimmed_pts FROM user_sync_state WHERE user_id = :u")
                .bind("u", userId).map((rs, ctx) -> new Head(rs.getLong(1), rs.getLong(2)))
                .findOne().orElse(new Head(0, 0));
    }

    public List<LogRow> after(Handle handle, long userId, long pts, int limit) {
        // Plain JDBC (see Sql): a catch-up reads up to a thousand rows per page.
        return Sql.on(handle, "SELECT user_id, pts, kind, chat_id, seq, payload, date FROM update_log "
                        + "WHERE user_id = ? AND pts > ? ORDER BY pts LIMIT ?")
                .set(1, userId).set(2, pts).set(3, limit)
                .list(rs -> new LogRow(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getLong(4),
                        Sql.nullableLong(rs, 5), rs.getString(6), rs.getLong(7)));
    }

    /**
     * Trims logs: first records the new trimmed point of every user (by age, then by length), then deletes what lies at
     * or below it. Returns the number of rows deleted.
     */
    public int trim(Handle handle, long olderThan, int maxLength) {
        handle.createUpdate("UPDATE user_sync_state SET trimmed_pts = (SELECT MAX(l.pts) FROM update_log l "
                        + "WHERE l.user_id = user_sync_state.user_id AND l.date < :cutoff) "
                        + "WHERE EXISTS (SELECT 1 FROM update_log l WHERE l.user_id = user_sync_state.user_id "
                        + "AND l.date < :cutoff AND l.pts > user_sync_state.trimmed_pts)")
                .bind("cutoff", olderThan).execute();
        handle.createUpdate("UPDATE user_sync_state SET trimmed_pts = pts - :max WHERE pts - :max > trimmed_pts")
                .bind("max", maxLength).execute();
        return handle.createUpdate("DELETE FROM update_log WHERE pts <= (SELECT s.trimmed_pts FROM user_sync_state s "
                        + "WHERE s.user_id = update_log.user_id)")
                .execute();
    }

    public void eraseUser(Handle handle, long userId) {
        handle.createUpdate("DELETE FROM update_log WHERE user_id = :u").bind("u", userId).execute();
        handle.createUpdate("DELETE FROM user_sync_state WHERE user_id = :u").bind("u", userId).execute();
    }
}
