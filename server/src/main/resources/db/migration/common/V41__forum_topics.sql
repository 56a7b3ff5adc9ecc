-- Forum mode of supergroups (docs/protocol/channels.md, "Topics"). Portable SQL (SQLite and PostgreSQL).
-- chat_forums: one row per chat that ever had forum mode; enabled says whether it is on now. last_topic_id hands out
-- topic ids (UPDATE … RETURNING takes the row lock, so concurrent creates get distinct ids); the General topic is 1.
CREATE TABLE chat_forums (
    chat_id       BIGINT  NOT NULL PRIMARY KEY,
    enabled       INTEGER NOT NULL,
    last_topic_id BIGINT  NOT NULL
);

CREATE TABLE chat_topics (
    chat_id    BIGINT  NOT NULL,
    topic_id   BIGINT  NOT NULL,
    title      TEXT    NOT NULL,
    creator_id BIGINT  NOT NULL,
    created_at BIGINT  NOT NULL,
    closed     INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (chat_id, topic_id)
);

-- The topic of a message in a forum (NULL elsewhere); history per topic reads this index.
ALTER TABLE messages ADD COLUMN topic_id BIGINT;
CREATE INDEX messages_topic ON messages (chat_id, topic_id, message_id);
