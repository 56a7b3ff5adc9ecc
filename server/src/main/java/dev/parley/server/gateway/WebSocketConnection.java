package dev.parley.server.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.protocol.ErrorCode;
import dev.parley.protocol.Limits;
import dev.parley.protocol.ParleyException;
import dev.parley.protocol.Request;
import dev.parley.protocol.RequestException;
import dev.parley.protocol.Response;
import dev.parley.protocol.account.AuthMethods;
import dev.parley.protocol.e2e.E2eMethods;
import dev.parley.protocol.message.MessageMethods;
import dev.parley.protocol.message.PostMethods;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufOutputStream;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One WebSocket connection: decodes request frames, enforces the first-frame rule, flood control and the in-flight
 * bound on the event loop, runs methods on virtual threads, and is the {@link ClientConnection} features push to once
 * the connection is authenticated. Idle state is a few fields; nothing is buffered per connection while idle.
 */
final class WebSocketConnection extends ChannelInboundHandlerAdapter implements ClientConnection {
    private static final Logger log = LoggerFactory.getLogger(WebSocketConnection.class);
    static final int CLOSE_GOING_AWAY = 1001;
    /** Frames pending for a reader that has stopped reading; beyond this the connection is dropped at once. */
    static final int MAX_PENDING_BYTES = 4 * 1024 * 1024;
    /** How long the outbound buffer may stay above the high-water mark before the connection is dropped. */
    static final int SLOW_READER_GRACE_SECONDS = 10;
    private static final int FORCE_CLOSE_SECONDS = 5;
    /**
     * Methods that add messages to a chat. Requests run concurrently, but these run one after the other per socket,
     * in the order they arrived, so a client that sends two messages without waiting for the first answer gets them
     * in the order the person typed them (docs/protocol/messaging.md). Everything else stays concurrent.
     */
    private static final Set<String> POSTING_METHODS = Set.of(MessageMethods.SEND, MessageMethods.FORWARD,
            PostMethods.SEND_POLL, E2eMethods.SEND_MESSAGE, E2eMethods.SEND_HANDSHAKE);

    private final GatewayContext gateway;
    private final String clientAddress;
    private final AtomicInteger inFlight = new AtomicInteger();
    // The last posting request (see POSTING_METHODS) taken from this socket; the next one runs after it. Only the
    // event loop reads and replaces it.
    private CompletableFuture<Void> lastPosting = CompletableFuture.completedFuture(null);
    /**
     * The connection whose request the current thread is running, so a close that request asks for can wait for its
     * reply. A scoped value rather than a per-connection set of threads: the set cost ~290 bytes of heap on every idle
     * connection (docs/PERFORMANCE.md, "Idle connections"); the binding costs nothing once the request is done.
     */
    private static final ScopedValue<WebSocketConnection> EXECUTING = ScopedValue.newInstance();
    private volatile DeferredClose deferredClose;
    private volatile Channel channel;
    private volatile AuthSession session;
    private volatile boolean closing;
    private boolean registered;
    private boolean counted;
    // Event-loop confined.
    private boolean awaitingPong;

    WebSocketConnection(GatewayContext gateway, String clientAddress) {
        this.gateway = gateway;
        this.clientAddress = clientAddress;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        channel = ctx.channel();
    }

    /** Called once the handshake response is written. */
    void opened() {
        synchronized (this) {
            counted = true;
        }
        gateway.openWebSockets().incrementAndGet();
    }

    @Override
    public AuthSession session() {
        return session;
    }

    @Override
    public void send(String frame) {
        Channel ch = channel;
        if (acceptsPush(ch)) {
            ch.writeAndFlush(new TextWebSocketFrame(frame)).addListener(ChannelFutureListener.CLOSE_ON_FAILURE);
        }
    }

    /**
     * Writes a reply's JSON as UTF-8 straight into a pooled buffer that becomes the frame: one encoding pass and no
     * String copy of a large reply (a difference page). Text Jackson cannot encode to UTF-8 directly (an unpaired
     * surrogate) goes the String way, which encodes it as {@link #send} always has.
     */
    private void sendReply(Object reply) {
        Channel ch = channel;
        if (!acceptsPush(ch)) {
            return;
        }
        ByteBuf utf8 = ch.alloc().buffer();
        try (ByteBufOutputStream out = new ByteBufOutputStream(utf8)) {
            gateway.codec().writeTo(reply, out);
        } catch (IOException | RuntimeException e) {
            utf8.release();
            send(gateway.codec().write(reply));
            return;
        }
        ch.writeAndFlush(new TextWebSocketFrame(utf8)).addListener(ChannelFutureListener.CLOSE_ON_FAILURE);
    }

    /** The event loop this connection's writes run on, or null before the channel is set up. */
    EventLoop eventLoop() {
        Channel ch = channel;
        return ch == null ? null : ch.eventLoop();
    }

    /** Writes a frame whose UTF-8 bytes other connections share ({@link Broadcast}); on this channel's event loop. */
    void writeShared(ByteBuf utf8) {
        Channel ch = channel;
        if (acceptsPush(ch)) {
            ch.writeAndFlush(new TextWebSocketFrame(utf8.retainedDuplicate()))
                    .addListener(ChannelFutureListener.CLOSE_ON_FAILURE);
        }
    }

