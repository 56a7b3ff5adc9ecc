package dev.parley.server.sync;

import dev.parley.protocol.JsonCodec;
import dev.parley.server.gateway.ConnectionRegistry;
import java.util.List;

/** Single-node bus: encodes each batch once and queues it on the user's connections on this node. */
public final class LocalBus implements Bus {
    private final ConnectionRegistry connections;
    private final JsonCodec codec;

    public LocalBus(ConnectionRegistry connections, JsonCodec codec) {
        this.connections = connections;
        this.codec = codec;
    }

    @Override
    public void publish(List<Push> pushes) {
        for (Push push : pushes) {
            if (connections.hasUser(push.userId())) {
                connections.sendToUser(push.userId(), codec.write(push.batch()));
            }
        }
    }
}
