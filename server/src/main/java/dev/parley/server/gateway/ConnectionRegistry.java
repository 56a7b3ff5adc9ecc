package dev.parley.server.gateway;

import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Live authenticated connections on this node, by user and by session. The sync feature pushes through it and the
 * account feature closes revoked sessions through it. Holds nothing per idle connection beyond the map entries.
 *
 * <p>A user's connections are an immutable array replaced on every add and remove (copy on write): a user has one
 * to a few connections, pushes read far more often than connections come and go, and an array of one costs 16 bytes
 * where a concurrent set cost about 250 per user (measured with {@code ./parley bench idle}, docs/PERFORMANCE.md).
 */
public final class ConnectionRegistry {
    /** WebSocket close code for a revoked session or deleted account (application range 4000–4999). */
    public static final int CLOSE_SESSION_REVOKED = 4001;

    private static final ClientConnection[] NONE = new ClientConnection[0];

    private final Map<Long, ClientConnection[]> byUser = new ConcurrentHashMap<>();
    private final List<Listener> listeners = new java.util.concurrent.CopyOnWriteArrayList<>();

    /**
     * Told of what changes in this registry, on the thread that changed it: every connection that registers and
     * leaves (the large-chat audience index), a user's first arrival and last departure in order per user, and
     * session closes requested here (the cluster bus, {@code sync.NatsBus}). Implement what you need.
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

        /**
         * The user's newly added connection is about to be told it is live: return once whatever its arrival set in
         * motion (the cluster bus's subscription to the user's subject) is in effect, so that an update committed
         * after this returns is pushed to it. Called outside the registry's locks, on the request's thread.
         */
        default void awaitRouting(long userId) {}
    }

    public void addListener(Listener listener) {
        listeners.add(listener);
    }

    /** See {@link Listener#awaitRouting}: call after {@link #add}, before answering the client that it is live. */
    public void awaitRouting(long userId) {
        listeners.forEach(l -> l.awaitRouting(userId));
    }

    public void add(ClientConnection connection) {
        byUser.compute(connection.session().userId(), (id, current) -> {
            if (current == null) {
                // Inside compute: arrivals and departures of one user reach listeners in the order they happened.
                listeners.forEach(l -> l.userArrived(id));
                return new ClientConnection[] {connection};
            }
            for (ClientConnection existing : current) {
                if (existing == connection) {
                    return current;
                }
            }
            ClientConnection[] grown = Arrays.copyOf(current, current.length + 1);
            grown[current.length] = connection;
            return grown;
        });
        listeners.forEach(l -> l.added(connection));
    }

    public void remove(ClientConnection connection) {
        byUser.computeIfPresent(connection.session().userId(), (id, current) -> {
            int index = -1;
            for (int i = 0; i < current.length; i++) {
                if (current[i] == connection) {
                    index = i;
                    break;
                }
            }
            if (index < 0) {
                return current;
            }
            if (current.length == 1) {
                listeners.forEach(l -> l.userLeft(id));
                return null;
            }
            ClientConnection[] shrunk = new ClientConnection[current.length - 1];
            System.arraycopy(current, 0, shrunk, 0, index);
            System.arraycopy(current, index + 1, shrunk, index, current.length - index - 1);
            return shrunk;
        });
        listeners.forEach(l -> l.removed(connection));
    }

    public List<ClientConnection> ofUser(long userId) {
        return List.of(byUser.getOrDefault(userId, NONE));
    }

    public boolean hasUser(long userId) {
        return byUser.containsKey(userId);
    }

    public void sendToUser(long userId, String frame) {
        ClientConnection[] connections = byUser.get(userId);
        if (connections != null) {
            for (ClientConnection connection : connections) {
                connection.send(frame);
            }
        }
    }

    /** Closes every connection of the given sessions of one user (revocation, password change, deletion). */
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

    /** The users with at least one live connection on this node. */
    public Set<Long> users() {
        return Set.copyOf(byUser.keySet());
    }

    public int size() {
        return byUser.values().stream().mapToInt(connections -> connections.length).sum();
    }
}
