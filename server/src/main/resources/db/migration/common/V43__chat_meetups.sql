-- Events with RSVP in chats (docs/protocol/channels.md, "Events"). Portable SQL (SQLite and PostgreSQL).
-- Named meetups because chat_events is the chats' event log. remind_at = start_date - remind_before; reminded flips
-- to 1 in the transaction that logs the reminders, so each reminder goes out once across restarts and nodes.
CREATE TABLE chat_meetups (
    event_id      BIGINT  NOT NULL PRIMARY KEY,
    chat_id       BIGINT  NOT NULL,
    creator_id    BIGINT  NOT NULL,
    title         TEXT    NOT NULL,
    description   TEXT,
    start_date    BIGINT  NOT NULL,
    remind_before INTEGER NOT NULL,
    remind_at     BIGINT  NOT NULL,
    reminded      INTEGER NOT NULL DEFAULT 0,
    created_at    BIGINT  NOT NULL
);

CREATE INDEX chat_meetups_chat ON chat_meetups (chat_id, start_date);
CREATE INDEX chat_meetups_due ON chat_meetups (reminded, remind_at);

CREATE TABLE chat_meetup_answers (
    event_id BIGINT NOT NULL,
    user_id  BIGINT NOT NULL,
    answer   TEXT   NOT NULL CHECK (answer IN ('going', 'maybe', 'no')),
    date     BIGINT NOT NULL,
    PRIMARY KEY (event_id, user_id)
);
