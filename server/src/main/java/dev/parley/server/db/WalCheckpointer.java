package dev.parley.server.db;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies the WAL back into the database file on a thread of its own, so the writer does not have to.
 *
 * <p>SQLite's automatic checkpoint runs inside the commit that crosses the threshold: the writer thread copies every
 * page changed since the last one and fsyncs the database file before it takes the next batch. At 8,000 pages that
 * held the writer 30–65 ms every half second at 2,500 sends/s, which was the p99 (docs/PERFORMANCE.md). A PASSIVE
 * checkpoint on another connection runs beside the writer (it takes SQLite's checkpoint lock, not the write lock).
 *
 * <p>Copying is not enough to keep the WAL short: it starts over from its beginning only when a write transaction
 * begins with every frame already copied, and under sustained load each pass ends with the frames the writer appended
 * meanwhile still to copy. The WAL then grew to the writer's backstop ({@link SqliteDatabase}), whose checkpoint held
 * the writer 30–45 ms (the remainder since the last pass, and an fsync). So once the WAL passes
 * {@link #RESTART_AFTER_PAGES}, this thread runs passes back to back until one finds almost nothing new, and then
 * asks the writer to copy that last remainder between two batches; the writer's next
 * transaction starts the WAL over. Measured at 6,000 sends/s: a median of 9 ms on the writer, where the backstop
 * took 30–45 ms (docs/PERFORMANCE.md, "Session 7").
 */
final class WalCheckpointer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(WalCheckpointer.class);
    /**
     * WAL pages past which the WAL is started over: the threshold the writer itself checkpoints at without this
     * thread.
     */
    static final long RESTART_AFTER_PAGES = SqliteDatabase.WAL_AUTOCHECKPOINT_PAGES;
    /** A pass that found at most this many new pages has caught up: what is left is the writer's short step. */
    static final long SETTLED_PAGES = 64;
    /** Passes run back to back to catch up before giving up until the next period (the writer outran them). */
    static final int MAX_CATCH_UP_PASSES = 10;

    private final Connection connection;
    private final long intervalMillis;
    private final GroupCommitWriter writer;
    private final Thread thread;
    private final Timer duration;
    private final AtomicLong walPages = new AtomicLong();
    private final AtomicLong copiedPages = new AtomicLong();
    private volatile boolean running = true;

    /**
     * {@code writer} is asked for the last, short step of a restart
     * ({@link GroupCommitWriter#checkpointBetweenBatches}).
     */
    WalCheckpointer(Connection connection, Duration interval, GroupCommitWriter writer, MeterRegistry metrics) {
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("checkpoint interval must be positive, was " + interval);
        }
        this.connection = connection;
        this.intervalMillis = interval.toMillis();
        this.writer = writer;
        this.duration = Timer.builder("parley.db.checkpoint.duration")
                .description("time of one background WAL checkpoint").publishPercentileHistogram().register(metrics);
        // Gauges, not counters: SQLite reports the WAL's totals after each pass, not what the pass itself copied.
        metrics.gauge("parley.db.wal.pages", walPages);
        metrics.gauge("parley.db.wal.pages.copied", copiedPages);
        this.thread = Thread.ofPlatform().name("parley-db-checkpointer").daemon(true).unstarted(this::loop);
        this.thread.start();
    }

    /** One PASSIVE checkpoint now; returns the WAL's pages and how many of them are in the database file. */
    Progress checkpoint() throws SQLException {
        long start = System.nanoTime();
        try (Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery("PRAGMA wal_checkpoint(PASSIVE)")) {
            result.next();
            Progress progress = new Progress(result.getLong(2), result.getLong(3));
            duration.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
            walPages.set(Math.max(0, progress.walPages()));
            copiedPages.set(Math.max(0, progress.copiedPages()));
            return progress;
        }
    }

    /**
     * Runs passes back to back until one finds at most {@link #SETTLED_PAGES} pages appended since the one before.
     * Each pass copies what the WAL held when it began, so the growth between two passes is what the next one had to
     * copy beyond its predecessor; at a few dozen pages the writer's own pass is a few milliseconds.
     */
    private boolean caughtUp(Progress first) throws SQLException {
        long seen = first.walPages();
        for (int pass = 0; pass < MAX_CATCH_UP_PASSES && running; pass++) {
            long now = checkpoint().walPages();
            if (now < seen) {
                return false; // the WAL started over meanwhile (or is no longer a WAL): nothing to finish
            }
            if (now - seen <= SETTLED_PAGES) {
                return true;
            }
            seen = now;
        }
        return false;
    }

    /** After a checkpoint: pages in the WAL, and how many of them the database file now holds (-1: not in WAL mode). */
    record Progress(long walPages, long copiedPages) {}

    private void loop() {
        while (running) {
            try {
                TimeUnit.MILLISECONDS.sleep(intervalMillis);
                Progress progress = checkpoint();
                // A request still pending means the writer is overloaded and put it off: catching up again is
                // wasted I/O.
                if (progress.walPages() > RESTART_AFTER_PAGES && !writer.checkpointPending() && caughtUp(progress)) {
                    writer.checkpointBetweenBatches();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (SQLException | RuntimeException e) {
                // The next period tries again; meanwhile the writer's backstop threshold still bounds the WAL.
                log.warn("background WAL checkpoint failed; retrying in {} ms", intervalMillis, e);
            }
        }
    }

    /** Stops the thread (a checkpoint under way finishes first) and closes its connection. */
    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(TimeUnit.SECONDS.toMillis(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            connection.close();
        } catch (SQLException e) {
            log.warn("closing the checkpoint connection failed", e);
        }
    }
}
