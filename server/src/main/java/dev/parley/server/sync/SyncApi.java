package dev.parley.server.sync;

import dev.parley.protocol.sync.SyncMethods;
import dev.parley.server.gateway.Method;
import java.util.List;

/** The {@code updates.*} methods. */
public final class SyncApi {
    private final SyncService sync;

    public SyncApi(SyncService sync) {
        this.sync = sync;
    }

    public List<Method<?, ?>> methods() {
        return List.of(
                Method.authenticated(SyncMethods.GET_STATE, SyncMethods.GetState.class,
                        (caller, p) -> sync.getState(caller.userId())),
                Method.authenticated(SyncMethods.GET_DIFFERENCE, SyncMethods.GetDifference.class,
                        (caller, p) -> sync.getDifference(caller.userId(), p.pts(), p.limit())));
    }
}
