package dev.parley.server.gateway;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The one method table both transports (WebSocket and HTTP) dispatch through. Built once at wiring time. */
public final class MethodTable {
    private final Map<String, Method<?, ?>> methods;

    private MethodTable(Map<String, Method<?, ?>> methods) {
        this.methods = Map.copyOf(methods);
    }

    public static Builder builder() {
        return new Builder();
    }

    public Optional<Method<?, ?>> find(String name) {
        return Optional.ofNullable(methods.get(name));
    }

    public Collection<String> names() {
        return List.copyOf(methods.keySet());
    }

    public static final class Builder {
        private final Map<String, Method<?, ?>> methods = new LinkedHashMap<>();

        public Builder add(Method<?, ?> method) {
            if (methods.putIfAbsent(method.name(), method) != null) {
                throw new IllegalStateException("method registered twice: " + method.name());
            }
            return this;
        }

        public Builder addAll(Collection<? extends Method<?, ?>> list) {
            list.forEach(this::add);
            return this;
        }

        public MethodTable build() {
            return new MethodTable(methods);
        }
    }
}
