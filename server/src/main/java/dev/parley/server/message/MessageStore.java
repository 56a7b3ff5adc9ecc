package dev.parley.server.message;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.parley.protocol.JsonCodec;
import dev.parley.protocol.message.Entity;
import dev.parley.protocol.message.Message.ForwardOrigin;
import dev.parley.server.db.Sql;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jdbi.v3.core.Handle;

/**
 * Messages and their per-user marks. Tables (schema in V2__messaging.sql):
 * <ul>
 *   <li>{@code messages (chat_id, message_id) PK}: message_id is the chat's seq at creation. Text and entities
 *   (JSON), reply and forward origin, edit date. Delete-for-everyone blanks the content and sets {@code deleted}
 *   (a tombstone keeps ids and update-log pointers meaningful); account erasure and chat deletion remove rows. In an
 *   end-to-end encrypted chat {@code text} is empty and {@code ciphertext} (V33) holds the opaque MLS application
 *   message, never indexed for search; the e2e feature's disappearing-message timer erases rows older than the
 *   chat's timer.</li>
 *   <li>{@code hidden_messages (user_id, chat_id, message_id) PK}: delete-for-me marks. Removed with the account or
 *   the chat.</li>
 *   <li>{@code chat_authors (user_id, chat_id) PK} (V62): the chats a user has posted in, so erasure finds their
 *   messages (also in chats they left) by reading those chats, where an index on the sender would cost every send
 *   a page write of its own. Written at a user's first message in a chat; removed with the account or the chat.</li>
 *   <li>{@code sent_random_ids (user_id, random_id) PK → chat_id, message_id, pts, date}: exactly-once send; a resend
 *   finds the original. Expire after {@code SyncSettings.randomIdMaxAge}, removed with the account.</li>
 * </ul>
 */
public final class MessageStore {
    private static final String COLUMNS = "chat_id, message_id, search_id, sender_id, date, text, entities, "
            + "reply_to_id, fwd_from_chat_id, fwd_from_message_id, fwd_sender_id, fwd_date, edit_date, deleted, "
            + "silent, anonymous, author_signature, ciphertext, topic_id";
    private static final TypeReference<List<Entity>> ENTITY_LIST = new TypeReference<>() {};

    private final JsonCodec codec;

    public MessageStore(JsonCodec codec) {
        this.codec = codec;
    }

    public record SentRef(long chatId, long messageId, long pts) {}

    // The statements every send runs are plain JDBC (see Sql): JDBI's per-statement work was most of their cost.

    public void insert(Handle h, MessageRow m) {
        ForwardOrigin f = m.forward();
        Sql.on(h, "INSERT INTO messages (" + COLUMNS + ") "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, 0, ?, ?, ?, ?, ?)")
                .set(1, m.chatId()).set(2, m.messageId()).set(3, m.searchId()).set(4, m.senderId())
                .set(5, m.date()).set(6, m.text()).set(7, entitiesJson(m.entities())).set(8, m.replyToId())
                .set(9, f == null ? null : f.fromChatId()).set(10, f == null ? null : f.fromMessageId())
                .set(11, f == null ? null : f.senderId()).set(12, f == null ? null : f.date())
                .set(13, m.post().silent() ? 1 : 0).set(14, m.post().anonymous() ? 1 : 0)
                .set(15, m.post().authorSignature()).set(16, m.ciphertext()).set(17, m.post().topicId())
                .update();
        Sql.on(h, "INSERT INTO chat_authors (user_id, chat_id) VALUES (?, ?) ON CONFLICT (user_id, chat_id) DO NOTHING")
                .set(1, m.senderId()).set(2, m.chatId()).update();
    }

    public Optional<MessageRow> find(Handle h, long chatId, long id) {
        return h.createQuery("SELECT " + COLUMNS + " FROM messages WHERE chat_id = :c AND message_id = :id")
                .bind("c", chatId).bind("id", id).map((rs, ctx) -> row(rs)).findOne();
    }

