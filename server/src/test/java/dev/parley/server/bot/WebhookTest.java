package dev.parley.server.bot;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.server.testing.TestServer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** setWebhook / getWebhookInfo / deleteWebhook and delivery: secret header, confirmation, retries, replies. */
class WebhookTest {
    private static final Duration WAIT = Duration.ofSeconds(20);

    @RegisterExtension
    static final TestServer server = TestServer.create(BotFixture::config);
    static BotFixture fx;

    @BeforeAll
    static void fixture() {
        fx = new BotFixture(server);
    }

    @AfterAll
    static void close() {
        fx.close();
    }

    @Test
    void updatesArePostedWithTheSecretAndConfirmedByA2xx() {
        BotFixture.Pair p = fx.pair("hook");
        try (WebhookReceiver hook = new WebhookReceiver(d -> WebhookReceiver.Answer.OK)) {
            fx.ok(p.bot(), "setWebhook", Map.of("url", hook.url(), "secret_token", "s3cret_T0ken"));

            fx.send(p.user(), p.chatId(), "first");
            WebhookReceiver.Delivery first = hook.next(WAIT);
            fx.send(p.user(), p.chatId(), "second");
            WebhookReceiver.Delivery second = hook.next(WAIT);

            assertThat(first.secret()).isEqualTo("s3cret_T0ken");
            assertThat(fx.codec.readTree(first.body()).path("message").path("text").asText()).isEqualTo("first");
            assertThat(fx.codec.readTree(second.body()).path("message").path("text").asText()).isEqualTo("second");
            JsonNode info = fx.ok(p.bot(), "getWebhookInfo", Map.of());
            assertThat(info.path("url").asText()).isEqualTo(hook.url());
            // Deliveries are sequential: the first was confirmed before the second was sent.
            assertThat(info.path("pending_update_count").asInt()).isLessThanOrEqualTo(1);
            assertThat(info.has("last_error_date")).isFalse();
        }
    }

    @Test
    void getUpdatesConflictsWithAnActiveWebhookUntilItIsDeleted() {
        BotFixture.Pair p = fx.pair("hook");
        try (WebhookReceiver hook = new WebhookReceiver(d -> new WebhookReceiver.Answer(500, ""))) {
            fx.ok(p.bot(), "setWebhook", Map.of("url", hook.url()));

            BotFixture.Reply conflict = fx.api(p.bot(), "getUpdates", Map.of());
            fx.send(p.user(), p.chatId(), "kept for polling");
            hook.next(WAIT);
            fx.ok(p.bot(), "deleteWebhook", Map.of());

            assertThat(conflict.status()).isEqualTo(409);
            assertThat(conflict.description()).isEqualTo("Conflict: can't use getUpdates method while webhook is "
                    + "active; use deleteWebhook to delete the webhook first");
            assertThat(fx.awaitUpdates(p.bot(), 0).get(0).path("message").path("text").asText())
                    .isEqualTo("kept for polling");
            assertThat(fx.ok(p.bot(), "getWebhookInfo", Map.of()).path("url").asText()).isEmpty();
        }
    }

    @Test
    void aFailedDeliveryIsRecordedAndRetried() {
        BotFixture.Pair p = fx.pair("hook");
        AtomicInteger calls = new AtomicInteger();
        try (WebhookReceiver hook = new WebhookReceiver(d -> calls.incrementAndGet() == 1
                ? new WebhookReceiver.Answer(502, "") : WebhookReceiver.Answer.OK)) {
            fx.ok(p.bot(), "setWebhook", Map.of("url", hook.url()));

            fx.send(p.user(), p.chatId(), "retry me");
            WebhookReceiver.Delivery failed = hook.next(WAIT);
            WebhookReceiver.Delivery retried = hook.next(WAIT);

            assertThat(retried.body()).isEqualTo(failed.body());
            JsonNode info = fx.ok(p.bot(), "getWebhookInfo", Map.of());
            assertThat(info.path("last_error_message").asText()).isEqualTo("Wrong response from the webhook: 502");
            assertThat(info.path("last_error_date").asLong()).isPositive();
        }
    }

    @Test
    void aMethodInTheWebhookReplyIsExecuted() {
        BotFixture.Pair p = fx.pair("hook");
        String reply = "{\"method\":\"sendMessage\",\"chat_id\":" + p.chatId() + ",\"text\":\"from the reply\"}";
        try (WebhookReceiver hook = new WebhookReceiver(d -> d.body().contains("\"ping\"")
                ? new WebhookReceiver.Answer(200, reply) : WebhookReceiver.Answer.OK)) {
            fx.ok(p.bot(), "setWebhook", Map.of("url", hook.url()));

            fx.send(p.user(), p.chatId(), "ping");
            hook.next(WAIT);
            // The reply's method runs before the next update is delivered, so once "pong" arrives it has run.
            fx.send(p.user(), p.chatId(), "pong");
            hook.next(WAIT);

            assertThat(fx.history(p.user(), p.chatId())).extracting(m -> m.path("text").asText())
                    .contains("from the reply");
        }
    }

    @Test
    void invalidSecretsAndUrlsAreRejected() {
        BotFixture.Pair p = fx.pair("hook");

        BotFixture.Reply secret = fx.api(p.bot(), "setWebhook", Map.of("url", "http://127.0.0.1:9/x",
                "secret_token", "has spaces"));
        BotFixture.Reply scheme = fx.api(p.bot(), "setWebhook", Map.of("url", "ftp://127.0.0.1/x"));

        assertThat(secret.description()).isEqualTo("Bad Request: secret token contains unallowed characters");
        assertThat(scheme.description()).isEqualTo("Bad Request: bad webhook: an HTTP(S) URL must be provided for "
                + "webhook");
    }
}
