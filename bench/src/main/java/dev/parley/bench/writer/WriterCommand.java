package dev.parley.bench.writer;

import dev.parley.server.db.SqliteDatabase.Synchronous;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code ./parley bench writer}: the durable-write matrix of issue 3 (see docs/PERFORMANCE.md). */
@Command(
        name = "writer",
        mixinStandardHelpOptions = true,
        description = "Durable single-row transactions/s through the SQLite writer, with and without group commit.")
public final class WriterCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(names = "--writers", split = ",", defaultValue = "1,16,256",
            description = "Concurrent virtual-thread writers per run (default: ${DEFAULT-VALUE}).")
    private List<Integer> writers;

    @Option(names = "--synchronous", split = ",", defaultValue = "FULL,NORMAL",
            description = "SQLite synchronous modes to run: FULL, NORMAL (default: ${DEFAULT-VALUE}).")
    private List<Synchronous> synchronous;

    @Option(names = "--group-commit", arity = "1", split = ",", defaultValue = "true,false",
            description = "Group commit on (true) and/or off (false) (default: ${DEFAULT-VALUE}).")
    private List<Boolean> groupCommit;

    @Option(names = "--duration", defaultValue = "5",
            description = "Measured seconds per run (default: ${DEFAULT-VALUE}).")
    private double durationSeconds;

    @Option(names = "--warmup", defaultValue = "1",
            description = "Warm-up seconds per run, not measured (default: ${DEFAULT-VALUE}).")
    private double warmupSeconds;

    @Option(names = "--jit-warmup", defaultValue = "5",
            description = "Seconds of untimed writing before the first run, so no run measures the JIT compiling"
                    + " the code it runs (default: ${DEFAULT-VALUE}; 0 skips it).")
    private double jitWarmupSeconds;

    @Option(names = "--dir",
            description = "Where the throw-away database files go; use the disk you want to measure"
                    + " (default: the system temp dir).")
    private Path databaseDir = Path.of(System.getProperty("java.io.tmpdir"));

    @Option(names = "--results-dir",
            description = "Where writer-<timestamp>.json goes (default: bench/results in the Parley checkout).")
    private Path resultsDir = Path.of(System.getProperty("parley.home", ".")).resolve("bench").resolve("results");

    @Override
    public Integer call() {
        if (durationSeconds <= 0 || warmupSeconds < 0 || jitWarmupSeconds < 0) {
            throw new ParameterException(spec.commandLine(),
                    "--duration must be positive, --warmup and --jit-warmup not negative");
        }
        PrintWriter out = spec.commandLine().getOut();
        Instant startedAt = Instant.now();
        WriterBenchmark benchmark = new WriterBenchmark(databaseDir, seconds(warmupSeconds), seconds(durationSeconds));
        if (jitWarmupSeconds > 0) {
            out.printf("warming up the JIT for %.0f s …%n", jitWarmupSeconds);
            out.flush();
            new WriterBenchmark(databaseDir, Duration.ZERO, seconds(jitWarmupSeconds))
                    .run(new Scenario(Synchronous.NORMAL, true, 16));
        }
        List<WriterResult> results = new ArrayList<>();
        for (Synchronous mode : synchronous) {
            for (boolean group : groupCommit) {
                for (int count : writers) {
                    Scenario scenario = new Scenario(mode, group, count);
                    out.printf("running synchronous=%s groupCommit=%s writers=%d …%n", mode, group, count);
                    out.flush();
                    results.add(benchmark.run(scenario));
                }
            }
        }
        WriterReport report = new WriterReport("writer", startedAt.toString(), WriterReport.Machine.current(),
                warmupSeconds, durationSeconds, databaseDir.toAbsolutePath().toString(), results);
        out.println();
        out.print(report.table());
        out.println();
        out.println("results: " + report.writeJson(resultsDir).toAbsolutePath());
        out.flush();
        boolean everyRunCommitted = results.stream().allMatch(r -> r.commits() > 0);
        return everyRunCommitted ? 0 : 1;
    }

    private static Duration seconds(double value) {
        return Duration.ofNanos(Math.round(value * 1e9));
    }
}
