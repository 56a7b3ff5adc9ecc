package dev.parley.server.account;

import dev.parley.protocol.ErrorCode;
import dev.parley.protocol.ParleyException;
import dev.parley.server.db.Database;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.StatementException;

/**
 * SQL for accounts and sessions (migration {@code V1__accounts.sql}). Every read runs through
 * {@link Database#read}, every write through {@link Database#write}; nothing slow (such as Argon2) ever runs inside a
 * transaction, because SQLite's writes share one thread.
 *
 * <h2>{@code users}: one row per account</h2>
 * <ul>
 *   <li>{@code user_id} BIGINT, primary key: from {@link dev.parley.server.db.IdGenerator} (time-ordered, reveals no
 *       account count). Shard key of all user data.</li>
 *   <li>{@code username} TEXT, unique: canonical lower case, 5–32 of {@code [a-z0-9_]}. The unique index is what
 *       decides a registration race; the loser gets {@code USERNAME_TAKEN}.</li>
 *   <li>{@code display_name} TEXT; {@code password_hash} TEXT, a PHC string ({@link PasswordHasher}); {@code kind}
 *       {@code 'user'} or {@code 'bot'}; {@code created_at} BIGINT, Unix seconds.</li>
 * </ul>
 *
 * <h2>{@code sessions}: one row per logged-in device</h2>
 * <ul>
 *   <li>Primary key ({@code user_id}, {@code session_id}), leading with the shard key; {@code session_id} (from the
 *       id generator) is also unique on its own.</li>
 *   <li>{@code token_hash} TEXT, unique: hex SHA-256 of the bearer token ({@link SessionTokens}); the token itself is
 *       never stored.</li>
 *   <li>{@code device_name} TEXT; {@code created_at} and {@code last_active_at} BIGINT, Unix seconds;
 *       {@code last_active_at} is refreshed at most once a minute per session.</li>
 * </ul>
 *
 * <p>Sharding: both tables distribute by {@code user_id}. The global unique indexes ({@code users.username},
 * {@code sessions.session_id}, {@code sessions.token_hash}) do not include it; a distributed (Citus) deployment turns
 * them into small lookup tables keyed by username and token hash, which is why all access goes through this class.
 *
 * <p>Lifecycle: a user row is created by {@code auth.register} together with its first session; sessions are created
 * by register and login and deleted by logout, {@code account.revokeSession} and {@code account.changePassword} (all
 * other sessions). {@code account.delete} removes the sessions, every other feature's rows (through
 * {@link AccountErasure}) and the user row in one transaction. Nothing is soft-deleted.
 */
public final class AccountStore {
    private final Database database;

    public AccountStore(Database database) {
        this.database = Objects.requireNonNull(database, "database");
    }

    /** What login needs: the account and its password hash. */
    public record Credentials(long userId, String username, String passwordHash) {}

    /** One session row without its token hash. */
    public record SessionRow(long userId, long sessionId, String deviceName, long createdAt, long lastActiveAt) {}

    /** An account row to insert. */
    public record NewUser(long userId, String username, String displayName, String passwordHash, String kind,
            long createdAt) {}

    /** A session row to insert; {@code tokenHash} is {@link SessionTokens#hash} of the token handed to the client. */
    public record NewSession(long userId, long sessionId, String tokenHash, String deviceName, long createdAt) {}

    public Optional<Credentials> credentialsByUsername(String canonicalUsername) {
        return database.read(h -> h.createQuery(
                        "SELECT user_id, username, password_hash FROM users WHERE username = :username")
                .bind("username", canonicalUsername)
                .map((rs, ctx) -> new Credentials(rs.getLong(1), rs.getString(2), rs.getString(3)))
                .findOne());
    }

    public Optional<Credentials> credentialsById(long userId) {
        return database.read(h -> h.createQuery(
                        "SELECT user_id, username, password_hash FROM users WHERE user_id = :userId")
                .bind("userId", userId)
                .map((rs, ctx) -> new Credentials(rs.getLong(1), rs.getString(2), rs.getString(3)))
                .findOne());
    }

    public boolean usernameExists(String canonicalUsername) {
        return database.read(h -> h.createQuery("SELECT COUNT(*) FROM users WHERE username = :username")
                .bind("username", canonicalUsername)
                .mapTo(Long.class)
                .one() > 0);
    }

    /**
     * Inserts the account and its first session in one transaction.
     *
     * @throws ParleyException {@code USERNAME_TAKEN} if the username exists, including when a concurrent registration
     *     won the race (detected by the unique index, so both dialects agree)
     */
    public void createAccount(NewUser user, NewSession session) {
        database.write(h -> {
            insertUser(h, user);
            insertSession(h, session);
            return null;
        });
    }

