package dev.parley.server.sync;

import dev.parley.protocol.sync.Update;
import java.util.Objects;
import java.util.function.LongFunction;

/**
 * One row to append to a user's update log: the kind, the chat, a pointer to the chat event ({@code seq}) or a small
 * payload for user-only facts, and how to render it once its pts is known (for the push).
 */
public record LogEntry(long userId, String kind, long chatId, Long seq, String payload, LongFunction<Update> render) {
    public LogEntry {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(render, "render");
    }
}
