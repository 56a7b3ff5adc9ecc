package dev.parley.bench.compare;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class MetricTest {
    private static JsonNode json(String text) throws Exception {
        return new ObjectMapper().readTree(text.replace('\'', '"'));
    }

    @Test
    void messagingFiguresAreThePeakAndTheLatencyAtHalfThePeak() throws Exception {
        JsonNode result = json("{'peakDeliveredPerSecond': 1234, 'halfPeak': {'deliveryLatencyMs':"
                + " {'p50': 3.5, 'p99': 41.25}}, 'steps': []}");

        assertThat(Metric.DELIVERED.read(result)).hasValue(1234);
        assertThat(Metric.P50.read(result)).hasValue(3.5);
        assertThat(Metric.P99.read(result)).hasValue(41.25);
    }

    @Test
    void idleRssIsTheLargestStepsInParleysAndInThePeersResults() throws Exception {
        JsonNode parley = json("{'steps': [{'connections': 1000, 'rssKibPerConnection': 12.5},"
                + " {'connections': 2000, 'rssKibPerConnection': 9.75}]}");
        JsonNode peer = json("{'steps': [{'connections': 2000, 'serverRssPerConnectionKiB': 35.1}]}");

        assertThat(Metric.RSS_PER_IDLE_CONNECTION.read(parley)).hasValue(9.75);
        assertThat(Metric.RSS_PER_IDLE_CONNECTION.read(peer)).hasValue(35.1);
    }

    @Test
    void startupIsTheMedianAndParleysIsTheOneWithoutTheAotCache() throws Exception {
        JsonNode parley = json("{'withoutAotCache': {'medianMs': 900.0}, 'withAotCache': {'medianMs': 400.0}}");
        JsonNode peer = json("{'medianMs': 450.5, 'minMs': 400.0}");

        assertThat(Metric.STARTUP.read(parley)).hasValue(900.0);
        assertThat(Metric.STARTUP.read(peer)).hasValue(450.5);
    }

    @Test
    void aResultWithoutTheFigureYieldsNothing() throws Exception {
        JsonNode empty = json("{'steps': []}");

        for (Metric metric : Metric.values()) {
            assertThat(metric.read(empty)).as(metric.name()).isEmpty();
        }
    }
}
