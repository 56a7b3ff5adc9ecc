package dev.parley.bench.writer;

import dev.parley.server.db.SqliteDatabase.Synchronous;
import java.util.Objects;

/** One cell of the writer benchmark's matrix. Without group commit every transaction is its own commit. */
public record Scenario(Synchronous synchronous, boolean groupCommit, int writers) {
    public Scenario {
        Objects.requireNonNull(synchronous, "synchronous");
        if (writers < 1) {
            throw new IllegalArgumentException("writers must be at least 1, was " + writers);
        }
    }
}
