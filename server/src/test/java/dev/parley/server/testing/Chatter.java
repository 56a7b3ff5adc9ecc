package dev.parley.server.testing;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/**
 * A registered user talking raw JSON to a {@link TestServer}: HTTP calls with their bearer token, and WebSockets
 * authenticated with {@code auth.hello}. For messaging tests that check the wire, not the SDK.
 */
public final class Chatter {
    public final long userId;
    public final String username;
    public final String token;
    private final RawClient client;

    private Chatter(long userId, String username, String token, RawClient client) {
        this.userId = userId;
        this.username = username;
        this.token = token;
        this.client = client;
    }

    /** Registers a new account over HTTP. */
    public static Chatter register(RawClient client, String username) {
        RawClient.HttpReply reply = client.call("auth.register", Map.of("username", username,
                "password", "correct horse battery", "deviceName", "test"), null);
        JsonNode result = reply.json().path("result");
        if (reply.status() != 200) {
            throw new AssertionError("register " + username + " failed: " + reply.body());
        }
        return new Chatter(result.path("userId").asLong(), username, result.path("token").asText(), client);
    }

    /** The same user talking to another server (another node of a cluster). */
    public Chatter on(RawClient other) {
        return new Chatter(userId, username, token, other);
    }

    /** Logs the same account in again: a second session, as a second device would have. */
    public Chatter login() {
        RawClient.HttpReply reply = client.call("auth.login", Map.of("username", username,
                "password", "correct horse battery", "deviceName", "test"), null);
        if (reply.status() != 200) {
            throw new AssertionError("login " + username + " failed: " + reply.body());
        }
        return new Chatter(userId, username, reply.json().path("result").path("token").asText(), client);
    }

    /** Calls a method over HTTP and returns the result, failing the test on an error reply. */
    public JsonNode ok(String method, Object params) {
        RawClient.HttpReply reply = client.call(method, params, token);
        if (reply.status() != 200) {
            throw new AssertionError(method + " " + params + " failed: " + reply.status() + " " + reply.body());
        }
        return reply.json().path("result");
    }

    /** Calls a method over HTTP and returns the reply as it is, success or error. */
    public RawClient.HttpReply call(String method, Object params) {
        return client.call(method, params, token);
    }

    /** Calls a method over HTTP expecting an error; returns its code. */
    public String error(String method, Object params) {
        RawClient.HttpReply reply = client.call(method, params, token);
        if (reply.status() == 200) {
            throw new AssertionError(method + " " + params + " unexpectedly succeeded: " + reply.body());
        }
        return reply.errorCode();
    }

    /** An authenticated WebSocket (one device). */
    public RawClient.Socket connect() {
        RawClient.Socket socket = client.openWebSocket();
        JsonNode hello = socket.request("auth.hello", Map.of("token", token));
        if (!hello.has("result")) {
            throw new AssertionError("auth.hello failed: " + hello);
        }
        return socket;
    }
}
