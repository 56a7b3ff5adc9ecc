-- Polls (docs/protocol/posts.md): a poll is a message (its text is the question) plus these rows. Voter counts are
-- aggregated per option and per poll, so rendering results never counts votes. Portable SQL.
-- correct_option: the quiz answer (NULL for regular polls). close_date 0 = no scheduled close.
CREATE TABLE polls (
    chat_id         BIGINT  NOT NULL,
    message_id      BIGINT  NOT NULL,
    question        TEXT    NOT NULL,
    quiz            INTEGER NOT NULL,
    anonymous       INTEGER NOT NULL,
    multiple_choice INTEGER NOT NULL,
    correct_option  INTEGER,
    explanation     TEXT,
    close_date      BIGINT  NOT NULL,
    closed          INTEGER NOT NULL DEFAULT 0,
    total_voters    INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (chat_id, message_id)
);

CREATE TABLE poll_options (
    chat_id      BIGINT  NOT NULL,
    message_id   BIGINT  NOT NULL,
    option_index INTEGER NOT NULL,
    text         TEXT    NOT NULL,
    voters       INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (chat_id, message_id, option_index)
);

-- One row per chosen option; date orders the voters list.
CREATE TABLE poll_votes (
    chat_id      BIGINT  NOT NULL,
    message_id   BIGINT  NOT NULL,
    user_id      BIGINT  NOT NULL,
    option_index INTEGER NOT NULL,
    date         BIGINT  NOT NULL,
    PRIMARY KEY (chat_id, message_id, user_id, option_index)
);

-- Finds an account's votes when the account is erased.
CREATE INDEX poll_votes_user ON poll_votes (user_id);
