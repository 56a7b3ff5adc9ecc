package dev.parley.server.testing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.protocol.JsonCodec;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Raw JSON over HTTP and WebSocket with {@code java.net.http}, for tests that check the wire itself (malformed input,
 * envelopes, status codes, close codes). Feature tests should prefer the SDK.
 */
public final class RawClient implements AutoCloseable {
    /** Generous: a cold JVM on a loaded 2-core CI machine can take seconds for the first request. */
    public static final Duration TIMEOUT = Duration.ofSeconds(20);

    private final URI httpBase;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    private final JsonCodec codec = new JsonCodec();
    private final List<Socket> sockets = new ArrayList<>();

    public RawClient(URI httpBase) {
        this.httpBase = httpBase;
    }

    /** An HTTP reply: status, headers, raw body. */
    public record HttpReply(int status, HttpHeaders headers, String body, JsonCodec codec) {
        public JsonNode json() {
            return codec.readTree(body);
        }

        /** The error code of an error reply, or null. */
        public String errorCode() {
            return json().path("error").path("code").asText(null);
        }
    }

    /** {@code POST /api/<method>} with a raw body and an optional bearer token (null for none). */
    public HttpReply post(String method, String body, String token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(httpBase.resolve("/api/" + method))
                .timeout(TIMEOUT)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return send(request.build());
    }

    /** {@code POST /api/<method>} with params encoded from an object (a record or a Map). */
    public HttpReply call(String method, Object params, String token) {
        return post(method, codec.write(params), token);
    }

    public HttpReply get(String path) {
        return send(HttpRequest.newBuilder(httpBase.resolve(path)).timeout(TIMEOUT).GET().build());
    }

