package dev.parley.server.bot;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.pengrad.telegrambot.TelegramBot;
import com.pengrad.telegrambot.UpdatesListener;
import com.pengrad.telegrambot.model.Update;
import com.pengrad.telegrambot.model.request.InlineKeyboardButton;
import com.pengrad.telegrambot.model.request.InlineKeyboardMarkup;
import com.pengrad.telegrambot.model.request.ParseMode;
import com.pengrad.telegrambot.model.request.ReplyParameters;
import com.pengrad.telegrambot.request.AnswerCallbackQuery;
import com.pengrad.telegrambot.request.DeleteWebhook;
import com.pengrad.telegrambot.request.GetMe;
import com.pengrad.telegrambot.request.GetUpdates;
import com.pengrad.telegrambot.request.SendMessage;
import com.pengrad.telegrambot.request.SetWebhook;
import com.pengrad.telegrambot.response.BaseResponse;
import com.pengrad.telegrambot.response.GetMeResponse;
import com.pengrad.telegrambot.response.SendResponse;
import com.pengrad.telegrambot.utility.BotUtils;
import dev.parley.server.testing.RawClient;
import dev.parley.server.testing.TestServer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The real, unmodified Java library {@code com.github.pengrad:java-telegram-bot-api} against a real Parley server,
 * changed only in its API base URL: an echo bot that answers with an inline keyboard and answers the button's callback
 * query, once with long polling (the library's own updates listener) and once with a webhook.
 */
class JavaTelegramBotApiTest {
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

    /** Written as any Telegram bot would be: echo the text with a "Like" button; answer the button's press. */
    static void echo(TelegramBot bot, Update update) {
        if (update.message() != null && update.message().text() != null) {
            SendResponse sent = bot.execute(new SendMessage(update.message().chat().id(),
                    "<b>echo:</b> " + update.message().text().replace("<", "&lt;"))
                    .parseMode(ParseMode.HTML)
                    .replyParameters(new ReplyParameters(update.message().messageId()))
                    .replyMarkup(new InlineKeyboardMarkup(new InlineKeyboardButton("Like").callbackData("like"))));
            assertThat(sent.isOk()).as(sent.description()).isTrue();
        } else if (update.callbackQuery() != null) {
            BaseResponse answered = bot.execute(new AnswerCallbackQuery(update.callbackQuery().id())
                    .text("You pressed " + update.callbackQuery().data()));
            assertThat(answered.isOk()).as(answered.description()).isTrue();
        }
    }

    static TelegramBot library(BotFixture.Bot bot) {
        return new TelegramBot.Builder(bot.token()).apiUrl(server.httpUri() + "/bot").build();
    }

    @Test
    void anEchoBotWithAnInlineKeyboardWorksOverLongPolling() throws Exception {
        BotFixture.Pair p = fx.pair("pengrad");
        TelegramBot bot = library(p.bot());
        GetMeResponse me = bot.execute(new GetMe());
        assertThat(me.user().username()).isEqualTo(p.bot().username());
        assertThat(me.user().isBot()).isTrue();
        bot.setUpdatesListener(updates -> {
            updates.forEach(u -> echo(bot, u));
            return UpdatesListener.CONFIRMED_UPDATES_ALL;
        }, new GetUpdates().timeout(5));
        try {
            conversation(p);
        } finally {
            bot.removeGetUpdatesListener();
            bot.shutdown();
        }
    }

    @Test
    void anEchoBotWithAnInlineKeyboardWorksOverAWebhook() throws Exception {
        BotFixture.Pair p = fx.pair("pengradhook");
        TelegramBot bot = library(p.bot());
        try (WebhookReceiver hook = new WebhookReceiver(delivery -> {
            echo(bot, BotUtils.parseUpdate(delivery.body()));
            return WebhookReceiver.Answer.OK;
        })) {
            BaseResponse set = bot.execute(new SetWebhook().url(hook.url()).secretToken("library_secret"));
            assertThat(set.isOk()).as(set.description()).isTrue();

            conversation(p);

            assertThat(bot.execute(new DeleteWebhook()).isOk()).isTrue();
        } finally {
            bot.shutdown();
        }
    }

    /** The user's side: send a text, see the bot's echo with its keyboard arrive live, press the button. */
    private static void conversation(BotFixture.Pair p) throws Exception {
        RawClient.Socket socket = fx.client.openWebSocket();
        try {
            socket.request("auth.hello", Map.of("token", p.user().token(), "protocolVersion", 1));
            long hello = fx.send(p.user(), p.chatId(), "hello <world>").path("id").asLong();

            JsonNode echo = BotFixture.awaitMessageFrom(socket, p.bot().id());
            assertThat(echo.path("text").asText()).isEqualTo("echo: hello <world>");
            assertThat(echo.path("entities").get(0).path("type").asText()).isEqualTo("bold");
            assertThat(echo.path("replyToId").asLong()).isEqualTo(hello);
            long echoId = echo.path("id").asLong();
            JsonNode markup = fx.protocol(p.user().token(), "bots.getReplyMarkup",
                    Map.of("chatId", p.chatId(), "messageIds", List.of(echoId))).path("markups").get(0);
            assertThat(markup.path("markup").path("inline_keyboard").get(0).get(0).path("callback_data").asText())
                    .isEqualTo("like");

            CompletableFuture<RawClient.HttpReply> press = CompletableFuture.supplyAsync(() -> fx.protocolRaw(
                    p.user().token(), "messages.pressButton",
                    Map.of("chatId", p.chatId(), "messageId", echoId, "data", "like")));
            JsonNode answer = press.get(30, TimeUnit.SECONDS).json().path("result");

            assertThat(answer.path("answered").asBoolean()).isTrue();
            assertThat(answer.path("text").asText()).isEqualTo("You pressed like");
        } finally {
            socket.close();
        }
    }
}
