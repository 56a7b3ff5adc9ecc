package dev.parley.server.db;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The single SQLite writer. Callers enqueue transactions and block (on their virtual thread) until committed. The
 * writer thread drains whatever is queued, runs each transaction inside its own SAVEPOINT (so a failing one rolls
 * back alone), and then commits the whole batch once: one fsync for many transactions. Under no contention a batch
 * is a single transaction, so latency stays one commit; under load the batch grows and throughput follows.
 */
final class GroupCommitWriter implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(GroupCommitWriter.class);
    // Distinct statement texts the stores run; IN lists of varying length add a few more that come and go.
    private static final int STATEMENT_CACHE_SIZE = 512;

    private final Connection connection;
    private final Handle handle;
    private final StatementCache statements;
    // Prepared once: re-parsing these statements for every transaction cost the writer thread nearly as much as the
    // single-row INSERT it wraps (docs/PERFORMANCE.md).
    private final PreparedStatement savepoint;
    private final PreparedStatement release;
    private final PreparedStatement rollbackToSavepoint;
    private final BlockingQueue<Pending<?>> queue;
    private final int maxBatch;
    private final boolean groupCommit;
    private final Thread thread;
    private final DistributionSummary batchSize;
    private final Timer commitLatency;
    private volatile boolean accepting = true;

    GroupCommitWriter(Connection connection, int maxBatch, int queueCapacity, boolean groupCommit,
            MeterRegistry metrics) throws SQLException {
        this.connection = connection;
        this.connection.setAutoCommit(false);
        // One handle for the writer's lifetime; commits are issued on the raw connection per batch, so JDBI must
        // not treat the always-open transaction as a leak.
        Jdbi writerJdbi = Jdbi.create(() -> connection);
        writerJdbi.getConfig(org.jdbi.v3.core.Handles.class).setForceEndTransactions(false);
        this.handle = writerJdbi.open();
        this.statements = new StatementCache(connection, STATEMENT_CACHE_SIZE);
        this.handle.setStatementBuilder(statements);
        this.savepoint = connection.prepareStatement("SAVEPOINT tx");
        this.release = connection.prepareStatement("RELEASE tx");
        this.rollbackToSavepoint = connection.prepareStatement("ROLLBACK TO tx");
        this.queue = new ArrayBlockingQueue<>(queueCapacity);
        this.maxBatch = maxBatch;
        this.groupCommit = groupCommit;
        this.batchSize = DistributionSummary.builder("parley.db.commit.batch.size")
                .description("transactions per SQLite commit").publishPercentileHistogram().register(metrics);
        this.commitLatency = Timer.builder("parley.db.commit.latency")
                .description("time to commit one batch").publishPercentileHistogram().register(metrics);
        this.thread = Thread.ofPlatform().name("parley-db-writer").daemon(false).unstarted(this::loop);
        this.thread.start();
    }

    <T> T submit(Tx<T> work) {
        if (!accepting) {
            throw new WriteRejectedException("the server is shutting down");
        }
        Pending<T> pending = new Pending<>(work, new CompletableFuture<>());
        try {
            if (!queue.offer(pending, 5, TimeUnit.SECONDS)) {
                throw new WriteRejectedException("the database writer is overloaded");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WriteRejectedException("interrupted while queueing a write");
        }
        try {
            return pending.result.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WriteRejectedException("interrupted while waiting for commit");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    private void loop() {
        List<Pending<?>> batch = new ArrayList<>(maxBatch);
        while (accepting || !queue.isEmpty()) {
            try {
                Pending<?> first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                if (groupCommit) {
                    queue.drainTo(batch, maxBatch - 1);
                }
                runBatch(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (RuntimeException | Error e) {
                log.error("writer loop failure", e);
                batch.forEach(p -> p.result.completeExceptionally(e));
            } finally {
                batch.clear();
            }
        }
    }

    private void runBatch(List<Pending<?>> batch) {
        List<Runnable> completions = new ArrayList<>(batch.size());
        try {
            for (Pending<?> pending : batch) {
                savepoint.execute();
                try {
                    completions.add(pending.runOn(handle));
                    release.execute();
                } catch (RuntimeException | Error failure) {
                    rollbackToSavepoint.execute();
                    release.execute();
                    completions.add(() -> pending.result.completeExceptionally(failure));
                }
            }
            long start = System.nanoTime();
            connection.commit();
            commitLatency.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
            batchSize.record(batch.size());
        } catch (SQLException e) {
            rollbackQuietly();
            batch.forEach(p -> p.result.completeExceptionally(new IllegalStateException("commit failed", e)));
            return;
        }
        completions.forEach(Runnable::run);
    }

    private void rollbackQuietly() {
        try {
            connection.rollback();
        } catch (SQLException e) {
            log.error("rollback after failed commit also failed", e);
        }
    }

    /** Stops accepting, lets queued transactions commit, and closes the connection. */
    @Override
    public void close() {
        accepting = false;
        try {
            thread.join(TimeUnit.SECONDS.toMillis(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Pending<?> left;
        while ((left = queue.poll()) != null) {
            left.result.completeExceptionally(new WriteRejectedException("the server is shutting down"));
        }
        handle.close();
        statements.close();
        try {
            savepoint.close();
            release.close();
            rollbackToSavepoint.close();
            connection.close();
        } catch (SQLException e) {
            log.warn("closing the writer connection failed", e);
        }
    }

    private record Pending<T>(Tx<T> work, CompletableFuture<T> result) {
        /** Runs the work now and returns how to complete the caller once the batch is durable. */
        Runnable runOn(Handle handle) {
            T value = work.run(handle);
            return () -> result.complete(value);
        }
    }
}
