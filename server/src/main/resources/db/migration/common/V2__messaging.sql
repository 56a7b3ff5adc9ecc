-- Messaging core: chats, members, messages, chat events, per-user update logs, blocks.
-- Portable SQL (SQLite and PostgreSQL). Keys lead with the shard key: chat_id for chat data, user_id for user data.
-- No foreign keys to users: features meet through services, and a distributed PostgreSQL cannot enforce keys across
-- shards anyway; account deletion erases these rows explicitly (MessagingErasure).
-- Each table's keys and lifecycle are documented by the store that owns it (ChatStore, MessageStore, UpdateLog,
-- ContactsStore).

CREATE TABLE chats (
    chat_id          BIGINT  NOT NULL PRIMARY KEY,
    kind             TEXT    NOT NULL CHECK (kind IN ('private', 'group')),
    title            TEXT,
    seq              BIGINT  NOT NULL DEFAULT 0,
    member_count     INTEGER NOT NULL DEFAULT 0,
    last_message_id  BIGINT  NOT NULL DEFAULT 0,
    last_activity_at BIGINT  NOT NULL,
    -- Orders the dialog list: the time-ordered id (IdGenerator) of the last message, finer than seconds.
    activity_key     BIGINT  NOT NULL,
    created_at       BIGINT  NOT NULL
);

-- One private chat per pair, keyed by user (two rows per chat) instead of a unique pair column on chats, so the
-- uniqueness check stays on one user shard and "my private chat with X" is a primary-key lookup.
CREATE TABLE private_chats (
    user_id BIGINT NOT NULL,
    peer_id BIGINT NOT NULL,
    chat_id BIGINT NOT NULL,
    PRIMARY KEY (user_id, peer_id)
);

CREATE INDEX private_chats_chat ON private_chats (chat_id);

CREATE TABLE chat_members (
    chat_id            BIGINT  NOT NULL,
    user_id            BIGINT  NOT NULL,
    role               TEXT    NOT NULL CHECK (role IN ('owner', 'admin', 'member')),
    joined_at          BIGINT  NOT NULL,
    visible_from       BIGINT  NOT NULL,
    read_inbox_max_id  BIGINT  NOT NULL DEFAULT 0,
    read_outbox_max_id BIGINT  NOT NULL DEFAULT 0,
    unread_count       INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (chat_id, user_id)
);

CREATE INDEX chat_members_user ON chat_members (user_id, chat_id);

CREATE TABLE chat_events (
    chat_id BIGINT NOT NULL,
    seq     BIGINT NOT NULL,
    kind    TEXT   NOT NULL,
    payload TEXT,
    date    BIGINT NOT NULL,
    PRIMARY KEY (chat_id, seq)
);

CREATE TABLE messages (
    chat_id             BIGINT  NOT NULL,
    message_id          BIGINT  NOT NULL,
    search_id           BIGINT  NOT NULL,
    sender_id           BIGINT  NOT NULL,
    date                BIGINT  NOT NULL,
    text                TEXT    NOT NULL,
    entities            TEXT,
    reply_to_id         BIGINT,
    fwd_from_chat_id    BIGINT,
    fwd_from_message_id BIGINT,
    fwd_sender_id       BIGINT,
    fwd_date            BIGINT,
    edit_date           BIGINT,
    deleted             INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (chat_id, message_id)
);

-- Account erasure finds every message a user authored, also in chats they have left.
CREATE INDEX messages_sender ON messages (sender_id, chat_id, message_id);

CREATE TABLE hidden_messages (
    user_id    BIGINT NOT NULL,
    chat_id    BIGINT NOT NULL,
    message_id BIGINT NOT NULL,
    PRIMARY KEY (user_id, chat_id, message_id)
);

CREATE INDEX hidden_messages_chat ON hidden_messages (chat_id);

CREATE TABLE sent_random_ids (
    user_id    BIGINT NOT NULL,
    random_id  BIGINT NOT NULL,
    chat_id    BIGINT NOT NULL,
    message_id BIGINT NOT NULL,
    pts        BIGINT NOT NULL,
    date       BIGINT NOT NULL,
    PRIMARY KEY (user_id, random_id)
);

CREATE INDEX sent_random_ids_date ON sent_random_ids (date);

CREATE TABLE user_sync_state (
    user_id     BIGINT NOT NULL PRIMARY KEY,
    pts         BIGINT NOT NULL DEFAULT 0,
    trimmed_pts BIGINT NOT NULL DEFAULT 0
);

CREATE TABLE update_log (
    user_id BIGINT NOT NULL,
    pts     BIGINT NOT NULL,
    kind    TEXT   NOT NULL,
    chat_id BIGINT NOT NULL,
    seq     BIGINT,
    payload TEXT,
    date    BIGINT NOT NULL,
    PRIMARY KEY (user_id, pts)
);

CREATE INDEX update_log_date ON update_log (date);

CREATE TABLE blocks (
    user_id         BIGINT NOT NULL,
    blocked_user_id BIGINT NOT NULL,
    date            BIGINT NOT NULL,
    PRIMARY KEY (user_id, blocked_user_id)
);

CREATE INDEX blocks_blocked ON blocks (blocked_user_id);
