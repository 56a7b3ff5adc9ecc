package dev.parley.bench.xmpp;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Reads the server's and the generator's resource use from /proc (Linux only, like the benchmark machines). */
public final class ProcessStats {

    /** Linux reports utime/stime in clock ticks; USER_HZ is 100 on every x86-64 kernel configuration we run. */
    private static final long NANOS_PER_TICK = 10_000_000L;

    private ProcessStats() {
    }

    /** Resident set size (VmRSS) of a process in KiB. */
    public static long rssKiB(long pid) {
        for (String line : lines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.substring(6).trim().split("\\s+")[0]);
            }
        }
        throw new IllegalStateException("no VmRSS for pid " + pid);
    }

    /** User plus system CPU time a process has consumed, in nanoseconds. */
    public static long cpuNanos(long pid) {
        String stat = lines(Path.of("/proc", Long.toString(pid), "stat")).getFirst();
        // The command name (field 2) may contain spaces; fields after its closing parenthesis are fixed.
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        long utime = Long.parseLong(fields[11]);
        long stime = Long.parseLong(fields[12]);
        return (utime + stime) * NANOS_PER_TICK;
    }

    /** CPU time this generator JVM has consumed, in nanoseconds. */
    public static long ownCpuNanos() {
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        return os.getProcessCpuTime();
    }

    public static int cores() {
        return Runtime.getRuntime().availableProcessors();
    }

    /** Kernel TCP socket memory from /proc/net/sockstat ("TCP: … mem N", in pages), in KiB; both ends of loopback. */
    public static long tcpSocketMemoryKiB() {
        for (String line : lines(Path.of("/proc/net/sockstat"))) {
            if (line.startsWith("TCP:")) {
                String[] parts = line.split("\\s+");
                for (int i = 0; i < parts.length - 1; i++) {
                    if (parts[i].equals("mem")) {
                        return Long.parseLong(parts[i + 1]) * 4;
                    }
                }
            }
        }
        throw new IllegalStateException("no TCP mem in /proc/net/sockstat");
    }

    /** The 1-minute load average: other work on the machine competes with the server and the generator. */
    public static double loadAverage1m() {
        return Double.parseDouble(lines(Path.of("/proc/loadavg")).getFirst().split(" ")[0]);
    }

    /** Reads a PID file written by a peer's start.sh. */
    public static long readPidFile(Path pidFile) {
        List<String> content = lines(pidFile);
        if (content.isEmpty()) {
            throw new IllegalStateException("empty PID file " + pidFile);
        }
        return Long.parseLong(content.getFirst().trim());
    }

    private static List<String> lines(Path path) {
        try {
            return Files.readAllLines(path);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path, e);
        }
    }
}
