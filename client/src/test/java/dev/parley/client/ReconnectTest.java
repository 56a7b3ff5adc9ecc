package dev.parley.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.protocol.account.AuthMethods;
import dev.parley.server.testing.TestServer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The SDK's re-hello across a server restart, against a real server with accounts. */
class ReconnectTest {
    private static final ParleyClient.Options OPTIONS = ParleyClient.Options.defaults()
            .withReconnect(new Backoff(Duration.ofMillis(20), Duration.ofMillis(200), 2, 0.5));

    @Test
    void afterAServerRestartTheClientReHellosAndWaitingCallsComplete() throws Exception {
        try (TestServer server = TestServer.start();
             ParleyClient client = ParleyClient.connect(server.httpUri(), OPTIONS)) {
            String username = Accounts.username("rita");
            var registered = client.register(username, Accounts.PASSWORD, null, "laptop");
            List<String> events = new CopyOnWriteArrayList<>();
            CountDownLatch reconnected = new CountDownLatch(1);
            client.addConnectionListener(new ConnectionListener() {
                @Override
                public void onConnected(boolean reconnect) {
                    events.add(reconnect ? "reconnected" : "connected");
                    reconnected.countDown();
                }

                @Override
                public void onDisconnected(String reason) {
                    events.add("disconnected");
                }
            });

            server.restart();
            List<CompletableFuture<AuthMethods.Me>> waiting = List.of(
                    client.callAsync(AuthMethods.GET_ME, null, AuthMethods.Me.class),
                    client.callAsync(AuthMethods.GET_ME, null, AuthMethods.Me.class),
                    client.callAsync(AuthMethods.GET_ME, null, AuthMethods.Me.class));

            for (CompletableFuture<AuthMethods.Me> call : waiting) {
                assertThat(call.get(10, TimeUnit.SECONDS).userId()).isEqualTo(registered.userId());
            }
            assertThat(reconnected.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(events).containsSubsequence("disconnected", "reconnected");
            assertThat(client.sessions()).extracting(AuthMethods.SessionInfo::sessionId)
                    .containsExactly(registered.sessionId());
        }
    }
}
