package dev.parley.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.protocol.ErrorCode;
import dev.parley.protocol.ParleyException;
import dev.parley.protocol.help.HelpMethods;
import dev.parley.server.testing.TestServer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The SDK's transport against the real gateway, with methods that need no account: restarts, outages, errors. */
class GatewayTransportTest {
    private static final ParleyClient.Options OPTIONS = ParleyClient.Options.defaults()
            .withReconnect(new Backoff(Duration.ofMillis(20), Duration.ofMillis(200), 2, 0.5));

    @Test
    void afterAServerRestartCallsMadeMeanwhileCompleteOnTheNewConnection() throws Exception {
        try (TestServer server = TestServer.start();
             ParleyClient client = ParleyClient.connect(server.httpUri(), OPTIONS)) {
            assertThat(client.call(HelpMethods.GET_CONFIG, null, HelpMethods.ServerConfig.class).protocolVersion())
                    .isEqualTo(1);
            CountDownLatch reconnected = new CountDownLatch(1);
            client.addConnectionListener(new ConnectionListener() {
                @Override
                public void onConnected(boolean reconnect) {
                    if (reconnect) {
                        reconnected.countDown();
                    }
                }
            });

            server.restart();
            List<CompletableFuture<HelpMethods.ServerConfig>> waiting = List.of(
                    client.callAsync(HelpMethods.GET_CONFIG, null, HelpMethods.ServerConfig.class),
                    client.callAsync(HelpMethods.GET_CONFIG, null, HelpMethods.ServerConfig.class));

            for (var call : waiting) {
                assertThat(call.get(10, TimeUnit.SECONDS).protocolVersion()).isEqualTo(1);
            }
            assertThat(reconnected.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(client.isConnected()).isTrue();
        }
    }

    @Test
    void callsTimeOutWhenTheServerStaysAway() {
        TestServer server = TestServer.start();
        try (ParleyClient client = ParleyClient.connect(server.httpUri(),
                OPTIONS.withRequestTimeout(Duration.ofMillis(500)))) {
            server.close();

            long start = System.nanoTime();
            assertThatThrownBy(() -> client.call(HelpMethods.GET_CONFIG, null, JsonNode.class))
                    .isInstanceOfSatisfying(ParleyException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.TIMEOUT));
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(400));
        } finally {
            server.close();
        }
    }

    @Test
    void theGatewaysErrorsArriveAsTypedCodes() {
        try (TestServer server = TestServer.start();
             ParleyClient client = ParleyClient.connect(server.httpUri(), OPTIONS)) {
            assertThatThrownBy(() -> client.call("no.suchMethod", null, JsonNode.class))
                    .isInstanceOfSatisfying(ParleyException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.METHOD_NOT_FOUND));
            assertThatThrownBy(() -> client.hello("not-a-valid-token"))
                    .isInstanceOfSatisfying(ParleyException.class,
                            e -> assertThat(e.code()).isIn(ErrorCode.UNAUTHORIZED, ErrorCode.SESSION_REVOKED));
            assertThat(client.token()).isEmpty();
        }
    }

    @Test
    void theHttpFormSharesTheCodecAndErrorMapping() {
        try (TestServer server = TestServer.start();
             var http = new ParleyHttpClient(server.httpUri(), Duration.ofSeconds(10))) {
            assertThat(http.call(HelpMethods.GET_CONFIG, null, HelpMethods.ServerConfig.class).protocolVersion())
                    .isEqualTo(1);
            assertThatThrownBy(() -> http.call("no.suchMethod", null, JsonNode.class))
                    .isInstanceOfSatisfying(ParleyException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.METHOD_NOT_FOUND));
        }
    }

    @Test
    void connectingToNothingFailsAtOnceWithUnavailable() throws Exception {
        int port;
        try (var socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        assertThatThrownBy(() -> ParleyClient.connect(java.net.URI.create("http://127.0.0.1:" + port)))
                .isInstanceOfSatisfying(ParleyException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE));
    }
}
