package dev.parley.server.message;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.parley.protocol.JsonCodec;
import dev.parley.protocol.message.Entity;
import dev.parley.protocol.message.ScheduledMethods.ScheduledMessage;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * Scheduled messages (schema in V40__scheduled_messages.sql): {@code scheduled_messages (schedule_id PK)}, unique
 * (sender_id, random_id), indexes on schedule_date (the scheduler's scan) and (chat_id, sender_id) (listing). A row
 * lives until it is delivered, cancelled, its chat is deleted or its sender's account erased. Delivery claims a row
 * by deleting it inside the delivering transaction ({@link #claim}).
 */
public final class ScheduledStore {
    private static final String COLUMNS = "schedule_id, chat_id, sender_id, schedule_date, random_id, text, entities, "
            + "reply_to_id, silent, topic_id";
    private static final TypeReference<List<Entity>> ENTITY_LIST = new TypeReference<>() {};

    private final JsonCodec codec;

    public ScheduledStore(JsonCodec codec) {
        this.codec = codec;
    }

    /** A stored scheduled message. */
    public record Row(long scheduleId, long chatId, long senderId, long scheduleDate, long randomId, String text,
            List<Entity> entities, Long replyToId, boolean silent, Long topicId) {
        public ScheduledMessage view() {
            return new ScheduledMessage(chatId, scheduleId, scheduleDate, text, entities.isEmpty() ? null : entities,
                    replyToId, silent ? Boolean.TRUE : null, topicId);
        }
    }

    public void insert(Handle h, Row r, long now) {
        h.createUpdate("INSERT INTO scheduled_messages (" + COLUMNS + ", created_at) VALUES (:id, :c, :s, :d, :r, "
                        + ":text, :ent, :reply, :silent, :topic, :now)")
                .bind("id", r.scheduleId()).bind("c", r.chatId()).bind("s", r.senderId())
                .bind("d", r.scheduleDate()).bind("r", r.randomId()).bind("text", r.text())
                .bind("ent", r.entities().isEmpty() ? null : codec.write(r.entities()))
                .bind("reply", r.replyToId()).bind("silent", r.silent() ? 1 : 0).bind("topic", r.topicId())
                .bind("now", now).execute();
    }

    public Optional<Row> byRandomId(Handle h, long senderId, long randomId) {
        return h.createQuery("SELECT " + COLUMNS + " FROM scheduled_messages WHERE sender_id = :s AND random_id = :r")
                .bind("s", senderId).bind("r", randomId).map((rs, ctx) -> row(rs)).findOne();
    }

    public Optional<Row> find(Handle h, long scheduleId) {
        return h.createQuery("SELECT " + COLUMNS + " FROM scheduled_messages WHERE schedule_id = :id")
                .bind("id", scheduleId).map((rs, ctx) -> row(rs)).findOne();
    }

    public List<Row> of(Handle h, long chatId, long senderId) {
        return h.createQuery("SELECT " + COLUMNS + " FROM scheduled_messages WHERE chat_id = :c AND sender_id = :s "
                        + "ORDER BY schedule_date, schedule_id")
                .bind("c", chatId).bind("s", senderId).map((rs, ctx) -> row(rs)).list();
    }

    /** Messages due at {@code now}, oldest first. */
    public List<Row> due(Handle h, long now, int limit) {
        return h.createQuery("SELECT " + COLUMNS + " FROM scheduled_messages WHERE schedule_date <= :now "
                        + "ORDER BY schedule_date, schedule_id LIMIT :limit")
                .bind("now", now).bind("limit", limit).map((rs, ctx) -> row(rs)).list();
    }

    /** Takes the row for delivery; false if another transaction (or node) already did. */
    public boolean claim(Handle h, long scheduleId) {
        return h.createUpdate("DELETE FROM scheduled_messages WHERE schedule_id = :id").bind("id", scheduleId)
                .execute() == 1;
    }

    public int delete(Handle h, long chatId, long senderId, Collection<Long> ids) {
        return h.createUpdate("DELETE FROM scheduled_messages WHERE chat_id = :c AND sender_id = :s "
                        + "AND schedule_id IN (<ids>)")
                .bind("c", chatId).bind("s", senderId).bindList("ids", List.copyOf(ids)).execute();
    }

    private Row row(java.sql.ResultSet rs) throws java.sql.SQLException {
        String entities = rs.getString(7);
        long reply = rs.getLong(8);
        Long replyToId = rs.wasNull() ? null : reply;
        long topic = rs.getLong(10);
        Long topicId = rs.wasNull() ? null : topic;
        return new Row(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5), rs.getString(6),
                entities == null ? List.of() : parse(entities), replyToId, rs.getInt(9) != 0, topicId);
    }

    private List<Entity> parse(String json) {
        try {
            return codec.mapper().readValue(json, ENTITY_LIST);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("stored entities are not valid JSON", e);
        }
    }
}
