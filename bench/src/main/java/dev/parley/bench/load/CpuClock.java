package dev.parley.bench.load;

import java.lang.management.ManagementFactory;

/**
 * The generator's own CPU use as a share of the machine: process CPU time / wall time / cores. A share near 1 means
 * the generator, not the server, may be what bounds a figure.
 */
public final class CpuClock {
    private static final com.sun.management.OperatingSystemMXBean OS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    private long cpuNanos;
    private long wallNanos;

    private CpuClock(long cpuNanos, long wallNanos) {
        this.cpuNanos = cpuNanos;
        this.wallNanos = wallNanos;
    }

    public static CpuClock start() {
        return new CpuClock(OS.getProcessCpuTime(), System.nanoTime());
    }

    /** Starts a new measurement window. */
    public synchronized void reset() {
        cpuNanos = OS.getProcessCpuTime();
        wallNanos = System.nanoTime();
    }

    /** CPU time used since the window started. */
    public synchronized long cpuNanos() {
        return OS.getProcessCpuTime() - cpuNanos;
    }

    /** Share of all cores used since the window started (0–1). */
    public synchronized double share() {
        long wall = System.nanoTime() - wallNanos;
        return wall <= 0 ? 0 : (double) cpuNanos() / wall / Runtime.getRuntime().availableProcessors();
    }
}
