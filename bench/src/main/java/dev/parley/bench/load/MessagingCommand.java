package dev.parley.bench.load;

import dev.parley.bench.xmpp.MessagingLadder;
import java.io.PrintWriter;
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
 * {@code parley bench messaging}: delivered durable messages per second between N clients in 1:1 chats. Steps the
 * offered rate up a ladder until the server stops keeping up, takes the highest delivered rate as the peak, then
 * runs at half the peak and reports its latency (target: p99 under 50 ms there).
 */
@Command(name = "messaging", mixinStandardHelpOptions = true,
        description = "Delivered durable messages/s in 1:1 chats and latency at half the peak.")
public final class MessagingCommand implements Callable<Integer> {
    /** The throughput target, against which the CPU budget per message is printed. */
    private static final int TARGET_PER_SECOND = 20_000;

    @Option(names = "--clients", defaultValue = "1000", description = "connected clients, even (default: ${DEFAULT-VALUE})")
    int clients;

    @Option(names = "--rates", split = ",", defaultValue = "250,500,1000,2000,4000,8000,12000,16000,20000,25000,30000",
            description = "offered total rates, messages/s, in order (default: ${DEFAULT-VALUE})")
    List<Integer> rates;

    @Option(names = "--jit-warmup-seconds", defaultValue = "20",
            description = "load at the first rate before the ladder, not measured, so the server's JIT has compiled"
                    + " the send path (default: ${DEFAULT-VALUE})")
    int jitWarmupSeconds;

    @Option(names = "--warmup-seconds", defaultValue = "2", description = "per step, not measured")
    int warmupSeconds;

    @Option(names = "--step-seconds", defaultValue = "5", description = "measured seconds per step")
    int stepSeconds;

    @Option(names = "--half-seconds", defaultValue = "10", description = "measured seconds at half the peak")
    int halfSeconds;

    @Option(names = "--drain-seconds", defaultValue = "120",
            description = "longest wait for in-flight messages after a step, so a backlog never spills into the next")
    int drainSeconds;

    @Mixin
    Common common;

    @Mixin
    ServerHeap heap;

    @Mixin
    Target target;

    @Mixin
    ClusterOptions cluster;

    @Override
    public Integer call() throws Exception {
        if (clients < 2 || clients % 2 != 0 || clients > 19_000 || rates.isEmpty() || stepSeconds < 1
                || warmupSeconds < 0 || halfSeconds < 1 || drainSeconds < 1) {
            throw new IllegalArgumentException("clients must be even, 2–19,000; rates and durations positive");
        }
        if (!target.parley()) {
            return new PeerScenarios(target, common).messaging(new MessagingLadder.Settings(clients, rates,
                    jitWarmupSeconds, warmupSeconds, stepSeconds, halfSeconds, drainSeconds, common.threads));
        }
        PrintWriter out = common.out();
        ServerProcess.Launch launch = heap.apply(common.launch());
        Map<String, Object> result = common.header("messaging", launch);
        result.put("clients", clients);
        try (ServerCluster server = ServerCluster.start(launch, cluster)) {
            result.put("nodes", server.size());
            result.put("database", server.database());
            result.put("durability", server.durability());
            server.awaitHealthy(Duration.ofSeconds(120));
            try (LoadGenerator generator = new LoadGenerator(server.wsUris(), common.threads, 1,
                    common.sourceAddresses)) {
                List<Users.User> users = Users.register(generator, clients, Users.runPrefix(), Duration.ofMinutes(10));
                try (MessagingLoad load = MessagingLoad.open(generator, users, Duration.ofMinutes(5))) {
                    out.printf("%d clients in %d private chats; %d s of JIT warm-up at %d msgs/s%n%n", clients,
                            clients / 2, jitWarmupSeconds, rates.getFirst());
                    if (jitWarmupSeconds > 0) {
                        load.run(rates.getFirst(), Duration.ZERO, Duration.ofSeconds(jitWarmupSeconds),
                                Duration.ofSeconds(drainSeconds));
                    }
                    out.println("offered/s  delivered/s  p50 ms   p99 ms  p99.9 ms  ack p99  errors  gen CPU  srv CPU"
                            + "  µs/msg  wr µs  gen µs  mach µs  load");
                    List<Map<String, Object>> steps = new ArrayList<>();
                    double peak = 0;
                    CpuBudget peakBudget = null;
                    for (int rate : rates) {
                        Step step = step(load, server, generator, rate, stepSeconds, out);
                        steps.add(step.figures());
                        double deliveredPerSecond = ((Number) step.figures().get("deliveredPerSecond")).doubleValue();
                        if (deliveredPerSecond > peak) {
                            peak = deliveredPerSecond;
                            peakBudget = step.budget();
                        }
                        if (!(Boolean) step.figures().get("keptUp")) {
                            break;
                        }
                    }
                    result.put("steps", steps);
                    result.put("peakDeliveredPerSecond", Math.round(peak));
                    out.printf("%npeak: %,.0f delivered msgs/s; now at half the peak for %d s%n", peak, halfSeconds);
                    Map<String, Object> half = step(load, server, generator, (int) Math.max(1, peak / 2), halfSeconds,
                            out).figures();
                    result.put("halfPeak", half);
                    if (peakBudget != null) {
                        int cores = Runtime.getRuntime().availableProcessors();
                        out.printf("%nCPU per delivered message at the peak, µs (%d cores at %,d msgs/s leave %.0f):%n"
                                + "  %s%n", cores, TARGET_PER_SECOND, CpuBudget.allowance(cores, TARGET_PER_SECOND),
                                peakBudget.describe());
                    }
                }
            }
        }
        common.write("messaging", result);
        return 0;
    }

