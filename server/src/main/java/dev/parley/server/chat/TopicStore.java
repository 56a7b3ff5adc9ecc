package dev.parley.server.chat;

import dev.parley.protocol.channel.TopicMethods.Topic;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jdbi.v3.core.Handle;

/**
 * Forum topics of supergroups (schema in V41__forum_topics.sql):
 * <ul>
 *   <li>{@code chat_forums (chat_id PK)}: whether forum mode is on and the last topic id handed out. The row stays
 *   when forum mode is turned off, so topics and their ids survive a toggle. Deleted with the chat.</li>
 *   <li>{@code chat_topics (chat_id, topic_id) PK}: title, creator, date, closed. Deleted with the chat.</li>
 *   <li>{@code messages.topic_id}: a message's topic; a partial index (chat_id, topic_id, message_id) over the
 *   messages that have one serves history per topic and the top message.</li>
 * </ul>
 */
public final class TopicStore {
    public boolean isForum(Handle h, long chatId) {
        return h.createQuery("SELECT enabled FROM chat_forums WHERE chat_id = :c").bind("c", chatId)
                .mapTo(Integer.class).findOne().map(e -> e != 0).orElse(false);
    }

    /** Turns forum mode on or off (ids start after the General topic's 1). */
    public void setForum(Handle h, long chatId, boolean enabled) {
        h.createUpdate("INSERT INTO chat_forums (chat_id, enabled, last_topic_id) VALUES (:c, :e, 1) "
                        + "ON CONFLICT (chat_id) DO UPDATE SET enabled = :e")
                .bind("c", chatId).bind("e", enabled ? 1 : 0).execute();
    }

    /** The next topic id of the chat; the UPDATE locks the forum row, so concurrent creates never share one. */
    public long nextTopicId(Handle h, long chatId) {
        return h.createQuery("UPDATE chat_forums SET last_topic_id = last_topic_id + 1 WHERE chat_id = :c "
                        + "RETURNING last_topic_id")
                .bind("c", chatId).mapTo(Long.class).one();
    }

    public void insert(Handle h, long chatId, long topicId, String title, long creatorId, long now) {
        h.createUpdate("INSERT INTO chat_topics (chat_id, topic_id, title, creator_id, created_at, closed) "
                        + "VALUES (:c, :t, :title, :by, :now, 0)")
                .bind("c", chatId).bind("t", topicId).bind("title", title).bind("by", creatorId).bind("now", now)
                .execute();
    }

    public Optional<Topic> find(Handle h, long chatId, long topicId) {
        return h.createQuery(SELECT + " WHERE t.chat_id = :c AND t.topic_id = :t").bind("c", chatId)
                .bind("t", topicId).map((rs, ctx) -> topic(rs)).findOne();
    }

    public List<Topic> list(Handle h, long chatId) {
        return h.createQuery(SELECT + " WHERE t.chat_id = :c ORDER BY t.topic_id").bind("c", chatId)
                .map((rs, ctx) -> topic(rs)).list();
    }

    public void rename(Handle h, long chatId, long topicId, String title) {
        h.createUpdate("UPDATE chat_topics SET title = :title WHERE chat_id = :c AND topic_id = :t")
                .bind("title", title).bind("c", chatId).bind("t", topicId).execute();
    }

    public void setClosed(Handle h, long chatId, long topicId, boolean closed) {
        h.createUpdate("UPDATE chat_topics SET closed = :x WHERE chat_id = :c AND topic_id = :t")
                .bind("x", closed ? 1 : 0).bind("c", chatId).bind("t", topicId).execute();
    }

    private static final String SELECT = "SELECT t.chat_id, t.topic_id, t.title, t.creator_id, t.created_at, t.closed, "
            + "COALESCE((SELECT MAX(m.message_id) FROM messages m WHERE m.chat_id = t.chat_id "
            + "AND m.topic_id = t.topic_id AND m.deleted = 0), 0) FROM chat_topics t";

    private static Topic topic(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new Topic(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getLong(4), rs.getLong(5),
                rs.getInt(6) != 0, rs.getLong(7));
    }

    /** Which of {@code messageIds} belong to the topic (deleted ones keep their topic). */
    public Set<Long> inTopic(Handle h, long chatId, long topicId, Collection<Long> messageIds) {
        if (messageIds.isEmpty()) {
            return Set.of();
        }
        return Set.copyOf(h.createQuery("SELECT message_id FROM messages WHERE chat_id = :c "
                        + "AND topic_id = :t AND message_id IN (<ids>)")
                .bind("c", chatId).bind("t", topicId).bindList("ids", List.copyOf(messageIds))
                .mapTo(Long.class).list());
    }
}
