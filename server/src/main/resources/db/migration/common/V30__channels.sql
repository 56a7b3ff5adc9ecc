-- Channels and large groups (docs/protocol/channels.md): two more chat kinds, fan-out on read.
-- Portable SQL (SQLite and PostgreSQL). SQLite cannot alter a CHECK constraint, so chats is rebuilt with the wider
-- kind set and the large-chat columns; it has no indexes or foreign keys to carry over.
-- username: the canonical (lower-case) public name of a supergroup or channel, its own namespace (unique among
-- chats; see docs/protocol/channels.md for why it is not shared with user names). NULL for private chats.

CREATE TABLE chats_v30 (
    chat_id          BIGINT  NOT NULL PRIMARY KEY,
    kind             TEXT    NOT NULL CHECK (kind IN ('private', 'group', 'supergroup', 'channel')),
    title            TEXT,
    seq              BIGINT  NOT NULL DEFAULT 0,
    member_count     INTEGER NOT NULL DEFAULT 0,
    last_message_id  BIGINT  NOT NULL DEFAULT 0,
    last_activity_at BIGINT  NOT NULL,
    activity_key     BIGINT  NOT NULL,
    created_at       BIGINT  NOT NULL,
    username         TEXT,
    about            TEXT,
    sign_messages    INTEGER NOT NULL DEFAULT 0
);

INSERT INTO chats_v30 (chat_id, kind, title, seq, member_count, last_message_id, last_activity_at, activity_key,
                       created_at)
SELECT chat_id, kind, title, seq, member_count, last_message_id, last_activity_at, activity_key, created_at
FROM chats;

DROP TABLE chats;

ALTER TABLE chats_v30 RENAME TO chats;

CREATE UNIQUE INDEX chats_username ON chats (username);

-- Channel posts: silent (no notification), the author's signature when the channel signs, and anonymous (the sender
-- is hidden from everyone but the author).
ALTER TABLE messages ADD COLUMN silent INTEGER NOT NULL DEFAULT 0;
ALTER TABLE messages ADD COLUMN author_signature TEXT;
ALTER TABLE messages ADD COLUMN anonymous INTEGER NOT NULL DEFAULT 0;