    public List<MessageRow> findMany(Handle h, long chatId, Collection<Long> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        // A catch-up asks for runs of consecutive ids (a page of a chat's new messages): one range scan over the
        // primary key is cheaper than an IN list of a hundred parameters, prepared anew for every length. Sparse ids
        // (at most half the range wanted) still use the IN list.
        long min = Collections.min(ids);
        long max = Collections.max(ids);
        if (ids.size() > 1 && max - min + 1 <= 2L * ids.size()) {
            Set<Long> wanted = ids instanceof Set<Long> set ? set : new HashSet<>(ids);
            return Sql.on(h, "SELECT " + COLUMNS + " FROM messages WHERE chat_id = ? AND message_id >= ? "
                            + "AND message_id <= ?")
                    .set(1, chatId).set(2, min).set(3, max).list(this::row).stream()
                    .filter(m -> wanted.contains(m.messageId())).toList();
        }
        return Sql.on(h, "SELECT " + COLUMNS + " FROM messages WHERE chat_id = ? AND message_id IN ("
                        + Sql.placeholders(ids.size()) + ")")
                .set(1, chatId).setAll(2, ids).list(this::row);
    }

    public void updateText(Handle h, MessageRow m) {
        h.createUpdate("UPDATE messages SET text = :t, entities = :e, edit_date = :d WHERE chat_id = :c "
                        + "AND message_id = :id")
                .bind("t", m.text()).bind("e", entitiesJson(m.entities())).bind("d", m.editDate())
                .bind("c", m.chatId()).bind("id", m.messageId()).execute();
    }

    /** Delete for everyone: the content is gone for good, the id stays as a tombstone. */
    public void markDeleted(Handle h, long chatId, Collection<Long> ids) {
        h.createUpdate("UPDATE messages SET deleted = 1, text = '', entities = NULL, reply_to_id = NULL, "
                        + "ciphertext = NULL, fwd_from_chat_id = NULL, fwd_from_message_id = NULL, fwd_sender_id = NULL, "
                        + "fwd_date = NULL "
                        + "WHERE chat_id = :c AND message_id IN (<ids>)")
                .bind("c", chatId).bindList("ids", List.copyOf(ids)).execute();
    }

    public void deleteRows(Handle h, long chatId, Collection<Long> ids) {
        h.createUpdate("DELETE FROM messages WHERE chat_id = :c AND message_id IN (<ids>)")
                .bind("c", chatId).bindList("ids", List.copyOf(ids)).execute();
        h.createUpdate("DELETE FROM hidden_messages WHERE chat_id = :c AND message_id IN (<ids>)")
                .bind("c", chatId).bindList("ids", List.copyOf(ids)).execute();
    }

    /**
     * Visible messages of a chat for one user: not deleted, not hidden by them, newer than {@code visibleFrom};
     * older ones newest first, or newer ones oldest first.
     */
    public List<MessageRow> history(Handle h, long userId, long chatId, long visibleFrom, long offsetId, int limit,
            boolean older) {
        return history(h, userId, chatId, visibleFrom, offsetId, limit, older, null);
    }

    /** As above, only the messages of forum topic {@code topicId} when it is not null. */
    public List<MessageRow> history(Handle h, long userId, long chatId, long visibleFrom, long offsetId, int limit,
            boolean older, Long topicId) {
        String range = older ? "message_id < :offset ORDER BY message_id DESC" : "message_id > :offset "
                + "ORDER BY message_id ASC";
        String topic = topicId == null ? "" : "AND topic_id = :topic ";
        var query = h.createQuery("SELECT " + COLUMNS + " FROM messages m WHERE chat_id = :c AND deleted = 0 "
                        + topic + "AND message_id > :from AND NOT EXISTS (SELECT 1 FROM hidden_messages x "
                        + "WHERE x.user_id = :u AND x.chat_id = m.chat_id AND x.message_id = m.message_id) AND "
                        + range + " LIMIT :limit")
                .bind("c", chatId).bind("u", userId).bind("from", visibleFrom).bind("offset", offsetId)
                .bind("limit", limit);
        if (topicId != null) {
            query.bind("topic", topicId);
        }
        return query.map((rs, ctx) -> row(rs)).list();
    }

    /** Replies to {@code rootId} after {@code afterId}, oldest first (a comment thread). */
    public List<MessageRow> replies(Handle h, long chatId, long rootId, long afterId, int limit) {
        return h.createQuery("SELECT " + COLUMNS + " FROM messages WHERE chat_id = :c AND reply_to_id = :r "
                        + "AND deleted = 0 AND message_id > :after ORDER BY message_id LIMIT :limit")
                .bind("c", chatId).bind("r", rootId).bind("after", afterId).bind("limit", limit)
                .map((rs, ctx) -> row(rs)).list();
    }

