-- Full-text search over cloud messages (SQLite FTS5). The rowid is messages.search_id, so an edit or delete touches
-- exactly one index row; chat_id and message_id lead back to the message. PostgreSQL gets its own V3.
CREATE VIRTUAL TABLE message_search USING fts5(
    text,
    chat_id UNINDEXED,
    message_id UNINDEXED,
    tokenize = 'unicode61 remove_diacritics 2'
);
