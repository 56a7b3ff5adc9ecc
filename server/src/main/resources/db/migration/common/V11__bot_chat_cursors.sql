-- How far each bot has read each supergroup it is in (docs/BOT_API.md, "Updates"). Supergroups fan out on read, so
-- their events never reach the bot's own update log; the bot's update queue reads them with the chat's seq instead.
-- Portable SQL (SQLite and PostgreSQL). Bot data: the key leads with bot_id. A row is created at the chat's current
-- seq when the bot is first seen in the chat (no history replay, as in Telegram), moved in the same transaction that
-- stores the updates it produced, dropped when the bot is no longer in the chat and with the bot.
CREATE TABLE bot_chat_cursors (
    bot_id  BIGINT NOT NULL,
    chat_id BIGINT NOT NULL,
    seq     BIGINT NOT NULL,
    PRIMARY KEY (bot_id, chat_id)
);
