package dev.parley.server.chat;

import dev.parley.server.db.Sql;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * Chats and membership. Tables (schema in V2__messaging.sql), all keyed by chat_id except private_chats:
 * <ul>
 *   <li>{@code chats (chat_id PK)}: kind, title, {@code seq} (last event number, advanced with
 *   {@code UPDATE … SET seq = seq + 1 … RETURNING seq}, the per-chat row lock that orders events on PostgreSQL),
 *   member count, last message id and activity time for the dialog list; for supergroups and channels also the
 *   unique public {@code username} (canonical lower case), {@code about} and {@code sign_messages}. Deleted when its
 *   last member goes.</li>
 *   <li>{@code private_chats (user_id, peer_id) PK → chat_id}: two rows per private chat, one per side; the primary
 *   key makes "one private chat per pair" race-free. Deleted with the chat.</li>
 *   <li>{@code chat_members (chat_id, user_id) PK}, index (user_id, chat_id): role, join time, first visible message,
 *   read pointers and the maintained unread count. Deleted on leave/remove and with the chat.</li>
 *   <li>{@code chat_events (chat_id, seq) PK}: every event (edit, delete, membership, title, role; new messages
 *   only in supergroups and channels) with a small JSON payload; update-log rows point here, except those of new
 *   messages, which point at the message. Deleted with the chat.</li>
 * </ul>
 */
public final class ChatStore {
    private static final String MEMBER_COLUMNS = "chat_id, user_id, role, joined_at, visible_from, read_inbox_max_id, "
            + "read_outbox_max_id, unread_count";
    private static final String CHAT_COLUMNS = "chat_id, kind, title, seq, member_count, last_message_id, "
            + "last_activity_at, created_at, e2e, username, about, sign_messages";

    public void insertChat(Handle h, long chatId, String kind, String title, long now, boolean e2e) {
        h.createUpdate("INSERT INTO chats (chat_id, kind, title, seq, member_count, last_message_id, last_activity_at, "
                        + "activity_key, created_at, e2e) VALUES (:id, :kind, :title, 0, 0, 0, :now, :id, :now, :e2e)")
                .bind("id", chatId).bind("kind", kind).bind("title", title).bind("now", now).bind("e2e", e2e ? 1 : 0)
                .execute();
    }

    /** A supergroup or channel; false if its username is taken (the unique index decides, race-free). */
    public boolean insertLargeChat(Handle h, long chatId, String kind, String title, String about, String username,
            boolean signMessages, long now) {
        return h.createUpdate("INSERT INTO chats (chat_id, kind, title, seq, member_count, last_message_id, "
                        + "last_activity_at, activity_key, created_at, username, about, sign_messages) "
                        + "VALUES (:id, :kind, :title, 0, 0, 0, :now, :id, :now, :username, :about, :sign) "
                        + "ON CONFLICT DO NOTHING")
                .bind("id", chatId).bind("kind", kind).bind("title", title).bind("now", now)
                .bind("username", username).bind("about", about).bind("sign", signMessages ? 1 : 0)
                .execute() == 1;
    }

    public Optional<ChatRow> chatByUsername(Handle h, String username) {
        return h.createQuery("SELECT " + CHAT_COLUMNS + " FROM chats WHERE username = :u").bind("u", username)
                .map((rs, ctx) -> chatRow(rs)).findOne();
    }

    /** Turns a group into a supergroup in place: same id, same seq, same messages. */
    public void convertToSupergroup(Handle h, long chatId) {
        h.createUpdate("UPDATE chats SET kind = 'supergroup' WHERE chat_id = :c AND kind = 'group'")
                .bind("c", chatId).execute();
    }

    /** The user's supergroups and channels with their current seq, by chat id. */
    public List<ChatRow> largeChatsOf(Handle h, long userId) {
        return h.createQuery("SELECT c.chat_id, c.kind, c.title, c.seq, c.member_count, c.last_message_id, "
                        + "c.last_activity_at, c.created_at, c.e2e, c.username, c.about, c.sign_messages "
                        + "FROM chat_members m JOIN chats c ON c.chat_id = m.chat_id WHERE m.user_id = :u "
                        + "AND c.kind IN ('supergroup', 'channel') ORDER BY c.chat_id")
                .bind("u", userId).map((rs, ctx) -> chatRow(rs)).list();
    }

