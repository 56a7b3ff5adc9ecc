package dev.parley.client;

import java.util.OptionalLong;

/** {@link SyncStateStore#inMemory()}: the pts in a field. */
final class InMemorySyncStateStore implements SyncStateStore {
    private volatile long pts = -1;

    @Override
    public OptionalLong load() {
        long value = pts;
        return value < 0 ? OptionalLong.empty() : OptionalLong.of(value);
    }

    @Override
    public void save(long pts) {
        if (pts < 0) {
            throw new IllegalArgumentException("pts must not be negative");
        }
        this.pts = pts;
    }
}
