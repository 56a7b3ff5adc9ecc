package dev.parley.client;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.client.e2e.DecryptingListener;
import dev.parley.client.e2e.SecureChats;
import dev.parley.crypto.store.EncryptedStateStore;
import dev.parley.protocol.ErrorCode;
import dev.parley.protocol.JsonCodec;
import dev.parley.protocol.Limits;
import dev.parley.protocol.ParleyException;
import dev.parley.protocol.account.AuthMethods;
import dev.parley.protocol.account.AuthMethods.AuthResult;
import dev.parley.protocol.account.AuthMethods.HelloResult;
import dev.parley.protocol.account.AuthMethods.Me;
import dev.parley.protocol.account.AuthMethods.SessionInfo;
import dev.parley.protocol.message.MessageMethods.Sent;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * A Parley client over one WebSocket ({@code <server>/api/ws}). Typed methods cover accounts and sessions; other
 * features build their typed wrappers on {@link #call} / {@link #callAsync}. Every failure is a
 * {@link ParleyException} carrying the server's {@link ErrorCode}, or {@code TIMEOUT}, {@code UNAVAILABLE} (not
 * connected, client closed) or {@code SESSION_REVOKED} from the client itself.
 *
 * <p>The connection survives drops: the client reconnects with {@link Options#reconnect() backoff}, re-sends
 * {@code auth.hello} with the token it holds before any waiting call, and then sends the calls made meanwhile. A
 * revoked session (close code 4001) ends the client instead: see {@link ConnectionListener#onSessionRevoked}.
 * Thread-safe; one client per device session.
 */
public final class ParleyClient implements AutoCloseable {
    /**
     * @param requestTimeout how long a call waits for its reply, including time spent waiting for a reconnect
     * @param connectTimeout how long opening the socket may take
     * @param reconnect      the delay schedule between reconnect attempts
     * @param pingInterval   after this long without traffic the client pings; after twice this long it treats the
     *                       connection as dead and reconnects
     */
    public record Options(Duration requestTimeout, Duration connectTimeout, Backoff reconnect, Duration pingInterval) {
        public Options {
            Objects.requireNonNull(reconnect, "reconnect");
            if (pingInterval == null || pingInterval.toMillis() < 10) {
                throw new IllegalArgumentException("pingInterval must be at least 10 ms");
            }
            if (requestTimeout == null || requestTimeout.isNegative() || requestTimeout.isZero()) {
                throw new IllegalArgumentException("requestTimeout must be positive");
            }
            if (connectTimeout == null || connectTimeout.isNegative() || connectTimeout.isZero()) {
                throw new IllegalArgumentException("connectTimeout must be positive");
            }
        }

        /** 10 s per request, 5 s to connect, {@link Backoff#DEFAULT}, a ping after 15 s of silence. */
        public static Options defaults() {
            return new Options(Duration.ofSeconds(10), Duration.ofSeconds(5), Backoff.DEFAULT, Duration.ofSeconds(15));
        }

        public Options withRequestTimeout(Duration value) {
            return new Options(value, connectTimeout, reconnect, pingInterval);
        }

        public Options withConnectTimeout(Duration value) {
            return new Options(requestTimeout, value, reconnect, pingInterval);
        }

        public Options withReconnect(Backoff value) {
            return new Options(requestTimeout, connectTimeout, value, pingInterval);
        }

        public Options withPingInterval(Duration value) {
            return new Options(requestTimeout, connectTimeout, reconnect, value);
        }
    }

    private final URI server;
    private final JsonCodec codec;
    private final UpdateStream stream;
    private final Connection connection;
    private final SyncEngine sync;
    private final Contacts contacts;
    private final Bots bots;
    private final Chats chats;
    private final Channels channels;
    private final Posts posts;
    private final Moderation moderation;
    private final Invites invites;
    private final Discussions discussions;
    private final Community community;
    private final Messages messages;
    private final Updates updates;
    /** This device's session id once authenticated (0 before), so revoking it is treated like a logout. */
    private volatile long sessionId;
    /** End-to-end encryption of this device, once enabled. */
    private volatile SecureChats secure;

    private ParleyClient(URI server, Options options) {
        this.server = server;
        this.codec = new JsonCodec();
        this.stream = new UpdateStream("parley-client-updates");
        this.connection = new Connection(Endpoints.webSocket(server), options, codec, stream);
        // Registered before any application listener, so the engine has caught up when they hear "connected".
        this.sync = new SyncEngine(this, codec, stream);
        stream.addUpdateListener(sync);
        stream.addConnectionListener(sync);
        this.contacts = new Contacts(this);
        this.bots = new Bots(this);
        this.chats = new Chats(this);
        this.channels = new Channels(this);
        this.posts = new Posts(this);
        this.moderation = new Moderation(this);
        this.invites = new Invites(this);
        this.discussions = new Discussions(this);
        this.community = new Community(this);
        this.messages = new Messages(this);
        this.updates = new Updates(this);
    }

    /** Connects with {@link Options#defaults()}. */
    public static ParleyClient connect(URI server) {
        return connect(server, Options.defaults());
    }

    /**
     * Opens the WebSocket to a server given by its base URL (e.g. {@code http://127.0.0.1:8080}).
     *
     * @throws ParleyException {@code UNAVAILABLE} if the server cannot be reached
     */
    public static ParleyClient connect(URI server, Options options) {
        ParleyClient client = new ParleyClient(server, Objects.requireNonNull(options, "options"));
        try {
            client.connection.start();
        } catch (RuntimeException e) {
            client.close();
            throw e;
        }
        return client;
    }

    public URI server() {
        return server;
    }

    /** The token this client authenticates with, once registered, logged in or hello'd. */
    public Optional<String> token() {
        return connection.token();
    }

    /** This device's session id once registered, logged in or hello'd; 0 before. */
    public long sessionId() {
        return sessionId;
    }

    /** True while the socket is open and authenticated as far as the client's token goes. */
    public boolean isConnected() {
        return connection.isReady();
    }

    // ---- accounts and sessions ----------------------------------------------------------------------------

    /** {@code auth.register}: creates the account and a session for this device; the client keeps the token. */
    public AuthResult register(String username, String password, String displayName, String deviceName) {
        var params = new AuthMethods.Register(username, password, displayName, deviceName);
        return await(callAsync(AuthMethods.REGISTER, params, AuthResult.class, Delivery.AT_MOST_ONCE,
                this::adoptToken));
    }

    /** {@code auth.login}: opens a new session for this device; the client keeps the token. */
    public AuthResult login(String username, String password, String deviceName) {
        var params = new AuthMethods.Login(username, password, deviceName);
        return await(callAsync(AuthMethods.LOGIN, params, AuthResult.class, Delivery.AT_MOST_ONCE,
                this::adoptToken));
    }

    /** {@code auth.hello}: authenticates this connection with a stored token; the client keeps it for reconnects. */
    public HelloResult hello(String token) {
        var params = new AuthMethods.Hello(token, Limits.PROTOCOL_VERSION);
        return await(callAsync(AuthMethods.HELLO, params, HelloResult.class, Delivery.AT_LEAST_ONCE,
                result -> {
                    connection.token(token);
                    sessionId = result.path("sessionId").asLong();
                }));
    }

    /** {@code auth.logout}: ends this session; the client forgets its token and stays connected anonymously. */
    public void logout() {
        endSession(AuthMethods.LOGOUT, new AuthMethods.Empty());
    }

    /** {@code account.getMe}. */
    public Me me() {
        return call(AuthMethods.GET_ME, new AuthMethods.Empty(), Me.class);
    }

    /** {@code account.getSessions}: every live session of the account, this one marked {@code current}. */
    public List<SessionInfo> sessions() {
        return call(AuthMethods.GET_SESSIONS, new AuthMethods.Empty(), AuthMethods.Sessions.class).sessions();
    }

    /**
     * {@code account.revokeSession}: ends a session of the account; its sockets close at once. Revoking this
     * client's own session is a logout: the client forgets its token instead of reporting a revocation.
     */
    public void revokeSession(long sessionId) {
        var params = new AuthMethods.RevokeSession(sessionId);
        if (sessionId == this.sessionId) {
            endSession(AuthMethods.REVOKE_SESSION, params);
        } else {
            call(AuthMethods.REVOKE_SESSION, params, JsonNode.class);
        }
    }

    /** {@code account.changePassword}: also revokes every other session of the account. */
    public void changePassword(String oldPassword, String newPassword) {
        await(callAsync(AuthMethods.CHANGE_PASSWORD, new AuthMethods.ChangePassword(oldPassword, newPassword),
                JsonNode.class, Delivery.AT_MOST_ONCE, null));
    }

    /** {@code account.delete}: erases the account; the client forgets its token and stays connected anonymously. */
    public void deleteAccount(String password) {
        endSession(AuthMethods.DELETE, new AuthMethods.DeleteAccount(password));
    }

    /**
     * The server closes the sockets of a session that ends; when this client ends its own session that close is
     * expected. If the close overtakes the reply, the call fails with {@code SESSION_REVOKED}, which here means
     * the session did end as asked.
     */
    private void endSession(String method, Object params) {
        connection.endingSession(true);
        try {
            await(callAsync(method, params, JsonNode.class, Delivery.AT_MOST_ONCE, result -> forgetSession()));
        } catch (ParleyException e) {
            if (e.code() != ErrorCode.SESSION_REVOKED) {
                throw e;
            }
            forgetSession();
        } finally {
            connection.endingSession(false);
        }
    }

    private void forgetSession() {
        connection.token(null);
        sessionId = 0;
    }

    private void adoptToken(JsonNode result) {
        JsonNode token = result.get("token");
        if (token != null && token.isTextual()) {
            connection.token(token.asText());
            sessionId = result.path("sessionId").asLong();
        }
    }

    // ---- messaging ----------------------------------------------------------------------------------------------

    /** {@code contacts.*}: resolve usernames, block and unblock. */
    public Contacts contacts() {
        return contacts;
    }

    /** {@code bots.*}: create bots, list them, replace their Bot API tokens. */
    public Bots bots() {
        return bots;
    }

    /** {@code chats.*}: private chats, groups and their members. */
    public Chats chats() {
        return chats;
    }

    /** Supergroups and channels: create, join, topics, posting into topics, scheduled messages. */
    public Channels channels() {
        return channels;
    }

    /** Reactions, view counts, pins and polls of messages in every chat kind (docs/protocol/posts.md). */
    public Posts posts() {
        return posts;
    }

    /** Admin rights, default permissions, bans, restrictions, slow mode and the admin log of large chats. */
    public Moderation moderation() {
        return moderation;
    }

    /** Invite links of supergroups and channels, and their join requests. */
    public Invites invites() {
        return invites;
    }

    /** A channel's linked discussion group and the comment threads of its posts. */
    public Discussions discussions() {
        return discussions;
    }

    /** Events with RSVP, and reports of messages to a chat's moderators. */
    public Community community() {
        return community;
    }

    /** {@code messages.*}: send (exactly once), edit, delete, history, dialogs, read state, typing. */
    public Messages messages() {
        return messages;
    }

    /** {@code updates.*}: the raw sync methods; most applications use {@link #startSync} instead. */
    public Updates updates() {
        return updates;
    }

    /**
     * Sends a text message exactly once: encrypted with {@link SecureChats#send} in an end-to-end encrypted chat,
     * else {@link Messages#send(long, String)}.
     */
    public Sent sendMessage(long chatId, String text) {
        SecureChats e2e = secure;
        return e2e != null && e2e.isEncrypted(chatId) ? e2e.send(chatId, text) : messages.send(chatId, text);
    }

    /**
     * {@link #sendMessage(long, String)} replying to the chat's message {@code replyToId}: in an end-to-end encrypted
     * chat the reply is carried inside the encrypted payload.
     */
    public Sent sendMessage(long chatId, String text, long replyToId) {
        SecureChats e2e = secure;
        return e2e != null && e2e.isEncrypted(chatId) ? e2e.send(chatId, text, replyToId)
                : messages.send(chatId, text, Messages.newRandomId(), replyToId, null);
    }

    /**
     * Edits one of this user's messages: with {@link SecureChats#edit} (an encrypted edit the other devices apply) in
     * an end-to-end encrypted chat, else {@code messages.edit}. Returns the message as edited.
     */
    public dev.parley.protocol.message.Message editMessage(long chatId, long messageId, String text) {
        SecureChats e2e = secure;
        return e2e != null && e2e.isEncrypted(chatId) ? e2e.edit(chatId, messageId, text)
                : messages.edit(chatId, messageId, text, null).message();
    }

    // ---- end-to-end encryption ----------------------------------------------------------------------------

    /**
     * Turns on end-to-end encryption for this logged-in device, with its state kept encrypted in {@code store}
     * (one store per session): the first time, the device key is generated and registered and key packages are
     * uploaded. From then on new private chats and groups are end-to-end encrypted unless asked otherwise, sends to
     * encrypted chats are encrypted, and sync hands the listener decrypted messages. Call it before
     * {@link #startSync}.
     */
    public SecureChats enableE2e(EncryptedStateStore store) {
        return enableE2e(store, java.time.Clock.systemUTC());
    }

    /** {@link #enableE2e(EncryptedStateStore)} with the clock that schedules the device's self-updates. */
    public SecureChats enableE2e(EncryptedStateStore store, java.time.Clock clock) {
        SecureChats opened = SecureChats.open(this, Objects.requireNonNull(store, "store"), new SecureRandom(), clock);
        secure = opened;
        return opened;
    }

    /** This device's end-to-end encryption, if {@link #enableE2e} was called. */
    public Optional<SecureChats> e2e() {
        return Optional.ofNullable(secure);
    }

    /**
     * Starts gap-free sync for this (authenticated) client with a difference page of {@value #DIFFERENCE_PAGE}.
     *
     * @see #startSync(SyncStateStore, SyncListener, int)
     */
    public long startSync(SyncStateStore store, SyncListener listener) {
        return startSync(store, listener, DIFFERENCE_PAGE);
    }

    /** The page size sync asks {@code updates.getDifference} for: the server's maximum, fewest round trips. */
    public static final int DIFFERENCE_PAGE = dev.parley.protocol.sync.SyncMethods.DIFFERENCE_PAGE_MAX;

    /**
     * Starts delivering the account's updates to {@code listener}, each exactly once and in pts order, and returns
     * once the client has caught up. The pts comes from {@code store} (a device that never synced starts at the
     * server's current pts via {@code updates.getState}); the client catches up with {@code updates.getDifference}
     * ({@code pageSize} updates per page) now, after every reconnect and after a gap in the pushes, and saves the
     * pts to the store as it goes. Call it once per client, not from a listener.
     *
     * @return the pts caught up to
     * @throws ParleyException if the first catch-up fails (sync is then not running)
     * @throws IllegalStateException if sync is already running on this client
     */
    public long startSync(SyncStateStore store, SyncListener listener, int pageSize) {
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(listener, "listener");
        if (pageSize < 1 || pageSize > DIFFERENCE_PAGE) {
            throw new IllegalArgumentException("pageSize must be 1–" + DIFFERENCE_PAGE);
        }
        if (stream.isLaneThread()) {
            throw new IllegalStateException("startSync cannot be called from a listener");
        }
        if (connection.isClosed()) {
            throw new ParleyException(ErrorCode.UNAVAILABLE, "the client is closed");
        }
        CompletableFuture<Long> started = new CompletableFuture<>();
        SecureChats e2e = secure;
        SyncListener delivered = e2e == null ? listener : new DecryptingListener(listener, e2e);
        stream.offer(new UpdateStream.Event.Task(() -> sync.start(store, delivered, pageSize, started)));
        try {
            return started.join();
        } catch (java.util.concurrent.CompletionException e) {
            // Typed protocol failures and usage errors (sync already started) surface as themselves.
            throw e.getCause() instanceof RuntimeException cause ? cause : Connection.unwrap(e);
        }
    }

    /**
     * Stops sync: no update after the one being delivered reaches the listener, and the store keeps the pts of the
     * last delivered one, so a later {@link #startSync} with the same store continues exactly there. May be called
     * from the listener.
     */
    public void stopSync() {
        sync.stop();
    }

    /** The pts of the last update delivered to the sync listener, or -1 if sync has not started. */
    public long syncedPts() {
        return sync.syncedPts();
    }

    boolean isClosed() {
        return connection.isClosed();
    }

    // ---- generic calls ----------------------------------------------------------------------------------------

    /** Calls a method and waits for its result, bound to {@code resultType} (use {@code JsonNode} for raw JSON). */
    public <R> R call(String method, Object params, Class<R> resultType) {
        return await(callAsync(method, params, resultType));
    }

    /**
     * Calls a method whose repeat would not be harmless (it creates something each time) and waits: after a lost
     * reply it fails with {@code UNAVAILABLE} instead of being re-sent ({@link Delivery#AT_MOST_ONCE}).
     */
    <R> R callOnce(String method, Object params, Class<R> resultType) {
        return await(callAsync(method, params, resultType, Delivery.AT_MOST_ONCE));
    }

    /** Calls a method that is safe to re-send after a reconnect ({@link Delivery#AT_LEAST_ONCE}). */
    public <R> CompletableFuture<R> callAsync(String method, Object params, Class<R> resultType) {
        return callAsync(method, params, resultType, Delivery.AT_LEAST_ONCE);
    }

    public <R> CompletableFuture<R> callAsync(String method, Object params, Class<R> resultType, Delivery delivery) {
        return callAsync(method, params, resultType, delivery, null);
    }

    private <R> CompletableFuture<R> callAsync(String method, Object params, Class<R> resultType, Delivery delivery,
                                               Consumer<JsonNode> onSuccess) {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(resultType, "resultType");
        return connection.submit(method, params, delivery, onSuccess).thenApply(result -> bind(method, result,
                resultType));
    }

    private <R> R bind(String method, JsonNode result, Class<R> resultType) {
        R value = codec.bind(result, resultType);
        if (value == null) {
            throw new ParleyException(ErrorCode.INTERNAL, method + " returned no result");
        }
        return value;
    }

    /** Waits for a call, rethrowing its typed failure as is. */
    private static <R> R await(CompletableFuture<R> future) {
        try {
            return future.join();
        } catch (java.util.concurrent.CompletionException | java.util.concurrent.CancellationException e) {
            throw Connection.unwrap(e);
        }
    }

    // ---- listeners --------------------------------------------------------------------------------------------

    public void addUpdateListener(UpdateListener listener) {
        stream.addUpdateListener(Objects.requireNonNull(listener, "listener"));
    }

    public void removeUpdateListener(UpdateListener listener) {
        stream.removeUpdateListener(listener);
    }

    public void addConnectionListener(ConnectionListener listener) {
        stream.addConnectionListener(Objects.requireNonNull(listener, "listener"));
    }

    public void removeConnectionListener(ConnectionListener listener) {
        stream.removeConnectionListener(listener);
    }

    /** Closes the socket; pending calls fail with {@code UNAVAILABLE}. Idempotent. */
    @Override
    public void close() {
        connection.close();
        stream.close();
    }
}
