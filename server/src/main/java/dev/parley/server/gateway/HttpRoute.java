package dev.parley.server.gateway;

import io.netty.handler.codec.http.FullHttpRequest;
import java.util.Map;
import java.util.Objects;

/**
 * An extra HTTP surface for the paths it claims, outside the {@code /api/} method table: the Telegram-compatible
 * Bot API at {@code /bot<token>/<method>} has its own envelope, authentication and parameter encodings, so it handles
 * whole requests. The gateway calls {@link #handle} on a virtual thread with the connection's reading paused; the
 * request is released by the gateway afterwards.
 */
public interface HttpRoute {
    /** Whether this surface serves the path (checked before static files, after {@code /api/}). */
    boolean handles(String path);

    /** A short name for logs. */
    String name();

    Reply handle(FullHttpRequest request, String clientAddress);

    /** A complete response; {@code headers} are added to the gateway's standard ones. */
    record Reply(int status, String contentType, byte[] body, Map<String, String> headers) {
        public Reply {
            Objects.requireNonNull(contentType, "contentType");
            Objects.requireNonNull(body, "body");
            headers = Map.copyOf(headers);
        }
    }
}
