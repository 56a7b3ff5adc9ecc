package dev.parley.server.account;

import dev.parley.protocol.ErrorCode;
import dev.parley.protocol.ParleyException;
import dev.parley.protocol.account.AuthMethods;
import dev.parley.server.db.IdGenerator;
import dev.parley.server.gateway.AuthSession;
import dev.parley.server.gateway.ConnectionRegistry;
import dev.parley.server.gateway.SessionAuthenticator;
import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * Accounts and device sessions: registration, login with throttling, logout, session listing and revocation,
 * password change and account deletion; also resolves bearer tokens for the gateway and answers other features'
 * profile look-ups. Password hashing always runs outside database transactions (it is slow on purpose), and live
 * connections of removed sessions are closed only after the removal committed.
 */
public final class AccountService implements SessionAuthenticator {
    /** {@code last_active_at} is written at most this often per session, so requests do not each cost a write. */
    static final long TOUCH_INTERVAL_SECONDS = 60;
    static final String WRONG_CREDENTIALS = "wrong username or password";

    private final AccountStore store;
    private final PasswordHasher passwords;
    private final SessionTokens tokens;
    private final LoginThrottle throttle;
    private final IdGenerator ids;
    private final Clock clock;
    private final ConnectionRegistry connections;
    private final List<AccountErasure> erasures;

    public AccountService(AccountStore store, PasswordHasher passwords, SessionTokens tokens, LoginThrottle throttle,
            IdGenerator ids, Clock clock, ConnectionRegistry connections, List<AccountErasure> erasures) {
        this.store = Objects.requireNonNull(store, "store");
        this.passwords = Objects.requireNonNull(passwords, "passwords");
        this.tokens = Objects.requireNonNull(tokens, "tokens");
        this.throttle = Objects.requireNonNull(throttle, "throttle");
        this.ids = Objects.requireNonNull(ids, "ids");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.connections = Objects.requireNonNull(connections, "connections");
        this.erasures = List.copyOf(erasures);
    }

    /** {@code auth.register}: creates the account and its first session. */
    public AuthMethods.AuthResult register(AuthMethods.Register params) {
        // Checked first only to spare the Argon2 work in the common case; the unique index decides races.
        if (store.usernameExists(params.username())) {
            throw new ParleyException(ErrorCode.USERNAME_TAKEN, "username is taken");
        }
        String hash = passwords.hash(params.password());
        long now = nowSeconds();
        long userId = ids.next();
        String token = tokens.newToken();
        AccountStore.NewSession session = new AccountStore.NewSession(userId, ids.next(), SessionTokens.hash(token),
                params.deviceName(), now);
        store.createAccount(new AccountStore.NewUser(userId, params.username(), params.displayName(), hash,
                UserProfile.KIND_USER, now), session);
        return new AuthMethods.AuthResult(userId, token, session.sessionId());
    }

    /**
     * {@code auth.login}: a new session for a new device. Unknown usernames and wrong passwords get the same answer,
     * the same throttling and the same Argon2 work.
     */
    public AuthMethods.AuthResult login(AuthMethods.Login params, String clientAddress) {
        Optional<AccountStore.Credentials> account = verifiedCredentials(
                params.username(), params.password(), clientAddress);
        AccountStore.Credentials credentials = account.orElseThrow(
                () -> new ParleyException(ErrorCode.AUTH_FAILED, WRONG_CREDENTIALS));
        Optional<String> upgraded = passwords.needsRehash(credentials.passwordHash())
                ? Optional.of(passwords.hash(params.password())) : Optional.empty();
        String token = tokens.newToken();
        AccountStore.NewSession session = new AccountStore.NewSession(credentials.userId(), ids.next(),
                SessionTokens.hash(token), params.deviceName(), nowSeconds());
        store.createSession(session, credentials.passwordHash(), upgraded);
        return new AuthMethods.AuthResult(credentials.userId(), token, session.sessionId());
    }

    /** {@code auth.logout}: revokes the caller's own session and closes its connections. */
    public void logout(AuthSession caller) {
        revokeSession(caller, caller.sessionId());
    }

    /** {@code account.getMe}. */
    public AuthMethods.Me me(AuthSession caller) {
        AccountStore.UserRow row = store.userById(caller.userId())
                .orElseThrow(() -> new ParleyException(ErrorCode.SESSION_REVOKED, "the account no longer exists"));
        return new AuthMethods.Me(row.profile().userId(), row.profile().username(), row.profile().displayName(),
                row.createdAt());
    }

    /** {@code account.getSessions}: the caller's sessions, oldest first, the calling one flagged {@code current}. */
    public AuthMethods.Sessions sessions(AuthSession caller) {
        return new AuthMethods.Sessions(store.sessionsOf(caller.userId()).stream()
                .map(s -> new AuthMethods.SessionInfo(s.sessionId(), s.deviceName(), s.createdAt(), s.lastActiveAt(),
                        s.sessionId() == caller.sessionId()))
                .toList());
    }

