package dev.parley.server.testing;

import dev.parley.server.db.Database;
import dev.parley.server.db.PostgresDatabase;
import dev.parley.server.db.SqliteDatabase;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;

/**
 * The storage dialects the service-level specifications run on. A spec class takes its backend from an overridable
 * {@code backend()} method; its {@code …PostgresTest} subclass overrides it, so every spec runs on both dialects
 * without a copied line.
 */
public enum Backend {
    SQLITE,
    POSTGRESQL;

    /** An open database of this dialect and what to close after it (the throw-away PostgreSQL database). */
    public record Opened(Database database, AutoCloseable cleanup) {}

    public Opened open(Path dir) {
        return switch (this) {
            case SQLITE -> new Opened(new SqliteDatabase(SqliteDatabase.Options.defaults(dir.resolve("parley.db"))
                            // Logic specs do not test fsync; NORMAL keeps them fast on a shared disk.
                            .withSynchronous(SqliteDatabase.Synchronous.NORMAL), new SimpleMeterRegistry()),
                    () -> {});
            case POSTGRESQL -> {
                PostgresFixture postgres = new PostgresFixture();
                try {
                    yield new Opened(new PostgresDatabase(postgres.options(8), new SimpleMeterRegistry()), postgres);
                } catch (RuntimeException e) {
                    postgres.close();
                    throw e;
                }
            }
        };
    }
}
