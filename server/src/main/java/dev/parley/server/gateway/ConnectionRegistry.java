package dev.parley.server.gateway;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Live authenticated connections on this node, by user and by session. The sync feature pushes through it and the
 * account feature closes revoked sessions through it. Holds nothing per idle connection beyond the map entries.
 */
public final class ConnectionRegistry {
    /** WebSocket close code for a revoked session or deleted account (application range 4000–4999). */
    public static final int CLOSE_SESSION_REVOKED = 4001;

    private final Map<Long, Set<ClientConnection>> byUser = new ConcurrentHashMap<>();
    private final List<Listener> listeners = new java.util.concurrent.CopyOnWriteArrayList<>();

    /** Told of every connection that registers and leaves (e.g. the large-chat audience index). */
    public interface Listener {
        void added(ClientConnection connection);

        void removed(ClientConnection connection);
    }

    public void addListener(Listener listener) {
        listeners.add(listener);
    }

    public void add(ClientConnection connection) {
        byUser.computeIfAbsent(connection.session().userId(), id -> ConcurrentHashMap.newKeySet()).add(connection);
        listeners.forEach(l -> l.added(connection));
    }

    public void remove(ClientConnection connection) {
        byUser.computeIfPresent(connection.session().userId(), (id, set) -> {
            set.remove(connection);
            return set.isEmpty() ? null : set;
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

    public void sendToUser(long userId, String frame) {
        Set<ClientConnection> set = byUser.get(userId);
        if (set != null) {
            set.forEach(c -> c.send(frame));
        }
    }

    /** Closes every connection of the given sessions of one user (revocation, password change, deletion). */
    public void closeSessions(long userId, Collection<Long> sessionIds, String reason) {
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
