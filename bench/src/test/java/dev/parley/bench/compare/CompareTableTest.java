package dev.parley.bench.compare;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CompareTableTest {
    private static Row parley() {
        return new Row("Parley (SQLite, durable)", "parley", true)
                .put(Metric.DELIVERED, 2000).put(Metric.P50, 4).put(Metric.P99, 20)
                .put(Metric.RSS_PER_IDLE_CONNECTION, 10).put(Metric.STARTUP, 800);
    }

    @Test
    void everyFigureIsFollowedByItsRatioToParleysAndMissingFiguresSayWhy() {
        // given Parley's row and a peer measured only for messaging, whose idle run failed
        Row peer = new Row("ejabberd, archive on (durable)", "ejabberd-archive-on", true)
                .put(Metric.DELIVERED, 20).put(Metric.P50, 80).put(Metric.P99, 180)
                .missing(Metric.RSS_PER_IDLE_CONNECTION, "failed");
        CompareTable table = new CompareTable(List.of(parley(), peer));

        // when it is formatted
        String markdown = table.markdown();

        // then it is one Markdown table, Parley at ratio 1, the peer's ratios = its figure ÷ Parley's
        List<String> lines = markdown.lines().toList();
        assertThat(lines).hasSize(4);
        assertThat(lines.get(0)).startsWith("| server").contains("delivered msgs/s (÷ Parley)", "startup ms (÷ Parley)");
        assertThat(lines.get(1)).matches("\\|[ \\-|:]+\\|");
        assertThat(lines.get(2)).contains("Parley (SQLite, durable)", "2,000 (1.0)", "4.0 (1.0)", "800 (1.0)");
        assertThat(lines.get(3)).contains("20 (0.010)", "80.0 (20)", "180.0 (9.0)", " failed |", " — |");
        assertThat(lines).allSatisfy(line -> assertThat(line).hasSize(lines.get(0).length()));
    }

    @Test
    void ratiosKeepTwoSignificantDigitsWithoutScientificNotation() {
        assertThat(CompareTable.formatRatio(340.4)).isEqualTo("340");
        assertThat(CompareTable.formatRatio(12.4)).isEqualTo("12");
        assertThat(CompareTable.formatRatio(1.0)).isEqualTo("1.0");
        assertThat(CompareTable.formatRatio(0.5)).isEqualTo("0.50");
        assertThat(CompareTable.formatRatio(0.0123)).isEqualTo("0.012");
        assertThat(CompareTable.formatRatio(0.00123)).isEqualTo("0.0012");
    }

    @Test
    void noRatioWhenParleyLacksTheFigure() {
        // given Parley's startup run failed
        Row parley = parley().missing(Metric.STARTUP, "failed");
        Row peer = new Row("Prosody, archive on (durable)", "prosody-archive-on", true).put(Metric.STARTUP, 450);
        CompareTable table = new CompareTable(List.of(parley, peer));

        // then the peer's figure stands alone
        assertThat(table.ratio(peer, Metric.STARTUP)).isEmpty();
        assertThat(table.markdown().lines().toList().get(3)).endsWith(" 450 |");
    }

    @Test
    void theJsonRowsCarryFiguresRatiosAndWhyAFigureIsMissing() {
        Row peer = new Row("Prosody, archive off (not durable)", "prosody-archive-off", false)
                .put(Metric.DELIVERED, 500).missing(Metric.P99, "skipped (budget)");
        peer.resultFile("messaging", "/tmp/m.json");

        List<Map<String, Object>> rows = new CompareTable(List.of(parley(), peer)).toMaps();

        assertThat(rows).hasSize(2);
        Map<String, Object> json = rows.get(1);
        assertThat(json).containsEntry("label", "prosody-archive-off").containsEntry("durable", false);
        assertThat(json.get("figures")).isEqualTo(Map.of("deliveredPerSecond", 500.0));
        assertThat(json.get("ratioToParley")).isEqualTo(Map.of("deliveredPerSecond", 0.25));
        @SuppressWarnings("unchecked")
        Map<String, Object> missing = (Map<String, Object>) json.get("missing");
        assertThat(missing).containsEntry("p99Ms", "skipped (budget)").containsEntry("startupMs", "—");
        assertThat(json.get("resultFiles")).isEqualTo(Map.of("messaging", "/tmp/m.json"));
    }

    @Test
    void aComparisonWithoutParleyIsRefused() {
        assertThatThrownBy(() -> new CompareTable(List.of())).isInstanceOf(IllegalArgumentException.class);
    }
}
