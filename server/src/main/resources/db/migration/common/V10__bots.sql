-- Bots of the Telegram-compatible Bot API (dev.parley.server.bot.BotStore documents keys and lifecycle).
-- Portable SQL: runs unchanged on SQLite and PostgreSQL. Every key leads with bot_id, the bot's user_id (shard key of
-- user data), except bot_reply_markup, which is chat data and leads with chat_id.

CREATE TABLE bots (
    bot_id                  BIGINT  NOT NULL PRIMARY KEY,
    owner_id                BIGINT  NOT NULL,
    token_hash              TEXT    NOT NULL,
    privacy_mode            INTEGER NOT NULL,
    synced_pts              BIGINT  NOT NULL,
    last_update_id          BIGINT  NOT NULL,
    allowed_updates         TEXT,
    webhook_url             TEXT,
    webhook_secret          TEXT,
    webhook_last_error_date BIGINT,
    webhook_last_error_text TEXT,
    created_at              BIGINT  NOT NULL
);

CREATE INDEX bots_owner ON bots (owner_id, bot_id);

CREATE TABLE bot_updates (
    bot_id     BIGINT NOT NULL,
    update_id  BIGINT NOT NULL,
    kind       TEXT   NOT NULL,
    payload    TEXT   NOT NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (bot_id, update_id)
);

CREATE TABLE bot_commands (
    bot_id      BIGINT  NOT NULL,
    position    INTEGER NOT NULL,
    command     TEXT    NOT NULL,
    description TEXT    NOT NULL,
    PRIMARY KEY (bot_id, position)
);

CREATE TABLE bot_reply_markup (
    chat_id    BIGINT NOT NULL,
    message_id BIGINT NOT NULL,
    bot_id     BIGINT NOT NULL,
    markup     TEXT   NOT NULL,
    PRIMARY KEY (chat_id, message_id)
);
