package dev.parley.client;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.protocol.ErrorCode;
import dev.parley.protocol.JsonCodec;
import dev.parley.protocol.Limits;
import dev.parley.protocol.ParleyException;
import dev.parley.protocol.Request;
import dev.parley.protocol.account.AuthMethods;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The client's side of the protocol session: correlates requests with replies by id, keeps the socket alive across
 * drops (reconnect with backoff, then {@code auth.hello} with the stored token before anything else), holds calls
 * made while disconnected until the connection is ready, and fails everything with {@code SESSION_REVOKED} when the
 * server revokes the session.
 *
 * <p>Threads: callers submit from any thread; replies and pushes arrive on the socket's thread; one supervisor
 * (virtual) thread owns the connect → authenticate → wait-for-drop cycle; one timer thread fires request timeouts.
 * All mutable state below is guarded by {@link #lock}.
 */
final class Connection implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Connection.class);

    /** The server closes a revoked session's sockets with this code (application range 4000–4999). */
    static final int CLOSE_SESSION_REVOKED = 4001;
    private static final int MAX_MESSAGE_CHARS = 32 << 20;
    private static final Set<ErrorCode> TOKEN_REFUSED =
            Set.of(ErrorCode.SESSION_REVOKED, ErrorCode.UNAUTHORIZED, ErrorCode.AUTH_REQUIRED, ErrorCode.AUTH_FAILED);

    private enum State { CONNECTING, AUTHENTICATING, READY, CLOSED }

    private final URI uri;
    private final ParleyClient.Options options;
    private final JsonCodec codec;
    private final UpdateStream stream;
    private final HttpClient http = HttpClient.newBuilder().build();
    private final ScheduledExecutorService timers;
    private final RandomGenerator random = RandomGenerator.getDefault();
    private final AtomicLong ids = new AtomicLong();

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition stateChanged = lock.newCondition();
    private State state = State.CONNECTING;
    private WebSocketLink link;
    private String token;
    private boolean endingSession;
    private ParleyException terminal;
    private final Map<Long, Call> inFlight = new HashMap<>();
    private final ArrayDeque<Call> queued = new ArrayDeque<>();
    private Thread supervisor;

    Connection(URI uri, ParleyClient.Options options, JsonCodec codec, UpdateStream stream) {
        this.uri = uri;
        this.options = options;
        this.codec = codec;
        this.stream = stream;
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1,
                Thread.ofPlatform().name("parley-client-timers").daemon().factory());
        executor.setRemoveOnCancelPolicy(true);
        this.timers = executor;
    }

    /** Opens the first connection (failing fast with {@code UNAVAILABLE}) and starts the supervisor. */
    void start() {
        WebSocketLink first = open();
        lock.lock();
        try {
            link = first;
            supervisor = Thread.ofVirtual().name("parley-client-supervisor").start(() -> supervise(first));
        } finally {
            lock.unlock();
        }
        long interval = options.pingInterval().toNanos();
        timers.scheduleAtFixedRate(this::keepAlive, interval, interval, TimeUnit.NANOSECONDS);
    }

    /**
     * A connection can die without the socket saying so (a peer that vanished, a NAT that forgot the mapping; the
     * JDK may not report a reset until it writes). After one quiet interval the client pings; after two without
     * hearing anything it gives the connection up, which starts a reconnect.
     */
    private void keepAlive() {
        WebSocketLink current;
        lock.lock();
        try {
            current = state == State.CLOSED ? null : link;
        } finally {
            lock.unlock();
        }
        if (current == null || current.closed().isDone()) {
            return;
        }
        Duration silent = current.silentFor();
        if (silent.compareTo(options.pingInterval().multipliedBy(2)) >= 0) {
            current.abort("no sign of the server for " + silent.toMillis() + " ms");
        } else if (silent.compareTo(options.pingInterval()) >= 0) {
            current.ping();
        }
    }

    private WebSocketLink open() {
        return WebSocketLink.open(http, uri, options.connectTimeout(), MAX_MESSAGE_CHARS, this::onMessage);
    }

    // ---- submitting calls -------------------------------------------------------------------------------------

    /**
     * Sends a request when the connection is ready, else queues it; the future completes with the result, or fails
     * with the server's typed error, {@code TIMEOUT}, {@code UNAVAILABLE} or {@code SESSION_REVOKED}.
     * {@code onSuccess} runs on the socket thread before the future completes, so session state it changes (the
     * token) is in place before the client could reconnect.
     */
    CompletableFuture<JsonNode> submit(String method, Object params, Delivery delivery, Consumer<JsonNode> onSuccess) {
        long id = ids.incrementAndGet();
        JsonNode tree = params == null ? codec.emptyObject() : codec.toTree(params);
        Call call = new Call(id, method, codec.write(new Request(id, method, tree)), delivery, onSuccess);
        ScheduledFuture<?> timer = timers.schedule(() -> timeOut(call), options.requestTimeout().toNanos(),
                TimeUnit.NANOSECONDS);
        call.reply.whenComplete((result, error) -> timer.cancel(false));
        lock.lock();
        try {
            switch (state) {
                case CLOSED -> call.reply.completeExceptionally(terminal);
                case READY -> dispatch(call, link);
                case CONNECTING, AUTHENTICATING -> queued.add(call);
            }
        } finally {
            lock.unlock();
        }
        return call.reply;
    }

    /** Called with the lock held. */
    private void dispatch(Call call, WebSocketLink target) {
        inFlight.put(call.id, call);
        call.sent = true;
        target.send(call.frame);
    }

    private void timeOut(Call call) {
        lock.lock();
        try {
            inFlight.remove(call.id);
            queued.remove(call);
        } finally {
            lock.unlock();
        }
        String why = call.sent ? "no reply to " + call.method : "not connected to the server";
        call.reply.completeExceptionally(new ParleyException(ErrorCode.TIMEOUT,
                why + " within " + options.requestTimeout().toMillis() + " ms"));
    }

    // ---- session state ----------------------------------------------------------------------------------------

    void token(String value) {
        lock.lock();
        try {
            token = value;
        } finally {
            lock.unlock();
        }
    }

    Optional<String> token() {
        lock.lock();
        try {
            return Optional.ofNullable(token);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Marks that this client is ending its own session (logout, account deletion), so the server's 4001 close that
     * follows is expected and not reported as a revocation.
     */
    void endingSession(boolean value) {
        lock.lock();
        try {
            endingSession = value;
        } finally {
            lock.unlock();
        }
    }

    boolean isClosed() {
        lock.lock();
        try {
            return state == State.CLOSED;
        } finally {
            lock.unlock();
        }
    }

    boolean isReady() {
        lock.lock();
        try {
            return state == State.READY;
        } finally {
            lock.unlock();
        }
    }

    // ---- incoming frames (socket thread) ----------------------------------------------------------------------

    private void onMessage(String text) {
        Incoming incoming;
        try {
            incoming = Incoming.decode(codec, text);
        } catch (ParleyException malformed) {
            log.warn("ignoring a malformed frame from the server: {}", malformed.getMessage());
            return;
        }
        switch (incoming) {
            case Incoming.Reply reply -> complete(reply);
            case Incoming.UncorrelatedError(var error) ->
                    log.warn("server reported an error for no request: {}: {}", error.code(), error.message());
            case Incoming.Push(var batch) -> stream.offer(new UpdateStream.Event.Batch(batch));
        }
    }

    private void complete(Incoming.Reply reply) {
        Call call;
        lock.lock();
        try {
            call = inFlight.remove(reply.id());
            if (call != null && reply.error() == null && call.onSuccess != null) {
                call.onSuccess.accept(reply.result());
            }
        } finally {
            lock.unlock();
        }
        if (call == null) {
            log.debug("reply to request {} arrived after it timed out", reply.id());
        } else if (reply.error() != null) {
            call.reply.completeExceptionally(reply.error().toException());
        } else {
            call.reply.complete(reply.result());
        }
    }

    // ---- the connection cycle (supervisor thread) -------------------------------------------------------------

    private void supervise(WebSocketLink first) {
        WebSocketLink current = first;
        int attempt = 0;
        boolean reconnect = false;
        while (true) {
            if (current == null) {
                if (!pause(options.reconnect().delay(attempt++, random))) {
                    return;
                }
                try {
                    current = open();
                } catch (ParleyException unreachable) {
                    log.debug("reconnect attempt {} failed: {}", attempt, unreachable.getMessage());
                    continue;
                }
                if (!adopt(current)) {
                    return;
                }
            }
            switch (authenticate(current)) {
                case READY -> {
                    attempt = 0;
                    stream.offer(new UpdateStream.Event.Connected(reconnect));
                    reconnect = true;
                    if (!onDrop(current, current.closed().join())) {
                        return;
                    }
                }
                case RETRY -> {
                    if (!onDrop(current, current.closed().join())) {
                        return;
                    }
                }
                case REVOKED -> {
                    return;
                }
            }
            current = null;
        }
    }

    private boolean adopt(WebSocketLink fresh) {
        lock.lock();
        try {
            if (state == State.CLOSED) {
                fresh.abort("client closed");
                return false;
            }
            link = fresh;
            return true;
        } finally {
            lock.unlock();
        }
    }

    private enum Outcome { READY, RETRY, REVOKED }

    /** Re-sends {@code auth.hello} with the stored token (if any), then releases the queued calls in order. */
    private Outcome authenticate(WebSocketLink current) {
        String storedToken;
        Call hello = null;
        lock.lock();
        try {
            if (state == State.CLOSED) {
                return Outcome.REVOKED;
            }
            state = State.AUTHENTICATING;
            storedToken = token;
            if (storedToken != null) {
                long id = ids.incrementAndGet();
                Object params = new AuthMethods.Hello(storedToken, Limits.PROTOCOL_VERSION);
                hello = new Call(id, AuthMethods.HELLO,
                        codec.write(new Request(id, AuthMethods.HELLO, codec.toTree(params))), Delivery.AT_MOST_ONCE,
                        null);
                dispatch(hello, current);
            }
        } finally {
            lock.unlock();
        }
        if (hello != null) {
            Outcome outcome = awaitHello(current, hello, storedToken);
            if (outcome != Outcome.READY) {
                return outcome;
            }
        }
        lock.lock();
        try {
            if (state == State.CLOSED || current.closed().isDone()) {
                return state == State.CLOSED ? Outcome.REVOKED : Outcome.RETRY;
            }
            state = State.READY;
            while (!queued.isEmpty()) {
                dispatch(queued.poll(), current);
            }
            stateChanged.signalAll();
            return Outcome.READY;
        } finally {
            lock.unlock();
        }
    }

    private Outcome awaitHello(WebSocketLink current, Call hello, String storedToken) {
        try {
            CompletableFuture.anyOf(hello.reply, current.closed())
                    .get(options.requestTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            current.abort("no reply to auth.hello");
            return Outcome.RETRY;
        } catch (ExecutionException e) {
            // The hello failed; inspected below.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Outcome.REVOKED;
        }
        if (!hello.reply.isDone()) {
            return Outcome.RETRY;
        }
        if (!hello.reply.isCompletedExceptionally()) {
            return Outcome.READY;
        }
        ParleyException refused = hello.reply.handle((r, e) -> unwrap(e)).join();
        if (TOKEN_REFUSED.contains(refused.code()) && storedToken.equals(token().orElse(null))) {
            current.close(1000, "session revoked", Duration.ofSeconds(1));
            revoke("the server refused the stored token: " + refused.getMessage());
            return Outcome.REVOKED;
        }
        log.debug("auth.hello failed, reconnecting: {}", refused.getMessage());
        current.close(1000, "retrying", Duration.ofSeconds(1));
        return Outcome.RETRY;
    }

    /** Handles the end of a connection; returns false when the client must not reconnect. */
    private boolean onDrop(WebSocketLink dropped, WebSocketLink.Closed closed) {
        boolean revoked = closed.code() == CLOSE_SESSION_REVOKED;
        List<Call> failed = new ArrayList<>();
        ParleyException lost;
        lock.lock();
        try {
            if (link == dropped) {
                link = null;
            }
            if (state == State.CLOSED) {
                return false;
            }
            if (revoked && token != null && !endingSession) {
                // Terminal: fall through to revoke() outside the lock.
                lost = null;
            } else {
                if (revoked) {
                    // Our own logout or account deletion: the session is gone as intended.
                    token = null;
                    endingSession = false;
                }
                lost = revoked
                        ? new ParleyException(ErrorCode.SESSION_REVOKED, "the session ended")
                        : new ParleyException(ErrorCode.UNAVAILABLE,
                                "the connection dropped before the reply; the call may have taken effect");
                requeueOrFail(failed);
                state = State.CONNECTING;
            }
        } finally {
            lock.unlock();
        }
        if (lost == null) {
            revoke(closed.reason() == null || closed.reason().isBlank() ? "session revoked" : closed.reason());
            return false;
        }
        failed.forEach(call -> call.reply.completeExceptionally(lost));
        stream.offer(new UpdateStream.Event.Disconnected("closed with code " + closed.code()
                + (closed.reason() == null || closed.reason().isBlank() ? "" : ": " + closed.reason())));
        return true;
    }

    /** With the lock held: at-least-once calls go back to the head of the queue in their original order. */
    private void requeueOrFail(List<Call> failed) {
        List<Call> unanswered = new ArrayList<>(inFlight.values());
        inFlight.clear();
        unanswered.sort(Comparator.comparingLong((Call c) -> c.id).reversed());
        for (Call call : unanswered) {
            if (call.delivery == Delivery.AT_LEAST_ONCE) {
                call.sent = false;
                queued.addFirst(call);
            } else {
                failed.add(call);
            }
        }
    }

    private void revoke(String reason) {
        if (terminate(new ParleyException(ErrorCode.SESSION_REVOKED, reason))) {
            stream.offer(new UpdateStream.Event.Revoked(reason));
        }
    }

    /** Ends the client for good: every pending and later call fails with {@code error}. */
    private boolean terminate(ParleyException error) {
        List<Call> pending;
        lock.lock();
        try {
            if (state == State.CLOSED) {
                return false;
            }
            state = State.CLOSED;
            terminal = error;
            pending = new ArrayList<>(inFlight.values());
            pending.addAll(queued);
            inFlight.clear();
            queued.clear();
            stateChanged.signalAll();
        } finally {
            lock.unlock();
        }
        pending.forEach(call -> call.reply.completeExceptionally(error));
        return true;
    }

    /** Waits out a backoff delay; returns false if the client was closed meanwhile. */
    private boolean pause(Duration delay) {
        lock.lock();
        try {
            long remaining = delay.toNanos();
            while (state != State.CLOSED && remaining > 0) {
                remaining = stateChanged.awaitNanos(remaining);
            }
            return state != State.CLOSED;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            lock.unlock();
        }
    }

    static ParleyException unwrap(Throwable error) {
        Throwable cause = error;
        while ((cause instanceof java.util.concurrent.CompletionException || cause instanceof ExecutionException)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause instanceof ParleyException typed
                ? typed
                : new ParleyException(ErrorCode.INTERNAL, "client failure: " + cause);
    }

    @Override
    public void close() {
        terminate(new ParleyException(ErrorCode.UNAVAILABLE, "the client is closed"));
        WebSocketLink last;
        Thread owner;
        lock.lock();
        try {
            last = link;
            link = null;
            owner = supervisor;
        } finally {
            lock.unlock();
        }
        if (last != null) {
            last.close(1000, "bye", Duration.ofSeconds(1));
            last.closed().join();
        }
        if (owner != null) {
            try {
                owner.join(Duration.ofSeconds(2));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        timers.shutdownNow();
        http.shutdownNow();
    }
}