    /** False while closing; drops (and says so) a client that stopped reading with too much queued for it. */
    private boolean acceptsPush(Channel ch) {
        if (closing || ch == null || !ch.isActive()) {
            return false;
        }
        if (ch.bytesBeforeWritable() > MAX_PENDING_BYTES) {
            log.info("dropping connection of session {}: the client stopped reading", sessionId());
            closing = true;
            ch.close();
            return false;
        }
        return true;
    }

    private record DeferredClose(int code, String reason) {}

    /**
     * Closes with a close frame. A close asked for by a request running on this very connection (auth.logout revokes
     * its own session) waits until that request's reply is written, so the client gets the answer before the close.
     */
    @Override
    public void close(int code, String reason) {
        if (EXECUTING.isBound() && EXECUTING.get() == this) {
            deferredClose = new DeferredClose(code, reason);
            return;
        }
        Channel ch = channel;
        if (ch == null || closing) {
            return;
        }
        closing = true;
        ch.writeAndFlush(new CloseWebSocketFrame(code, reason)).addListener(ChannelFutureListener.CLOSE);
        // A peer that does not read would keep the close frame (and the socket) pending forever.
        ch.eventLoop().schedule(() -> ch.close(), FORCE_CLOSE_SECONDS, TimeUnit.SECONDS);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        awaitingPong = false;
        try {
            if (closing) {
                return;
            }
            switch (msg) {
                case TextWebSocketFrame text -> onText(text.text());
                case BinaryWebSocketFrame _ -> {
                    OptionalInt wait = takeToken();
                    reply(null, Dispatcher.UNKNOWN, wait.isPresent() ? ParleyException.floodWait(wait.getAsInt())
                            : ParleyException.badRequest("binary frames are not supported: send JSON text frames"));
                }
                case PingWebSocketFrame ping -> ctx.writeAndFlush(new PongWebSocketFrame(ping.content().retain()));
                case PongWebSocketFrame _ -> { }
                case CloseWebSocketFrame close -> {
                    closing = true;
                    ctx.writeAndFlush(close.retainedDuplicate()).addListener(ChannelFutureListener.CLOSE);
                }
                default -> reply(null, Dispatcher.UNKNOWN, ParleyException.badRequest("unsupported frame"));
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    private void onText(String text) {
        OptionalInt wait = takeToken();
        Request request;
        try {
            request = gateway.codec().readRequest(text);
        } catch (RequestException e) {
            reply(e.requestId(), Dispatcher.UNKNOWN, wait.isPresent() ? ParleyException.floodWait(wait.getAsInt())
                    : e.error());
            return;
        } catch (ParleyException e) {
            reply(null, Dispatcher.UNKNOWN, wait.isPresent() ? ParleyException.floodWait(wait.getAsInt()) : e);
            return;
        }
        if (wait.isPresent()) {
            reply(request.id(), request.method(), ParleyException.floodWait(wait.getAsInt()));
            return;
        }
        int limit = gateway.limits().maxInFlight();
        if (inFlight.incrementAndGet() > limit) {
            inFlight.decrementAndGet();
            reply(request.id(), request.method(), new ParleyException(ErrorCode.TOO_MANY_REQUESTS,
                    "at most " + limit + " requests may be in flight on one connection"));
            return;
        }
        Runnable work = () -> {
            try {
                ScopedValue.where(EXECUTING, this).run(() -> sendReply(execute(request)));
            } finally {
                inFlight.decrementAndGet();
                DeferredClose deferred = deferredClose;
                if (deferred != null) {
                    close(deferred.code(), deferred.reason());
                }
            }
        };
        boolean started;
        if (POSTING_METHODS.contains(request.method())) {
            CompletableFuture<Void> previous = lastPosting;
            CompletableFuture<Void> done = new CompletableFuture<>();
            lastPosting = done;
            started = gateway.dispatcher().submit(() -> {
                try {
                    previous.join();
                    work.run();
                } finally {
                    done.complete(null);
                }
            });
            if (!started) {
                done.complete(null);
            }
        } else {
            started = gateway.dispatcher().submit(work);
        }
        if (!started) {
            inFlight.decrementAndGet();
            reply(request.id(), request.method(), HttpHandler.shuttingDown());
        }
    }

    /** Every frame takes a token, malformed ones included, so garbage cannot be sent faster than requests. */
    private OptionalInt takeToken() {
        AuthSession current = session;
        Object key = current != null ? new FloodControl.SessionKey(current.sessionId())
                : new FloodControl.AddressKey(clientAddress);
        return gateway.flood().tryAcquire(key);
    }

    /** Runs on a virtual thread. */
    private Response execute(Request request) {
        Dispatcher dispatcher = gateway.dispatcher();
        try {
            Object result = AuthMethods.HELLO.equals(request.method())
                    ? dispatcher.measured(AuthMethods.HELLO, () -> hello(request.params()))
                    : dispatcher.call(request.method(), new Caller(session, clientAddress), request.params());
            if (result instanceof AuthMethods.AuthResult auth && session == null) {
                // Register and login on a socket authenticate that socket, saving the client a hello round trip.
                if (bind(new AuthSession(auth.userId(), auth.sessionId()))) {
                    gateway.connections().awaitRouting(auth.userId());
                }
            }
            return Response.ok(request.id(), result);
        } catch (ParleyException e) {
            return Response.failure(request.id(), e.toBody());
        }
    }

    private AuthMethods.HelloResult hello(JsonNode params) {
        AuthMethods.Hello hello = gateway.codec().bind(params, AuthMethods.Hello.class);
        if (hello.protocolVersion() > Limits.PROTOCOL_VERSION) {
            throw new ParleyException(ErrorCode.PROTOCOL_VERSION_UNSUPPORTED,
                    "this server speaks protocol versions up to " + Limits.PROTOCOL_VERSION);
        }
        if (hello.protocolVersion() < 1) {
            throw ParleyException.badRequest("field 'protocolVersion': must be at least 1");
        }
        if (session != null) {
            throw ParleyException.badRequest("this connection is already authenticated");
        }
        AuthSession authenticated = gateway.authenticator().authenticate(hello.token())
                .orElseThrow(() -> new ParleyException(ErrorCode.UNAUTHORIZED, "invalid or revoked token"));
        if (!bind(authenticated)) {
            throw ParleyException.badRequest("this connection is already authenticated");
        }
        if (gateway.authenticator().authenticate(hello.token()).isEmpty()) {
            // Revoked between the first check and the registration: the revocation's sweep of the registry may have
            // run before this socket was in it, so close it here instead of leaving a revoked session connected.
            close(ConnectionRegistry.CLOSE_SESSION_REVOKED, "session revoked");
            throw new ParleyException(ErrorCode.SESSION_REVOKED, "the session was revoked");
        }
        // The client fetches its difference after this answer and relies on pushes for what comes later.
        gateway.connections().awaitRouting(authenticated.userId());
        return new AuthMethods.HelloResult(authenticated.userId(), authenticated.sessionId(), Limits.PROTOCOL_VERSION);
    }

    /** Attaches the session and registers for pushes, unless already authenticated or closed meanwhile. */
    private synchronized boolean bind(AuthSession authenticated) {
        if (session != null) {
            return false;
        }
        session = authenticated;
        if (channel.isActive() && !closing) {
            gateway.connections().add(this);
            registered = true;
        }
        return true;
    }

    private void reply(Long id, String method, ParleyException error) {
        gateway.dispatcher().countRejected(method, error.code());
        send(gateway.codec().write(Response.failure(id, error.toBody())));
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
        if (!(event instanceof IdleStateEvent)) {
            super.userEventTriggered(ctx, event);
            return;
        }
        if (awaitingPong) {
            return;
        }
        awaitingPong = true;
        ctx.writeAndFlush(new PingWebSocketFrame());
        ctx.executor().schedule(() -> {
            if (awaitingPong && ctx.channel().isActive()) {
                log.debug("closing a WebSocket that did not answer a ping");
                closing = true;
                ctx.close();
            }
        }, gateway.limits().pongTimeoutSeconds(), TimeUnit.SECONDS);
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
        Channel ch = ctx.channel();
        // Stop reading requests from a client that does not read its replies: back-pressure, not buffering.
        ch.config().setAutoRead(ch.isWritable());
        if (!ch.isWritable()) {
            ctx.executor().schedule(() -> {
                if (!ch.isWritable() && ch.isActive()) {
                    log.info("dropping connection of session {}: outbound buffer stayed full", sessionId());
                    closing = true;
                    ch.close();
                }
            }, SLOW_READER_GRACE_SECONDS, TimeUnit.SECONDS);
        }
        super.channelWritabilityChanged(ctx);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        closing = true;
        synchronized (this) {
            if (registered) {
                gateway.connections().remove(this);
                registered = false;
            }
            if (counted) {
                gateway.openWebSockets().decrementAndGet();
                counted = false;
            }
        }
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof TooLongFrameException || cause instanceof CorruptedWebSocketFrameException corrupted
                && corrupted.closeStatus().code() == WebSocketCloseStatus.MESSAGE_TOO_BIG.code()) {
            reply(null, Dispatcher.UNKNOWN, HttpHandler.frameTooLarge());
            close(WebSocketCloseStatus.MESSAGE_TOO_BIG.code(), "frame too large");
        } else if (cause instanceof CorruptedWebSocketFrameException corrupted) {
            close(corrupted.closeStatus().code(), corrupted.closeStatus().reasonText());
        } else if (cause instanceof IOException) {
            log.debug("WebSocket failed: {}", cause.toString());
            ctx.close();
        } else {
            log.warn("closing a WebSocket after an unexpected error", cause);
            close(WebSocketCloseStatus.INTERNAL_SERVER_ERROR.code(), "internal error");
        }
    }

    private Object sessionId() {
        AuthSession current = session;
        return current == null ? "(none)" : current.sessionId();
    }
}
