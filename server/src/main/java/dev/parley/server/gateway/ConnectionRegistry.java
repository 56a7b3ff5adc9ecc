package dev.parley.server.gateway;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Live authenticated connections on this node, by user and by session. The sync feature pushes through it and the
 * account feature closes revoked sessions through it. Holds nothing per idle connection beyond the map entries.
 *
 * <p>A cluster bus ({@code sync.NatsBus}) {@linkplain #listen listens} to it: it learns when a user's first
 * connection arrives on this node and their last one leaves (to hold a subscription for that user exactly while it is
 * needed), and when sessions are closed here (to close the same sessions' connections on every other node).
 */
public final class ConnectionRegistry {
    /** WebSocket close code for a revoked session or deleted account (application range 4000–4999). */
    public static final int CLOSE_SESSION_REVOKED = 4001;

    /**
     * Told of what changes in this registry, on the thread that changed it: every connection that registers and
     * leaves (the large-chat audience index), a user's first arrival and last departure in order per user, and
     * session closes requested here (the cluster bus). Implement what you need; the rest are no-ops.
     */
    public interface Listener {
        default void added(ClientConnection connection) {}

        default void removed(ClientConnection connection) {}

        /** The user's first live connection on this node arrived. */
        default void userArrived(long userId) {}

        /** The user's last live connection on this node left. */
        default void userLeft(long userId) {}

        /** {@link #closeSessions} was called on this node; connections on other nodes must close too. */
        default void sessionsClosed(long userId, Collection<Long> sessionIds, String reason) {}
    }

    private final Map<Long, Set<ClientConnection>> byUser = new ConcurrentHashMap<>();
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();

    /** Registers a listener; wiring calls this at start, before connections arrive. */
    public void addListener(Listener listener) {
        listeners.add(listener);
    }

    public void add(ClientConnection connection) {
        // compute runs atomically per user, so arrivals and departures reach listeners in the order they happened.
        byUser.compute(connection.session().userId(), (id, set) -> {
            Set<ClientConnection> connections = set == null ? ConcurrentHashMap.newKeySet() : set;
            connections.add(connection);
            if (set == null) {
                listeners.forEach(l -> l.userArrived(id));
            }
            return connections;
        });
        listeners.forEach(l -> l.added(connection));
    }

    public void remove(ClientConnection connection) {
        byUser.computeIfPresent(connection.session().userId(), (id, set) -> {
            set.remove(connection);
            if (set.isEmpty()) {
                listeners.forEach(l -> l.userLeft(id));
                return null;
            }
            return set;
        });
        listeners.forEach(l -> l.removed(connection));
    }

    public List<ClientConnection> ofUser(long userId) {
        Set<ClientConnection> set = byUser.get(userId);
        return set == null ? List.of() : List.copyOf(set);
    }

    public boolean hasUser(long userId) {
        return byUser.containsKey(userId);
    }

    /** The users with at least one live connection on this node. */
    public Set<Long> users() {
        return Set.copyOf(byUser.keySet());
    }

    public void sendToUser(long userId, String frame) {
        Set<ClientConnection> set = byUser.get(userId);
        if (set != null) {
            set.forEach(c -> c.send(frame));
        }
    }

    /**
     * Closes every connection of the given sessions of one user (revocation, password change, deletion), here and,
     * through the listeners, on every other node.
     */
    public void closeSessions(long userId, Collection<Long> sessionIds, String reason) {
        closeSessionsHere(userId, sessionIds, reason);
        listeners.forEach(l -> l.sessionsClosed(userId, sessionIds, reason));
    }

    /** Closes the sessions' connections on this node only (a revocation that another node announced). */
    public void closeSessionsHere(long userId, Collection<Long> sessionIds, String reason) {
        for (ClientConnection connection : ofUser(userId)) {
            if (sessionIds.contains(connection.session().sessionId())) {
                connection.close(CLOSE_SESSION_REVOKED, reason);
            }
        }
    }

    public int size() {
        return byUser.values().stream().mapToInt(Set::size).sum();
    }
}
