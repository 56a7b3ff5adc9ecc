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
 * {@code parley bench startup}: time from starting the server process to its first successful request
 * ({@code GET /health} answering 200), without and with a JDK 25 AOT cache (JEP 483/514/515: classes loaded and
 * linked, and method profiles, recorded by a training run). Every measured start reuses one data directory, as a
 * restart does; the first start on an empty directory (creating the database) is reported apart.
 */
@Command(name = "startup", mixinStandardHelpOptions = true,
        description = "Process start to first successful request, without and with the JDK AOT cache.")
public final class StartupCommand implements Callable<Integer> {
    @Option(names = "--runs", defaultValue = "5", description = "measured starts per mode (default: ${DEFAULT-VALUE})")
    int runs;

    @Option(names = "--no-aot", description = "skip the AOT cache runs")
    boolean noAot;

    @Mixin
    Common common;

    @Mixin
    Target target;

    @Override
    public Integer call() throws Exception {
        if (runs < 1 || runs > 50) {
            throw new IllegalArgumentException("--runs must be 1–50");
        }
        if (!target.parley()) {
            return new PeerScenarios(target, common).startup(runs);
        }
        PrintWriter out = common.out();
        // Production settings: startup has nothing to register in bulk, and the account feature's start-up cost
        // (Argon2 at its real cost) is part of what is measured.
        ServerProcess.Launch plain = common.launch().withoutBenchmarkSettings();
        Map<String, Object> result = common.header("startup", plain);
        Path work = Files.createTempDirectory("parley-bench-startup-");
        try {
            Path dataDir = Files.createDirectories(work.resolve("data"));
            Start first = startOnce(plain, dataDir);
            out.printf("first start on an empty data directory: %.0f ms (server CPU %.0f ms)%n", first.wallMs(),
                    first.cpuMs());
            result.put("firstStartEmptyDataDirMs", first.wallMs());
            result.put("firstStartEmptyDataDirCpuMs", first.cpuMs());
            result.put("withoutAotCache", measure("without AOT cache", plain, dataDir, out));
            if (!noAot) {
                Path cache = work.resolve("parley.aot");
                Map<String, Object> aot = new LinkedHashMap<>();
                long trainStarted = System.nanoTime();
                train(plain.withJvmOptions(List.of("-XX:AOTCacheOutput=" + cache)), dataDir);
                aot.put("trainingSeconds", (System.nanoTime() - trainStarted) / 1e9);
                if (Files.isRegularFile(cache)) {
                    aot.put("cacheBytes", Files.size(cache));
                    out.printf("AOT cache: %,d bytes, training run %.1f s%n", Files.size(cache),
                            (System.nanoTime() - trainStarted) / 1e9);
                    aot.putAll(measure("with AOT cache", plain.withJvmOptions(List.of("-XX:AOTCache=" + cache)),
                            dataDir, out));
                } else {
                    aot.put("unavailable", "the training run wrote no cache (the AOT cache needs a class path of jar"
                            + " files only: run through ./parley bench); see " + dataDir.resolve("server.log"));
                    out.println("AOT cache unavailable: " + aot.get("unavailable"));
                }
                result.put("withAotCache", aot);
            }
        } finally {
            ServerProcess.deleteRecursively(work);
        }
        common.write("startup", result);
        return 0;
    }

    private Map<String, Object> measure(String label, ServerProcess.Launch launch, Path dataDir, PrintWriter out)
            throws InterruptedException {
        List<Double> millis = new ArrayList<>();
        List<Double> cpu = new ArrayList<>();
        List<Double> load = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            load.add(Proc.loadAverage()[0]);
            Start start = startOnce(launch, dataDir);
            millis.add(start.wallMs());
            cpu.add(start.cpuMs());
        }
        List<Double> sorted = millis.stream().sorted().toList();
        List<Double> sortedCpu = cpu.stream().sorted().toList();
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("runsMs", millis);
        figures.put("minMs", sorted.getFirst());
        figures.put("medianMs", sorted.get(sorted.size() / 2));
        figures.put("maxMs", sorted.getLast());
        figures.put("serverCpuMs", cpu);
        figures.put("medianServerCpuMs", sortedCpu.get(sortedCpu.size() / 2));
        figures.put("loadAverageBeforeEachRun", load);
        out.printf("%-18s min %5.0f ms  median %5.0f ms  max %5.0f ms  (%d runs; median server CPU %.0f ms)%n",
                label, sorted.getFirst(), sorted.get(sorted.size() / 2), sorted.getLast(), runs,
                sortedCpu.get(sortedCpu.size() / 2));
        out.flush();
        return figures;
    }

    /** Wall time to the first 200 and the server's CPU time until then. */
    private record Start(double wallMs, double cpuMs) {}

    private static Start startOnce(ServerProcess.Launch launch, Path dataDir) throws InterruptedException {
        try (ServerProcess server = ServerProcess.start(launch, dataDir, false)) {
            Duration wall = server.awaitHealthy(Duration.ofSeconds(120));
            return new Start(wall.toNanos() / 1e6, server.cpuNanos() / 1e6);
        }
    }

    /**
     * The training run: serve the requests a start serves (health, help.getConfig, a WebSocket register and hello),
     * then stop gracefully, which is when the JVM writes the cache.
     */
    private void train(ServerProcess.Launch launch, Path dataDir) throws InterruptedException {
        try (ServerProcess server = ServerProcess.start(launch, dataDir, false)) {
            server.awaitHealthy(Duration.ofSeconds(60));
            try (LoadGenerator generator = new LoadGenerator(server.wsUri(), 1, 1)) {
                WsConnection anonymous = generator.connect(WsConnection.IGNORE).join();
                anonymous.result("help.getConfig", "{}").join();
                anonymous.close();
                WsConnection probe = generator.connect(WsConnection.IGNORE).join();
                String registerReply = probe.call("auth.register", "{}").join().frame();
                probe.close();
                // A server without the account feature answers METHOD_NOT_FOUND; train on what it has.
                if (!registerReply.contains("METHOD_NOT_FOUND")) {
                    List<Users.User> users = Users.register(generator, 4, Users.runPrefix(), Duration.ofSeconds(60));
                    List<WsConnection> open = generator.openMany(users.size(), _ -> WsConnection.IGNORE,
                            Users.hello(users), Duration.ofSeconds(60));
                    open.forEach(WsConnection::close);
                }
            }
            // The JVM assembles the cache in a child process after the exit; on a busy machine that takes a while.
            server.stop(Duration.ofMinutes(5));
        }
    }
}
