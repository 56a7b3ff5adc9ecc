package dev.parley.server.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.server.testing.Chatter;
import dev.parley.server.testing.RawClient;
import dev.parley.server.testing.TestServer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** One frame to many live WebSockets: every connection gets each broadcast once, in order, whatever the chunking. */
class BroadcastTest {
    private static final int CLIENTS = 20;

    @RegisterExtension
    final TestServer server = TestServer.create();

    @Test
    void everyConnectionReceivesEachBroadcastExactlyOnceAcrossManySmallChunks() throws Exception {
        // given twenty authenticated WebSockets, spread by the server over its event loops
        List<RawClient.Socket> sockets = new ArrayList<>();
        List<ClientConnection> connections = new ArrayList<>();
        try (RawClient client = server.client()) {
            for (int i = 0; i < CLIENTS; i++) {
                Chatter chatter = Chatter.register(client, "listener" + i);
                sockets.add(chatter.connect());
                connections.addAll(server.server().connections().ofUser(chatter.userId));
            }
            assertThat(connections).hasSize(CLIENTS);

            // when two frames are broadcast, three connections per event-loop task
            Broadcast.send(connections, "{\"chatId\":1,\"seq\":1,\"note\":\"first ✓\"}", 3);
            Broadcast.send(connections, "{\"chatId\":1,\"seq\":2,\"note\":\"second\"}", 3);

            // then each socket holds the first, then the second, and nothing twice
            for (RawClient.Socket socket : sockets) {
                assertThat(socket.awaitFrame().path("note").asText()).isEqualTo("first ✓");
                assertThat(socket.awaitFrame().path("seq").asInt()).isEqualTo(2);
            }
            sockets.forEach(RawClient.Socket::close);
        }
    }
}
