package dev.parley.server.db;

import java.util.function.Consumer;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * The storage entry point every feature store uses. Reads run on a small pool of read connections; writes run as
 * transactions that {@link #write} answers only after they are durably committed. How writes are scheduled is the
 * dialect's business: SQLite funnels them through one writer thread with group commit, PostgreSQL runs them on a
 * pool. Stores write plain SQL that both dialects accept (see docs/ARCHITECTURE.md, "Storage").
 */
public interface Database extends AutoCloseable {
    /** Runs read-only work on a consistent snapshot. */
    <T> T read(Tx<T> work);

    /**
     * Runs work in its own write transaction and returns once the transaction is durable. If work throws, its changes
     * are rolled back (and nobody else's) and the exception propagates unchanged.
     */
    <T> T write(Tx<T> work);

    /**
     * Runs {@code work} inside the current write transaction {@code handle} belongs to, but as late as the dialect
     * allows: on SQLite at the end of the writer's batch, just before the commit that makes the transaction durable
     * (so it commits or rolls back with it); on PostgreSQL at once. Works queued this way run in the order they were
     * queued. For writes that are much cheaper batched than one per transaction: SQLite's FTS5 index writes a new
     * segment each time a statement inside the transaction opens a statement journal (docs/PERFORMANCE.md). A failing
     * {@code work} must not undo the transaction: it is logged and its changes alone are rolled back.
     */
    default void atBatchEnd(Handle handle, Consumer<Handle> work) {
        work.accept(handle);
    }

    Dialect dialect();

    /** For schema tooling and tests that inspect rows; features go through {@link #read}/{@link #write}. */
    Jdbi jdbi();

    /** Stops accepting writes, finishes the ones already queued, and closes connections. */
    @Override
    void close();
}
