-- A channel's linked discussion group and the comment threads of its posts (docs/protocol/channels.md,
-- "Discussion groups"). Portable SQL (SQLite and PostgreSQL).
-- One group per channel and one channel per group (both unique).
CREATE TABLE channel_discussions (
    channel_id BIGINT NOT NULL PRIMARY KEY,
    group_id   BIGINT NOT NULL
);

CREATE UNIQUE INDEX channel_discussions_group ON channel_discussions (group_id);

-- Each channel post mirrored into the group: the group message (root_id) is the root of the post's comment thread;
-- comments are the group's messages replying to it (messages.reply_to_id, counted through messages_reply).
CREATE TABLE discussion_threads (
    channel_id BIGINT NOT NULL,
    post_id    BIGINT NOT NULL,
    group_id   BIGINT NOT NULL,
    root_id    BIGINT NOT NULL,
    PRIMARY KEY (channel_id, post_id)
);

CREATE INDEX messages_reply ON messages (chat_id, reply_to_id);
