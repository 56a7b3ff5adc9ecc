package dev.parley.client;

import dev.parley.protocol.UpdateBatch;

/**
 * Receives pushed update batches in the order the server sent them, one at a time, on the client's update thread
 * (never on the socket's thread, so a listener may call the client). Each element of {@link UpdateBatch#updates()}
 * is a Jackson {@code JsonNode}.
 */
@FunctionalInterface
public interface UpdateListener {
    void onUpdates(UpdateBatch batch);
}
