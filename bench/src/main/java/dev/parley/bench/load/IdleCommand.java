package dev.parley.bench.load;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code parley bench idle}: memory per authenticated idle WebSocket. Starts a server, registers the users, then
 * opens connections in cumulative steps (default 1,000, 5,000, 19,000) and after each step reads the server's RSS,
 * its live heap after a full GC and the kernel's TCP memory, each minus the 0-connection baseline, per connection.
 */
@Command(name = "idle", mixinStandardHelpOptions = true,
        description = "Server memory per authenticated idle WebSocket connection (RSS, live heap, kernel).")
public final class IdleCommand implements Callable<Integer> {
    @Option(names = "--steps", split = ",", defaultValue = "1000,5000,19000",
            description = "cumulative connection counts to measure at (default: ${DEFAULT-VALUE})")
    List<Integer> steps;

    @Option(names = "--per-process", defaultValue = "15000",
            description = "connections per generator process; a process may hold at most 20,000 open files")
    int perProcess;

    @Option(names = "--settle-seconds", defaultValue = "3", description = "wait after each step before measuring")
    int settleSeconds;

    @Option(names = "--top-classes", defaultValue = "12", description = "heap classes to list per connection")
    int topClasses;

    @Mixin
    Common common;

    @Mixin
    Target serverTarget;

    @Override
    public Integer call() throws Exception {
        List<Integer> counts = steps.stream().sorted().distinct().toList();
        if (counts.isEmpty() || counts.getFirst() < 1 || counts.getLast() > 60_000 || perProcess < 1
                || perProcess > 19_000) {
            throw new IllegalArgumentException("steps must be 1–60,000 and --per-process 1–19,000");
        }
        if (!serverTarget.parley()) {
            // One generator process holds every XMPP connection (its idle clients cost a few hundred bytes each).
            return new PeerScenarios(serverTarget, common).idle(counts, settleSeconds);
        }
        PrintWriter out = common.out();
        Map<String, Object> result = common.header("idle");
        int total = counts.getLast();
        Path dataDir = Files.createTempDirectory("parley-bench-idle-");
        try {
            List<Users.User> users;
            // Registration fills the heap with garbage that the JVM keeps committed (ZGC returns it only after
            // minutes), which would let connections reuse it and understate RSS: register, then restart.
            try (ServerProcess registrar = ServerProcess.start(common.launch(), dataDir, false);
                    LoadGenerator generator = new LoadGenerator(awaitUp(registrar, out), common.threads, 1,
                            common.sourceAddresses)) {
                long t0 = System.nanoTime();
                users = Users.register(generator, total, Users.runPrefix(), Duration.ofMinutes(20));
                out.printf("registered %d users in %.1f s; restarting the server%n", total,
                        (System.nanoTime() - t0) / 1e9);
                result.put("registrationSeconds", (System.nanoTime() - t0) / 1e9);
            }
            try (ServerProcess server = ServerProcess.start(common.launch(), dataDir, false);
                    LoadGenerator generator = new LoadGenerator(awaitUp(server, out), common.threads, 1,
                            common.sourceAddresses)) {
                measureSteps(server, generator, users, counts, result, out);
            }
        } finally {
            ServerProcess.deleteRecursively(dataDir);
        }
        common.write("idle", result);
        return 0;
    }

    private static java.net.URI awaitUp(ServerProcess server, PrintWriter out) throws InterruptedException {
        Duration startup = server.awaitHealthy(Duration.ofSeconds(120));
        out.printf("server pid %d on port %d, healthy after %d ms%n", server.pid(), server.port(), startup.toMillis());
        return server.wsUri();
    }

    private void measureSteps(ServerProcess server, LoadGenerator generator, List<Users.User> users,
            List<Integer> counts, Map<String, Object> result, PrintWriter out) throws Exception {
        try (WorkerPool pool = new WorkerPool(generator, users, perProcess, common.launch().javaHome(),
                common.sourceAddresses)) {
            Snapshot baseline = snapshot(server);
            out.printf("baseline: RSS %,d KiB, live heap %,d KiB, TCP mem %,d KiB%n", baseline.rssKib(),
                    baseline.heap().totalBytes() / 1024, baseline.tcpKib());
            result.put("baseline", baseline.toMap());
            List<Map<String, Object>> rows = new ArrayList<>();
            generator.cpu().reset();
            long openNanos = 0;
            out.println();
            out.println("connections  RSS KiB/conn  heap KiB/conn  TCP KiB/conn  open s  generator CPU");
            for (int target : counts) {
                long started = System.nanoTime();
                pool.grow(target);
                long opened = System.nanoTime() - started;
                openNanos += opened;
                Thread.sleep(Duration.ofSeconds(settleSeconds));
                Snapshot at = snapshot(server);
                double rss = (double) (at.rssKib() - baseline.rssKib()) / target;
                double heap = (at.heap().totalBytes() - baseline.heap().totalBytes()) / 1024.0 / target;
                double tcp = (double) (at.tcpKib() - baseline.tcpKib()) / target;
                long generatorCpu = pool.cpuNanos();
                double share = (double) generatorCpu / openNanos / Runtime.getRuntime().availableProcessors();
                out.printf("%,11d  %12.2f  %13.2f  %12.2f  %6.1f  %5.1f %%%n", target, rss, heap, tcp, opened / 1e9,
                        share * 100);
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("connections", target);
                row.put("rssKibPerConnection", Histogram.round2(rss));
                row.put("heapKibPerConnection", Histogram.round2(heap));
                row.put("tcpKibPerConnection", Histogram.round2(tcp));
                row.put("openSeconds", opened / 1e9);
                row.put("generatorProcesses", pool.processes());
                row.put("generatorCpuShareWhileOpening", Histogram.round2(share));
                row.put("server", at.toMap());
                row.put("heapGrowthPerConnection", at.heap().growthPer(baseline.heap(), target, topClasses));
                row.put("loadAverage", List.of(Proc.loadAverage()[0]));
                rows.add(row);
            }
            result.put("steps", rows);
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> top = (List<Map<String, Object>>) rows.getLast().get("heapGrowthPerConnection");
            out.println();
            out.printf("live heap per connection at %,d connections, by class:%n", counts.getLast());
            for (Map<String, Object> row : top) {
                out.printf("  %8.1f B  %6.2f ×  %s%n", (double) row.get("bytesPerConnection"),
                        (double) row.get("instancesPerConnection"), row.get("class"));
            }
        }
    }

    private record Snapshot(long rssKib, Histogram heap, long tcpKib) {
        Map<String, Object> toMap() {
            Map<String, Object> map = new LinkedHashMap<>();
            map.put("rssKib", rssKib);
            map.put("liveHeapBytes", heap.totalBytes());
            map.put("liveHeapInstances", heap.totalInstances());
            map.put("tcpMemKib", tcpKib);
            return map;
        }
    }

    /**
     * The histogram runs a full GC first; RSS and TCP memory are read {@code --settle-seconds} after it, so a server
     * started with a short {@code -XX:ZUncommitDelay} has returned the freed heap by then.
     */
    private Snapshot snapshot(ServerProcess server) throws InterruptedException {
        Histogram heap = server.liveHeap();
        Thread.sleep(Duration.ofSeconds(settleSeconds));
        return new Snapshot(server.rssKib(), heap, Proc.tcpMemoryKib());
    }
}
