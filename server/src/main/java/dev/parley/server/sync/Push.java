package dev.parley.server.sync;

import dev.parley.protocol.UpdateBatch;
import java.util.List;

/** A batch to push to one user's live connections once the transaction that logged it has committed. */
public record Push(long userId, UpdateBatch batch) {
    public static List<Push> none() {
        return List.of();
    }
}