    /** Inserts the user row; a lost registration race surfaces as the unique index's violation on both dialects. */
    private static void insertUser(org.jdbi.v3.core.Handle h, NewUser user) {
        try {
            h.createUpdate("""
                    INSERT INTO users (user_id, username, display_name, password_hash, kind, created_at)
                    VALUES (:userId, :username, :displayName, :passwordHash, :kind, :createdAt)""")
                    .bindMethods(user)
                    .execute();
        } catch (StatementException e) {
            if (isUniqueViolation(e)) {
                throw new ParleyException(ErrorCode.USERNAME_TAKEN, "username is taken");
            }
            throw e;
        }
    }

    /**
     * Inserts an account without a session (a bot: it authenticates with its own token, never with a session) and
     * runs {@code sameTransaction} in the same transaction, so the owning feature's rows exist exactly when it does.
     *
     * @throws ParleyException {@code USERNAME_TAKEN} as {@link #createAccount} does
     */
    public void createAccountWithoutSession(NewUser user, AccountCreation sameTransaction) {
        database.write(h -> {
            insertUser(h, user);
            sameTransaction.created(h, user.userId());
            return null;
        });
    }

    /**
     * Inserts a session for an account whose password hash is still {@code verifiedHash}, replacing that hash by
     * {@code upgradedHash} when given (same password, current Argon2 parameters).
     *
     * @throws ParleyException {@code AUTH_FAILED} if the password changed (or the account went) since verification
     */
    public void createSession(NewSession session, String verifiedHash, Optional<String> upgradedHash) {
        database.write(h -> {
            String current = h.createQuery("SELECT password_hash FROM users WHERE user_id = :userId")
                    .bind("userId", session.userId())
                    .mapTo(String.class)
                    .findOne()
                    .orElse("");
            if (!current.equals(verifiedHash)) {
                throw new ParleyException(ErrorCode.AUTH_FAILED, "wrong username or password");
            }
            upgradedHash.ifPresent(hash -> h.createUpdate(
                            "UPDATE users SET password_hash = :hash WHERE user_id = :userId")
                    .bind("hash", hash)
                    .bind("userId", session.userId())
                    .execute());
            insertSession(h, session);
            return null;
        });
    }

    private static void insertSession(Handle h, NewSession session) {
        h.createUpdate("""
                INSERT INTO sessions (user_id, session_id, token_hash, device_name, created_at, last_active_at)
                VALUES (:userId, :sessionId, :tokenHash, :deviceName, :createdAt, :createdAt)""")
                .bindMethods(session)
                .execute();
    }

    public Optional<SessionRow> sessionByTokenHash(String tokenHash) {
        return database.read(h -> h.createQuery("""
                        SELECT user_id, session_id, device_name, created_at, last_active_at
                        FROM sessions WHERE token_hash = :tokenHash""")
                .bind("tokenHash", tokenHash)
                .map((rs, ctx) -> new SessionRow(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getLong(4),
                        rs.getLong(5)))
                .findOne());
    }

    /** Sets {@code last_active_at} unless another request already moved it past {@code staleBefore}. */
    public void touchSession(long userId, long sessionId, long now, long staleBefore) {
        database.write(h -> h.createUpdate("""
                        UPDATE sessions SET last_active_at = :now
                        WHERE user_id = :userId AND session_id = :sessionId AND last_active_at < :staleBefore""")
                .bind("now", now)
                .bind("userId", userId)
                .bind("sessionId", sessionId)
                .bind("staleBefore", staleBefore)
                .execute());
    }

    public List<SessionRow> sessionsOf(long userId) {
        return database.read(h -> h.createQuery("""
                        SELECT user_id, session_id, device_name, created_at, last_active_at
                        FROM sessions WHERE user_id = :userId ORDER BY created_at, session_id""")
                .bind("userId", userId)
                .map((rs, ctx) -> new SessionRow(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getLong(4),
                        rs.getLong(5)))
                .list());
    }

    /** Deletes one session of the user; false if the user has no such session (whoever else might). */
    public boolean deleteSession(long userId, long sessionId) {
        return database.write(h -> h.createUpdate(
                        "DELETE FROM sessions WHERE user_id = :userId AND session_id = :sessionId")
                .bind("userId", userId)
                .bind("sessionId", sessionId)
                .execute()) > 0;
    }