    public int countReplies(Handle h, long chatId, long rootId) {
        return h.createQuery("SELECT COUNT(*) FROM messages WHERE chat_id = :c AND reply_to_id = :r AND deleted = 0")
                .bind("c", chatId).bind("r", rootId).mapTo(Integer.class).one();
    }

    /** Visible messages from others in (afterId, upToId]: what a read moving over that range marks read. */
    public int countIncoming(Handle h, long userId, long chatId, long afterId, long upToId) {
        return h.createQuery("SELECT COUNT(*) FROM messages m WHERE chat_id = :c AND message_id > :a "
                        + "AND message_id <= :b AND deleted = 0 AND sender_id <> :u AND NOT EXISTS (SELECT 1 FROM "
                        + "hidden_messages x WHERE x.user_id = :u AND x.chat_id = m.chat_id "
                        + "AND x.message_id = m.message_id)")
                .bind("c", chatId).bind("a", afterId).bind("b", upToId).bind("u", userId).mapTo(Integer.class).one();
    }

    /** Authors other than {@code userId} of messages in (afterId, upToId]. */
    public List<Long> sendersBetween(Handle h, long chatId, long afterId, long upToId, long userId) {
        return h.createQuery("SELECT DISTINCT sender_id FROM messages WHERE chat_id = :c AND message_id > :a "
                        + "AND message_id <= :b AND deleted = 0 AND sender_id <> :u ORDER BY sender_id")
                .bind("c", chatId).bind("a", afterId).bind("b", upToId).bind("u", userId).mapTo(Long.class).list();
    }

    /** Ids of the chat's messages dated before the cutoff, oldest first. */
    public List<Long> idsBefore(Handle h, long chatId, long cutoff, int limit) {
        return h.createQuery("SELECT message_id FROM messages WHERE chat_id = :c AND date < :d AND deleted = 0 "
                        + "ORDER BY message_id LIMIT :limit")
                .bind("c", chatId).bind("d", cutoff).bind("limit", limit).mapTo(Long.class).list();
    }

    public Optional<SentRef> sent(Handle h, long userId, long randomId) {
        return Sql.on(h, "SELECT chat_id, message_id, pts FROM sent_random_ids WHERE user_id = ? AND random_id = ?")
                .set(1, userId).set(2, randomId)
                .first(rs -> new SentRef(rs.getLong(1), rs.getLong(2), rs.getLong(3)));
    }

    public void rememberSent(Handle h, long userId, long randomId, SentRef ref, long date) {
        Sql.on(h, "INSERT INTO sent_random_ids (user_id, random_id, chat_id, message_id, pts, date) "
                        + "VALUES (?, ?, ?, ?, ?, ?)")
                .set(1, userId).set(2, randomId).set(3, ref.chatId()).set(4, ref.messageId())
                .set(5, ref.pts()).set(6, date).update();
    }

    public int forgetSentBefore(Handle h, long cutoff) {
        return h.createUpdate("DELETE FROM sent_random_ids WHERE date < :d").bind("d", cutoff).execute();
    }

    public void hide(Handle h, long userId, long chatId, Collection<Long> ids) {
        var batch = h.prepareBatch("INSERT INTO hidden_messages (user_id, chat_id, message_id) VALUES (:u, :c, :m) "
                + "ON CONFLICT (user_id, chat_id, message_id) DO NOTHING");
        ids.forEach(id -> batch.bind("u", userId).bind("c", chatId).bind("m", id).add());
        batch.execute();
    }

    /** Which of the ids the user has hidden. */
    public Set<Long> hiddenOf(Handle h, long userId, long chatId, Collection<Long> ids) {
        if (ids.isEmpty()) {
            return Set.of();
        }
        // A range over the primary key (user_id, chat_id, message_id), filtered here: hidden marks are few, and one
        // statement text serves every call instead of an IN list prepared per length.
        Set<Long> wanted = ids instanceof Set<Long> set ? set : new HashSet<>(ids);
        Set<Long> hidden = new HashSet<>();
        Sql.on(h, "SELECT message_id FROM hidden_messages WHERE user_id = ? AND chat_id = ? AND message_id >= ? "
                        + "AND message_id <= ?")
                .set(1, userId).set(2, chatId).set(3, Collections.min(ids)).set(4, Collections.max(ids))
                .list(rs -> rs.getLong(1)).stream().filter(wanted::contains).forEach(hidden::add);
        return hidden;
    }

