package dev.parley.bench.writer;

import dev.parley.server.db.SqliteDatabase.Synchronous;

/**
 * What one scenario measured over its measurement window (warm-up excluded): committed transactions, their rate,
 * the latency a caller saw from {@code write} to its return, and how many transactions shared each commit.
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
        double meanBatchSize) {}
