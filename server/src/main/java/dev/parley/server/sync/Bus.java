package dev.parley.server.sync;

import java.util.List;

/**
 * Carries committed updates to the nodes holding the users' live connections. Push is an optimisation: the update
 * log is the truth, and a client that misses a push recovers it with {@code updates.getDifference}. Implementations
 * must not block on slow clients. {@link LocalBus} serves one node; the scale-out issue adds a NATS bus.
 */
public interface Bus {
    void publish(List<Push> pushes);
}
