package dev.parley.client;

import dev.parley.protocol.sync.Update;

/**
 * Receives the account's updates once each, in pts order, on the client's update thread (see
 * {@link ParleyClient#startSync}). Logged updates come from live pushes or from {@code updates.getDifference},
 * whichever brought them first; ephemeral ones ({@link Update.Typing}) as they arrive, outside the pts order.
 */
@FunctionalInterface
public interface SyncListener {
    /** One update. The client saves the new pts after the listener returns for every update of a batch. */
    void onUpdate(Update update);

    /**
     * The server no longer holds the updates after this device's pts ({@code tooLong}): drop local chat state and
     * reload dialogs and history. Sync continues live from {@code pts}.
     */
    default void onResync(long pts) {}

    /** A catch-up (at start, after a reconnect or after a gap) finished; everything up to {@code pts} is delivered. */
    default void onCaughtUp(long pts) {}
}
