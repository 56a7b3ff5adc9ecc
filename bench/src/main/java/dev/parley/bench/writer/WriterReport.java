package dev.parley.bench.writer;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/** The writer benchmark's output: a table for people and a JSON file for tools and diffs. */
public record WriterReport(
        String benchmark,
        String startedAt,
        Machine machine,
        double warmupSeconds,
        double measurementSeconds,
        String databaseDir,
        List<WriterResult> results) {

    /**
     * Where the figures came from, including the one-minute load average when the run ended: on a shared machine
     * other processes' load changes the wall-clock rates (the CPU-per-transaction figures much less).
     */
    public record Machine(int cpus, long maxHeapBytes, String javaVersion, String os, double loadAverage) {
        static Machine current() {
            return new Machine(
                    Runtime.getRuntime().availableProcessors(),
                    Runtime.getRuntime().maxMemory(),
                    System.getProperty("java.vm.name") + " " + Runtime.version(),
                    System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                            + System.getProperty("os.arch"),
                    ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        }
    }

    private static final DateTimeFormatter FILE_TIME =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    public WriterReport {
        Instant.parse(startedAt); // fails fast on a malformed time instead of when the file is named
        results = List.copyOf(results);
    }

    /** Writes {@code writer-<timestamp>.json} into dir and returns its path. */
    public Path writeJson(Path dir) {
        Path file = dir.resolve(benchmark + "-" + FILE_TIME.format(Instant.parse(startedAt)) + ".json");
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        try {
            Files.createDirectories(dir);
            Files.writeString(file, mapper.writeValueAsString(this) + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write benchmark results to " + file, e);
        }
        return file;
    }

    /** A Markdown table, so the same text reads well in a terminal and pastes into docs/PERFORMANCE.md. */
    public String table() {
        StringBuilder out = new StringBuilder();
        out.append("| synchronous | group commit | writers | commits/s | p50 ms | p99 ms | mean batch | commit ms"
                + " | CPU µs/tx | writer CPU µs/tx |\n");
        out.append("|-------------|--------------|--------:|----------:|-------:|-------:|-----------:|----------:"
                + "|----------:|-----------------:|\n");
        for (WriterResult r : results) {
            out.append(String.format(Locale.ROOT,
                    "| %-11s | %-12s | %7d | %9.0f | %6.2f | %6.2f | %10.1f | %9.2f | %9.1f | %16.1f |%n",
                    r.synchronous(), r.groupCommit() ? "on" : "off", r.writers(), r.commitsPerSecond(),
                    r.p50Micros() / 1000, r.p99Micros() / 1000, r.meanBatchSize(), r.meanCommitMicros() / 1000,
                    r.processCpuMicrosPerCommit(), r.writerCpuMicrosPerCommit()));
        }
        out.append(String.format(Locale.ROOT, "%n%d CPUs, load average %.1f at the end, %s, %s%n", machine.cpus(),
                machine.loadAverage(), machine.javaVersion(), machine.os()));
        return out.toString();
    }
}
