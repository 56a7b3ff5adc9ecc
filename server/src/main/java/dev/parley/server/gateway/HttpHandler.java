package dev.parley.server.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.protocol.ErrorCode;
import dev.parley.protocol.Limits;
import dev.parley.protocol.ParleyException;
import dev.parley.protocol.Response;
import dev.parley.protocol.account.AuthMethods;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshakerFactory;
import io.netty.handler.timeout.IdleStateEvent;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.OptionalInt;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes one HTTP connection: {@code GET /health}, {@code GET /metrics} (loopback only), {@code POST /api/<method>},
 * the WebSocket upgrade at {@code /api/ws}, and the web client's static files under {@code /}. After an upgrade this
 * handler replaces itself with a {@link WebSocketConnection}. API calls and file reads run on virtual threads; while
 * one runs, reading from the connection is paused so replies leave in request order.
 */
final class HttpHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
    private static final Logger log = LoggerFactory.getLogger(HttpHandler.class);
    static final String WS_PATH = "/api/ws";
    private static final String API_PREFIX = "/api/";
    private static final String NOT_BUILT = """
            Parley is running.

            The web client is not built, so there is nothing to show here. Build it (see README.md) or use the API:
            WebSocket at /api/ws, HTTP at POST /api/<method>; health at /health.
            """;

    private final GatewayContext gateway;
    /** A request is running on a virtual thread; the connection is not idle even though nothing is read. */
    private volatile boolean busy;

    HttpHandler(GatewayContext gateway) {
        this.gateway = gateway;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        boolean keepAlive = HttpUtil.isKeepAlive(request);
        if (!request.decoderResult().isSuccess()) {
            HttpReplies.write(ctx, error(new ParleyException(ErrorCode.BAD_REQUEST, "malformed HTTP request")), false);
            return;
        }
        String path = new QueryStringDecoder(request.uri()).path();
        HttpMethod verb = request.method();
        if (path.equals(WS_PATH)) {
            upgrade(ctx, request);
        } else if (path.startsWith(API_PREFIX)) {
            if (verb.equals(HttpMethod.POST)) {
                api(ctx, request, path.substring(API_PREFIX.length()), keepAlive);
            } else {
                FullHttpResponse response = error(ParleyException.badRequest("API methods are called with POST"));
                response.setStatus(HttpResponseStatus.METHOD_NOT_ALLOWED);
                response.headers().set(HttpHeaderNames.ALLOW, "POST");
                HttpReplies.write(ctx, response, keepAlive);
            }
        } else if (route(path).isPresent()) {
            routed(ctx, route(path).get(), request, keepAlive);
        } else if (!verb.equals(HttpMethod.GET) && !verb.equals(HttpMethod.HEAD)) {
            HttpReplies.write(ctx, HttpReplies.text(HttpResponseStatus.NOT_FOUND, "Not found\n"), keepAlive);
        } else if (path.equals("/health")) {
            HttpReplies.write(ctx, HttpReplies.response(HttpResponseStatus.OK, HttpReplies.JSON,
                    "{\"status\":\"ok\"}".getBytes(StandardCharsets.UTF_8)), keepAlive);
        } else if (path.equals("/metrics")) {
            metrics(ctx, keepAlive);
        } else {
            staticFile(ctx, path, keepAlive);
        }
    }

    private void upgrade(ChannelHandlerContext ctx, FullHttpRequest request) {
        if (!request.headers().containsValue(HttpHeaderNames.UPGRADE, HttpHeaderValues.WEBSOCKET, true)) {
            HttpReplies.write(ctx, error(ParleyException.badRequest(WS_PATH + " expects a WebSocket upgrade")), false);
            return;
        }
        // No extensions: permessage-deflate would cost a compression context per connection (DESIGN §2).
        WebSocketDecoderConfig decoder = WebSocketDecoderConfig.newBuilder()
                .maxFramePayloadLength(Limits.MAX_FRAME_BYTES)
                .allowExtensions(false)
                .closeOnProtocolViolation(false)
                .build();
        WebSocketServerHandshaker handshaker = new WebSocketServerHandshakerFactory("ws://localhost" + WS_PATH, null,
                decoder).newHandshaker(request);
        if (handshaker == null) {
            WebSocketServerHandshakerFactory.sendUnsupportedVersionResponse(ctx.channel());
            return;
        }
        WebSocketConnection connection = new WebSocketConnection(gateway, clientAddress(ctx, request));
        ctx.pipeline().replace(this, "ws", connection);
        ctx.pipeline().addBefore("ws", "ws-aggregator", new WebSocketFrameAggregator(Limits.MAX_FRAME_BYTES));
        handshaker.handshake(ctx.channel(), request).addListener((ChannelFutureListener) future -> {
            if (future.isSuccess()) {
                connection.opened();
            } else {
                future.channel().close();
            }
        });
    }

    private void api(ChannelHandlerContext ctx, FullHttpRequest request, String method, boolean keepAlive) {
        byte[] body = ByteBufUtil.getBytes(request.content());
        String authorization = request.headers().get(HttpHeaderNames.AUTHORIZATION);
        String address = clientAddress(ctx, request);
        ctx.channel().config().setAutoRead(false);
        busy = true;
        boolean started = gateway.dispatcher().submit(() -> {
            FullHttpResponse response = callMethod(method, body, authorization, address);
            busy = false;
            HttpReplies.write(ctx, response, keepAlive);
        });
        if (!started) {
            HttpReplies.write(ctx, error(shuttingDown()), false);
        }
    }

    /** Runs on a virtual thread: authenticate, flood-check, call; every outcome becomes a response. */
    private FullHttpResponse callMethod(String method, byte[] body, String authorization, String address) {
        Dispatcher dispatcher = gateway.dispatcher();
        Caller caller;
        JsonNode params;
        try {
            if (AuthMethods.HELLO.equals(method)) {
                throw ParleyException.badRequest(
                        "auth.hello is for WebSocket connections; over HTTP send 'Authorization: Bearer <token>'");
            }
            caller = caller(method, authorization, address);
            params = body.length == 0 ? gateway.codec().emptyObject() : gateway.codec().readTree(body);
            if (!params.isObject()) {
                throw ParleyException.badRequest("the request body must be a JSON object (the method's params)");
            }
        } catch (RuntimeException e) {
            ParleyException typed = Dispatcher.toParley(e);
            dispatcher.countRejected(method, typed.code());
            return error(typed);
        }
        try {
            return ok(dispatcher.call(method, caller, params));
        } catch (ParleyException e) {
            return error(e);
        }
    }

    private Caller caller(String method, String authorization, String address) {
        boolean needsSession = gateway.dispatcher().access(method) == Method.Access.SESSION;
        if (!needsSession || authorization == null) {
            throttle(new FloodControl.AddressKey(address));
            return Caller.anonymous(address);
        }
        Optional<AuthSession> session = bearer(authorization).flatMap(gateway.authenticator()::authenticate);
        if (session.isEmpty()) {
            // Charge failed tokens to the address, so guessing tokens is throttled like any anonymous call.
            throttle(new FloodControl.AddressKey(address));
            throw new ParleyException(ErrorCode.UNAUTHORIZED, "invalid or revoked token");
        }
        throttle(new FloodControl.SessionKey(session.get().sessionId()));
        return new Caller(session.get(), address);
    }

    private static Optional<String> bearer(String authorization) {
        String prefix = "Bearer ";
        if (authorization.regionMatches(true, 0, prefix, 0, prefix.length())) {
            String token = authorization.substring(prefix.length()).trim();
            if (!token.isEmpty() && token.length() <= 128) {
                return Optional.of(token);
            }
        }
        return Optional.empty();
    }

    private void throttle(Object key) {
        OptionalInt wait = gateway.flood().tryAcquire(key);
        if (wait.isPresent()) {
            throw ParleyException.floodWait(wait.getAsInt());
        }
    }

    private Optional<HttpRoute> route(String path) {
        return gateway.routes().stream().filter(r -> r.handles(path)).findFirst();
    }

    /** Hands the whole request to a mounted surface on a virtual thread (the Bot API long-polls there). */
    private void routed(ChannelHandlerContext ctx, HttpRoute route, FullHttpRequest request, boolean keepAlive) {
        FullHttpRequest retained = request.retainedDuplicate();
        String address = clientAddress(ctx, request);
        ctx.channel().config().setAutoRead(false);
        busy = true;
        boolean started = gateway.dispatcher().submit(() -> {
            FullHttpResponse response;
            try {
                HttpRoute.Reply reply = route.handle(retained, address);
                FullHttpResponse built = HttpReplies.response(HttpResponseStatus.valueOf(reply.status()),
                        reply.contentType(), reply.body());
                reply.headers().forEach((name, value) -> built.headers().set(name, value));
                response = built;
            } catch (RuntimeException e) {
                log.error("HTTP route {} failed", route.name(), e);
                response = HttpReplies.text(HttpResponseStatus.INTERNAL_SERVER_ERROR, "Internal server error\n");
            } finally {
                retained.release();
            }
            busy = false;
            HttpReplies.write(ctx, response, keepAlive);
        });
        if (!started) {
            retained.release();
            HttpReplies.write(ctx, error(shuttingDown()), false);
        }
    }

    private void metrics(ChannelHandlerContext ctx, boolean keepAlive) {
        // Metrics reveal load and usage patterns; only a local scraper (or an operator's tunnel) may read them.
        if (!isLoopback(ctx.channel().remoteAddress())) {
            HttpReplies.write(ctx, HttpReplies.text(HttpResponseStatus.NOT_FOUND, "Not found\n"), keepAlive);
            return;
        }
        byte[] body = gateway.metrics().scrape().getBytes(StandardCharsets.UTF_8);
        HttpReplies.write(ctx, HttpReplies.response(HttpResponseStatus.OK,
                "text/plain; version=0.0.4; charset=utf-8", body), keepAlive);
    }

    private void staticFile(ChannelHandlerContext ctx, String path, boolean keepAlive) {
        ctx.channel().config().setAutoRead(false);
        busy = true;
        boolean started = gateway.dispatcher().submit(() -> {
            FullHttpResponse response;
            try {
                response = gateway.staticFiles().find(path)
                        .map(file -> {
                            FullHttpResponse found = HttpReplies.response(HttpResponseStatus.OK, file.contentType(),
                                    file.content());
                            found.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-cache");
                            return found;
                        })
                        .orElseGet(() -> path.equals("/")
                                ? HttpReplies.text(HttpResponseStatus.OK, NOT_BUILT)
                                : HttpReplies.text(HttpResponseStatus.NOT_FOUND, "Not found\n"));
            } catch (RuntimeException e) {
                log.error("cannot serve static file {}", path, e);
                response = HttpReplies.text(HttpResponseStatus.INTERNAL_SERVER_ERROR, "Internal server error\n");
            }
            busy = false;
            HttpReplies.write(ctx, response, keepAlive);
        });
        if (!started) {
            HttpReplies.write(ctx, error(shuttingDown()), false);
        }
    }

    private FullHttpResponse ok(Object result) {
        return HttpReplies.response(HttpResponseStatus.OK, HttpReplies.JSON,
                gateway.codec().writeBytes(Response.ok(null, result)));
    }

    private FullHttpResponse error(ParleyException e) {
        return HttpReplies.error(gateway.codec(), e);
    }

    static ParleyException shuttingDown() {
        return new ParleyException(ErrorCode.UNAVAILABLE, "the server is shutting down; retry later");
    }

    static ParleyException frameTooLarge() {
        return new ParleyException(ErrorCode.FRAME_TOO_LARGE,
                "frames and request bodies are limited to " + Limits.MAX_FRAME_BYTES + " bytes");
    }

    /** The client's address, from X-Forwarded-For when the peer is a trusted proxy (gateway.trustedProxies). */
    private String clientAddress(ChannelHandlerContext ctx, FullHttpRequest request) {
        SocketAddress peer = ctx.channel().remoteAddress();
        return peer instanceof InetSocketAddress inet
                ? gateway.proxies().clientAddress(inet.getAddress(), request.headers().get("X-Forwarded-For"))
                : clientAddress(peer);
    }

    static String clientAddress(SocketAddress address) {
        return address instanceof InetSocketAddress inet ? inet.getAddress().getHostAddress() : String.valueOf(address);
    }

    private static boolean isLoopback(SocketAddress address) {
        return address instanceof InetSocketAddress inet && inet.getAddress().isLoopbackAddress();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
        if (event instanceof IdleStateEvent) {
            // An idle keep-alive connection costs a socket and gains nothing; a long-running request is not idle.
            if (!busy) {
                ctx.close();
            }
            return;
        }
        super.userEventTriggered(ctx, event);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof TooLongFrameException) {
            HttpReplies.write(ctx, error(frameTooLarge()), false);
        } else if (cause instanceof IOException) {
            log.debug("HTTP connection failed: {}", cause.toString());
            ctx.close();
        } else {
            log.warn("closing HTTP connection after an unexpected error", cause);
            ctx.close();
        }
    }

}
