-- Full-text search over cloud messages (PostgreSQL). The same role as SQLite's FTS5 V3: one row per message keyed by
-- messages.search_id, so an edit or delete touches exactly one index row. The document is the message text folded by
-- the server (lower case, diacritics removed, only letters and digits) and stored as a 'simple' tsvector, so matching
-- behaves like FTS5's unicode61 tokenizer with remove_diacritics and needs no extension. Keyed by chat_id first so
-- the table distributes with messages (Citus: create_distributed_table('message_search', 'chat_id')).
CREATE TABLE message_search (
    chat_id    BIGINT   NOT NULL,
    search_id  BIGINT   NOT NULL,
    message_id BIGINT   NOT NULL,
    document   TSVECTOR NOT NULL,
    PRIMARY KEY (chat_id, search_id)
);

CREATE INDEX message_search_document ON message_search USING GIN (document);

-- Edits and deletes know only the search id.
CREATE INDEX message_search_id ON message_search (search_id);
