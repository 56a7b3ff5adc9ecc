-- Channel subscribers who comment in a post's thread of the linked discussion group without being members of the
-- group (docs/protocol/channels.md, "Discussion groups"). The row holds what chat_members holds for a member's
-- moderation: a restriction and the slow-mode clock, so an admin's restriction and the group's slow mode bind a
-- commenter exactly as a member. No role, no read pointer, no unread count: a commenter is not in the group.
-- Portable SQL (SQLite and PostgreSQL). Deleted with the chat and with the account.
CREATE TABLE chat_commenters (
    chat_id                BIGINT  NOT NULL,
    user_id                BIGINT  NOT NULL,
    first_at               BIGINT  NOT NULL,
    last_post_at           BIGINT  NOT NULL DEFAULT 0,
    restricted_permissions INTEGER,
    restricted_until       BIGINT  NOT NULL DEFAULT 0,
    PRIMARY KEY (chat_id, user_id)
);

CREATE INDEX chat_commenters_user ON chat_commenters (user_id);

-- A comment's reply target → its thread (is this group message the root of a channel post's thread?).
CREATE INDEX discussion_threads_root ON discussion_threads (group_id, root_id);
