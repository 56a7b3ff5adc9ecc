package dev.parley.server.message;

import java.util.List;
import org.jdbi.v3.core.Handle;

/**
 * The full-text index over cloud messages. Dialect-specific (SQLite FTS5 here; PostgreSQL brings its own); keyed by
 * {@link MessageRow#searchId()} so edits and deletes touch one entry. Queries are built from plain words only, so user
 * input can never be FTS syntax.
 */
public interface MessageSearch {
    void index(Handle h, MessageRow message);

    void remove(Handle h, long searchId);

    /** Search ids of matching messages in the given chats, newest first, below {@code beforeSearchId}. */
    List<Hit> search(Handle h, List<Long> chatIds, List<String> words, long beforeSearchId, int limit);

    record Hit(long searchId, long chatId, long messageId) {}
}
