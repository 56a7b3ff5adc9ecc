package dev.parley.server.bot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.server.config.Config;
import dev.parley.server.testing.TestServer;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** /bot<token>/<method>: encodings, coercions, the envelope, method lookup, flood control. */
class BotTransportTest {
    @RegisterExtension
    static final TestServer server = TestServer.create(c -> BotFixture.config(c)
            .withBots(new Config.Bots(true, 1, 3)));
    static BotFixture fx;
    static BotFixture.User user;
    static BotFixture.Bot bot;
    static long chatId;

    @BeforeAll
    static void fixture() {
        fx = new BotFixture(server);
        user = fx.register("user");
        // Each test uses its own bot: the per-bot flood limit is tiny here so it can be tested.
        bot = fx.createBot(user, "transport");
        chatId = fx.privateChat(user, bot.id());
    }

    @AfterAll
    static void close() {
        fx.close();
    }

    private static BotFixture.Bot freshBot() {
        BotFixture.Bot fresh = fx.createBot(user, "t");
        return fresh;
    }

    @Test
    void paramsArriveByQueryStringFormJsonAndMultipart() {
        BotFixture.Bot b = freshBot();
        long chat = fx.privateChat(user, b.id());

        BotFixture.Reply viaGet = fx.get(b, "sendMessage", Map.of("chat_id", String.valueOf(chat), "text", "q"));
        BotFixture.Reply viaForm = fx.form(b, "sendMessage", Map.of("chat_id", String.valueOf(chat), "text", "f"));
        BotFixture.Reply viaMultipart = fx.multipart(b, "sendMessage",
                Map.of("chat_id", String.valueOf(chat), "text", "m"));

        assertThat(viaGet.result().path("text").asText()).isEqualTo("q");
        assertThat(viaForm.result().path("text").asText()).isEqualTo("f");
        assertThat(viaMultipart.result().path("text").asText()).isEqualTo("m");
    }

    @Test
    void formsCarryObjectsAsJsonStrings() {
        BotFixture.Bot b = freshBot();
        long chat = fx.privateChat(user, b.id());

        BotFixture.Reply reply = fx.form(b, "sendMessage", Map.of("chat_id", String.valueOf(chat), "text", "k",
                "reply_markup", "{\"inline_keyboard\":[[{\"text\":\"Go\",\"callback_data\":\"go\"}]]}"));

        assertThat(reply.result().path("reply_markup").path("inline_keyboard").get(0).get(0).path("callback_data")
                .asText()).isEqualTo("go");
    }

    @Test
    void methodNamesAreCaseInsensitive() {
        BotFixture.Bot b = freshBot();

        assertThat(fx.api(b, "GETME", Map.of()).status()).isEqualTo(200);
        assertThat(fx.api(b, "getme", Map.of()).status()).isEqualTo(200);
    }

    @Test
    void unknownMethodsAre404NotFound() {
        BotFixture.Bot b = freshBot();

        BotFixture.Reply reply = fx.api(b, "doSomethingElse", Map.of());

        assertThat(reply.status()).isEqualTo(404);
        assertThat(reply.body().path("ok").asBoolean()).isFalse();
        assertThat(reply.body().path("error_code").asInt()).isEqualTo(404);
        assertThat(reply.description()).isEqualTo("Not Found");
    }

    @Test
    void aMalformedTokenIs401() {
        BotFixture.Reply reply = fx.api("not-a-token", "getMe", Map.of());

        assertThat(reply.status()).isEqualTo(401);
        assertThat(reply.description()).isEqualTo("Unauthorized");
    }

    @Test
    void floodControlAnswers429WithRetryAfter() {
        BotFixture.Bot b = freshBot();
        BotFixture.Reply last = null;
        for (int i = 0; i < 5; i++) {
            last = fx.api(b, "getMe", Map.of());
        }

        assertThat(last.status()).isEqualTo(429);
        int retry = last.body().path("parameters").path("retry_after").asInt();
        assertThat(retry).isPositive();
        assertThat(last.description()).isEqualTo("Too Many Requests: retry after " + retry);
        assertThat(last.headers().firstValue("Retry-After")).hasValue(String.valueOf(retry));
    }

    @Test
    void unsupportedFeaturesAnswerAClear400() {
        BotFixture.Bot b = freshBot();

        BotFixture.Reply photo = fx.api(b, "sendPhoto", Map.of("chat_id", chatId, "photo", "x"));
        BotFixture.Reply location = fx.api(b, "sendLocation", Map.of("chat_id", chatId));

        assertThat(photo.status()).isEqualTo(400);
        assertThat(photo.description()).isEqualTo("Bad Request: sending media is not supported yet");
        assertThat(location.description()).isEqualTo("Bad Request: sending locations is not supported yet");
    }

    @Test
    void logOutAndCloseSucceed() {
        BotFixture.Bot b = freshBot();

        assertThat(fx.ok(b, "logOut", Map.of()).asBoolean()).isTrue();
        assertThat(fx.ok(b, "close", Map.of()).asBoolean()).isTrue();
    }
}