    /** The chat's events after {@code fromSeq}, oldest first. */
    public List<ChatEvent> eventsAfter(Handle h, long chatId, long fromSeq, int limit) {
        return h.createQuery("SELECT chat_id, seq, kind, payload, date FROM chat_events WHERE chat_id = :c "
                        + "AND seq > :s ORDER BY seq LIMIT :limit")
                .bind("c", chatId).bind("s", fromSeq).bind("limit", limit)
                .map((rs, ctx) -> new ChatEvent(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4),
                        rs.getLong(5)))
                .list();
    }

    /**
     * Claims the pair for a new chat; false if another transaction already created their private chat. The row of the
     * lower id is claimed first, so two users creating their chat at the same moment contend for the same key.
     */
    public boolean claimPrivatePair(Handle h, long userId, long peerId, long chatId) {
        long low = Math.min(userId, peerId);
        long high = Math.max(userId, peerId);
        int claimed = h.createUpdate("INSERT INTO private_chats (user_id, peer_id, chat_id) VALUES (:u, :p, :c) "
                        + "ON CONFLICT (user_id, peer_id) DO NOTHING")
                .bind("u", low).bind("p", high).bind("c", chatId).execute();
        if (claimed == 1) {
            h.createUpdate("INSERT INTO private_chats (user_id, peer_id, chat_id) VALUES (:u, :p, :c)")
                    .bind("u", high).bind("p", low).bind("c", chatId).execute();
        }
        return claimed == 1;
    }

    public Optional<Long> privateChat(Handle h, long userId, long peerId) {
        return h.createQuery("SELECT chat_id FROM private_chats WHERE user_id = :u AND peer_id = :p")
                .bind("u", userId).bind("p", peerId).mapTo(Long.class).findOne();
    }

    public Optional<ChatRow> chat(Handle h, long chatId) {
        // Plain JDBC here and below where every message send runs the statement (see Sql).
        return Sql.on(h, "SELECT " + CHAT_COLUMNS + " FROM chats WHERE chat_id = ?").set(1, chatId)
                .first(ChatStore::chatRow);
    }

    public List<ChatRow> chats(Handle h, Collection<Long> chatIds) {
        if (chatIds.isEmpty()) {
            return List.of();
        }
        // Plain JDBC (see Sql): each getDifference page runs it, and JDBI re-parsed the expanded IN list every time.
        return Sql.on(h, "SELECT " + CHAT_COLUMNS + " FROM chats WHERE chat_id IN ("
                        + Sql.placeholders(chatIds.size()) + ")")
                .setAll(1, chatIds).list(ChatStore::chatRow);
    }

    /** Advances the chat's seq (a row lock on PostgreSQL) and returns the new value. */
    public long nextSeq(Handle h, long chatId) {
        return h.createQuery("UPDATE chats SET seq = seq + 1 WHERE chat_id = :id RETURNING seq")
                .bind("id", chatId).mapTo(Long.class).one();
    }

    /** The chat's next seq, taken for a new message, and whether the chat is a supergroup or channel. */
    public record MessageSeq(long seq, boolean large) {}

    /** Like {@link #nextSeq}, for a new message: it becomes the chat's top message and its latest activity. */
    public MessageSeq nextMessageSeq(Handle h, long chatId, long now, long activityKey) {
        return Sql.on(h, "UPDATE chats SET seq = seq + 1, last_message_id = seq + 1, last_activity_at = ?, "
                        + "activity_key = ? WHERE chat_id = ? RETURNING seq, kind")
                .set(1, now).set(2, activityKey).set(3, chatId)
                .one(rs -> new MessageSeq(rs.getLong(1), ChatRow.isLargeKind(rs.getString(2))));
    }

    /**
     * Gives a converted group's messages the chat events a supergroup keeps for its messages (a small group keeps
     * none: see {@link ChatService#nextMessageSeq}), so channels.getDifference over its old seqs finds them.
     */
    public void addMessageEvents(Handle h, long chatId) {
        h.createUpdate("INSERT INTO chat_events (chat_id, seq, kind, payload, date) SELECT m.chat_id, m.message_id, "
                        + ":kind, NULL, m.date FROM messages m WHERE m.chat_id = :c AND NOT EXISTS "
                        + "(SELECT 1 FROM chat_events e WHERE e.chat_id = m.chat_id AND e.seq = m.message_id)")
                .bind("c", chatId).bind("kind", ChatEvent.MESSAGE).execute();
    }

    public void insertEvent(Handle h, long chatId, long seq, String kind, String payload, long date) {
        Sql.on(h, "INSERT INTO chat_events (chat_id, seq, kind, payload, date) VALUES (?, ?, ?, ?, ?)")
                .set(1, chatId).set(2, seq).set(3, kind).set(4, payload).set(5, date).update();
    }

    public List<ChatEvent> events(Handle h, long chatId, Collection<Long> seqs) {
        if (seqs.isEmpty()) {
            return List.of();
        }
        return h.createQuery("SELECT chat_id, seq, kind, payload, date FROM chat_events WHERE chat_id = :c "
                        + "AND seq IN (<seqs>)")
                .bind("c", chatId).bindList("seqs", List.copyOf(seqs))
                .map((rs, ctx) -> new ChatEvent(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4),
                        rs.getLong(5)))
                .list();
    }

    public void setTitle(Handle h, long chatId, String title) {
        h.createUpdate("UPDATE chats SET title = :t WHERE chat_id = :c").bind("c", chatId).bind("t", title).execute();
    }

    public void setAbout(Handle h, long chatId, String about) {
        h.createUpdate("UPDATE chats SET about = :a WHERE chat_id = :c").bind("c", chatId).bind("a", about).execute();
    }

    public void insertMember(Handle h, long chatId, long userId, Role role, long now, long visibleFrom) {
        insertMember(h, chatId, userId, role, now, visibleFrom, visibleFrom);
    }

    /** A member who sees history from {@code visibleFrom} and has read up to {@code readUpTo}. */
    public void insertMember(Handle h, long chatId, long userId, Role role, long now, long visibleFrom,
            long readUpTo) {
        h.createUpdate("INSERT INTO chat_members (chat_id, user_id, role, joined_at, visible_from, read_inbox_max_id, "
                        + "read_outbox_max_id, unread_count) VALUES (:c, :u, :r, :now, :v, :read, 0, 0)")
                .bind("c", chatId).bind("u", userId).bind("r", role.wire()).bind("now", now).bind("v", visibleFrom)
                .bind("read", readUpTo).execute();
        h.createUpdate("UPDATE chats SET member_count = member_count + 1 WHERE chat_id = :c").bind("c", chatId)
                .execute();
    }

    /** Removes the membership and returns the members left. */
    public int deleteMember(Handle h, long chatId, long userId) {
        h.createUpdate("DELETE FROM chat_members WHERE chat_id = :c AND user_id = :u").bind("c", chatId)
                .bind("u", userId).execute();
        return h.createQuery("UPDATE chats SET member_count = member_count - 1 WHERE chat_id = :c "
                        + "RETURNING member_count")
                .bind("c", chatId).mapTo(Integer.class).one();
    }

    public void setRole(Handle h, long chatId, long userId, Role role) {
        h.createUpdate("UPDATE chat_members SET role = :r WHERE chat_id = :c AND user_id = :u")
                .bind("c", chatId).bind("u", userId).bind("r", role.wire()).execute();
    }

    public Optional<MemberRow> member(Handle h, long chatId, long userId) {
        return Sql.on(h, "SELECT " + MEMBER_COLUMNS + " FROM chat_members WHERE chat_id = ? AND user_id = ?")
                .set(1, chatId).set(2, userId).first(ChatStore::memberRow);
    }

    /** Every member, oldest first (ownership passes in this order when an owner leaves). */
    public List<MemberRow> members(Handle h, long chatId) {
        return h.createQuery("SELECT " + MEMBER_COLUMNS + " FROM chat_members WHERE chat_id = :c "
                        + "ORDER BY joined_at, user_id")
                .bind("c", chatId).map((rs, ctx) -> memberRow(rs)).list();
    }

    public List<MemberRow> membersPage(Handle h, long chatId, int offset, int limit) {
        return h.createQuery("SELECT " + MEMBER_COLUMNS + " FROM chat_members WHERE chat_id = :c "
                        + "ORDER BY joined_at, user_id LIMIT :limit OFFSET :offset")
                .bind("c", chatId).bind("limit", limit).bind("offset", offset).map((rs, ctx) -> memberRow(rs)).list();
    }

    /**
     * The members' ids in ascending order (the order log heads are locked in). Sorted here, not by the query: every
     * send to a small chat runs this on the writer, and with {@code ORDER BY user_id} it took 21–28 µs there against
     * 4 µs without, in the messaging benchmark, although SQLite's plan has no sort step (the primary key index already
     * yields a chat's members by id). On a sorted list the sort is one pass.
     */
    public List<Long> memberIds(Handle h, long chatId) {
        List<Long> ids = Sql.on(h, "SELECT user_id FROM chat_members WHERE chat_id = ?").set(1, chatId)
                .list(rs -> rs.getLong(1));
        ids.sort(null);
        return ids;
    }

    /** Who inherits ownership when the owner leaves: the longest-serving admin, else the longest-serving member. */
    public Optional<Long> heir(Handle h, long chatId, long ownerId) {
        return h.createQuery("SELECT user_id FROM chat_members WHERE chat_id = :c AND user_id <> :u "
                        + "ORDER BY CASE role WHEN 'admin' THEN 0 ELSE 1 END, joined_at, user_id LIMIT 1")
                .bind("c", chatId).bind("u", ownerId).mapTo(Long.class).findFirst();
    }

    /** The other member of a private chat, if still there. */
    public Optional<Long> peer(Handle h, long chatId, long userId) {
        return Sql.on(h, "SELECT user_id FROM chat_members WHERE chat_id = ? AND user_id <> ?")
                .set(1, chatId).set(2, userId).first(rs -> rs.getLong(1));
    }

    public List<Long> chatIdsOf(Handle h, long userId) {
        return h.createQuery("SELECT chat_id FROM chat_members WHERE user_id = :u ORDER BY chat_id")
                .bind("u", userId).mapTo(Long.class).list();
    }

    /**
     * The user's memberships for the dialog list, most recently active first. Private chats appear once they have a
     * message, so creating a chat with someone does not put an empty dialog into their list.
     */
    public List<MemberRow> dialogMemberships(Handle h, long userId, int offset, int limit) {
        return h.createQuery("SELECT m.chat_id, m.user_id, m.role, m.joined_at, m.visible_from, m.read_inbox_max_id, "
                        + "m.read_outbox_max_id, m.unread_count FROM chat_members m JOIN chats c ON c.chat_id = m.chat_id "
                        + "WHERE m.user_id = :u AND (c.kind <> 'private' OR c.last_message_id > 0) "
                        + "ORDER BY c.activity_key DESC LIMIT :limit OFFSET :offset")
                .bind("u", userId).bind("limit", limit).bind("offset", offset).map((rs, ctx) -> memberRow(rs)).list();
    }

    /** A new message counts as unread for every member but its sender. */
    public void countUnread(Handle h, long chatId, long senderId) {
        Sql.on(h, "UPDATE chat_members SET unread_count = unread_count + 1 WHERE chat_id = ? AND user_id <> ?")
                .set(1, chatId).set(2, senderId).update();
    }

    /** A removed message stops counting as unread for the given members (those who had not read it). */
    public void uncountUnread(Handle h, long chatId, Collection<Long> userIds) {
        if (userIds.isEmpty()) {
            return;
        }
        h.createUpdate("UPDATE chat_members SET unread_count = unread_count - 1 WHERE chat_id = :c "
                        + "AND user_id IN (<users>) AND unread_count > 0")
                .bind("c", chatId).bindList("users", List.copyOf(userIds)).execute();
    }

    /** The member stops counting {@code n} messages as unread (they hid them unread). */
    public void uncountUnread(Handle h, long chatId, long userId, long n) {
        h.createUpdate("UPDATE chat_members SET unread_count = CASE WHEN unread_count > :n THEN unread_count - :n "
                        + "ELSE 0 END WHERE chat_id = :c AND user_id = :u")
                .bind("c", chatId).bind("u", userId).bind("n", n).execute();
    }

    /**
     * Locks the member's row until the transaction ends (a no-op write: SQLite runs one writer anyway). On PostgreSQL
     * the reads that follow then see the row as the last committer left it, so a read pointer and unread count
     * computed from them cannot overwrite a concurrent send's unread increment.
     */
    public void lockMember(Handle h, long chatId, long userId) {
        h.createUpdate("UPDATE chat_members SET unread_count = unread_count WHERE chat_id = :c AND user_id = :u")
                .bind("c", chatId).bind("u", userId).execute();
    }

    /** Moves the member's inbox pointer forward and sets the unread count; false if the pointer was not behind. */
    public boolean moveInbox(Handle h, long chatId, long userId, long maxId, int unread) {
        return h.createUpdate("UPDATE chat_members SET read_inbox_max_id = :m, unread_count = :n "
                        + "WHERE chat_id = :c AND user_id = :u AND read_inbox_max_id < :m")
                .bind("c", chatId).bind("u", userId).bind("m", maxId).bind("n", unread).execute() == 1;
    }

    /** Moves a sender's outbox pointer forward; false if it was already there. */
    public boolean moveOutbox(Handle h, long chatId, long userId, long maxId) {
        return h.createUpdate("UPDATE chat_members SET read_outbox_max_id = :m "
                        + "WHERE chat_id = :c AND user_id = :u AND read_outbox_max_id < :m")
                .bind("c", chatId).bind("u", userId).bind("m", maxId).execute() == 1;
    }

    public void deleteChat(Handle h, long chatId) {
        for (String table : List.of("chat_events", "chat_members", "private_chats", "chat_bans", "chat_admin_log",
                "chat_invites", "chat_join_requests", "scheduled_messages", "chat_forums", "chat_topics",
                "chat_reports", "chat_commenters", "chats")) {
            h.createUpdate("DELETE FROM " + table + " WHERE chat_id = :c").bind("c", chatId).execute();
        }
        h.createUpdate("DELETE FROM chat_meetup_answers WHERE event_id IN (SELECT event_id FROM chat_meetups "
                + "WHERE chat_id = :c)").bind("c", chatId).execute();
        h.createUpdate("DELETE FROM chat_meetups WHERE chat_id = :c").bind("c", chatId).execute();
        for (String table : List.of("channel_discussions", "discussion_threads")) {
            h.createUpdate("DELETE FROM " + table + " WHERE channel_id = :c OR group_id = :c").bind("c", chatId)
                    .execute();
        }
    }

    private static ChatRow chatRow(ResultSet rs) throws SQLException {
        return new ChatRow(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getLong(4), rs.getInt(5),
                rs.getLong(6), rs.getLong(7), rs.getLong(8), rs.getInt(9) != 0, rs.getString(10), rs.getString(11),
                rs.getInt(12) != 0);
    }

    private static MemberRow memberRow(ResultSet rs) throws SQLException {
        return new MemberRow(rs.getLong(1), rs.getLong(2), Role.fromWire(rs.getString(3)), rs.getLong(4),
                rs.getLong(5), rs.getLong(6), rs.getLong(7), rs.getInt(8));
    }
}
