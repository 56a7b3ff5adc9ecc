package dev.parley.bench.writer;

import dev.parley.server.db.SqliteDatabase.Synchronous;

/**
 * What one scenario measured over its measurement window (warm-up excluded): committed transactions, their rate,
 * the latency a caller saw from {@code write} to its return, how many transactions shared each commit, and how long
 * the {@code COMMIT} itself took on average (the fsync under synchronous FULL), and the CPU time one transaction cost
 * the whole process and the single writer thread alone (which bounds throughput once fsyncs are shared).
 */
public record WriterResult(
        Synchronous synchronous,
        boolean groupCommit,
        int writers,
        double seconds,
        long commits,
        double commitsPerSecond,
        double p50Micros,
        double p99Micros,
        double maxMicros,
        double meanBatchSize,
        double meanCommitMicros,
        double processCpuMicrosPerCommit,
        double writerCpuMicrosPerCommit) {}
