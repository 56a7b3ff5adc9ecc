package dev.parley.server.db;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The single SQLite writer. Callers enqueue transactions and block (on their virtual thread) until committed. The
 * writer thread drains whatever is queued, runs the transactions one after the other, and then commits the whole
 * batch once: one fsync for many transactions. A failing transaction rolls back alone: the batch first runs without
 * savepoints, and only if one of its transactions throws is it rolled back and run again with each transaction
 * inside its own SAVEPOINT ({@link #runWithoutSavepoints}). Under no contention a batch
 * is a single transaction, so latency stays one commit; under load the batch grows and throughput follows.
 */
final class GroupCommitWriter implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(GroupCommitWriter.class);
    // Distinct statement texts the stores run; IN lists of varying length add a few more that come and go.
    private static final int STATEMENT_CACHE_SIZE = 512;
    /**
     * Waiting transactions above which a requested checkpoint is put off to a later batch. With a long queue the
     * writer is overloaded: the WAL passes the restart threshold every ~100 ms there, and a checkpoint each time cost
     * 2–16 % of the peak in alternating runs, which deferring recovered (docs/PERFORMANCE.md, "Session 7"); the
     * backstop threshold still bounds the WAL.
     */
    static final int CHECKPOINT_QUEUE_LIMIT = 128;

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
    private final Counter fastPathFallbacks;
    private final Counter batchEndFailures;
    private final Timer checkpointLatency;
    private final PreparedStatement checkpoint;
    private final AtomicBoolean checkpointRequested = new AtomicBoolean();
    private volatile boolean accepting = true;
    // Confined to the writer thread: what the transaction now running queued for the batch's end, and what the
    // transactions that succeeded so far in this batch queued.
    private final List<Consumer<Handle>> queuedByCurrent = new ArrayList<>();
    private final List<Consumer<Handle>> batchEnd = new ArrayList<>();

    GroupCommitWriter(Connection connection, int maxBatch, int queueCapacity, boolean groupCommit, int nice,
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
        this.checkpoint = connection.prepareStatement("PRAGMA wal_checkpoint(PASSIVE)");
        this.queue = new ArrayBlockingQueue<>(queueCapacity);
        this.maxBatch = maxBatch;
        this.groupCommit = groupCommit;
        this.batchSize = DistributionSummary.builder("parley.db.commit.batch.size")
                .description("transactions per SQLite commit").publishPercentileHistogram().register(metrics);
        this.commitLatency = Timer.builder("parley.db.commit.latency")
                .description("time to commit one batch").publishPercentileHistogram().register(metrics);
        this.fastPathFallbacks = Counter.builder("parley.db.batch.fallbacks")
                .description("batches run again with a savepoint per transaction because one transaction failed")
                .register(metrics);
        this.batchEndFailures = Counter.builder("parley.db.batch.end.failures")
                .description("end-of-batch writes (search index) that failed and were rolled back alone")
                .register(metrics);
        this.checkpointLatency = Timer.builder("parley.db.checkpoint.writer.duration")
                .description("the short checkpoint the writer runs between batches so that the WAL can start over")
                .publishPercentileHistogram().register(metrics);
        metrics.gauge("parley.db.writer.queue", queue, BlockingQueue::size);
        this.thread = Thread.ofPlatform().name("parley-db-writer").daemon(false).unstarted(() -> {
            prioritise(nice);
            loop();
        });
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

    /**
     * See {@link Database#atBatchEnd}. Work on any other handle (tooling on its own connection) has no batch to wait
     * for and runs at once.
     */
    void atBatchEnd(Handle h, Consumer<Handle> work) {
        if (Thread.currentThread() != thread || h != handle) {
            work.accept(h);
            return;
        }
        queuedByCurrent.add(work);
    }

    /**
     * Every write of the node runs on this one thread, so under load it is the bottleneck, and it shares the cores
     * with the event loops and request threads that feed it. With an equal share it waited for a core more than half
     * of its time at 5,500 sends/s (docs/PERFORMANCE.md); a lower nice value lets it run whenever it has work, while
     * the others still get every cycle it leaves.
     */
    private static void prioritise(int nice) {
        if (nice == 0) {
            return;
        }
        if (ThreadPriority.setNice(nice)) {
            log.info("database writer thread runs at nice {}", nice);
        } else {
            log.warn("database writer thread could not be given nice {} (a negative value needs CAP_SYS_NICE); "
                    + "it runs at the default priority", nice);
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
            if (!runWithoutSavepoints(batch, completions)) {
                completions.clear();
                batchEnd.clear();
                runWithSavepoints(batch, completions);
            }
            runBatchEnd();
            long start = System.nanoTime();
            connection.commit();
            commitLatency.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
            batchSize.record(batch.size());
        } catch (SQLException e) {
            rollbackQuietly();
            batch.forEach(p -> p.result.completeExceptionally(new IllegalStateException("commit failed", e)));
            return;
        } finally {
            batchEnd.clear();
            queuedByCurrent.clear();
        }
        completions.forEach(Runnable::run);
        if (checkpointRequested.get() && queue.size() <= CHECKPOINT_QUEUE_LIMIT) {
            checkpointRequested.set(false);
            finishCheckpoint();
        }
    }

    /**
     * Asks the writer to run one PASSIVE checkpoint on its own connection after a batch has been answered (see
     * {@link WalCheckpointer}). Between two batches no frame can be appended, so a checkpoint there copies the WAL to
     * its end, and the next transaction starts the WAL over unless a reader still uses it. While more than
     * {@link #CHECKPOINT_QUEUE_LIMIT} transactions wait, the request waits too.
     */
    void checkpointBetweenBatches() {
        checkpointRequested.set(true);
    }

    /** Whether a checkpoint asked for by {@link #checkpointBetweenBatches} has not run yet. */
    boolean checkpointPending() {
        return checkpointRequested.get();
    }

    private void finishCheckpoint() {
        long start = System.nanoTime();
        try (ResultSet ignored = checkpoint.executeQuery()) {
            checkpointLatency.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        } catch (SQLException e) {
            // The background thread asks again once the WAL is long; the backstop threshold still bounds it.
            log.warn("checkpoint between batches failed", e);
        }
    }

    /**
     * What the batch's successful transactions queued with {@link #atBatchEnd}, in order, inside one savepoint: a
     * failure rolls back these writes alone (logged and counted) and the transactions still commit.
     */
    private void runBatchEnd() throws SQLException {
        if (batchEnd.isEmpty()) {
            return;
        }
        savepoint.execute();
        try {
            for (Consumer<Handle> work : batchEnd) {
                work.accept(handle);
            }
            release.execute();
        } catch (RuntimeException failure) {
            rollbackToSavepoint.execute();
            release.execute();
            batchEndFailures.increment();
            log.error("end-of-batch writes failed and were rolled back; the batch's transactions commit", failure);
        }
    }

    /**
     * The fast path: the batch's transactions run back to back with no savepoint around each. Savepoints are not free
     * in SQLite: the first change to each page inside one copies the page to a statement journal, and every FTS5 table
     * flushes its pending terms to a new index segment at each savepoint (a segment per message, then merges), which
     * made most of the writer thread's cost per send (docs/PERFORMANCE.md). When every transaction succeeds — the
     * normal case — the result is the same as with savepoints. When one throws, the whole batch is rolled back and
     * this returns false, so the caller runs the batch again the careful way; the transactions that had run are run
     * again, which every {@link Tx} must allow anyway (PostgreSQL retries serialization failures the same way).
     */
    private boolean runWithoutSavepoints(List<Pending<?>> batch, List<Runnable> completions) throws SQLException {
        for (Pending<?> pending : batch) {
            try {
                completions.add(run(pending));
            } catch (RuntimeException | Error failure) {
                connection.rollback();
                batchEnd.clear();
                if (batch.size() == 1) {
                    // Alone in its batch: the rollback was all a savepoint would have done.
                    completions.add(() -> pending.result.completeExceptionally(failure));
                    return true;
                }
                fastPathFallbacks.increment();
                return false;
            }
        }
        return true;
    }

    /** Runs one transaction's work; what it queued for the batch's end is kept only if it returns normally. */
    private Runnable run(Pending<?> pending) {
        queuedByCurrent.clear();
        Runnable completion = pending.runOn(handle);
        batchEnd.addAll(queuedByCurrent);
        queuedByCurrent.clear();
        return completion;
    }

    /** Each transaction inside its own savepoint, so a failing one rolls back alone and the others still commit. */
    private void runWithSavepoints(List<Pending<?>> batch, List<Runnable> completions) throws SQLException {
        for (Pending<?> pending : batch) {
            savepoint.execute();
            try {
                completions.add(run(pending));
                release.execute();
            } catch (RuntimeException | Error failure) {
                rollbackToSavepoint.execute();
                release.execute();
                completions.add(() -> pending.result.completeExceptionally(failure));
            }
        }
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
            checkpoint.close();
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
