package dev.parley.server.sync;

import dev.parley.protocol.JsonCodec;
import dev.parley.server.gateway.ConnectionRegistry;
import java.util.List;
import java.util.Optional;

/**
 * Single-node bus: encodes each batch once and queues it on the user's connections on this node. Large-chat pushes go
 * to the chat's online members through the {@link ChatAudience} index, encoded once for all but the author.
 */
public final class LocalBus implements Bus {
    private final ConnectionRegistry connections;
    private final JsonCodec codec;
    private final Optional<ChatAudience> audience;

    /** A bus without large-chat push (their clients catch up with channels.getDifference). */
    public LocalBus(ConnectionRegistry connections, JsonCodec codec) {
        this.connections = connections;
        this.codec = codec;
        this.audience = Optional.empty();
    }

    public LocalBus(ConnectionRegistry connections, JsonCodec codec, ChatAudience audience) {
        this.connections = connections;
        this.codec = codec;
        this.audience = Optional.of(audience);
    }

    @Override
    public void publish(List<Push> pushes) {
        for (Push push : pushes) {
            if (connections.hasUser(push.userId())) {
                connections.sendToUser(push.userId(), codec.write(push.batch()));
            }
        }
    }

    @Override
    public void publishToChat(ChatPush push) {
        audience.ifPresent(a -> a.deliver(push.chatId(), push.authorId(), () -> codec.write(push.batch()),
                () -> codec.write(push.forAuthor())));
    }

    @Override
    public void joinedChat(long userId, long chatId) {
        audience.ifPresent(a -> a.joined(userId, chatId));
    }

    @Override
    public void leftChat(long userId, long chatId) {
        audience.ifPresent(a -> a.left(userId, chatId));
    }
}
