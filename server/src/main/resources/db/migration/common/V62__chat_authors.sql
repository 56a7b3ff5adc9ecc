-- Who has posted in which chat: account erasure's way to a user's messages (MessageStore.authoredBy), also in chats
-- they have left. It replaces the index messages_sender (sender_id, chat_id, message_id), which every send extended at
-- a place of its own: a fifth of the pages the single SQLite writer wrote per private send (docs/PERFORMANCE.md). A
-- row is written at a user's first message in a chat; every later send finds it and writes nothing.
-- Portable SQL (SQLite and PostgreSQL).
CREATE TABLE chat_authors (
    user_id BIGINT NOT NULL,
    chat_id BIGINT NOT NULL,
    PRIMARY KEY (user_id, chat_id)
);

CREATE INDEX chat_authors_chat ON chat_authors (chat_id);

INSERT INTO chat_authors (user_id, chat_id) SELECT DISTINCT sender_id, chat_id FROM messages;

DROP INDEX messages_sender;
