package dev.parley.server.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.protocol.Limits;
import dev.parley.server.testing.RawClient;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The HTTP transport ({@code POST /api/<method>}), health, metrics and static files. */
class HttpGatewayTest {
    private GatewayFixture fixture;
    private RawClient client;

    @BeforeEach
    void start() {
        fixture = new GatewayFixture(GatewayFixture.limits());
        client = fixture.client();
    }

    @AfterEach
    void stop() {
        client.close();
        fixture.close();
    }

    private void assertStillServes() {
        RawClient.HttpReply reply = client.post("test.echo", "{\"text\":\"still here\"}", null);
        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.json().path("result").path("text").asText()).isEqualTo("still here");
    }

    @Test
    void aMethodCallReturnsItsResultInTheEnvelope() {
        RawClient.HttpReply reply = client.post("test.echo", "{\"text\":\"hi\",\"count\":2}", null);

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(reply.json().path("result").path("count").asInt()).isEqualTo(2);
        assertThat(reply.json().has("id")).isFalse();
    }

    @Test
    void anEmptyBodyMeansEmptyParams() {
        RawClient.HttpReply reply = client.post("help.getConfig", "", null);

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.json().path("result").path("maxFrameBytes").asInt()).isEqualTo(Limits.MAX_FRAME_BYTES);
    }

    @Test
    void malformedJsonIs400BadRequestAndTheServerKeepsServing() {
        RawClient.HttpReply reply = client.post("test.echo", "{\"text\":", null);

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.errorCode()).isEqualTo("BAD_REQUEST");
        assertStillServes();
    }

    @Test
    void aBodyThatIsNotAnObjectIs400() {
        assertThat(client.post("test.echo", "[1]", null).errorCode()).isEqualTo("BAD_REQUEST");
        assertThat(client.post("test.echo", "\"text\"", null).errorCode()).isEqualTo("BAD_REQUEST");
    }

    @Test
    void anUnknownMethodIs404MethodNotFound() {
        RawClient.HttpReply reply = client.post("no.such", "{}", null);

        assertThat(reply.status()).isEqualTo(404);
        assertThat(reply.errorCode()).isEqualTo("METHOD_NOT_FOUND");
    }

    @Test
    void aWrongTypeIs400NamingTheField() {
        RawClient.HttpReply reply = client.post("test.echo", "{\"text\":\"hi\",\"count\":\"two\"}", null);

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.json().path("error").path("message").asText()).contains("count");
    }

    @Test
    void aSessionMethodNeedsAValidBearerToken() {
        assertThat(client.post("test.whoami", "{}", null).errorCode()).isEqualTo("AUTH_REQUIRED");
        RawClient.HttpReply forged = client.post("test.whoami", "{}", "forged");
        assertThat(forged.status()).isEqualTo(401);
        assertThat(forged.errorCode()).isEqualTo("UNAUTHORIZED");

        RawClient.HttpReply reply = client.post("test.whoami", "{}", GatewayFixture.TOKEN);

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.json().path("result").path("userId").asLong()).isEqualTo(7);
    }

    @Test
    void helloIsOnlyForWebSockets() {
        RawClient.HttpReply reply = client.post("auth.hello", "{\"token\":\"x\"}", null);

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.json().path("error").path("message").asText()).contains("Authorization");
    }

    @Test
    void anUnexpectedExceptionIs500InternalWithoutDetails() {
        RawClient.HttpReply reply = client.post("test.fail", "{}", null);

        assertThat(reply.status()).isEqualTo(500);
        assertThat(reply.errorCode()).isEqualTo("INTERNAL");
        assertThat(reply.body()).doesNotContain("secret");
    }

    @Test
    void aBodyOverTheLimitIs413FrameTooLarge() {
        String body = "{\"text\":\"" + "x".repeat(Limits.MAX_FRAME_BYTES) + "\"}";

        RawClient.HttpReply reply = client.post("test.echo", body, null);

        assertThat(reply.status()).isEqualTo(413);
        assertThat(reply.errorCode()).isEqualTo("FRAME_TOO_LARGE");
        assertStillServes();
    }

    @Test
    void getOnAnApiMethodIs405() {
        RawClient.HttpReply reply = client.get("/api/test.echo");

        assertThat(reply.status()).isEqualTo(405);
        assertThat(reply.errorCode()).isEqualTo("BAD_REQUEST");
    }

    @Test
    void healthSaysOk() {
        RawClient.HttpReply reply = client.get("/health");

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.json().path("status").asText()).isEqualTo("ok");
    }

    @Test
    void metricsCountRequestsByMethodAndCodeAndExposeLatencyAndConnections() {
        client.post("test.echo", "{\"text\":\"x\"}", null);
        client.post("test.refuse", "{}", null);
        client.post("made.up.method", "{}", null);
        RawClient.Socket socket = client.openWebSocket();
        socket.request("test.echo", Map.of("text", "y"));

        RawClient.HttpReply metrics = client.get("/metrics");

        assertThat(metrics.status()).isEqualTo(200);
        assertThat(metrics.body())
                .contains("parley_connections_open 1.0")
                .contains("parley_requests_total{code=\"ok\",method=\"test.echo\"} 2.0")
                .contains("parley_requests_total{code=\"FORBIDDEN\",method=\"test.refuse\"} 1.0")
                .contains("parley_requests_total{code=\"METHOD_NOT_FOUND\",method=\"unknown\"} 1.0")
                .contains("parley_request_latency_seconds_bucket{method=\"test.echo\"")
                .doesNotContain("made.up.method");
    }

    @Test
    void withoutAWebBuildTheRootSaysSoAndOtherPathsAre404() {
        RawClient.HttpReply root = client.get("/");

        assertThat(root.status()).isEqualTo(200);
        assertThat(root.body()).contains("web client is not built");
        assertThat(root.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(root.headers().firstValue("Content-Security-Policy")).hasValue("default-src 'self'");
        assertThat(client.get("/nothing.js").status()).isEqualTo(404);
    }

    @Test
    void staticFilesAreServedWithTheirTypesAndSecurityHeaders(@TempDir Path web) throws Exception {
        Files.writeString(web.resolve("index.html"), "<!doctype html><title>Parley</title>");
        Files.createDirectories(web.resolve("assets"));
        Files.writeString(web.resolve("assets/app.js"), "console.log('hi')");
        Files.writeString(web.getParent().resolve("secret.txt"), "do not serve");
        try (GatewayFixture withWeb = new GatewayFixture(GatewayFixture.limits(), StaticFiles.directory(web));
                RawClient webClient = withWeb.client()) {
            RawClient.HttpReply index = webClient.get("/");
            RawClient.HttpReply script = webClient.get("/assets/app.js");

            assertThat(index.body()).contains("<title>Parley</title>");
            assertThat(index.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
            assertThat(index.headers().firstValue("Content-Security-Policy")).hasValue("default-src 'self'");
            assertThat(script.headers().firstValue("Content-Type")).hasValue("text/javascript; charset=utf-8");
            assertThat(script.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
            for (String path : new String[] {"/../secret.txt", "/%2e%2e/secret.txt", "/assets/..%2f..%2fsecret.txt",
                    "/.hidden", "/assets/"}) {
                RawClient.HttpReply reply = webClient.send(HttpRequest.newBuilder(
                        URI.create(withWeb.httpUri() + path)).GET().build());
                assertThat(reply.status()).as(path).isEqualTo(404);
            }
        }
    }
}
