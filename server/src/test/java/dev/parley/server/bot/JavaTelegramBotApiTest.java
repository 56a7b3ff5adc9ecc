package dev.parley.server.bot;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.pengrad.telegrambot.TelegramBot;
import com.pengrad.telegrambot.UpdatesListener;
import com.pengrad.telegrambot.model.Chat;
import com.pengrad.telegrambot.model.Update;
import com.pengrad.telegrambot.model.request.InlineKeyboardButton;
import com.pengrad.telegrambot.model.request.InlineKeyboardMarkup;
import com.pengrad.telegrambot.model.request.InputPollOption;
import com.pengrad.telegrambot.model.request.ParseMode;
import com.pengrad.telegrambot.model.request.ReplyParameters;
import com.pengrad.telegrambot.request.AnswerCallbackQuery;
import com.pengrad.telegrambot.request.DeleteWebhook;
import com.pengrad.telegrambot.request.GetMe;
import com.pengrad.telegrambot.request.GetUpdates;
import com.pengrad.telegrambot.request.SendMessage;
import com.pengrad.telegrambot.request.SendPoll;
import com.pengrad.telegrambot.request.SetWebhook;
import com.pengrad.telegrambot.response.BaseResponse;
import com.pengrad.telegrambot.response.GetMeResponse;
import com.pengrad.telegrambot.response.SendResponse;
import com.pengrad.telegrambot.utility.BotUtils;
import dev.parley.server.testing.RawClient;
import dev.parley.server.testing.TestServer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The real, unmodified Java library {@code com.github.pengrad:java-telegram-bot-api} against a real Parley server,
 * changed only in its API base URL: an echo bot that answers with an inline keyboard and answers the button's callback
 * query, once with long polling (the library's own updates listener) and once with a webhook; and a channel admin
 * bot that acknowledges each channel post and reads the answers to its public poll.
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

    @Test
    void aChannelAdminBotGetsChannelPostsAndAPollBotGetsEachAnswer() throws Exception {
        BotFixture.User owner = fx.register("pgowner");
        BotFixture.User member = fx.register("pgmember");
        BotFixture.Bot b = fx.createBot(owner, "pgchan");
        long channelId = fx.protocol(owner.token(), "channels.create", Map.of("title", "Library news",
                "kind", "channel", "signMessages", true)).path("chat").path("chatId").asLong();
        fx.protocol(owner.token(), "chats.setAdmin", Map.of("chatId", channelId, "userId", b.id(),
                "rights", Map.of("postMessages", true)));
        long groupId = fx.group(owner, "Library poll", List.of(member.id(), b.id()));
        TelegramBot bot = library(b);
        BlockingQueue<Update> received = new LinkedBlockingQueue<>();
        BlockingQueue<SendResponse> replies = new LinkedBlockingQueue<>();
        // Written as any Telegram channel bot would be: acknowledge each post in the channel.
        bot.setUpdatesListener(updates -> {
            for (Update u : updates) {
                if (u.channelPost() != null) {
                    replies.add(bot.execute(new SendMessage(u.channelPost().chat().id(),
                            "noted: " + u.channelPost().text())));
                }
                received.add(u);
            }
            return UpdatesListener.CONFIRMED_UPDATES_ALL;
        }, new GetUpdates().timeout(5).allowedUpdates("message", "channel_post", "poll", "poll_answer",
                "my_chat_member"));
        try {
            fx.send(owner, channelId, "Release 1.0");
            Update post = awaitUpdate(received, u -> u.channelPost() != null);
            SendResponse reply = replies.poll(30, TimeUnit.SECONDS);
            SendResponse poll = bot.execute(new SendPoll(groupId, "Ship it?", new InputPollOption("yes"),
                    new InputPollOption("no")).isAnonymous(false));
            fx.protocol(member.token(), "messages.vote", Map.of("chatId", groupId,
                    "id", poll.message().messageId(), "options", List.of(0)));
            Update answer = awaitUpdate(received, u -> u.pollAnswer() != null);

            assertThat(post.channelPost().chat().type()).isEqualTo(Chat.Type.channel);
            assertThat(post.channelPost().chat().id()).isEqualTo(channelId);
            assertThat(post.channelPost().senderChat().id()).isEqualTo(channelId);
            assertThat(post.channelPost().from()).isNull();
            assertThat(post.channelPost().authorSignature()).isNotBlank();
            assertThat(post.channelPost().text()).isEqualTo("Release 1.0");
            assertThat(reply).isNotNull();
            assertThat(reply.isOk()).as(reply.description()).isTrue();
            assertThat(reply.message().senderChat().id()).isEqualTo(channelId);
            assertThat(fx.history(owner, channelId).findValuesAsText("text")).contains("noted: Release 1.0");
            assertThat(answer.pollAnswer().pollId()).isEqualTo(poll.message().poll().id());
            assertThat(answer.pollAnswer().user().id()).isEqualTo(member.id());
            assertThat(answer.pollAnswer().optionIds()).containsExactly(0);
        } finally {
            bot.removeGetUpdatesListener();
            bot.shutdown();
        }
    }

    /** The first update the library delivered that matches, waiting up to 30 s for each. */
    private static Update awaitUpdate(BlockingQueue<Update> received, Predicate<Update> wanted)
            throws InterruptedException {
        while (true) {
            Update next = received.poll(30, TimeUnit.SECONDS);
            assertThat(next).as("an update within 30 s").isNotNull();
            if (wanted.test(next)) {
                return next;
            }
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
