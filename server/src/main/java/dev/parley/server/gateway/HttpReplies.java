package dev.parley.server.gateway;

import dev.parley.protocol.JsonCodec;
import dev.parley.protocol.ParleyException;
import dev.parley.protocol.Response;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;

/** Builds and writes HTTP responses with the headers every Parley response carries. Safe from any thread. */
final class HttpReplies {
    static final String JSON = "application/json";
    static final String TEXT = "text/plain; charset=utf-8";
    /** The web client loads only its own files; the API never returns active content, so the same policy fits all. */
    static final String CSP = "default-src 'self'";

    private HttpReplies() {}

    static FullHttpResponse response(HttpResponseStatus status, String contentType, byte[] body) {
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
                Unpooled.wrappedBuffer(body));
        response.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, contentType)
                .setInt(HttpHeaderNames.CONTENT_LENGTH, body.length)
                .set("X-Content-Type-Options", "nosniff")
                .set(HttpHeaderNames.CONTENT_SECURITY_POLICY, CSP)
                .set("Referrer-Policy", "no-referrer");
        return response;
    }

    static FullHttpResponse text(HttpResponseStatus status, String body) {
        return response(status, TEXT, body.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Writes the response; keeps the connection when the client asked for keep-alive, and resumes reading, which the
     * handler paused while a request ran on a virtual thread (one request at a time per HTTP connection).
     */
    static void write(ChannelHandlerContext ctx, FullHttpResponse response, boolean keepAlive) {
        if (keepAlive) {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
            ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE_ON_FAILURE);
            ctx.channel().config().setAutoRead(true);
        } else {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
        }
    }

    /** An error in the API envelope {@code {"error":{…}}}, with its HTTP status and, for FLOOD_WAIT, Retry-After. */
    static FullHttpResponse error(JsonCodec codec, ParleyException e) {
        FullHttpResponse response = response(HttpResponseStatus.valueOf(e.code().httpStatus()), JSON,
                codec.writeBytes(Response.failure(null, e.toBody())));
        e.retryAfter().ifPresent(seconds -> response.headers().setInt(HttpHeaderNames.RETRY_AFTER, seconds));
        return response;
    }
}
