package dev.parley.bench.load;

import com.fasterxml.jackson.databind.JsonNode;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketClientHandshakerFactory;
import io.netty.handler.codec.http.websocketx.WebSocketVersion;
import io.netty.util.ReferenceCountUtil;
import java.net.URI;
import java.nio.channels.ClosedChannelException;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One client WebSocket to Parley. Requests made with {@link #call} are matched to their replies by id; frames sent
 * with {@link #send} (the hot path of a load scenario) are not tracked here, their replies and every pushed update go
 * to the {@link Listener} as raw text on the event loop, so a scenario pays only for the parsing it needs.
 */
public final class WsConnection extends ChannelInboundHandlerAdapter {
    /** Large enough for a page of 1,000 updates from {@code updates.getDifference}. */
    private static final int MAX_FRAME_BYTES = 16 * 1024 * 1024;

    /** Receives frames on the connection's event loop; must not block. */
    public interface Listener {
        /** A frame without an id: {@code {"updates":[…],"pts":…,"ptsCount":…}}. */
        default void onPush(WsConnection connection, String frame, long receivedNanos) {}

        /** A reply to a frame written with {@link #send} (or an error reply without an id). */
        default void onReply(WsConnection connection, long id, String frame, long receivedNanos) {}

        default void onClosed(WsConnection connection) {}
    }

    public static final Listener IGNORE = new Listener() {};

    private final WebSocketClientHandshaker handshaker;
    private final Listener listener;
    private final CompletableFuture<WsConnection> opened = new CompletableFuture<>();
    private final AtomicLong nextId = new AtomicLong(1);
    private final Map<Long, CompletableFuture<Reply>> pending = new ConcurrentHashMap<>(4);
    private volatile Channel channel;
    /** Set by the scenario that owns the connection (its user, its peer, its counters); never read here. */
    private volatile Object attachment;

    WsConnection(URI wsUri, Listener listener) {
        this.handshaker = WebSocketClientHandshakerFactory.newHandshaker(wsUri, WebSocketVersion.V13, null, false,
                EmptyHttpHeaders.INSTANCE, MAX_FRAME_BYTES);
        this.listener = listener;
    }

    CompletableFuture<WsConnection> opened() {
        return opened;
    }

    void failOpen(Throwable cause) {
        opened.completeExceptionally(cause);
    }

    /** Sends a request and completes with its reply (result or error). Safe from any thread. */
    public CompletableFuture<Reply> call(String method, String paramsJson) {
        long id = nextId.getAndIncrement();
        CompletableFuture<Reply> reply = new CompletableFuture<>();
        pending.put(id, reply);
        Channel ch = channel;
        if (ch == null || !ch.isActive()) {
            pending.remove(id);
            reply.completeExceptionally(new ClosedChannelException());
            return reply;
        }
        ch.writeAndFlush(new TextWebSocketFrame(request(id, method, paramsJson))).addListener(done -> {
            if (!done.isSuccess()) {
                pending.remove(id);
                reply.completeExceptionally(done.cause());
            }
        });
        return reply;
    }

    /** Calls {@code method} and returns its result, failing the future with {@link CallFailed} on an error reply. */
    public CompletableFuture<JsonNode> result(String method, String paramsJson) {
        return call(method, paramsJson).thenApply(Reply::result);
    }

    /**
     * Writes a request without tracking it and returns its id; the reply goes to {@link Listener#onReply}. Call on
     * the event loop and {@link #flush} once per batch: the scenario decides when to pay for the syscall.
     */
    public long write(String method, String paramsJson) {
        long id = nextId.getAndIncrement();
        channel.write(new TextWebSocketFrame(request(id, method, paramsJson)), channel.voidPromise());
        return id;
    }

    public void flush() {
        channel.flush();
    }

    private static String request(long id, String method, String paramsJson) {
        return "{\"id\":" + id + ",\"method\":\"" + method + "\",\"params\":" + paramsJson + "}";
    }

    public EventLoop eventLoop() {
        return channel.eventLoop();
    }

    public boolean isOpen() {
        Channel ch = channel;
        return ch != null && ch.isActive();
    }

    public boolean isWritable() {
        return channel.isWritable();
    }

    @SuppressWarnings("unchecked")
    public <T> T attachment() {
        return (T) attachment;
    }

    public void attach(Object value) {
        attachment = value;
    }

    /** Sends a normal close and closes the socket; safe from any thread, idempotent. */
    public void close() {
        Channel ch = channel;
        if (ch != null && ch.isActive()) {
            ch.writeAndFlush(new CloseWebSocketFrame(1000, "bye")).addListener(ChannelFutureListener.CLOSE);
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        channel = ctx.channel();
        handshaker.handshake(channel).addListener(done -> {
            if (!done.isSuccess()) {
                opened.completeExceptionally(done.cause());
            }
        });
        super.channelActive(ctx);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        long now = System.nanoTime();
        try {
            if (!handshaker.isHandshakeComplete()) {
                if (msg instanceof FullHttpResponse response) {
                    handshaker.finishHandshake(ctx.channel(), response);
                    opened.complete(this);
                }
                return;
            }
            switch (msg) {
                case TextWebSocketFrame text -> onText(text.text(), now);
                case PingWebSocketFrame ping -> ctx.writeAndFlush(new PongWebSocketFrame(ping.content().retain()));
                case CloseWebSocketFrame _ -> ctx.close();
                default -> { }
            }
        } catch (RuntimeException e) {
            opened.completeExceptionally(e);
            ctx.close();
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    private void onText(String frame, long now) {
        if (!frame.startsWith("{\"id\":")) {
            if (frame.startsWith("{\"updates\"")) {
                listener.onPush(this, frame, now);
            } else {
                listener.onReply(this, 0, frame, now);
            }
            return;
        }
        long id = parseId(frame);
        CompletableFuture<Reply> waiting = pending.remove(id);
        if (waiting != null) {
            waiting.complete(new Reply(frame));
        } else {
            listener.onReply(this, id, frame, now);
        }
    }

    /** Reads the id of a reply that starts with {@code {"id":}, without parsing the rest. */
    static long parseId(String frame) {
        long value = 0;
        int i = 6;
        boolean negative = frame.charAt(i) == '-';
        if (negative) {
            i++;
        }
        for (; i < frame.length(); i++) {
            char c = frame.charAt(i);
            if (c < '0' || c > '9') {
                break;
            }
            value = value * 10 + (c - '0');
        }
        return negative ? -value : value;
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        opened.completeExceptionally(new ClosedChannelException());
        pending.values().forEach(reply -> reply.completeExceptionally(new ClosedChannelException()));
        pending.clear();
        listener.onClosed(this);
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        opened.completeExceptionally(cause);
        ctx.close();
    }

    /** A reply frame, parsed only when its content is asked for. */
    public record Reply(String frame) {
        public JsonNode json() {
            return Json.read(frame);
        }

        /** The {@code result} object, or {@link CallFailed} with the error code. */
        public JsonNode result() {
            JsonNode node = json();
            JsonNode error = node.get("error");
            if (error != null) {
                throw new CallFailed(error.path("code").asText(), error.path("message").asText());
            }
            return node.path("result");
        }
    }

    /** The server answered a request with an error. */
    public static final class CallFailed extends RuntimeException {
        private final String code;

        public CallFailed(String code, String message) {
            super(code + ": " + message);
            this.code = code;
        }

        public String code() {
            return code;
        }
    }
}
