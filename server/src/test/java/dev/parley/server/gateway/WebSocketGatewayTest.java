package dev.parley.server.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.protocol.Limits;
import dev.parley.server.testing.RawClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The WebSocket transport: envelope, first-frame rule, malformed input, limits (docs/PROTOCOL.md, "Transport"). */
class WebSocketGatewayTest {
    private GatewayFixture fixture;
    private RawClient client;
    private RawClient.Socket socket;

    @BeforeEach
    void start() {
        fixture = new GatewayFixture(GatewayFixture.limits());
        client = fixture.client();
        socket = client.openWebSocket();
    }

    @AfterEach
    void stop() {
        client.close();
        fixture.close();
    }

    private static String code(JsonNode reply) {
        return reply.path("error").path("code").asText();
    }

    private void assertStillServes() {
        JsonNode reply = socket.request("test.echo", Map.of("text", "still here"));
        assertThat(reply.path("result").path("text").asText()).isEqualTo("still here");
    }

    @Test
    void helloWithAValidTokenAuthenticatesTheSocketAndRegistersIt() {
        JsonNode reply = socket.request("auth.hello", Map.of("token", GatewayFixture.TOKEN, "protocolVersion", 1));

        assertThat(reply.path("result").path("userId").asLong()).isEqualTo(7);
        assertThat(reply.path("result").path("sessionId").asLong()).isEqualTo(70);
        assertThat(reply.path("result").path("protocolVersion").asInt()).isEqualTo(Limits.PROTOCOL_VERSION);
        assertThat(socket.request("test.whoami", Map.of()).path("result").path("sessionId").asLong()).isEqualTo(70);
        assertThat(fixture.connections.ofUser(7)).hasSize(1);
    }

    @Test
    void helloWithAnUnknownTokenIsUnauthorizedAndTheSocketStaysOpen() {
        JsonNode reply = socket.request("auth.hello", Map.of("token", "forged", "protocolVersion", 1));

        assertThat(code(reply)).isEqualTo("UNAUTHORIZED");
        assertThat(code(socket.request("test.whoami", Map.of()))).isEqualTo("AUTH_REQUIRED");
        assertStillServes();
    }

    @Test
    void helloWithANewerProtocolVersionIsUnsupported() {
        JsonNode reply = socket.request("auth.hello",
                Map.of("token", GatewayFixture.TOKEN, "protocolVersion", Limits.PROTOCOL_VERSION + 1));

        assertThat(code(reply)).isEqualTo("PROTOCOL_VERSION_UNSUPPORTED");
    }

    @Test
    void aSessionMethodBeforeHelloIsAuthRequiredAndTheSocketStaysOpen() {
        JsonNode reply = socket.request("test.whoami", Map.of());

        assertThat(code(reply)).isEqualTo("AUTH_REQUIRED");
        assertThat(socket.isClosed()).isFalse();
        assertStillServes();
    }

    @Test
    void anAnonymousMethodThatReturnsAnAuthResultAuthenticatesTheSocket() {
        socket.request("test.login", Map.of());

        JsonNode whoami = socket.request("test.whoami", Map.of());

        assertThat(whoami.path("result").path("userId").asLong()).isEqualTo(8);
        assertThat(fixture.connections.ofUser(8)).hasSize(1);
    }

    @Test
    void helpGetConfigTellsTheClientTheLimits() {
        JsonNode result = socket.request("help.getConfig", Map.of()).path("result");

        assertThat(result.path("protocolVersion").asInt()).isEqualTo(Limits.PROTOCOL_VERSION);
        assertThat(result.path("maxFrameBytes").asInt()).isEqualTo(Limits.MAX_FRAME_BYTES);
        assertThat(result.path("burst").asInt()).isEqualTo(GatewayFixture.limits().burst());
        assertThat(result.path("maxInFlight").asInt()).isEqualTo(GatewayFixture.limits().maxInFlight());
    }

    @Test
    void malformedJsonIsABadRequestAndTheSocketKeepsServing() {
        socket.sendText("{\"id\":1,\"method\":");

        JsonNode reply = socket.awaitFrame();

        assertThat(code(reply)).isEqualTo("BAD_REQUEST");
        assertThat(reply.path("error").path("message").asText()).contains("malformed JSON");
        assertStillServes();
    }

    @Test
    void nonObjectFramesAndMissingMethodsAreBadRequests() {
        for (String frame : List.of("[1,2]", "42", "\"text\"", "{\"id\":3}", "{\"id\":\"x\",\"method\":\"a.b\"}",
                "{\"id\":1.5,\"method\":\"a.b\"}", "")) {
            socket.sendText(frame);
            assertThat(code(socket.awaitFrame())).as(frame).isEqualTo("BAD_REQUEST");
        }
        assertStillServes();
    }

    @Test
    void anUnknownMethodIsMethodNotFoundAndEchoesTheId() {
        socket.sendText("{\"id\":41,\"method\":\"no.such\",\"params\":{}}");

        JsonNode reply = socket.awaitFrame();

        assertThat(reply.path("id").asLong()).isEqualTo(41);
        assertThat(code(reply)).isEqualTo("METHOD_NOT_FOUND");
        assertStillServes();
    }

