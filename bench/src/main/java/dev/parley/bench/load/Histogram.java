package dev.parley.bench.load;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A parsed {@code jcmd GC.class_histogram}: live bytes and instances per class, after a full GC. */
record Histogram(long totalBytes, long totalInstances, Map<String, long[]> byClass) {
    private static final Pattern ROW = Pattern.compile("^\\s*\\d+:\\s+(\\d+)\\s+(\\d+)\\s+(\\S+).*$");
    private static final Pattern TOTAL = Pattern.compile("^Total\\s+(\\d+)\\s+(\\d+)\\s*$");

    Histogram {
        byClass = Map.copyOf(byClass);
    }

    static Histogram parse(String output) {
        Map<String, long[]> rows = new HashMap<>();
        long bytes = -1;
        long instances = -1;
        for (String line : output.split("\n")) {
            Matcher row = ROW.matcher(line);
            if (row.matches()) {
                rows.merge(row.group(3), new long[] {Long.parseLong(row.group(1)), Long.parseLong(row.group(2))},
                        (a, b) -> new long[] {a[0] + b[0], a[1] + b[1]});
                continue;
            }
            Matcher total = TOTAL.matcher(line.trim());
            if (total.matches()) {
                instances = Long.parseLong(total.group(1));
                bytes = Long.parseLong(total.group(2));
            }
        }
        if (bytes < 0) {
            throw new IllegalStateException("no Total line in the class histogram:\n" + output);
        }
        return new Histogram(bytes, instances, rows);
    }

    /**
     * The classes that grew most from {@code baseline} to this histogram, per connection: what one connection
     * costs on the heap, class by class ({@code instances} and {@code bytes} per connection).
     */
    List<Map<String, Object>> growthPer(Histogram baseline, int connections, int top) {
        List<Map.Entry<String, long[]>> growth = new ArrayList<>();
        for (Map.Entry<String, long[]> entry : byClass.entrySet()) {
            long[] before = baseline.byClass.getOrDefault(entry.getKey(), new long[2]);
            long[] delta = {entry.getValue()[0] - before[0], entry.getValue()[1] - before[1]};
            if (delta[1] > 0) {
                growth.add(Map.entry(entry.getKey(), delta));
            }
        }
        growth.sort(Comparator.comparingLong((Map.Entry<String, long[]> e) -> e.getValue()[1]).reversed());
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Map.Entry<String, long[]> entry : growth.subList(0, Math.min(top, growth.size()))) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("class", entry.getKey());
            row.put("instancesPerConnection", round2((double) entry.getValue()[0] / connections));
            row.put("bytesPerConnection", round2((double) entry.getValue()[1] / connections));
            rows.add(row);
        }
        return rows;
    }

    static double round2(double value) {
        return Math.round(value * 100) / 100.0;
    }
}