    /**
     * {@code account.revokeSession}: only the caller's own sessions; another user's session id is answered exactly
     * like an id that does not exist.
     */
    public void revokeSession(AuthSession caller, long sessionId) {
        if (!store.deleteSession(caller.userId(), sessionId)) {
            throw new ParleyException(ErrorCode.SESSION_NOT_FOUND, "no such session");
        }
        connections.closeSessions(caller.userId(), List.of(sessionId), "session revoked");
    }

    /** {@code account.changePassword}: needs the old password; every other session of the account is revoked. */
    public void changePassword(AuthSession caller, AuthMethods.ChangePassword params, String clientAddress) {
        AccountStore.Credentials credentials = reverify(caller, params.oldPassword(), clientAddress);
        String newHash = passwords.hash(params.newPassword());
        List<Long> revoked = store.changePassword(caller.userId(), credentials.passwordHash(), newHash,
                caller.sessionId());
        connections.closeSessions(caller.userId(), revoked, "password changed");
    }

    /** {@code account.delete}: needs the password; erases every row of the account, then drops its connections. */
    public void deleteAccount(AuthSession caller, AuthMethods.DeleteAccount params, String clientAddress) {
        AccountStore.Credentials credentials = reverify(caller, params.password(), clientAddress);
        List<Long> sessions = store.deleteAccount(caller.userId(), credentials.passwordHash(), erasures);
        connections.closeSessions(caller.userId(), sessions, "account deleted");
    }

    /** Resolves a bearer token to its session; refreshes {@code last_active_at} when it is a minute old. */
    @Override
    public Optional<AuthSession> authenticate(String token) {
        if (token == null || token.isEmpty() || token.length() > 128) {
            return Optional.empty();
        }
        return store.sessionByTokenHash(SessionTokens.hash(token)).map(row -> {
            long now = nowSeconds();
            if (now - row.lastActiveAt() >= TOUCH_INTERVAL_SECONDS) {
                store.touchSession(row.userId(), row.sessionId(), now, now - TOUCH_INTERVAL_SECONDS + 1);
            }
            return new AuthSession(row.userId(), row.sessionId());
        });
    }

    /**
     * Creates an account of kind {@code bot} with no session and a password nobody knows (random, hashed like any
     * other, so the login path needs no special case and can never succeed). {@code sameTransaction} receives the new
     * user id and writes the bot feature's rows in the same transaction.
     */
    public long createBotAccount(String canonicalUsername, String displayName, AccountCreation sameTransaction) {
        if (store.usernameExists(canonicalUsername)) {
            throw new ParleyException(ErrorCode.USERNAME_TAKEN, "username is taken");
        }
        String hash = passwords.hash(tokens.newToken());
        long userId = ids.next();
        store.createAccountWithoutSession(new AccountStore.NewUser(userId, canonicalUsername, displayName, hash,
                UserProfile.KIND_BOT, nowSeconds()), sameTransaction);
        return userId;
    }

    /**
     * Deletes another account's sessions and user row inside an account-deletion transaction: for accounts that go
     * with the deleted one (its bots), after their features' rows were erased.
     */
    public void eraseAccountRows(Handle h, long userId) {
        store.deleteAccountRows(h, userId);
    }

    public Optional<UserProfile> findById(long userId) {
        return store.userById(userId).map(AccountStore.UserRow::profile);
    }

    /** Looks up by canonical (lower-case) username; other spellings never match. */
    public Optional<UserProfile> findByUsername(String canonicalUsername) {
        return store.profileByUsername(canonicalUsername);
    }

    /** Profiles of the ids that exist; missing ids are simply absent from the map. */
    public Map<Long, UserProfile> findByIds(Collection<Long> userIds) {
        return userIds.isEmpty() ? Map.of() : store.profilesByIds(userIds);
    }

    /** Re-proves the password of a logged-in user, throttled like a login so a stolen token cannot guess it. */
    private AccountStore.Credentials reverify(AuthSession caller, String password, String clientAddress) {
        AccountStore.Credentials credentials = store.credentialsById(caller.userId())
                .orElseThrow(() -> new ParleyException(ErrorCode.SESSION_REVOKED, "the account no longer exists"));
        return verifiedCredentials(credentials.username(), password, clientAddress)
                .orElseThrow(() -> new ParleyException(ErrorCode.AUTH_FAILED, "wrong password"));
    }

    private Optional<AccountStore.Credentials> verifiedCredentials(String canonicalUsername, String password,
            String clientAddress) {
        LoginThrottle.Attempt attempt = throttle.begin(canonicalUsername, clientAddress);
        Optional<AccountStore.Credentials> account = store.credentialsByUsername(canonicalUsername);
        boolean valid = account.isPresent()
                ? passwords.verify(password, account.get().passwordHash())
                : passwords.verifyAgainstDummy(password);
        if (!valid) {
            return Optional.empty();
        }
        throttle.succeeded(attempt);
        return account;
    }

    private long nowSeconds() {
        return clock.instant().getEpochSecond();
    }
}