    /**
     * Replaces the password hash if it is still {@code expectedHash} (a concurrent change wins, this one fails) and
     * deletes every session of the user except {@code keptSessionId}.
     *
     * @return the ids of the deleted sessions
     * @throws ParleyException {@code AUTH_FAILED} if the password changed since it was verified
     */
    public List<Long> changePassword(long userId, String expectedHash, String newHash, long keptSessionId) {
        return database.write(h -> {
            int updated = h.createUpdate("""
                            UPDATE users SET password_hash = :newHash
                            WHERE user_id = :userId AND password_hash = :expectedHash""")
                    .bind("newHash", newHash)
                    .bind("userId", userId)
                    .bind("expectedHash", expectedHash)
                    .execute();
            if (updated == 0) {
                throw new ParleyException(ErrorCode.AUTH_FAILED, "wrong password");
            }
            List<Long> revoked = h.createQuery(
                            "SELECT session_id FROM sessions WHERE user_id = :userId AND session_id <> :kept")
                    .bind("userId", userId)
                    .bind("kept", keptSessionId)
                    .mapTo(Long.class)
                    .list();
            h.createUpdate("DELETE FROM sessions WHERE user_id = :userId AND session_id <> :kept")
                    .bind("userId", userId)
                    .bind("kept", keptSessionId)
                    .execute();
            return revoked;
        });
    }

    /**
     * Erases the account in one transaction: every other feature's rows first (they may reference the user row),
     * then the sessions, then the user row. Fails, changing nothing, if the password hash is no longer
     * {@code expectedHash}.
     *
     * @return the ids of the deleted sessions
     */
    public List<Long> deleteAccount(long userId, String expectedHash, List<AccountErasure> erasures) {
        return database.write(h -> {
            boolean unchanged = h.createQuery(
                            "SELECT COUNT(*) FROM users WHERE user_id = :userId AND password_hash = :expectedHash")
                    .bind("userId", userId)
                    .bind("expectedHash", expectedHash)
                    .mapTo(Long.class)
                    .one() > 0;
            if (!unchanged) {
                throw new ParleyException(ErrorCode.AUTH_FAILED, "wrong password");
            }
            for (AccountErasure erasure : erasures) {
                erasure.eraseAccount(h, userId);
            }
            List<Long> sessions = h.createQuery("SELECT session_id FROM sessions WHERE user_id = :userId")
                    .bind("userId", userId)
                    .mapTo(Long.class)
                    .list();
            deleteAccountRows(h, userId);
            return sessions;
        });
    }

    /** The account's sessions and user row, inside the caller's transaction. */
    void deleteAccountRows(Handle h, long userId) {
        h.createUpdate("DELETE FROM sessions WHERE user_id = :userId").bind("userId", userId).execute();
        h.createUpdate("DELETE FROM users WHERE user_id = :userId").bind("userId", userId).execute();
    }

    /** The account row behind {@code account.getMe}: profile plus creation time. */
    public record UserRow(UserProfile profile, long createdAt) {}

    public Optional<UserRow> userById(long userId) {
        return database.read(h -> h.createQuery("""
                        SELECT user_id, username, display_name, kind, created_at FROM users WHERE user_id = :userId""")
                .bind("userId", userId)
                .map((rs, ctx) -> new UserRow(new UserProfile(rs.getLong(1), rs.getString(2), rs.getString(3),
                        rs.getString(4)), rs.getLong(5)))
                .findOne());
    }

    public Optional<UserProfile> profileByUsername(String canonicalUsername) {
        return database.read(h -> h.createQuery(
                        "SELECT user_id, username, display_name, kind FROM users WHERE username = :username")
                .bind("username", canonicalUsername)
                .map((rs, ctx) -> new UserProfile(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4)))
                .findOne());
    }

    /** Profiles of the given ids that exist, in chunks so no statement exceeds the drivers' parameter limits. */
    public Map<Long, UserProfile> profilesByIds(Collection<Long> userIds) {
        List<Long> ids = userIds.stream().distinct().toList();
        Map<Long, UserProfile> found = new HashMap<>();
        for (int from = 0; from < ids.size(); from += 500) {
            List<Long> chunk = new ArrayList<>(ids.subList(from, Math.min(ids.size(), from + 500)));
            database.read(h -> h.createQuery(
                            "SELECT user_id, username, display_name, kind FROM users WHERE user_id IN (<ids>)")
                    .bindList("ids", chunk)
                    .map((rs, ctx) -> new UserProfile(rs.getLong(1), rs.getString(2), rs.getString(3),
                            rs.getString(4)))
                    .list())
                    .forEach(profile -> found.put(profile.userId(), profile));
        }
        return found;
    }

    /**
     * A unique-constraint violation in either dialect: PostgreSQL reports SQLState 23505; the SQLite driver reports
     * result code 19 (SQLITE_CONSTRAINT) with a "UNIQUE constraint failed" message.
     */
    static boolean isUniqueViolation(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql) {
                if ("23505".equals(sql.getSQLState())) {
                    return true;
                }
                String message = sql.getMessage();
                if (sql.getErrorCode() == 19 && message != null && message.contains("UNIQUE")) {
                    return true;
                }
            }
        }
        return false;
    }
}
