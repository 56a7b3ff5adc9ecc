package dev.parley.server.sync;

import java.util.List;

/**
 * Carries committed updates to the nodes holding the users' live connections. Push is an optimisation: the update
 * log is the truth, and a client that misses a push recovers it with {@code updates.getDifference}. Implementations
 * must not block on slow clients. {@link LocalBus} serves one node; {@link NatsBus} carries pushes between nodes.
 *
 * <p>Large chats (supergroups, channels) are pushed per chat, not per user: {@link #publishToChat} reaches the online
 * members of the chat, and {@link #joinedChat}/{@link #leftChat} keep a bus's chat subscriptions current while a
 * member is online. The defaults deliver nothing (clients then catch up with {@code channels.getDifference}); a bus
 * that serves large chats overrides all three.
 */
public interface Bus {
    void publish(List<Push> pushes);

    default void publishToChat(ChatPush push) {}

    default void joinedChat(long userId, long chatId) {}

    default void leftChat(long userId, long chatId) {}
}
