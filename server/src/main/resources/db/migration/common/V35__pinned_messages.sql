-- Pinned messages (docs/protocol/posts.md): several per chat, newest pin first. Portable SQL.
CREATE TABLE pinned_messages (
    chat_id    BIGINT NOT NULL,
    message_id BIGINT NOT NULL,
    pinned_by  BIGINT NOT NULL,
    date       BIGINT NOT NULL,
    PRIMARY KEY (chat_id, message_id)
);
