-- Invite links and join requests of supergroups and channels (docs/protocol/channels.md, "Invite links").
-- Portable SQL (SQLite and PostgreSQL).

-- Keyed by the link's secret token, because joining presents only the token; chat_id is indexed for listing. Like
-- private_chats, a lookup table whose key is not the chat shard key. usage_limit 0 = unlimited, expire_date 0 = never.
CREATE TABLE chat_invites (
    token             TEXT    NOT NULL PRIMARY KEY,
    chat_id           BIGINT  NOT NULL,
    creator_id        BIGINT  NOT NULL,
    expire_date       BIGINT  NOT NULL,
    usage_limit       INTEGER NOT NULL,
    usage_count       INTEGER NOT NULL DEFAULT 0,
    request_needed    INTEGER NOT NULL DEFAULT 0,
    revoked           INTEGER NOT NULL DEFAULT 0,
    created_at        BIGINT  NOT NULL
);

CREATE INDEX chat_invites_chat ON chat_invites (chat_id);

-- Pending join requests through links with request_needed; removed on approve or decline and with the chat.
CREATE TABLE chat_join_requests (
    chat_id BIGINT NOT NULL,
    user_id BIGINT NOT NULL,
    token   TEXT   NOT NULL,
    date    BIGINT NOT NULL,
    PRIMARY KEY (chat_id, user_id)
);
