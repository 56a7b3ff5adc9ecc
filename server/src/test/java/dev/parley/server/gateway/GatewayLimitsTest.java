package dev.parley.server.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.server.config.Config;
import dev.parley.server.testing.RawClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** In-flight bound, flood control, idle sockets and graceful shutdown, each with small limits. */
class GatewayLimitsTest {
    private static String code(JsonNode reply) {
        return reply.path("error").path("code").asText();
    }

    @Test
    void requestsBeyondTheInFlightBoundAreRefusedAndTheOthersComplete() throws Exception {
        try (GatewayFixture fixture = new GatewayFixture(new Config.Gateway(1000, 1000, 2, 30, 15));
                RawClient client = fixture.client()) {
            RawClient.Socket socket = client.openWebSocket();
            socket.sendText("{\"id\":1,\"method\":\"test.slow\"}");
            socket.sendText("{\"id\":2,\"method\":\"test.slow\"}");
            fixture.awaitSlowStarted(2);

            socket.sendText("{\"id\":3,\"method\":\"test.slow\"}");
            JsonNode refused = socket.awaitReply(3);
            fixture.releaseSlow();

            assertThat(code(refused)).isEqualTo("TOO_MANY_REQUESTS");
            assertThat(socket.awaitReply(1).path("result").path("done").asBoolean()).isTrue();
            assertThat(socket.awaitReply(2).path("result").path("done").asBoolean()).isTrue();
            assertThat(socket.request("test.echo", Map.of("text", "ok")).has("result")).isTrue();
        }
    }

    @Test
    void floodControlAnswersFloodWaitWithRetryAfterOnTheWebSocket() {
        try (GatewayFixture fixture = new GatewayFixture(new Config.Gateway(0.5, 3, 64, 30, 15));
                RawClient client = fixture.client()) {
            RawClient.Socket socket = client.openWebSocket();
            for (int i = 0; i < 3; i++) {
                assertThat(socket.request("test.echo", Map.of("text", "burst")).has("result")).isTrue();
            }

            JsonNode refused = socket.request("test.echo", Map.of("text", "one too many"));

            assertThat(code(refused)).isEqualTo("FLOOD_WAIT");
            assertThat(refused.path("error").path("retryAfter").asInt()).isBetween(1, 2);
            assertThat(socket.isClosed()).isFalse();
        }
    }

    @Test
    void malformedFramesTakeTokensToo() {
        try (GatewayFixture fixture = new GatewayFixture(new Config.Gateway(0.5, 2, 64, 30, 15));
                RawClient client = fixture.client()) {
            RawClient.Socket socket = client.openWebSocket();
            socket.sendText("not json");
            socket.sendBinary(new byte[] {1});
            assertThat(code(socket.awaitFrame())).isEqualTo("BAD_REQUEST");
            assertThat(code(socket.awaitFrame())).isEqualTo("BAD_REQUEST");

            JsonNode refused = socket.request("test.echo", Map.of("text", "valid but late"));

            assertThat(code(refused)).isEqualTo("FLOOD_WAIT");
        }
    }

    @Test
    void floodControlOverHttpIs429WithRetryAfterHeader() {
        try (GatewayFixture fixture = new GatewayFixture(new Config.Gateway(0.5, 2, 64, 30, 15));
                RawClient client = fixture.client()) {
            client.post("test.echo", "{\"text\":\"a\"}", null);
            client.post("test.echo", "{\"text\":\"b\"}", null);

            RawClient.HttpReply refused = client.post("test.echo", "{\"text\":\"c\"}", null);

            assertThat(refused.status()).isEqualTo(429);
            assertThat(refused.errorCode()).isEqualTo("FLOOD_WAIT");
            assertThat(refused.json().path("error").path("retryAfter").asInt()).isBetween(1, 2);
            assertThat(refused.headers().firstValue("Retry-After")).hasValueSatisfying(
                    value -> assertThat(Integer.parseInt(value)).isBetween(1, 2));
        }
    }

