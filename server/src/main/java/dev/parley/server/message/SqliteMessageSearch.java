package dev.parley.server.message;

import dev.parley.server.db.Database;
import dev.parley.server.db.Sql;
import java.util.List;
import org.jdbi.v3.core.Handle;

/**
 * {@link MessageSearch} on the SQLite FTS5 table {@code message_search} (V3__message_search.sql).
 *
 * <p>Index writes run at the end of the writer's batch ({@link Database#atBatchEnd}), in the same commit as the message
 * they index, so search stays exactly as consistent as before: a committed message is searchable, a rolled-back one
 * never was. The reason is FTS5's cost model: it writes its pending terms out as a new index segment whenever a
 * statement in the transaction opens a statement journal (any multi-row UPDATE or INSERT … SELECT, which every send
 * runs after its search insert), so indexing inside each send wrote one segment per message and then merged them;
 * deferred, a batch of sends writes one segment. Inserts and removals are both deferred, so their order is kept.
 */
public final class SqliteMessageSearch implements MessageSearch {
    private final Database database;

    public SqliteMessageSearch(Database database) {
        this.database = database;
    }

    @Override
    public void index(Handle h, MessageRow message) {
        long searchId = message.searchId();
        String text = message.text();
        long chatId = message.chatId();
        long messageId = message.messageId();
        database.atBatchEnd(h, handle -> Sql.on(handle,
                        "INSERT INTO message_search (rowid, text, chat_id, message_id) VALUES (?, ?, ?, ?)")
                .set(1, searchId).set(2, text).set(3, chatId).set(4, messageId).update());
    }

    @Override
    public void remove(Handle h, long searchId) {
        database.atBatchEnd(h, handle -> Sql.on(handle, "DELETE FROM message_search WHERE rowid = ?")
                .set(1, searchId).update());
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
