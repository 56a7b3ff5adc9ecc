package dev.parley.bench.xmpp;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The load shape of {@code parley bench messaging}, against an XMPP server: N clients in 1:1 pairs, an unmeasured
 * warm-up at the first rate, then the offered rate steps up a ladder until a step does not keep up, the highest
 * delivered rate is the peak, and a last run at half the peak gives the latency. A step keeps up by the same rule
 * as Parley's: delivered at least 90 % of the offered rate, no errors, p99 under 1 s, and everything sent delivered
 * within 2 s after sending stopped. One login for the whole ladder; the server is not restarted between steps.
 */
public final class MessagingLadder {
    /** How long a step's backlog may take to arrive for the step to count as kept up. */
    static final Duration KEPT_UP_DRAIN = Duration.ofSeconds(2);

    /** The ladder; all durations in seconds. */
    public record Settings(int clients, List<Integer> rates, int jitWarmupSeconds, int warmupSeconds,
            int stepSeconds, int halfSeconds, int drainSeconds, int threads) {
        public Settings {
            rates = List.copyOf(rates);
            if (clients < 2 || clients % 2 != 0 || clients > 19_000 || rates.isEmpty() || stepSeconds < 1
                    || warmupSeconds < 0 || halfSeconds < 1 || drainSeconds < 1 || jitWarmupSeconds < 0) {
                throw new IllegalArgumentException("clients must be even, 2–19,000; rates and durations positive");
            }
        }
    }

    private final Settings settings;

    public MessagingLadder(Settings settings) {
        this.settings = settings;
    }

    /** Whether a step kept up (the rule in the class comment). */
    static boolean keptUp(double offered, double delivered, long errors, double p99Ms, long undelivered) {
        return delivered >= 0.9 * offered && errors == 0 && p99Ms < 1000 && undelivered == 0;
    }

    /** Runs the ladder against {@code peer}; returns the result with the same top-level keys as Parley's. */
    public Map<String, Object> run(Peer peer, PrintWriter out) throws InterruptedException {
        Map<String, Object> result = new LinkedHashMap<>();
        try (MessagingScenario.Pairs pairs = MessagingScenario.Pairs.login(peer.address(), peer.domain(),
                Peer.USERS_PREFIX, settings.clients(), settings.threads())) {
            out.printf("%d clients in %d pairs on %s; %d s of warm-up at %d msgs/s%n%n", settings.clients(),
                    settings.clients() / 2, peer.label(), settings.jitWarmupSeconds(), settings.rates().getFirst());
            out.flush();
            if (settings.jitWarmupSeconds() > 0) {
                pairs.run(scenario(peer, settings.rates().getFirst(), settings.jitWarmupSeconds() + 1, 1));
                pairs.awaitDrained(Duration.ofSeconds(settings.drainSeconds()));
            }
            out.println("offered/s  delivered/s  p50 ms   p99 ms  p99.9 ms  lost  errors  gen CPU  srv CPU  load");
            List<Map<String, Object>> steps = new ArrayList<>();
            double peak = 0;
            for (int rate : settings.rates()) {
                Map<String, Object> step = step(pairs, peer, rate, settings.stepSeconds(), out);
                steps.add(step);
                peak = Math.max(peak, ((Number) step.get("deliveredPerSecond")).doubleValue());
                if (!(Boolean) step.get("keptUp")) {
                    break;
                }
            }
            result.put("steps", steps);
            result.put("peakDeliveredPerSecond", Math.round(peak));
            out.printf("%npeak: %,.0f delivered msgs/s; now at half the peak for %d s%n", peak, settings.halfSeconds());
            result.put("halfPeak", step(pairs, peer, (int) Math.max(1, peak / 2), settings.halfSeconds(), out));
            result.put("loginSeconds", pairs.loginSeconds());
        }
        return result;
    }

    private MessagingScenario.Settings scenario(Peer peer, int rate, int seconds, int warmup) {
        return new MessagingScenario.Settings(peer.address(), peer.domain(), Peer.USERS_PREFIX, settings.clients(),
                rate, Duration.ofSeconds(warmup + seconds), Duration.ofSeconds(warmup), KEPT_UP_DRAIN,
                settings.threads(), 100_000, peer.pid());
    }

    private Map<String, Object> step(MessagingScenario.Pairs pairs, Peer peer, int rate, int seconds,
            PrintWriter out) throws InterruptedException {
        Map<String, Object> run = pairs.run(scenario(peer, rate, seconds, settings.warmupSeconds()));
        // A step that left a backlog must not slow the next one (the half-peak run follows a failed step).
        boolean drained = pairs.awaitDrained(Duration.ofSeconds(settings.drainSeconds()));
        @SuppressWarnings("unchecked")
        Map<String, Object> latency = (Map<String, Object>) run.get("latencyMs");
        double delivered = ((Number) run.get("deliveredPerSecond")).doubleValue();
        double p99 = ((Number) latency.get("p99")).doubleValue();
        long lost = ((Number) run.get("lost")).longValue();
        long errors = ((Number) run.get("errors")).longValue();
        boolean keptUp = keptUp(rate, delivered, errors, p99, lost) && !(Boolean) run.get("fellBehind");
        Map<String, Object> step = new LinkedHashMap<>();
        step.put("offeredPerSecond", rate);
        step.put("deliveredPerSecond", Math.round(delivered));
        step.put("deliveryLatencyMs", latency);
        step.put("keptUp", keptUp);
        step.put("drainedAfterStep", drained);
        step.put("run", run);
        double load = ProcessStats.loadAverage1m();
        out.printf("%9d  %11.0f  %6.1f  %7.1f  %8.1f  %4d  %6d  %5.0f%%  %6s  %4.1f%s%n", rate, delivered,
                ((Number) latency.get("p50")).doubleValue(), p99, ((Number) latency.get("p999")).doubleValue(),
                lost, errors, ((Number) run.get("generatorCpuShareOfMachine")).doubleValue() * 100,
                run.containsKey("serverCpuCores") ? String.format("%.2f c", run.get("serverCpuCores")) : "?",
                load, keptUp ? "" : "  (did not keep up)");
        out.flush();
        return step;
    }
}
