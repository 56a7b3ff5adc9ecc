package dev.parley.bench.writer;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * CPU time, which unlike wall-clock rates does not depend on what else the machine is running: the whole process
 * (writers, carrier threads, GC, the database writer) and the database writer thread alone. Dividing by commits gives
 * the cost of one transaction, and so the rate a core could sustain.
 */
final class CpuMeter {
    /** The name {@code GroupCommitWriter} gives its thread. */
    private static final String WRITER_THREAD = "parley-db-writer";

    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private final com.sun.management.OperatingSystemMXBean os =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private final long writerThreadId;

    private CpuMeter(long writerThreadId) {
        this.writerThreadId = writerThreadId;
    }

    /** Finds the writer thread of the database just opened (each benchmark run opens exactly one). */
    static CpuMeter forCurrentWriter() {
        long id = Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> thread.getName().equals(WRITER_THREAD) && thread.isAlive())
                .mapToLong(Thread::threadId)
                .max()
                .orElseThrow(() -> new IllegalStateException("no live " + WRITER_THREAD + " thread to measure"));
        return new CpuMeter(id);
    }

    Mark mark() {
        return new Mark(os.getProcessCpuTime(), threads.getThreadCpuTime(writerThreadId));
    }

    /** CPU nanoseconds used so far by the process and by the writer thread. */
    record Mark(long processNanos, long writerNanos) {}
}
