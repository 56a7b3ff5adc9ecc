package dev.parley.bench.compare;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.OptionalDouble;

/**
 * One column of the comparison: which scenario's result it comes from, how to read it there, and which way is
 * better. Parley's and the peers' result files share these keys (the peers' idle rows name theirs differently).
 */
enum Metric {
    DELIVERED("delivered msgs/s", Scenario.MESSAGING, true, "%,.0f"),
    P50("p50 ms", Scenario.MESSAGING, false, "%,.1f"),
    P99("p99 ms", Scenario.MESSAGING, false, "%,.1f"),
    RSS_PER_IDLE_CONNECTION("RSS KiB/idle conn", Scenario.IDLE, false, "%,.1f"),
    STARTUP("startup ms", Scenario.STARTUP, false, "%,.0f");

    /** The scenarios the comparison runs, by their {@code parley bench} subcommand name. */
    enum Scenario {
        MESSAGING("messaging"), IDLE("idle"), STARTUP("startup");

        final String command;

        Scenario(String command) {
            this.command = command;
        }
    }

    final String header;
    final Scenario scenario;
    final boolean higherIsBetter;
    final String format;

    Metric(String header, Scenario scenario, boolean higherIsBetter, String format) {
        this.header = header;
        this.scenario = scenario;
        this.higherIsBetter = higherIsBetter;
        this.format = format;
    }

    /**
     * Reads this figure from its scenario's result. Messaging: the peak delivered rate, and the delivery latency at
     * half the peak. Idle: RSS per connection over the 0-connection baseline at the largest step. Startup: the
     * median start to first served request (Parley without the AOT cache: the launcher does not use one).
     */
    OptionalDouble read(JsonNode result) {
        JsonNode value = switch (this) {
            case DELIVERED -> result.path("peakDeliveredPerSecond");
            case P50 -> result.path("halfPeak").path("deliveryLatencyMs").path("p50");
            case P99 -> result.path("halfPeak").path("deliveryLatencyMs").path("p99");
            case RSS_PER_IDLE_CONNECTION -> {
                JsonNode last = result.path("steps").path(result.path("steps").size() - 1);
                yield last.has("rssKibPerConnection") ? last.path("rssKibPerConnection")
                        : last.path("serverRssPerConnectionKiB");
            }
            case STARTUP -> result.has("medianMs") ? result.path("medianMs")
                    : result.path("withoutAotCache").path("medianMs");
        };
        return value.isNumber() ? OptionalDouble.of(value.asDouble()) : OptionalDouble.empty();
    }
}
