package dev.parley.bench.compare;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * One server configuration in the comparison: its figures, and for a figure it lacks, why (not measured for this
 * configuration, or the run failed). Mutable while the comparison fills it, read-only afterwards by convention.
 */
final class Row {
    final String name;
    final String label;
    final boolean durable;
    private final Map<Metric, Double> values = new EnumMap<>(Metric.class);
    private final Map<Metric, String> missing = new EnumMap<>(Metric.class);
    private final Map<String, String> resultFiles = new LinkedHashMap<>();

    Row(String name, String label, boolean durable) {
        this.name = name;
        this.label = label;
        this.durable = durable;
    }

    Row put(Metric metric, double value) {
        values.put(metric, value);
        missing.remove(metric);
        return this;
    }

    Row missing(Metric metric, String why) {
        values.remove(metric);
        missing.put(metric, why);
        return this;
    }

    OptionalDouble value(Metric metric) {
        Double value = values.get(metric);
        return value == null ? OptionalDouble.empty() : OptionalDouble.of(value);
    }

    /** Why a figure is missing: "—" when this configuration does not measure it. */
    String whyMissing(Metric metric) {
        return missing.getOrDefault(metric, "—");
    }

    void resultFile(String scenario, String path) {
        resultFiles.put(scenario, path);
    }

    Map<String, String> resultFiles() {
        return Map.copyOf(resultFiles);
    }
}
