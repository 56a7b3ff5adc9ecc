-- Admin rights, member permissions, bans, restrictions, slow mode and the admin log of supergroups and channels
-- (docs/protocol/channels.md, "Rights and moderation"). Portable SQL (SQLite and PostgreSQL).
-- Rights and permissions are bit masks (chat.Rights documents the bits).

-- Admins' rights (owners hold every right implicitly; plain members none).
ALTER TABLE chat_members ADD COLUMN admin_rights INTEGER NOT NULL DEFAULT 0;
-- A restriction: the permissions left to the member (NULL = not restricted) until restricted_until (0 = forever).
ALTER TABLE chat_members ADD COLUMN restricted_permissions INTEGER;
ALTER TABLE chat_members ADD COLUMN restricted_until BIGINT NOT NULL DEFAULT 0;
-- When the member last posted, for slow mode (one row update per post, never per member).
ALTER TABLE chat_members ADD COLUMN last_post_at BIGINT NOT NULL DEFAULT 0;

-- What plain members may do (all four permissions by default) and the slow-mode interval in seconds (0 = off).
ALTER TABLE chats ADD COLUMN default_permissions INTEGER NOT NULL DEFAULT 15;
ALTER TABLE chats ADD COLUMN slow_mode_seconds INTEGER NOT NULL DEFAULT 0;

-- A banned user cannot rejoin until until_date (0 = forever); expired rows are removed when the user joins again.
CREATE TABLE chat_bans (
    chat_id    BIGINT NOT NULL,
    user_id    BIGINT NOT NULL,
    until_date BIGINT NOT NULL,
    banned_by  BIGINT NOT NULL,
    date       BIGINT NOT NULL,
    PRIMARY KEY (chat_id, user_id)
);

-- Moderation actions, newest first by entry_id (time-ordered ids). Deleted with the chat.
CREATE TABLE chat_admin_log (
    chat_id  BIGINT NOT NULL,
    entry_id BIGINT NOT NULL,
    actor_id BIGINT NOT NULL,
    action   TEXT   NOT NULL,
    user_id  BIGINT,
    details  TEXT,
    date     BIGINT NOT NULL,
    PRIMARY KEY (chat_id, entry_id)
);
