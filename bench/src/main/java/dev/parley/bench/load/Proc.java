package dev.parley.bench.load;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Linux /proc readings: a process's RSS, kernel socket memory, the load average and the machine's description. */
final class Proc {
    private static final int PAGE_KIB = 4;

    private Proc() {}

    /** Resident set size (VmRSS) of a process, in KiB. */
    static long rssKib(long pid) {
        for (String line : lines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.substring(6).trim().split("\\s+")[0]);
            }
        }
        throw new IllegalStateException("no VmRSS for pid " + pid);
    }

    /** User plus system CPU time a process has used, in nanoseconds (clock ticks of 10 ms on Linux x86-64). */
    static long cpuNanos(long pid) {
        return statCpuNanos(lines(Path.of("/proc", Long.toString(pid), "stat")).getFirst());
    }

    /** utime plus stime of a /proc stat line (clock ticks of 10 ms on Linux x86-64), in nanoseconds. */
    private static long statCpuNanos(String stat) {
        // The command name (field 2) may contain spaces; the fields after its closing parenthesis are fixed.
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * 10_000_000L;
    }

    /**
     * User plus system CPU time of a process's threads whose name starts with {@code prefix} (Linux truncates thread
     * names to 15 characters), in nanoseconds; 0 when none matches.
     */
    static long threadCpuNanos(long pid, String prefix) {
        long total = 0;
        try (var tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path task : tasks.toList()) {
                try {
                    if (Files.readString(task.resolve("comm")).strip().startsWith(prefix)) {
                        total += statCpuNanos(Files.readString(task.resolve("stat")));
                    }
                } catch (IOException exited) {
                    // A thread that ended between the listing and the read: nothing to count.
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the threads of " + pid, e);
        }
        return total;
    }

    /**
     * Kernel memory held by TCP sockets (the "mem" of /proc/net/sockstat, in pages), in KiB. On loopback it counts
     * both ends of every connection, the generator's included.
     */
    static long tcpMemoryKib() {
        for (String line : lines(Path.of("/proc/net/sockstat"))) {
            if (line.startsWith("TCP:")) {
                String[] parts = line.trim().split("\\s+");
                for (int i = 1; i < parts.length - 1; i++) {
                    if (parts[i].equals("mem")) {
                        return Long.parseLong(parts[i + 1]) * PAGE_KIB;
                    }
                }
            }
        }
        throw new IllegalStateException("no TCP mem in /proc/net/sockstat");
    }

    /**
     * CPU time every process on the machine has used (user plus system, each process's threads included, kernel
     * threads such as writeback and softirq workers too), in nanoseconds. Summed per process rather than read from
     * the {@code cpu} line of /proc/stat: on the benchmark VM that line counted 37 ticks of busy time over 5 s of
     * load in which the processes had used 108 (its ticks appear to be sampled, and to land mostly in idle), while a
     * process's time is its scheduler runtime. Processes that start and end between two readings are not counted.
     */
    static long allProcessesCpuNanos() {
        long total = 0;
        try (var processes = Files.list(Path.of("/proc"))) {
            for (Path process : processes.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit))
                    .toList()) {
                try {
                    total += statCpuNanos(Files.readString(process.resolve("stat")));
                } catch (IOException exited) {
                    // A process that ended between the listing and the read: nothing to count.
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list /proc", e);
        }
        return total;
    }

    /** The 1, 5 and 15-minute load averages: other jobs on the machine compete with server and generator. */
    static double[] loadAverage() {
        String[] parts = lines(Path.of("/proc/loadavg")).getFirst().split(" ");
        return new double[] {Double.parseDouble(parts[0]), Double.parseDouble(parts[1]), Double.parseDouble(parts[2])};
    }

    /** Cores, CPU model, memory and kernel: printed with every result so figures can be compared across machines. */
    static Map<String, Object> machine() {
        Map<String, Object> machine = new LinkedHashMap<>();
        machine.put("cores", Runtime.getRuntime().availableProcessors());
        lines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name")).findFirst()
                .ifPresent(l -> machine.put("cpu", l.substring(l.indexOf(':') + 1).trim()));
        lines(Path.of("/proc/meminfo")).stream().filter(l -> l.startsWith("MemTotal:")).findFirst()
                .ifPresent(l -> machine.put("memTotal", l.substring(9).trim()));
        machine.put("kernel", System.getProperty("os.version"));
        machine.put("java", System.getProperty("java.vm.version"));
        double[] load = loadAverage();
        machine.put("loadAverage", List.of(load[0], load[1], load[2]));
        return machine;
    }

    private static List<String> lines(Path path) {
        try {
            return Files.readAllLines(path);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path, e);
        }
    }
}
