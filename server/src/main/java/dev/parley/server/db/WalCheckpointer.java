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
 * Copies the WAL back into the database file on a thread of its own, so the writer never does.
 *
 * <p>SQLite's automatic checkpoint runs inside the commit that crosses the threshold: the writer thread copies every
 * page changed since the last one and fsyncs the database file before it takes the next batch. At 8,000 pages that
 * held the writer 30–65 ms every half second at 2,500 sends/s, which was the p99 (docs/PERFORMANCE.md). A PASSIVE
 * checkpoint on another connection runs beside the writer (it takes SQLite's checkpoint lock, not the write lock), and
 * once it has copied everything the writer's next transaction starts the WAL over from its beginning. Under sustained
 * load that moment rarely comes, and the writer's backstop below restarts the WAL instead.
 *
 * <p>The writer keeps a much higher automatic threshold as a backstop ({@link SqliteDatabase}): should this thread
 * fall behind or stop, the WAL still cannot grow without bound.
 */
final class WalCheckpointer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(WalCheckpointer.class);

    private final Connection connection;
    private final long intervalMillis;
    private final Thread thread;
    private final Timer duration;
    private final AtomicLong walPages = new AtomicLong();
    private final AtomicLong copiedPages = new AtomicLong();
    private volatile boolean running = true;

    WalCheckpointer(Connection connection, Duration interval, MeterRegistry metrics) {
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("checkpoint interval must be positive, was " + interval);
        }
        this.connection = connection;
        this.intervalMillis = interval.toMillis();
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

    /** After a checkpoint: pages in the WAL, and how many of them the database file now holds (-1: not in WAL mode). */
    record Progress(long walPages, long copiedPages) {}

    private void loop() {
        while (running) {
            try {
                TimeUnit.MILLISECONDS.sleep(intervalMillis);
                checkpoint();
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