    /** Users who hid the message. */
    public Set<Long> hiddenBy(Handle h, long chatId, long id) {
        return new HashSet<>(h.createQuery("SELECT user_id FROM hidden_messages WHERE chat_id = :c "
                        + "AND message_id = :m")
                .bind("c", chatId).bind("m", id).mapTo(Long.class).list());
    }

    public record Authored(long chatId, long messageId) {}

    public List<Authored> authoredBy(Handle h, long userId) {
        // Reads every message of the chats the user posted in: erasure is rare, a send is not (see chat_authors).
        return h.createQuery("SELECT m.chat_id, m.message_id FROM chat_authors a JOIN messages m "
                        + "ON m.chat_id = a.chat_id AND m.sender_id = a.user_id WHERE a.user_id = :u "
                        + "ORDER BY m.chat_id, m.message_id")
                .bind("u", userId).map((rs, ctx) -> new Authored(rs.getLong(1), rs.getLong(2))).list();
    }

    /** Search ids of a whole chat, for dropping its index entries. */
    public List<Long> searchIdsOfChat(Handle h, long chatId) {
        return h.createQuery("SELECT search_id FROM messages WHERE chat_id = :c AND deleted = 0")
                .bind("c", chatId).mapTo(Long.class).list();
    }

    public void deleteChat(Handle h, long chatId) {
        h.createUpdate("DELETE FROM messages WHERE chat_id = :c").bind("c", chatId).execute();
        h.createUpdate("DELETE FROM hidden_messages WHERE chat_id = :c").bind("c", chatId).execute();
        h.createUpdate("DELETE FROM chat_authors WHERE chat_id = :c").bind("c", chatId).execute();
    }

    public void eraseUser(Handle h, long userId) {
        h.createUpdate("DELETE FROM sent_random_ids WHERE user_id = :u").bind("u", userId).execute();
        h.createUpdate("DELETE FROM hidden_messages WHERE user_id = :u").bind("u", userId).execute();
        h.createUpdate("DELETE FROM chat_authors WHERE user_id = :u").bind("u", userId).execute();
        // Community features' per-user rows (V40, V43, V44) go with the account too.
        for (String table : List.of("scheduled_messages")) {
            h.createUpdate("DELETE FROM " + table + " WHERE sender_id = :u").bind("u", userId).execute();
        }
        for (String table : List.of("chat_meetup_answers", "server_operators")) {
            h.createUpdate("DELETE FROM " + table + " WHERE user_id = :u").bind("u", userId).execute();
        }
        // Their events and reports go like their messages; topics and decisions stay with the chat, unattributed.
        h.createUpdate("DELETE FROM chat_meetup_answers WHERE event_id IN (SELECT event_id FROM chat_meetups "
                + "WHERE creator_id = :u)").bind("u", userId).execute();
        h.createUpdate("DELETE FROM chat_meetups WHERE creator_id = :u").bind("u", userId).execute();
        h.createUpdate("DELETE FROM chat_reports WHERE reporter_id = :u").bind("u", userId).execute();
        h.createUpdate("UPDATE chat_reports SET decided_by = 0 WHERE decided_by = :u").bind("u", userId).execute();
        h.createUpdate("UPDATE chat_topics SET creator_id = 0 WHERE creator_id = :u").bind("u", userId).execute();
    }

    private String entitiesJson(List<Entity> entities) {
        return entities == null || entities.isEmpty() ? null : codec.write(entities);
    }

    private MessageRow row(ResultSet rs) throws SQLException {
        String entities = rs.getString(7);
        Long fwdChat = nullableLong(rs, 9);
        ForwardOrigin forward = fwdChat == null ? null
                : new ForwardOrigin(fwdChat, rs.getLong(10), nullableLong(rs, 11), rs.getLong(12));
        return new MessageRow(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5),
                rs.getString(6), entities == null ? List.of() : parseEntities(entities),
                nullableLong(rs, 8), forward, nullableLong(rs, 13), rs.getInt(14) != 0,
                new MessageRow.Post(rs.getInt(15) != 0, rs.getInt(16) != 0, rs.getString(17),
                        nullableLong(rs, 19)), rs.getString(18));
    }

    private List<Entity> parseEntities(String json) {
        try {
            return codec.mapper().readValue(json, ENTITY_LIST);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("stored entities are not valid JSON", e);
        }
    }

    private static Long nullableLong(java.sql.ResultSet rs, int column) throws java.sql.SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? null : value;
    }
}
