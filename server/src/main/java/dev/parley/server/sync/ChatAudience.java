package dev.parley.server.sync;

import dev.parley.server.gateway.Broadcast;
import dev.parley.server.gateway.ClientConnection;
import dev.parley.server.gateway.ConnectionRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongFunction;
import java.util.function.Supplier;

/**
 * The live connections of each large chat's members on this node, so a post costs one push per online member and no
 * lookup of the (possibly million-strong) member list. Built as connections register: each new connection is looked
 * up once for its user's large chats; joins and leaves while online adjust it. Memory is one set entry per
 * (online connection, large chat) pair. An {@link Interest} hears when a chat gets its first online member on this
 * node and when it loses its last, which is what a cross-node bus subscribes and unsubscribes by.
 */
public final class ChatAudience implements ConnectionRegistry.Listener {
    /** Told, in order per chat, when this node starts and stops having online members of a chat. */
    public interface Interest {
        void firstOnline(long chatId);

        void lastOffline(long chatId);
    }

    private static final Interest NO_INTEREST = new Interest() {
        @Override
        public void firstOnline(long chatId) {}

        @Override
        public void lastOffline(long chatId) {}
    };

    private final LongFunction<List<Long>> largeChatsOf;
    private final ConnectionRegistry connections;
    private final Map<Long, Set<ClientConnection>> byChat = new ConcurrentHashMap<>();
    private final Map<ClientConnection, Set<Long>> byConnection = new ConcurrentHashMap<>();
    private volatile Interest interest = NO_INTEREST;

    /** {@code largeChatsOf(userId)}: the ids of the user's supergroups and channels. */
    public ChatAudience(ConnectionRegistry connections, LongFunction<List<Long>> largeChatsOf) {
        this.connections = connections;
        this.largeChatsOf = largeChatsOf;
    }

    @Override
    public void added(ClientConnection connection) {
        Set<Long> chats = ConcurrentHashMap.newKeySet();
        chats.addAll(largeChatsOf.apply(connection.session().userId()));
        byConnection.put(connection, chats);
        chats.forEach(chatId -> attach(chatId, connection));
    }

    @Override
    public void removed(ClientConnection connection) {
        Set<Long> chats = byConnection.remove(connection);
        if (chats != null) {
            chats.forEach(chatId -> detach(chatId, connection));
        }
    }

    public void joined(long userId, long chatId) {
        for (ClientConnection connection : connections.ofUser(userId)) {
            Set<Long> chats = byConnection.get(connection);
            if (chats != null && chats.add(chatId)) {
                attach(chatId, connection);
            }
        }
    }

    public void left(long userId, long chatId) {
        for (ClientConnection connection : connections.ofUser(userId)) {
            Set<Long> chats = byConnection.get(connection);
            if (chats != null && chats.remove(chatId)) {
                detach(chatId, connection);
            }
        }
    }

    /**
     * Registers the one interest listener and tells it the chats that already have online members here. Call it
     * before connections arrive (the server wires it before its gateway starts).
     */
    public void listen(Interest listener) {
        this.interest = listener;
        byChat.keySet().forEach(listener::firstOnline);
    }

    /** The chats with at least one online member connection on this node. */
    public Set<Long> chatsOnline() {
        return Set.copyOf(byChat.keySet());
    }

    /** The chat's online member connections on this node (a live view; iterate once). */
    public Set<ClientConnection> online(long chatId) {
        return byChat.getOrDefault(chatId, Set.of());
    }

    /**
     * Pushes a large chat's frame to its online members on this node: the author's own connections get
     * {@code authorFrame} (their message marked outgoing), everyone else one shared {@code frame}, written by the
     * connections' event loops ({@link Broadcast}). Each frame is encoded only if someone gets it.
     */
    public void deliver(long chatId, long authorId, Supplier<String> frame, Supplier<String> authorFrame) {
        List<ClientConnection> readers = new ArrayList<>();
        String own = null;
        for (ClientConnection connection : online(chatId)) {
            if (connection.session().userId() == authorId) {
                own = own != null ? own : authorFrame.get();
                connection.send(own);
            } else {
                readers.add(connection);
            }
        }
        if (!readers.isEmpty()) {
            Broadcast.send(readers, frame.get());
        }
    }

    // Both run inside the map's per-key lock, so the add or remove and the first/last decision are one step: a
    // connection can never land in a set that a concurrent detach just dropped, and the interest hears a chat's
    // first and last in the order they happened.
    private void attach(long chatId, ClientConnection connection) {
        byChat.compute(chatId, (id, set) -> {
            Set<ClientConnection> members = set;
            if (members == null) {
                members = ConcurrentHashMap.newKeySet();
                interest.firstOnline(id);
            }
            members.add(connection);
            return members;
        });
    }

    private void detach(long chatId, ClientConnection connection) {
        byChat.computeIfPresent(chatId, (id, set) -> {
            set.remove(connection);
            if (set.isEmpty()) {
                interest.lastOffline(id);
                return null;
            }
            return set;
        });
    }
}
