package dev.parley.server.bot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.server.testing.TestServer;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** By default (bots.allowLoopbackWebhooks false) a bot cannot point the server at its own network. */
class WebhookPolicyTest {
    @RegisterExtension
    static final TestServer server = TestServer.create();

    @Test
    void loopbackAndPrivateWebhooksAreRefusedUnlessTheOperatorAllowsThem() {
        try (BotFixture fx = new BotFixture(server)) {
            BotFixture.Bot bot = fx.createBot(fx.register("owner"), "ssrf");

            for (String url : new String[] {"http://127.0.0.1:8080/x", "http://localhost/x", "http://10.1.2.3/x",
                    "http://169.254.169.254/latest/meta-data", "http://[::1]/x"}) {
                BotFixture.Reply reply = fx.api(bot, "setWebhook", Map.of("url", url));
                assertThat(reply.status()).as(url).isEqualTo(400);
                assertThat(reply.description()).as(url).startsWith("Bad Request: bad webhook:");
            }
            assertThat(fx.ok(bot, "getWebhookInfo", Map.of()).path("url").asText()).isEmpty();
        }
    }
}
