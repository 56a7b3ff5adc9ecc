package dev.parley.bench.compare;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * Formats the comparison as one Markdown table (so it pastes into docs/PERFORMANCE.md as printed): a row per server
 * configuration, each figure followed by its ratio to Parley's (the first row), and the JSON form of the same.
 */
final class CompareTable {
    private final List<Row> rows;

    CompareTable(List<Row> rows) {
        if (rows.isEmpty()) {
            throw new IllegalArgumentException("a comparison needs at least Parley's row");
        }
        this.rows = List.copyOf(rows);
    }

    /** {@code value ÷ Parley's value}, when both exist and Parley's is not zero. */
    OptionalDouble ratio(Row row, Metric metric) {
        OptionalDouble value = row.value(metric);
        OptionalDouble parley = rows.getFirst().value(metric);
        if (value.isEmpty() || parley.isEmpty() || parley.getAsDouble() == 0) {
            return OptionalDouble.empty();
        }
        return OptionalDouble.of(value.getAsDouble() / parley.getAsDouble());
    }

    String markdown() {
        List<List<String>> cells = new ArrayList<>();
        List<String> header = new ArrayList<>(List.of("server"));
        for (Metric metric : Metric.values()) {
            header.add(metric.header + " (÷ Parley)");
        }
        for (Row row : rows) {
            List<String> line = new ArrayList<>(List.of(row.name));
            for (Metric metric : Metric.values()) {
                line.add(cell(row, metric));
            }
            cells.add(line);
        }
        int[] widths = new int[header.size()];
        for (List<String> line : concat(header, cells)) {
            for (int i = 0; i < line.size(); i++) {
                widths[i] = Math.max(widths[i], line.get(i).length());
            }
        }
        StringBuilder out = new StringBuilder();
        appendLine(out, header, widths);
        StringBuilder rule = new StringBuilder("|");
        for (int i = 0; i < widths.length; i++) {
            // Figures right-aligned, names left-aligned.
            rule.append(' ').append(i == 0 ? "-".repeat(widths[i]) : "-".repeat(widths[i] - 1) + ":").append(" |");
        }
        out.append(rule).append('\n');
        for (List<String> line : cells) {
            appendLine(out, line, widths);
        }
        return out.toString();
    }

    private String cell(Row row, Metric metric) {
        OptionalDouble value = row.value(metric);
        if (value.isEmpty()) {
            return row.whyMissing(metric);
        }
        String text = String.format(Locale.ROOT, metric.format, value.getAsDouble());
        OptionalDouble ratio = ratio(row, metric);
        return ratio.isPresent() ? text + " (" + formatRatio(ratio.getAsDouble()) + ")" : text;
    }

    /** Two significant digits or so, never scientific notation: 0.012, 0.50, 1.0, 12, 340. */
    static String formatRatio(double ratio) {
        String pattern = ratio >= 10 ? "%.0f" : ratio >= 1 ? "%.1f" : ratio >= 0.1 ? "%.2f" : ratio >= 0.01 ? "%.3f"
                : "%.4f";
        return String.format(Locale.ROOT, pattern, ratio);
    }

    /** The rows as JSON-ready maps: figures, ratios, why a figure is missing, and the scenario result files. */
    List<Map<String, Object>> toMaps() {
        List<Map<String, Object>> maps = new ArrayList<>();
        for (Row row : rows) {
            Map<String, Object> map = new LinkedHashMap<>();
            map.put("name", row.name);
            map.put("label", row.label);
            map.put("durable", row.durable);
            Map<String, Object> figures = new LinkedHashMap<>();
            Map<String, Object> ratios = new LinkedHashMap<>();
            Map<String, Object> missing = new LinkedHashMap<>();
            for (Metric metric : Metric.values()) {
                String key = key(metric);
                row.value(metric).ifPresentOrElse(v -> figures.put(key, v), () -> missing.put(key,
                        row.whyMissing(metric)));
                ratio(row, metric).ifPresent(r -> ratios.put(key, r));
            }
            map.put("figures", figures);
            map.put("ratioToParley", ratios);
            map.put("missing", missing);
            map.put("resultFiles", row.resultFiles());
            maps.add(map);
        }
        return maps;
    }

    /** The JSON key of a figure: deliveredPerSecond, p50Ms, p99Ms, rssKibPerIdleConnection, startupMs. */
    static String key(Metric metric) {
        return switch (metric) {
            case DELIVERED -> "deliveredPerSecond";
            case P50 -> "p50Ms";
            case P99 -> "p99Ms";
            case RSS_PER_IDLE_CONNECTION -> "rssKibPerIdleConnection";
            case STARTUP -> "startupMs";
        };
    }

    private static void appendLine(StringBuilder out, List<String> line, int[] widths) {
        out.append('|');
        for (int i = 0; i < line.size(); i++) {
            String cell = line.get(i);
            String pad = " ".repeat(widths[i] - cell.length());
            out.append(' ').append(i == 0 ? cell + pad : pad + cell).append(" |");
        }
        out.append('\n');
    }

    private static List<List<String>> concat(List<String> header, List<List<String>> cells) {
        List<List<String>> all = new ArrayList<>();
        all.add(header);
        all.addAll(cells);
        return all;
    }
}
