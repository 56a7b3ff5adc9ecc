-- Reactions and view counters of messages (docs/protocol/posts.md). Portable SQL (SQLite and PostgreSQL).
-- Everything here is per post or per (post, account), never per chat member: a post in a channel with a million
-- subscribers writes none of these rows; each reaction or first view writes its own row plus one counter update.

-- The reactions a chat allows, as a JSON array of strings; no row = the default set, an empty array = off.
CREATE TABLE chat_reaction_settings (
    chat_id BIGINT NOT NULL PRIMARY KEY,
    allowed TEXT   NOT NULL
);

-- One reaction per account per message (changing it replaces the row).
CREATE TABLE message_reactions (
    chat_id    BIGINT NOT NULL,
    message_id BIGINT NOT NULL,
    user_id    BIGINT NOT NULL,
    reaction   TEXT   NOT NULL,
    date       BIGINT NOT NULL,
    PRIMARY KEY (chat_id, message_id, user_id)
);

-- Finds an account's reactions when the account is erased.
CREATE INDEX message_reactions_user ON message_reactions (user_id);

-- Aggregated counts, so rendering a message never counts the rows above; a count that reaches 0 is deleted.
CREATE TABLE message_reaction_counts (
    chat_id    BIGINT  NOT NULL,
    message_id BIGINT  NOT NULL,
    reaction   TEXT    NOT NULL,
    count      INTEGER NOT NULL,
    PRIMARY KEY (chat_id, message_id, reaction)
);

-- Who has viewed a message (each account counts once) and the aggregated count.
CREATE TABLE message_viewers (
    chat_id    BIGINT NOT NULL,
    message_id BIGINT NOT NULL,
    user_id    BIGINT NOT NULL,
    PRIMARY KEY (chat_id, message_id, user_id)
);

CREATE INDEX message_viewers_user ON message_viewers (user_id);

CREATE TABLE message_view_counts (
    chat_id    BIGINT  NOT NULL,
    message_id BIGINT  NOT NULL,
    views      INTEGER NOT NULL,
    PRIMARY KEY (chat_id, message_id)
);
