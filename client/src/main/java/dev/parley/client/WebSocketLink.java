package dev.parley.client;

import dev.parley.protocol.ErrorCode;
import dev.parley.protocol.ParleyException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * One WebSocket connection (the JDK's {@link WebSocket}): whole text messages go to a consumer on the socket's
 * thread, sends are serialised (the JDK forbids a send while another is pending), and the end of the connection,
 * whoever ends it, completes {@link #closed()} exactly once.
 */
final class WebSocketLink implements WebSocket.Listener {
    /** How the connection ended: the close code (1006 when it broke without a close frame) and reason. */
    record Closed(int code, String reason) {}

    static final int ABNORMAL_CLOSURE = 1006;
    private static final int MESSAGE_TOO_BIG = 1009;

    private final FrameAssembler assembler;
    private final Consumer<String> onMessage;
    private final CompletableFuture<Closed> closed = new CompletableFuture<>();
    private WebSocket socket;
    /** When anything (message, ping, pong) last arrived: the keepalive's evidence that the peer is there. */
    private volatile long lastHeardNanos = System.nanoTime();
    private CompletableFuture<?> sendChain = CompletableFuture.completedFuture(null);

    private WebSocketLink(int maxMessageChars, Consumer<String> onMessage) {
        this.assembler = new FrameAssembler(maxMessageChars);
        this.onMessage = onMessage;
    }

    /** Opens a connection or fails with {@code UNAVAILABLE} saying why. */
    static WebSocketLink open(HttpClient http, URI uri, Duration timeout, int maxMessageChars,
                              Consumer<String> onMessage) {
        WebSocketLink link = new WebSocketLink(maxMessageChars, onMessage);
        CompletableFuture<WebSocket> opening = http.newWebSocketBuilder().connectTimeout(timeout).buildAsync(uri, link);
        try {
            WebSocket socket = opening.get(timeout.toMillis() + 1_000, TimeUnit.MILLISECONDS);
            synchronized (link) {
                link.socket = socket;
            }
            return link;
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new ParleyException(ErrorCode.UNAVAILABLE, "cannot connect to " + uri + ": " + describe(cause));
        } catch (TimeoutException e) {
            opening.cancel(true);
            throw new ParleyException(ErrorCode.UNAVAILABLE, "cannot connect to " + uri + ": timed out");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ParleyException(ErrorCode.UNAVAILABLE, "interrupted while connecting to " + uri);
        }
    }

    private static String describe(Throwable cause) {
        String message = cause.getMessage();
        return message == null || message.isBlank() ? cause.getClass().getSimpleName() : message;
    }

    /**
     * Queues a text message after the ones queued before it. A failed send means the connection is broken: the
     * link is aborted and {@link #closed()} completes, because the JDK does not always report a write failure to
     * the listener, and a link that cannot send must not be waited on as if it were open.
     */
    synchronized CompletableFuture<?> send(String text) {
        WebSocket target = socket;
        sendChain = sendChain.handle((ignored, error) -> null)
                .thenCompose(ignored -> target.sendText(text, true))
                .whenComplete((sent, error) -> {
                    if (error != null) {
                        abort("send failed: " + describe(error));
                    }
                });
        return sendChain;
    }

    /** Sends a ping in order with the messages; a reply (or any traffic) refreshes {@link #silentFor()}. */
    synchronized void ping() {
        WebSocket target = socket;
        sendChain = sendChain.handle((ignored, error) -> null)
                .thenCompose(ignored -> target.sendPing(ByteBuffer.allocate(0)))
                .whenComplete((sent, error) -> {
                    if (error != null) {
                        abort("ping failed: " + describe(error));
                    }
                });
    }

    /** How long nothing has arrived from the peer. */
    Duration silentFor() {
        return Duration.ofNanos(System.nanoTime() - lastHeardNanos);
    }

    CompletableFuture<Closed> closed() {
        return closed;
    }

    /** Starts the closing handshake; aborts the connection if the peer does not answer within the grace period. */
    void close(int code, String reason, Duration grace) {
        WebSocket target;
        synchronized (this) {
            target = socket;
        }
        target.sendClose(code, reason);
        closed.completeOnTimeout(new Closed(code, reason), grace.toMillis(), TimeUnit.MILLISECONDS)
                .thenRun(target::abort);
    }

    void abort(String reason) {
        WebSocket target;
        synchronized (this) {
            target = socket;
        }
        if (target != null) {
            target.abort();
        }
        closed.complete(new Closed(ABNORMAL_CLOSURE, reason));
    }

    @Override
    public void onOpen(WebSocket webSocket) {
        // The handshake's response is the first sign of the peer; the silence before it was the connect timeout's.
        lastHeardNanos = System.nanoTime();
        webSocket.request(1);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        lastHeardNanos = System.nanoTime();
        try {
            assembler.add(data, last).ifPresent(onMessage);
            webSocket.request(1);
        } catch (IllegalStateException tooBig) {
            webSocket.sendClose(MESSAGE_TOO_BIG, "message too big");
            webSocket.abort();
            closed.complete(new Closed(MESSAGE_TOO_BIG, tooBig.getMessage()));
        }
        return null;
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
        lastHeardNanos = System.nanoTime();
        // The protocol is JSON text only; binary frames from a newer server are skipped, not fatal.
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onPing(WebSocket webSocket, ByteBuffer message) {
        lastHeardNanos = System.nanoTime();
        // The JDK answers pings with pongs itself; only the demand must be renewed.
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onPong(WebSocket webSocket, ByteBuffer message) {
        lastHeardNanos = System.nanoTime();
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        closed.complete(new Closed(statusCode, reason));
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        closed.complete(new Closed(ABNORMAL_CLOSURE, describe(error)));
    }
}