    public HttpReply send(HttpRequest request) {
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            return new HttpReply(response.statusCode(), response.headers(), response.body(), codec);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Opens a WebSocket to {@code /api/ws}. */
    public Socket openWebSocket() {
        Socket socket = new Socket();
        URI uri = URI.create("ws://" + httpBase.getHost() + ":" + httpBase.getPort() + "/api/ws");
        socket.webSocket = await(http.newWebSocketBuilder().connectTimeout(TIMEOUT).buildAsync(uri, socket.listener));
        synchronized (sockets) {
            sockets.add(socket);
        }
        return socket;
    }

    public JsonCodec codec() {
        return codec;
    }

    @Override
    public void close() {
        synchronized (sockets) {
            sockets.forEach(Socket::abort);
        }
        http.close();
    }

    /** A close handshake (or an abnormal end: code 1006). */
    public record CloseStatus(int code, String reason) {}

    /** One WebSocket: every received text message is queued; pings can be awaited (the JDK answers them itself). */
    public final class Socket {
        private final BlockingQueue<String> frames = new LinkedBlockingQueue<>();
        private final List<JsonNode> skipped = new ArrayList<>();
        private final CompletableFuture<CloseStatus> closed = new CompletableFuture<>();
        private final Semaphore pings = new Semaphore(0);
        private final AtomicLong nextId = new AtomicLong(1);
        private final Listener listener = new Listener();
        private WebSocket webSocket;

        public void sendText(String frame) {
            await(webSocket.sendText(frame, true));
        }

        /** Sends one message as several frames (a text frame and continuations). */
        public void sendFragments(String... parts) {
            for (int i = 0; i < parts.length; i++) {
                await(webSocket.sendText(parts[i], i == parts.length - 1));
            }
        }

        /**
         * Sends the fragments of one message until the server closes the connection, which it may do as soon as the
         * fragments so far break a limit; returns how many fragments went out. Any other failure is thrown.
         */
        public int sendFragmentsUntilClosed(String... parts) {
            for (int i = 0; i < parts.length; i++) {
                try {
                    await(webSocket.sendText(parts[i], i == parts.length - 1));
                } catch (IllegalStateException e) {
                    if (e.getCause() instanceof java.io.IOException) {
                        return i;
                    }
                    throw e;
                }
            }
            return parts.length;
        }

        public void sendBinary(byte[] bytes) {
            await(webSocket.sendBinary(ByteBuffer.wrap(bytes), true));
        }

        /** Sends {@code {"id":…,"method":…,"params":…}} and returns the reply with that id. */
        public JsonNode request(String method, Object params) {
            long id = nextId.getAndIncrement();
            var envelope = codec.mapper().createObjectNode().put("id", id).put("method", method);
            envelope.set("params", codec.toTree(params));
            sendText(codec.write(envelope));
            return awaitReply(id);
        }

        /** The next reply carrying this id; frames in between are kept for {@link #awaitFrame}. */
        public JsonNode awaitReply(long id) {
            synchronized (skipped) {
                for (Iterator<JsonNode> it = skipped.iterator(); it.hasNext(); ) {
                    JsonNode frame = it.next();
                    if (frame.path("id").asLong(-1) == id) {
                        it.remove();
                        return frame;
                    }
                }
            }
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (true) {
                JsonNode frame = nextFrame(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
                if (frame.path("id").asLong(-1) == id) {
                    return frame;
                }
                synchronized (skipped) {
                    skipped.add(frame);
                }
            }
        }

        /** The next frame received (parsed), waiting up to {@link #TIMEOUT}. */
        public JsonNode awaitFrame() {
            return awaitFrame(TIMEOUT);
        }

        /** The next frame received (parsed); fails the test if none arrives within the timeout. */
        public JsonNode awaitFrame(Duration timeout) {
            synchronized (skipped) {
                if (!skipped.isEmpty()) {
                    return skipped.removeFirst();
                }
            }
            return nextFrame(timeout);
        }

        /** The next frame received (parsed), or empty if none arrives within the timeout. */
        public java.util.Optional<JsonNode> pollFrame(Duration timeout) {
            synchronized (skipped) {
                if (!skipped.isEmpty()) {
                    return java.util.Optional.of(skipped.removeFirst());
                }
            }
            try {
                return java.util.Optional.ofNullable(frames.poll(timeout.toNanos(), TimeUnit.NANOSECONDS))
                        .map(codec::readTree);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        private JsonNode nextFrame(Duration timeout) {
            try {
                String text = frames.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
                if (text == null) {
                    throw new AssertionError("no frame within " + timeout.toMillis() + " ms"
                            + (closed.isDone() ? " (socket closed: " + closed.join() + ")" : ""));
                }
                return codec.readTree(text);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        /** Waits for the server to close the socket and returns the close code (1006 if it just dropped). */
        public CloseStatus awaitClose(Duration timeout) {
            try {
                return closed.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                throw new AssertionError("socket still open after " + timeout.toMillis() + " ms");
            } catch (ExecutionException e) {
                throw new IllegalStateException(e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        public boolean isClosed() {
            return closed.isDone();
        }

        /** Waits for the server's next ping (the JDK answers it with a pong by itself). */
        public boolean awaitPing(Duration timeout) {
            try {
                return pings.tryAcquire(timeout.toNanos(), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        /** Closes normally (1000). */
        public void close() {
            await(webSocket.sendClose(WebSocket.NORMAL_CLOSURE, "bye"));
        }

        void abort() {
            if (webSocket != null) {
                webSocket.abort();
            }
        }

        private final class Listener implements WebSocket.Listener {
            private final StringBuilder partial = new StringBuilder();

            @Override
            public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                partial.append(data);
                if (last) {
                    frames.add(partial.toString());
                    partial.setLength(0);
                }
                ws.request(1);
                return null;
            }

            @Override
            public CompletionStage<?> onPing(WebSocket ws, ByteBuffer message) {
                pings.release();
                ws.request(1);
                return null;
            }

            @Override
            public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
                closed.complete(new CloseStatus(statusCode, reason));
                return null;
            }

            @Override
            public void onError(WebSocket ws, Throwable error) {
                closed.complete(new CloseStatus(1006, String.valueOf(error)));
            }
        }
    }

    private static <T> T await(CompletableFuture<T> future) {
        try {
            return future.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        } catch (TimeoutException e) {
            throw new AssertionError("operation did not finish within " + TIMEOUT.toMillis() + " ms");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
