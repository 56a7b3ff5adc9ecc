package dev.parley.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/** One request from submission to its reply, timeout or failure; {@code sent} is guarded by the connection's lock. */
final class Call {
    final long id;
    final String method;
    final String frame;
    final Delivery delivery;
    /** Runs on the socket thread, under the connection's lock, before the future completes; may be null. */
    final Consumer<JsonNode> onSuccess;
    final CompletableFuture<JsonNode> reply = new CompletableFuture<>();
    boolean sent;

    Call(long id, String method, String frame, Delivery delivery, Consumer<JsonNode> onSuccess) {
        this.id = id;
        this.method = method;
        this.frame = frame;
        this.delivery = delivery;
        this.onSuccess = onSuccess;
    }
}
