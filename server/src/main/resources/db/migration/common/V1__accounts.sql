-- Accounts and their device sessions (dev.parley.server.account.AccountStore documents keys and lifecycle).
-- Portable SQL: runs unchanged on SQLite and PostgreSQL. Every key leads with user_id, the shard key of user data.

CREATE TABLE users (
    user_id       BIGINT  NOT NULL PRIMARY KEY,
    username      TEXT    NOT NULL,
    display_name  TEXT    NOT NULL,
    password_hash TEXT    NOT NULL,
    kind          TEXT    NOT NULL CHECK (kind IN ('user', 'bot')),
    created_at    BIGINT  NOT NULL
);

-- Canonical (lower-case) usernames: uniqueness here is what makes registration race-free.
CREATE UNIQUE INDEX users_username ON users (username);

CREATE TABLE sessions (
    user_id        BIGINT NOT NULL REFERENCES users (user_id),
    session_id     BIGINT NOT NULL,
    token_hash     TEXT   NOT NULL,
    device_name    TEXT   NOT NULL,
    created_at     BIGINT NOT NULL,
    last_active_at BIGINT NOT NULL,
    PRIMARY KEY (user_id, session_id)
);

CREATE UNIQUE INDEX sessions_session_id ON sessions (session_id);
CREATE UNIQUE INDEX sessions_token_hash ON sessions (token_hash);
