-- Reports of messages (docs/protocol/channels.md, "Reports"). Portable SQL (SQLite and PostgreSQL).
-- One row per report: the chat's admins work the per-chat queue, server operators the global one (all rows).
-- message_ids is a JSON array. Deleted with the chat.
CREATE TABLE chat_reports (
    report_id   BIGINT NOT NULL PRIMARY KEY,
    chat_id     BIGINT NOT NULL,
    reporter_id BIGINT NOT NULL,
    message_ids TEXT   NOT NULL,
    reason      TEXT   NOT NULL,
    comment     TEXT,
    date        BIGINT NOT NULL,
    status      TEXT   NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'resolved', 'dismissed')),
    decided_by  BIGINT NOT NULL DEFAULT 0,
    decided_at  BIGINT NOT NULL DEFAULT 0
);

CREATE INDEX chat_reports_chat ON chat_reports (chat_id, status, report_id);
CREATE INDEX chat_reports_status ON chat_reports (status, report_id);

-- Server operators: users who work the global report queue. Granted on the server host with
-- `parley operator add <username>` (never through the API).
CREATE TABLE server_operators (
    user_id    BIGINT NOT NULL PRIMARY KEY,
    granted_at BIGINT NOT NULL
);
