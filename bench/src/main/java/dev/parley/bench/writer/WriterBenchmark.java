package dev.parley.bench.writer;

import dev.parley.server.db.SqliteDatabase;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.HdrHistogram.Histogram;

/**
 * Runs one {@link Scenario}: opens a fresh SQLite file, starts the writers on virtual threads, lets them run through
 * the warm-up, then counts the transactions that complete inside the measurement window. Each writer keeps its own
 * histogram so that measuring adds no contention to what is measured.
 */
public final class WriterBenchmark {
    static final String CREATE_TABLE =
            "CREATE TABLE bench_row (id INTEGER PRIMARY KEY, writer INTEGER NOT NULL, seq INTEGER NOT NULL,"
                    + " body TEXT NOT NULL)";
    static final String INSERT = "INSERT INTO bench_row (writer, seq, body) VALUES (?, ?, ?)";
    /** About the size of a short chat message. */
    private static final String BODY = "a short message of about sixty-four bytes, like most chat lines.";
    private static final String BATCH_SIZE_METER = "parley.db.commit.batch.size";
    private static final String COMMIT_LATENCY_METER = "parley.db.commit.latency";

    private final Path workDir;
    private final Duration warmup;
    private final Duration measurement;

    public WriterBenchmark(Path workDir, Duration warmup, Duration measurement) {
        this.workDir = Objects.requireNonNull(workDir, "workDir");
        if (warmup.isNegative()) {
            throw new IllegalArgumentException("warm-up must not be negative");
        }
        if (measurement.isNegative() || measurement.isZero()) {
            throw new IllegalArgumentException("measurement must be positive");
        }
        this.warmup = warmup;
        this.measurement = measurement;
    }

    public WriterResult run(Scenario scenario) {
        Path dir = createRunDir();
        try {
            return runIn(dir, scenario);
        } finally {
            deleteRecursively(dir);
        }
    }

    private WriterResult runIn(Path dir, Scenario scenario) {
        SimpleMeterRegistry metrics = new SimpleMeterRegistry();
        SqliteDatabase.Options options = SqliteDatabase.Options.defaults(dir.resolve("bench.db"))
                .withSynchronous(scenario.synchronous())
                .withGroupCommit(scenario.groupCommit());
        try (SqliteDatabase database = new SqliteDatabase(options, metrics)) {
            database.write(h -> h.execute(CREATE_TABLE));
            DistributionSummary batches = metrics.get(BATCH_SIZE_METER).summary();
            Timer commitLatency = metrics.get(COMMIT_LATENCY_METER).timer();
            CpuMeter cpu = CpuMeter.forCurrentWriter();

            long measureStart = System.nanoTime() + warmup.toNanos();
            long measureEnd = measureStart + measurement.toNanos();
            List<Tally> tallies = new ArrayList<>(scenario.writers());
            BatchMark before;
            BatchMark after;
            CpuMeter.Mark cpuBefore;
            CpuMeter.Mark cpuAfter;
            try (ExecutorService writers = Executors.newVirtualThreadPerTaskExecutor()) {
                List<Future<Tally>> running = new ArrayList<>(scenario.writers());
                for (int writer = 0; writer < scenario.writers(); writer++) {
                    int id = writer;
                    running.add(writers.submit(() -> write(database, id, measureStart, measureEnd)));
                }
                // The windows are the benchmark's clock, not synchronisation: writers stop by themselves at the end.
                sleepUntil(measureStart);
                before = BatchMark.of(batches, commitLatency);
                cpuBefore = cpu.mark();
                sleepUntil(measureEnd);
                after = BatchMark.of(batches, commitLatency);
                cpuAfter = cpu.mark();
                for (Future<Tally> tally : running) {
                    tallies.add(tally.get());
                }
            } catch (ExecutionException e) {
                throw new IllegalStateException("a writer failed: " + e.getCause().getMessage(), e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while benchmarking", e);
            }
            return summarise(scenario, tallies, before, after, cpuBefore, cpuAfter);
        }
    }

    /** Writes one row per transaction until the window closes; only completions inside the window count. */
    private static Tally write(SqliteDatabase database, int writer, long measureStart, long measureEnd) {
        Histogram latencyMicros = new Histogram(3);
        long commits = 0;
        long seq = 0;
        long now = System.nanoTime();
        while (now < measureEnd) {
            long started = now;
            long rowSeq = seq++;
            database.write(h -> h.execute(INSERT, writer, rowSeq, BODY));
            now = System.nanoTime();
            if (now >= measureStart && now < measureEnd) {
                latencyMicros.recordValue(Math.max(1, (now - started) / 1_000));
                commits++;
            }
        }
        return new Tally(latencyMicros, commits);
    }

    private WriterResult summarise(Scenario scenario, List<Tally> tallies, BatchMark before, BatchMark after,
            CpuMeter.Mark cpuBefore, CpuMeter.Mark cpuAfter) {
        Histogram latency = new Histogram(3);
        long commits = 0;
        for (Tally tally : tallies) {
            latency.add(tally.latencyMicros());
            commits += tally.commits();
        }
        double seconds = measurement.toNanos() / 1e9;
        long batchCount = after.count() - before.count();
        double meanBatch = batchCount == 0 ? 0 : (after.transactions() - before.transactions()) / batchCount;
        double meanCommitMicros = batchCount == 0 ? 0 : (after.commitMicros() - before.commitMicros()) / batchCount;
        boolean measured = latency.getTotalCount() > 0;
        return new WriterResult(
                scenario.synchronous(),
                scenario.groupCommit(),
                scenario.writers(),
                seconds,
                commits,
                commits / seconds,
                measured ? latency.getValueAtPercentile(50) : 0,
                measured ? latency.getValueAtPercentile(99) : 0,
                measured ? latency.getMaxValue() : 0,
                meanBatch,
                meanCommitMicros,
                commits == 0 ? 0 : (cpuAfter.processNanos() - cpuBefore.processNanos()) / 1e3 / commits,
                commits == 0 ? 0 : (cpuAfter.writerNanos() - cpuBefore.writerNanos()) / 1e3 / commits);
    }

    private Path createRunDir() {
        try {
            Files.createDirectories(workDir);
            return Files.createTempDirectory(workDir, "parley-writer-bench-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a benchmark directory in " + workDir, e);
        }
    }

    private static void deleteRecursively(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the benchmark directory " + dir, e);
        }
    }

    private static void sleepUntil(long nanoTime) throws InterruptedException {
        long remaining = nanoTime - System.nanoTime();
        if (remaining > 0) {
            TimeUnit.NANOSECONDS.sleep(remaining);
        }
    }

    private record Tally(Histogram latencyMicros, long commits) {}

    /**
     * The writer's meters are cumulative since the database opened; two marks give the window's share. The commit
     * timer covers only {@code COMMIT} itself (the fsync under FULL), not running the batch's statements.
     */
    private record BatchMark(long count, double transactions, double commitMicros) {
        static BatchMark of(DistributionSummary batches, Timer commitLatency) {
            return new BatchMark(batches.count(), batches.totalAmount(),
                    commitLatency.totalTime(TimeUnit.MICROSECONDS));
        }
    }
}
