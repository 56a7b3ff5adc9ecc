package dev.parley.client;

import java.util.OptionalLong;

/**
 * Where a client keeps its sync position (the user's update-log {@code pts} this device has applied), so that a
 * restarted application catches up from where it stopped instead of missing or repeating updates. One store per
 * device session: a different account or server needs its own store.
 */
public interface SyncStateStore {
    /** The saved pts, or empty when this device has never synced. */
    OptionalLong load();

    /** Saves the pts after the updates up to it were delivered. Called on the client's update thread. */
    void save(long pts);

    /** A store that lives as long as the object: for tests and for applications that resync on every start. */
    static SyncStateStore inMemory() {
        return new InMemorySyncStateStore();
    }
}
