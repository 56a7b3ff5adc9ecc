package dev.parley.client;

import java.net.URI;
import java.util.Locale;

/** Derives the WebSocket and HTTP method addresses from the server's base URL ({@code http://host:port[/prefix]}). */
final class Endpoints {
    private Endpoints() {}

    static URI webSocket(URI server) {
        String scheme = switch (scheme(server)) {
            case "http", "ws" -> "ws";
            case "https", "wss" -> "wss";
            default -> throw new IllegalArgumentException("unsupported server URL scheme: " + server);
        };
        return URI.create(scheme + "://" + server.getRawAuthority() + basePath(server) + "/api/ws");
    }

    static URI method(URI server, String method) {
        String scheme = switch (scheme(server)) {
            case "http", "ws" -> "http";
            case "https", "wss" -> "https";
            default -> throw new IllegalArgumentException("unsupported server URL scheme: " + server);
        };
        return URI.create(scheme + "://" + server.getRawAuthority() + basePath(server) + "/api/" + method);
    }

    private static String scheme(URI server) {
        if (server.getScheme() == null || server.getRawAuthority() == null) {
            throw new IllegalArgumentException("server URL needs a scheme and a host, e.g. http://127.0.0.1:8080");
        }
        return server.getScheme().toLowerCase(Locale.ROOT);
    }

    private static String basePath(URI server) {
        String path = server.getRawPath() == null ? "" : server.getRawPath();
        while (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        return path;
    }
}