    @Test
    void paramsThatAreNotAnObjectAreABadRequestThatEchoesTheId() {
        socket.sendText("{\"id\":42,\"method\":\"test.echo\",\"params\":[1]}");

        JsonNode reply = socket.awaitFrame();

        assertThat(reply.path("id").asLong()).isEqualTo(42);
        assertThat(reply.path("error").path("message").asText()).contains("params");
    }

    @Test
    void aWrongTypeIsABadRequestNamingTheField() {
        JsonNode reply = socket.request("test.echo", Map.of("text", "hi", "count", "seven"));

        assertThat(code(reply)).isEqualTo("BAD_REQUEST");
        assertThat(reply.path("error").path("message").asText()).contains("count");
        assertStillServes();
    }

    @Test
    void aMissingFieldIsABadRequestNamingTheField() {
        JsonNode reply = socket.request("test.echo", Map.of("count", 1));

        assertThat(code(reply)).isEqualTo("BAD_REQUEST");
        assertThat(reply.path("error").path("message").asText()).contains("text");
    }

    @Test
    void anUnexpectedExceptionIsInternalWithoutItsDetails() {
        JsonNode reply = socket.request("test.fail", Map.of());

        assertThat(code(reply)).isEqualTo("INTERNAL");
        assertThat(reply.toString()).doesNotContain("secret");
        assertStillServes();
    }

    @Test
    void aTypedErrorFromAMethodKeepsItsCode() {
        assertThat(code(socket.request("test.refuse", Map.of()))).isEqualTo("FORBIDDEN");
    }

    @Test
    void binaryFramesAreABadRequest() {
        socket.sendBinary(new byte[] {1, 2, 3});

        assertThat(code(socket.awaitFrame())).isEqualTo("BAD_REQUEST");
        assertStillServes();
    }

    @Test
    void aFragmentedMessageIsAggregated() {
        socket.sendFragments("{\"id\":5,\"method\":\"test.", "echo\",\"params\":{\"text\":", "\"joined\"}}");

        JsonNode reply = socket.awaitFrame();

        assertThat(reply.path("id").asLong()).isEqualTo(5);
        assertThat(reply.path("result").path("text").asText()).isEqualTo("joined");
    }

    @Test
    void aFrameOverTheLimitIsAnsweredWithFrameTooLargeThenTheSocketCloses() {
        String big = "{\"id\":1,\"method\":\"test.echo\",\"params\":{\"text\":\""
                + "x".repeat(Limits.MAX_FRAME_BYTES) + "\"}}";

        socket.sendText(big);

        assertThat(code(socket.awaitFrame())).isEqualTo("FRAME_TOO_LARGE");
        assertThat(socket.awaitClose(RawClient.TIMEOUT).code()).isEqualTo(1009);
    }

    @Test
    void aFragmentedMessageOverTheLimitIsAlsoTooLarge() {
        String half = "x".repeat(Limits.MAX_FRAME_BYTES / 2 + 10);

        // The server may refuse and close as soon as the second fragment crosses the limit, before the third is sent.
        assertThat(socket.sendFragmentsUntilClosed("{\"id\":1,\"method\":\"test.echo\",\"params\":{\"text\":\"", half,
                half, "\"}}")).isGreaterThanOrEqualTo(2);

        assertThat(code(socket.awaitFrame())).isEqualTo("FRAME_TOO_LARGE");
        assertThat(socket.awaitClose(RawClient.TIMEOUT).code()).isEqualTo(1009);
    }

    @Test
    void aFrameJustUnderTheLimitIsAccepted() {
        String prefix = "{\"id\":1,\"method\":\"test.echo\",\"params\":{\"text\":\"";
        String suffix = "\"}}";
        String text = "y".repeat(Limits.MAX_FRAME_BYTES - prefix.length() - suffix.length());

        socket.sendText(prefix + text + suffix);

        assertThat(socket.awaitFrame().path("result").path("text").asText()).hasSize(text.length());
    }

    @Test
    void serverPushesReachARegisteredConnectionAndRevocationClosesItWith4001() {
        socket.request("auth.hello", Map.of("token", GatewayFixture.TOKEN));

        fixture.connections.sendToUser(7, "{\"updates\":[],\"pts\":5,\"ptsCount\":0}");
        assertThat(socket.awaitFrame().path("pts").asLong()).isEqualTo(5);

        fixture.connections.closeSessions(7, List.of(70L), "session revoked");
        RawClient.CloseStatus status = socket.awaitClose(Duration.ofSeconds(1));

        assertThat(status.code()).isEqualTo(ConnectionRegistry.CLOSE_SESSION_REVOKED);
    }

    @Test
    void aClosedConnectionLeavesTheRegistryAndTheOpenGauge() throws Exception {
        socket.request("auth.hello", Map.of("token", GatewayFixture.TOKEN));
        assertThat(fixture.gateway.openConnections()).isEqualTo(1);

        socket.close();
        socket.awaitClose(RawClient.TIMEOUT);

        awaitTrue(() -> fixture.connections.size() == 0 && fixture.gateway.openConnections() == 0);
    }

    /** Waits (bounded) for a condition the server reaches asynchronously after a socket event. */
    static void awaitTrue(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + RawClient.TIMEOUT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not reached within " + RawClient.TIMEOUT);
            }
            java.util.concurrent.locks.LockSupport.parkNanos(2_000_000);
        }
    }
}
