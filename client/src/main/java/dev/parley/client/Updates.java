package dev.parley.client;

import dev.parley.protocol.sync.SyncMethods;
import dev.parley.protocol.sync.SyncMethods.Difference;

/**
 * The raw {@code updates.*} methods; obtained from {@link ParleyClient#updates()}. Applications normally let
 * {@link ParleyClient#startSync} call them.
 */
public final class Updates {
    private final ParleyClient client;

    Updates(ParleyClient client) {
        this.client = client;
    }

    /** {@code updates.getState}: the account's current pts. */
    public long getState() {
        return client.call(SyncMethods.GET_STATE, new SyncMethods.GetState(), SyncMethods.State.class).pts();
    }

    /** {@code updates.getDifference}: one page of updates after {@code pts} ({@code limit} 1–1000), or tooLong. */
    public Difference getDifference(long pts, int limit) {
        return client.call(SyncMethods.GET_DIFFERENCE, new SyncMethods.GetDifference(pts, limit), Difference.class);
    }
}
