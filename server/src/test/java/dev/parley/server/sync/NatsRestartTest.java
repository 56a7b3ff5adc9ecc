package dev.parley.server.sync;

import static dev.parley.server.sync.ClusterTest.awaitUntil;
import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.server.testing.Chatter;
import dev.parley.server.testing.Cluster;
import dev.parley.server.testing.Follower;
import dev.parley.server.testing.NatsServer;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Push is an optimisation (DESIGN §5): losing NATS loses no update, and push resumes when NATS is back. */
class NatsRestartTest {
    private static final Duration CONVERGE = Duration.ofSeconds(30);

    @Test
    void afterANatsRestartPushResumesAndTheDifferenceFillsWhatWasMissed() {
        try (NatsServer nats = new NatsServer(); Cluster cluster = Cluster.start(2, nats.url())) {
            // Given alice on node 0 writing to bob, whose device follows him on node 1
            Chatter alice = Chatter.register(cluster.client(0), "restart_alice");
            Chatter bob = Chatter.register(cluster.client(1), "restart_bob");
            long chat = alice.ok("chats.createPrivate", Map.of("userId", bob.userId)).path("chat").path("chatId")
                    .asLong();
            try (Follower device = new Follower(cluster.everywhere(bob, 1), pts(bob))) {
                send(alice, chat, "before", 1);
                device.awaitPts(pts(bob), CONVERGE);
                assertThat(device.pushed()).isPositive();

                // When NATS dies, a message is sent while it is down, and NATS comes back
                nats.kill();
                awaitUntil(() -> !cluster.bus(0).connected() && !cluster.bus(1).connected());
                send(alice, chat, "during", 2);
                nats.start();
                awaitUntil(() -> cluster.bus(0).connected() && cluster.bus(1).connected());

                // Then bob's device gets what was sent during the outage (buffered push, or the reconnect nudge and
                // the difference) …
                device.awaitPts(pts(bob), CONVERGE);
                long pushedAfterRestart = device.pushed();
                // … and live push works again.
                send(alice, chat, "after", 3);
                device.awaitPts(pts(bob), CONVERGE);
                assertThat(device.pushed()).isGreaterThan(pushedAfterRestart);
                assertThat(device.messageIds(chat)).hasSize(3).doesNotHaveDuplicates().isSorted();
            }
        }
    }

    private static void send(Chatter from, long chat, String text, long randomId) {
        from.ok("messages.send", Map.of("chatId", chat, "text", text, "randomId", randomId));
    }

    private static long pts(Chatter user) {
        return user.ok("updates.getState", Map.of()).path("pts").asLong();
    }
}
