-- The bot's status in each supergroup or channel it reads (docs/BOT_API.md, "Updates"): Telegram's ChatMember status
-- (creator, administrator, member) as of the last event the bot's queue read there. Kept so that when the bot loses
-- access (removed, banned) and can no longer read the chat, its my_chat_member update can say what it was.
-- Portable SQL (SQLite and PostgreSQL). Rows that predate this column read as 'member'.
ALTER TABLE bot_chat_cursors ADD COLUMN status VARCHAR(16) NOT NULL DEFAULT 'member';
