package dev.parley.server.message;

import dev.parley.server.db.Sql;
import java.util.List;
import org.jdbi.v3.core.Handle;

/** {@link MessageSearch} on the SQLite FTS5 table {@code message_search} (V3__message_search.sql). */
public final class SqliteMessageSearch implements MessageSearch {

    @Override
    public void index(Handle h, MessageRow message) {
        Sql.on(h, "INSERT INTO message_search (rowid, text, chat_id, message_id) VALUES (?, ?, ?, ?)")
                .set(1, message.searchId()).set(2, message.text()).set(3, message.chatId())
                .set(4, message.messageId()).update();
    }

    @Override
    public void remove(Handle h, long searchId) {
        h.createUpdate("DELETE FROM message_search WHERE rowid = :r").bind("r", searchId).execute();
    }

    @Override
    public List<Hit> search(Handle h, List<Long> chatIds, List<String> words, long beforeSearchId, int limit) {
        if (chatIds.isEmpty() || words.isEmpty()) {
            return List.of();
        }
        return h.createQuery("SELECT rowid, chat_id, message_id FROM message_search WHERE message_search MATCH :q "
                        + "AND rowid < :before AND chat_id IN (<chats>) ORDER BY rowid DESC LIMIT :limit")
                .bind("q", matchExpression(words)).bind("before", beforeSearchId).bindList("chats", chatIds)
                .bind("limit", limit)
                .map((rs, ctx) -> new Hit(rs.getLong(1), rs.getLong(2), rs.getLong(3))).list();
    }

    /** Every word as a quoted string (quotes doubled), all required; the last one also matches as a prefix. */
    static String matchExpression(List<String> words) {
        StringBuilder expression = new StringBuilder();
        for (int i = 0; i < words.size(); i++) {
            if (i > 0) {
                expression.append(' ');
            }
            expression.append('"').append(words.get(i).replace("\"", "\"\"")).append('"');
            if (i == words.size() - 1) {
                expression.append('*');
            }
        }
        return expression.toString();
    }
}
