package dev.parley.server.sync;

import dev.parley.protocol.sync.Update;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Handle;

/**
 * Renders each log row with the renderer of the feature that owns its kind (the e2e feature renders its own kinds),
 * the rest with the messaging renderer, and returns the updates in row order (one per row, as {@link LogRenderer}
 * requires).
 */
public final class RoutingLogRenderer implements LogRenderer {
    private final LogRenderer fallback;
    private final Map<String, LogRenderer> byKind;

    public RoutingLogRenderer(LogRenderer fallback, Map<String, LogRenderer> byKind) {
        this.fallback = fallback;
        this.byKind = Map.copyOf(byKind);
    }

    @Override
    public List<Update> render(Handle handle, long userId, List<LogRow> rows) {
        if (byKind.isEmpty() || rows.stream().noneMatch(r -> byKind.containsKey(r.kind()))) {
            return fallback.render(handle, userId, rows);
        }
        Map<LogRenderer, List<Integer>> positions = new LinkedHashMap<>();
        for (int i = 0; i < rows.size(); i++) {
            positions.computeIfAbsent(byKind.getOrDefault(rows.get(i).kind(), fallback), r -> new ArrayList<>()).add(i);
        }
        Update[] out = new Update[rows.size()];
        for (Map.Entry<LogRenderer, List<Integer>> group : positions.entrySet()) {
            List<Update> rendered = group.getKey().render(handle, userId,
                    group.getValue().stream().map(rows::get).toList());
            for (int i = 0; i < rendered.size(); i++) {
                out[group.getValue().get(i)] = rendered.get(i);
            }
        }
        return List.of(out);
    }
}