    /** A step's figures (as written to the result file) and where its CPU went. */
    private record Step(Map<String, Object> figures, CpuBudget budget) {}

    /** One rate step: the window's figures plus the CPU shares of generator and server during it. */
    private Step step(MessagingLoad load, ServerCluster server, LoadGenerator generator, int rate,
            int seconds, PrintWriter out) throws InterruptedException {
        double load1 = Proc.loadAverage()[0];
        CpuBudget.Reading cpuBefore = CpuBudget.Reading.take(server);
        long databaseCpu = server.databaseCpuNanos();
        long wall = System.nanoTime();
        generator.cpu().reset();
        MessagingLoad.Window window = load.run(rate, Duration.ofSeconds(warmupSeconds), Duration.ofSeconds(seconds),
                Duration.ZERO);
        double generatorShare = generator.cpu().share();
        CpuBudget.Reading cpuAfter = CpuBudget.Reading.take(server);
        long generatorCpuTaken = generator.cpu().cpuNanos();
        double serverShare = (double) (cpuAfter.server() - cpuBefore.server()) / (System.nanoTime() - wall)
                / Runtime.getRuntime().availableProcessors();
        double databaseShare = databaseCpu < 0 ? -1 : (double) (server.databaseCpuNanos() - databaseCpu)
                / (System.nanoTime() - wall) / Runtime.getRuntime().availableProcessors();
        long drainStarted = System.nanoTime();
        boolean drained = load.awaitDrained(Duration.ofSeconds(drainSeconds));
        double drainSecondsTaken = (System.nanoTime() - drainStarted) / 1e9;
        Map<String, Object> step = new LinkedHashMap<>();
        step.put("offeredPerSecond", rate);
        step.putAll(window.toMap());
        double p99 = window.delivery().getValueAtPercentile(99) / 1000.0;
        // Kept up: no errors, latency bounded, and no backlog: what was still in flight when sending stopped arrived
        // within 2 s (a window of a few seconds misses the last messages' latency at its edge, so delivered/offered
        // alone would fail a server that keeps up).
        boolean keptUp = window.deliveredPerSecond() >= 0.9 * rate && window.errors().isEmpty() && p99 < 1000
                && drained && drainSecondsTaken <= 2;
        step.put("keptUp", keptUp);
        step.put("drainedAfterStep", drained);
        step.put("drainSeconds", Histogram.round2(drainSecondsTaken));
        step.put("generatorCpuShare", Histogram.round2(generatorShare));
        step.put("serverCpuShare", Histogram.round2(serverShare));
        // The load-independent figure: server CPU time per delivered message (the rate is the same during the step's
        // warm-up and its window, so the window's rate stands for both).
        double cpuMicrosPerMessage = window.deliveredPerSecond() > 0 ? serverShare
                * Runtime.getRuntime().availableProcessors() / window.deliveredPerSecond() * 1e6 : 0;
        step.put("serverCpuMicrosPerMessage", Math.round(cpuMicrosPerMessage));
        // The same per message for the single SQLite writer thread (the suspected bound) and for the generator (whose
        // cost is part of the target). Both cover warm-up and window, so they divide by every message of the step.
        long stepMessages = Math.max(1, Math.round(window.deliveredPerSecond() * (warmupSeconds + seconds)));
        CpuBudget budget = CpuBudget.perMessage(cpuBefore, cpuAfter, generatorCpuTaken, stepMessages);
        step.put("writerCpuMicrosPerMessage", Histogram.round2(budget.writer()));
        step.put("generatorCpuMicrosPerMessage", Histogram.round2(budget.generator()));
        // Every part of the machine's CPU per message (the writer and generator figures above among them); the
        // machine's counts every process, the kernel's writeback and softirq threads among them.
        step.put("cpuMicrosPerMessage", budget.toMap());
        if (databaseShare >= 0) {
            step.put("databaseCpuShare", Histogram.round2(databaseShare));
        }
        step.put("loadAverage", load1);
        out.printf("%9d  %11.0f  %6.1f  %7.1f  %8.1f  %7.1f  %6d  %6.0f%%  %6.0f%%  %7d  %5.0f  %6.0f  %7.0f"
                        + "  %4.1f%s%n", rate, window.deliveredPerSecond(), window.delivery().getValueAtPercentile(50) / 1000.0, p99,
                window.delivery().getValueAtPercentile(99.9) / 1000.0, window.ack().getValueAtPercentile(99) / 1000.0,
                window.errors().values().stream().mapToLong(Long::longValue).sum(), generatorShare * 100,
                serverShare * 100, Math.round(cpuMicrosPerMessage), budget.writer(), budget.generator(),
                budget.machine(), load1, keptUp ? ""
                        : "  (did not keep up" + (window.errors().isEmpty() ? "" : ": " + window.errors()) + ")");
        out.flush();
        return new Step(step, budget);
    }
}
