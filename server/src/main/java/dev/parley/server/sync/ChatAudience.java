package dev.parley.server.sync;

import dev.parley.server.gateway.ClientConnection;
import dev.parley.server.gateway.ConnectionRegistry;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongFunction;

/**
 * The live connections of each large chat's members on this node, so a post costs one push per online member and no
 * lookup of the (possibly million-strong) member list. Built as connections register: each new connection is looked
 * up once for its user's large chats; joins and leaves while online adjust it. Memory is one set entry per
 * (online connection, large chat) pair.
 */
public final class ChatAudience implements ConnectionRegistry.Listener {
    private final LongFunction<List<Long>> largeChatsOf;
    private final ConnectionRegistry connections;
    private final Map<Long, Set<ClientConnection>> byChat = new ConcurrentHashMap<>();
    private final Map<ClientConnection, Set<Long>> byConnection = new ConcurrentHashMap<>();

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

    /** The chat's online member connections on this node (a live view; iterate once). */
    public Set<ClientConnection> online(long chatId) {
        return byChat.getOrDefault(chatId, Set.of());
    }

    private void attach(long chatId, ClientConnection connection) {
        byChat.computeIfAbsent(chatId, id -> ConcurrentHashMap.newKeySet()).add(connection);
    }

    private void detach(long chatId, ClientConnection connection) {
        byChat.computeIfPresent(chatId, (id, set) -> {
            set.remove(connection);
            return set.isEmpty() ? null : set;
        });
    }
}
