package dev.parley.bench.e2e;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * Wall and thread-CPU time of one step. Both are reported because the machine is shared: wall time includes
 * waiting for a core, CPU time is what the step itself costs.
 */
record Stopwatch(long wallStart, long cpuStart) {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    static Stopwatch start() {
        return new Stopwatch(System.nanoTime(), THREADS.getCurrentThreadCpuTime());
    }

    Timing stop() {
        return new Timing((System.nanoTime() - wallStart) / 1e6, (THREADS.getCurrentThreadCpuTime() - cpuStart) / 1e6);
    }

    /** Milliseconds of wall clock and of this thread's CPU. */
    record Timing(double wallMs, double cpuMs) {}
}
