-- Most messages are neither replies nor in a forum topic, yet every message added an entry to both indexes: two of
-- the dozen B-tree inserts a private-chat send costs the single SQLite writer (docs/PERFORMANCE.md, "Writer thread").
-- Every query that reads them asks for one reply_to_id or topic_id with "=", which implies IS NOT NULL, so SQLite and
-- PostgreSQL still use the partial indexes for them. The reply index now ends with message_id, so a comment thread's
-- page (replies after an id, in id order) seeks straight to it instead of walking the chat's history.
-- Portable SQL (SQLite and PostgreSQL).
DROP INDEX messages_reply;
CREATE INDEX messages_reply ON messages (chat_id, reply_to_id, message_id) WHERE reply_to_id IS NOT NULL;

DROP INDEX messages_topic;
CREATE INDEX messages_topic ON messages (chat_id, topic_id, message_id) WHERE topic_id IS NOT NULL;
