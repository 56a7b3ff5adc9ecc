-- Scheduled messages (docs/protocol/channels.md, "Scheduled messages"). Portable SQL (SQLite and PostgreSQL).
-- A row waits here until schedule_date; delivery deletes it and posts the message in the same transaction, so a
-- message is delivered exactly once even across restarts and with several nodes (each node's scheduler claims a row
-- by deleting it; only one DELETE succeeds). (sender_id, random_id) is unique: scheduling is exactly-once like send.
CREATE TABLE scheduled_messages (
    schedule_id   BIGINT  NOT NULL PRIMARY KEY,
    chat_id       BIGINT  NOT NULL,
    sender_id     BIGINT  NOT NULL,
    schedule_date BIGINT  NOT NULL,
    random_id     BIGINT  NOT NULL,
    text          TEXT    NOT NULL,
    entities      TEXT,
    reply_to_id   BIGINT,
    silent        INTEGER NOT NULL DEFAULT 0,
    topic_id      BIGINT,
    created_at    BIGINT  NOT NULL
);

CREATE UNIQUE INDEX scheduled_messages_random ON scheduled_messages (sender_id, random_id);
CREATE INDEX scheduled_messages_due ON scheduled_messages (schedule_date);
CREATE INDEX scheduled_messages_chat ON scheduled_messages (chat_id, sender_id);