    @Test
    void behindATrustedProxyEachForwardedClientHasItsOwnBucket() {
        try (GatewayFixture fixture = new GatewayFixture(new Config.Gateway(0.5, 2, 64, 30, 15, "127.0.0.1"));
                RawClient client = fixture.client()) {
            assertThat(forwarded(fixture, client, "198.51.100.1").status()).isEqualTo(200);
            assertThat(forwarded(fixture, client, "198.51.100.1").status()).isEqualTo(200);
            assertThat(forwarded(fixture, client, "198.51.100.1").status()).isEqualTo(429);

            assertThat(forwarded(fixture, client, "198.51.100.2").status()).isEqualTo(200);
        }
    }

    @Test
    void withoutTrustedProxiesAForgedForwardedForDoesNotEscapeFloodControl() {
        try (GatewayFixture fixture = new GatewayFixture(new Config.Gateway(0.5, 2, 64, 30, 15));
                RawClient client = fixture.client()) {
            forwarded(fixture, client, "198.51.100.1");
            forwarded(fixture, client, "198.51.100.2");

            assertThat(forwarded(fixture, client, "198.51.100.3").status()).isEqualTo(429);
        }
    }

    private static RawClient.HttpReply forwarded(GatewayFixture fixture, RawClient client, String address) {
        return client.send(java.net.http.HttpRequest.newBuilder(fixture.httpUri().resolve("/api/test.echo"))
                .header("Content-Type", "application/json").header("X-Forwarded-For", address)
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"text\":\"hi\"}")).build());
    }

    @Test
    void sessionsHaveTheirOwnBucketSeparateFromAnonymousCallers() {
        try (GatewayFixture fixture = new GatewayFixture(new Config.Gateway(0.5, 2, 64, 30, 15));
                RawClient client = fixture.client()) {
            client.post("test.echo", "{\"text\":\"a\"}", null);
            client.post("test.echo", "{\"text\":\"b\"}", null);
            assertThat(client.post("test.echo", "{\"text\":\"c\"}", null).status()).isEqualTo(429);

            RawClient.HttpReply authenticated = client.post("test.whoami", "{}", GatewayFixture.TOKEN);

            assertThat(authenticated.status()).isEqualTo(200);
        }
    }

    @Test
    void aLiveClientIsPingedAgainAndAgainAndStaysConnected() {
        // Pong timeout 3 s: the JDK client answers pings itself, but on a loaded 2-core CI box its pong can take
        // longer than a second to be scheduled, which is not what this test is about.
        try (GatewayFixture fixture = new GatewayFixture(new Config.Gateway(1000, 1000, 64, 1, 3));
                RawClient client = fixture.client()) {
            RawClient.Socket socket = client.openWebSocket();

            // A second ping comes only if the connection survived the pong timeout after the first.
            assertThat(socket.awaitPing(Duration.ofSeconds(6))).isTrue();
            assertThat(socket.awaitPing(Duration.ofSeconds(6))).isTrue();
            assertThat(socket.isClosed()).isFalse();
            assertThat(socket.request("test.echo", Map.of("text", "alive")).has("result")).isTrue();
        }
    }

    @Test
    void aClientThatNeverAnswersPingsIsDisconnected() throws IOException {
        try (GatewayFixture fixture = new GatewayFixture(new Config.Gateway(1000, 1000, 64, 1, 1));
                Socket raw = new Socket("127.0.0.1", fixture.port)) {
            raw.setSoTimeout(5_000);
            OutputStream out = raw.getOutputStream();
            out.write(("GET /api/ws HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = raw.getInputStream();

            // Read everything until the server closes: the 101 response, then a ping, then end of stream.
            byte[] received = in.readAllBytes();

            String text = new String(received, StandardCharsets.ISO_8859_1);
            assertThat(text).startsWith("HTTP/1.1 101");
            int body = text.indexOf("\r\n\r\n") + 4;
            assertThat(received.length).isGreaterThan(body);
            assertThat(received[body] & 0xff).as("first frame is a ping").isEqualTo(0x89);
        }
    }

    @Test
    void aLongHttpRequestIsNotCutOffAsIdle() throws Exception {
        try (GatewayFixture fixture = new GatewayFixture(new Config.Gateway(1000, 1000, 64, 1, 1));
                RawClient client = fixture.client()) {
            CompletableFuture<RawClient.HttpReply> slow = CompletableFuture.supplyAsync(
                    () -> client.post("test.slow", "{}", null));
            fixture.awaitSlowStarted(1);

            // Two pings on a socket opened later prove that the HTTP connection has passed its idle time.
            RawClient.Socket clock = client.openWebSocket();
            assertThat(clock.awaitPing(Duration.ofSeconds(3))).isTrue();
            assertThat(clock.awaitPing(Duration.ofSeconds(3))).isTrue();
            fixture.releaseSlow();

            assertThat(slow.get(5, java.util.concurrent.TimeUnit.SECONDS).status()).isEqualTo(200);
        }
    }

    @Test
    void aClientThatStopsReadingIsDroppedInsteadOfBufferedWithoutLimit() throws Exception {
        try (GatewayFixture fixture = new GatewayFixture(GatewayFixture.limits());
                Socket raw = new Socket("127.0.0.1", fixture.port)) {
            raw.setReceiveBufferSize(16 * 1024);
            raw.setSoTimeout(5_000);
            OutputStream out = raw.getOutputStream();
            out.write(("GET /api/ws HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            awaitHandshakeResponse(raw.getInputStream());
            out.write(maskedTextFrame("{\"id\":1,\"method\":\"test.login\"}"));
            out.flush();
            WebSocketGatewayTest.awaitTrue(() -> fixture.connections.hasUser(8));
            String push = "{\"updates\":[\"" + "z".repeat(60_000) + "\"],\"pts\":1,\"ptsCount\":1}";

            // The client reads nothing more; the server must give up on it rather than queue without bound.
            long deadline = System.nanoTime() + RawClient.TIMEOUT.toNanos();
            while (fixture.connections.hasUser(8) && System.nanoTime() < deadline) {
                fixture.connections.sendToUser(8, push);
            }

            assertThat(fixture.connections.hasUser(8)).isFalse();
            WebSocketGatewayTest.awaitTrue(() -> fixture.gateway.openConnections() == 0);
        }
    }

    private static void awaitHandshakeResponse(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new AssertionError("connection closed during the handshake: " + head);
            }
            head.append((char) b);
        }
        assertThat(head.toString()).startsWith("HTTP/1.1 101");
    }

    /** A client → server text frame (clients must mask), for a raw socket that plays a misbehaving client. */
    private static byte[] maskedTextFrame(String text) {
        byte[] payload = text.getBytes(StandardCharsets.UTF_8);
        byte[] mask = {1, 2, 3, 4};
        byte[] frame = new byte[2 + 4 + payload.length];
        frame[0] = (byte) 0x81;
        frame[1] = (byte) (0x80 | payload.length);
        System.arraycopy(mask, 0, frame, 2, 4);
        for (int i = 0; i < payload.length; i++) {
            frame[6 + i] = (byte) (payload[i] ^ mask[i % 4]);
        }
        return frame;
    }

    @Test
    void shutdownLetsARunningRequestFinishThenClosesSocketsWithGoingAway() throws Exception {
        GatewayFixture fixture = new GatewayFixture(new Config.Gateway(1000, 1000, 64, 30, 15));
        try (RawClient client = fixture.client()) {
            RawClient.Socket socket = client.openWebSocket();
            socket.sendText("{\"id\":1,\"method\":\"test.slow\"}");
            fixture.awaitSlowStarted(1);

            CompletableFuture<Void> closing = CompletableFuture.runAsync(fixture.gateway::close);
            awaitShutdownStarted(socket);
            assertThat(closing).isNotDone();
            fixture.releaseSlow();

            assertThat(socket.awaitReply(1).path("result").path("done").asBoolean()).isTrue();
            assertThat(socket.awaitClose(RawClient.TIMEOUT).code()).isEqualTo(1001);
            closing.get(RawClient.TIMEOUT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
        } finally {
            fixture.close();
        }
    }

    /** Once shutdown has begun, new requests are refused with UNAVAILABLE while running ones continue. */
    private static void awaitShutdownStarted(RawClient.Socket socket) {
        long deadline = System.nanoTime() + RawClient.TIMEOUT.toNanos();
        while (true) {
            JsonNode reply = socket.request("help.getConfig", Map.of());
            if ("UNAVAILABLE".equals(code(reply))) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("shutdown did not start");
            }
        }
    }
}
