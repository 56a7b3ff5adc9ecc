-- End-to-end encryption: the MLS delivery service (docs/protocol/e2e.md). Portable SQL (SQLite and PostgreSQL).
-- Keys lead with the shard key: chat_id for group data, user_id for device data. Each table's keys and lifecycle are
-- documented by the store that owns it (ChatStore for chats.e2e, MessageStore for messages.ciphertext, DeviceStore
-- for e2e_device_keys and e2e_key_packages, GroupStore for the other e2e_* tables).

-- An end-to-end encrypted chat is a chat with this flag; its messages carry ciphertext instead of text.
ALTER TABLE chats ADD COLUMN e2e INTEGER NOT NULL DEFAULT 0;
ALTER TABLE messages ADD COLUMN ciphertext TEXT;

-- Append-only device key history: a new key for a device is a new row with the next key_version, never an update.
CREATE TABLE e2e_device_keys (
    user_id      BIGINT  NOT NULL,
    device_id    BIGINT  NOT NULL,
    key_version  INTEGER NOT NULL,
    session_id   BIGINT  NOT NULL,
    identity_key TEXT    NOT NULL,
    created_at   BIGINT  NOT NULL,
    PRIMARY KEY (user_id, device_id, key_version)
);

CREATE INDEX e2e_device_keys_session ON e2e_device_keys (user_id, session_id);
-- Welcomes name their recipients by device id alone (device ids are global).
CREATE INDEX e2e_device_keys_device ON e2e_device_keys (device_id);

CREATE TABLE e2e_key_packages (
    user_id     BIGINT  NOT NULL,
    device_id   BIGINT  NOT NULL,
    package_id  BIGINT  NOT NULL,
    last_resort INTEGER NOT NULL,
    data        TEXT    NOT NULL,
    created_at  BIGINT  NOT NULL,
    PRIMARY KEY (user_id, device_id, package_id)
);

CREATE TABLE e2e_groups (
    chat_id       BIGINT  NOT NULL PRIMARY KEY,
    group_id      TEXT    NOT NULL,
    epoch         BIGINT  NOT NULL,
    timer_seconds INTEGER NOT NULL DEFAULT 0,
    timer_set_by  BIGINT  NOT NULL DEFAULT 0
);

CREATE TABLE e2e_handshakes (
    chat_id      BIGINT NOT NULL,
    seq          BIGINT NOT NULL,
    epoch        BIGINT NOT NULL,
    content_type TEXT   NOT NULL CHECK (content_type IN ('proposal', 'commit')),
    sender_id    BIGINT NOT NULL,
    random_id    BIGINT NOT NULL,
    message      TEXT   NOT NULL,
    date         BIGINT NOT NULL,
    PRIMARY KEY (chat_id, seq)
);

-- Exactly-once handshakes: a retried send finds the accepted original.
CREATE UNIQUE INDEX e2e_handshakes_random ON e2e_handshakes (chat_id, sender_id, random_id);
CREATE INDEX e2e_handshakes_date ON e2e_handshakes (date);

CREATE TABLE e2e_welcomes (
    chat_id    BIGINT NOT NULL,
    welcome_id BIGINT NOT NULL,
    epoch      BIGINT NOT NULL,
    message    TEXT   NOT NULL,
    date       BIGINT NOT NULL,
    PRIMARY KEY (chat_id, welcome_id)
);

CREATE INDEX e2e_welcomes_date ON e2e_welcomes (date);

CREATE TABLE e2e_welcome_recipients (
    user_id    BIGINT NOT NULL,
    device_id  BIGINT NOT NULL,
    welcome_id BIGINT NOT NULL,
    chat_id    BIGINT NOT NULL,
    PRIMARY KEY (user_id, device_id, welcome_id)
);

CREATE INDEX e2e_welcome_recipients_chat ON e2e_welcome_recipients (chat_id, welcome_id);
