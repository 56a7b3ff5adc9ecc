package dev.parley.server.bot;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.server.bot.BotFixture.Pair;
import dev.parley.server.testing.RawClient;
import dev.parley.server.testing.TestServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A user and a bot in a private chat: updates, sending, formatting, replies, edits, deletes, keyboards. */
class BotMessagingTest {
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

    /** A fresh user, bot and private chat per test. */
    static Pair pair() {
        return fx.pair("pair");
    }

    static JsonNode history(BotFixture.User user, long chatId) {
        return fx.history(user, chatId);
    }

    @Test
    void aUsersMessageReachesTheBotAsATelegramUpdate() {
        Pair p = pair();
        JsonNode sent = fx.send(p.user(), p.chatId(), "/start hello");

        JsonNode update = fx.awaitUpdates(p.bot(), 0).get(0);

        JsonNode message = update.path("message");
        assertThat(update.path("update_id").asLong()).isPositive();
        assertThat(message.path("message_id").asLong()).isEqualTo(sent.path("id").asLong());
        assertThat(message.path("chat").path("id").asLong()).isEqualTo(p.chatId());
        assertThat(message.path("chat").path("type").asText()).isEqualTo("private");
        assertThat(message.path("chat").path("username").asText()).isEqualTo(p.user().username());
        assertThat(message.path("from").path("id").asLong()).isEqualTo(p.user().id());
        assertThat(message.path("from").path("is_bot").asBoolean()).isFalse();
        assertThat(message.path("text").asText()).isEqualTo("/start hello");
        assertThat(message.path("entities").get(0).path("type").asText()).isEqualTo("bot_command");
        assertThat(message.path("entities").get(0).path("length").asInt()).isEqualTo(6);
    }

    @Test
    void confirmingByOffsetDeletesOlderUpdates() {
        Pair p = pair();
        fx.send(p.user(), p.chatId(), "one");
        fx.send(p.user(), p.chatId(), "two");
        JsonNode first = fx.awaitUpdates(p.bot(), 0);
        long last = first.get(first.size() - 1).path("update_id").asLong();
        if (first.size() < 2) {
            last = fx.awaitUpdates(p.bot(), last + 1).get(0).path("update_id").asLong();
        }

        JsonNode after = fx.ok(p.bot(), "getUpdates", Map.of("offset", last + 1));

        assertThat(after).isEmpty();
        long stored = server.database().read(h -> h.createQuery("SELECT COUNT(*) FROM bot_updates WHERE bot_id = :b")
                .bind("b", p.bot().id()).mapTo(Long.class).one());
        assertThat(stored).isZero();
    }

    @Test
    void aLongPollIsAnsweredAsSoonAsAMessageArrives() throws Exception {
        Pair p = pair();
        long started = System.nanoTime();
        CompletableFuture<JsonNode> poll = CompletableFuture.supplyAsync(
                () -> fx.ok(p.bot(), "getUpdates", Map.of("timeout", 30)));

        fx.send(p.user(), p.chatId(), "wake up");

        JsonNode updates = poll.get(20, TimeUnit.SECONDS);
        assertThat(updates).hasSize(1);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(20));
    }

    @Test
    void aNewerPollEndsTheOlderOneWithConflict() throws Exception {
        Pair p = pair();
        CompletableFuture<BotFixture.Reply> older = CompletableFuture.supplyAsync(
                () -> fx.api(p.bot(), "getUpdates", Map.of("timeout", 30)));
        // A later poll supersedes an earlier one whenever it arrives. The long poll may reach the server after a
        // short one (which that short poll then answers with 409 itself), so short polls repeat until the long
        // poll has been superseded.
        BotFixture.Reply first;
        do {
            BotFixture.Reply shortPoll = fx.api(p.bot(), "getUpdates", Map.of("timeout", 0));
            assertThat(shortPoll.status()).isIn(200, 409);
            try {
                first = older.get(200, TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.TimeoutException notYet) {
                first = null;
            }
        } while (first == null);

        assertThat(first.status()).isEqualTo(409);
        assertThat(first.description()).startsWith("Conflict: terminated by other getUpdates request");
    }

    @Test
    void allowedUpdatesFilterWhatGetUpdatesReturns() {
        Pair p = pair();
        fx.send(p.user(), p.chatId(), "filtered out");

        JsonNode none = fx.ok(p.bot(), "getUpdates", Map.of("allowed_updates", List.of("callback_query")));
        fx.ok(p.bot(), "getUpdates", Map.of("allowed_updates", List.of()));

        assertThat(none).isEmpty();
        assertThat(fx.awaitUpdates(p.bot(), 0).get(0).path("message").path("text").asText()).isEqualTo("filtered out");
    }

    @Test
    void theBotsMessageAppearsInTheUsersHistoryAsAReply() {
        Pair p = pair();
        JsonNode question = fx.send(p.user(), p.chatId(), "question");

        JsonNode answer = fx.ok(p.bot(), "sendMessage", Map.of("chat_id", p.chatId(), "text", "answer",
                "reply_parameters", Map.of("message_id", question.path("id").asLong())));

        assertThat(answer.path("reply_to_message").path("text").asText()).isEqualTo("question");
        assertThat(answer.path("from").path("id").asLong()).isEqualTo(p.bot().id());
        JsonNode mine = history(p.user(), p.chatId()).get(0);
        assertThat(mine.path("id").asLong()).isEqualTo(answer.path("message_id").asLong());
        assertThat(mine.path("replyToId").asLong()).isEqualTo(question.path("id").asLong());
        assertThat(mine.path("senderId").asLong()).isEqualTo(p.bot().id());
    }

    @Test
    void legacyReplyToMessageIdAndMissingTargets() {
        Pair p = pair();
        JsonNode question = fx.send(p.user(), p.chatId(), "q");

        JsonNode legacy = fx.ok(p.bot(), "sendMessage", Map.of("chat_id", p.chatId(), "text", "a",
                "reply_to_message_id", question.path("id").asLong()));
        BotFixture.Reply missing = fx.api(p.bot(), "sendMessage", Map.of("chat_id", p.chatId(), "text", "a",
                "reply_to_message_id", 9999));
        JsonNode without = fx.ok(p.bot(), "sendMessage", Map.of("chat_id", p.chatId(), "text", "a",
                "reply_parameters", Map.of("message_id", 9999, "allow_sending_without_reply", true)));

        assertThat(legacy.path("reply_to_message").path("message_id").asLong()).isEqualTo(question.path("id").asLong());
        assertThat(missing.description()).isEqualTo("Bad Request: message to be replied not found");
        assertThat(without.has("reply_to_message")).isFalse();
    }

    @Test
    void sendMessageErrorsUseTelegramsWording() {
        Pair p = pair();
        Pair other = pair();

        BotFixture.Reply notMember = fx.api(p.bot(), "sendMessage", Map.of("chat_id", other.chatId(), "text", "x"));
        BotFixture.Reply empty = fx.api(p.bot(), "sendMessage", Map.of("chat_id", p.chatId(), "text", " "));
        BotFixture.Reply noChat = fx.api(p.bot(), "sendMessage", Map.of("text", "x"));
        fx.protocol(p.user().token(), "contacts.block", Map.of("userId", p.bot().id()));
        BotFixture.Reply blocked = fx.api(p.bot(), "sendMessage", Map.of("chat_id", p.chatId(), "text", "x"));

        assertThat(notMember.status()).isEqualTo(400);
        assertThat(notMember.description()).isEqualTo("Bad Request: chat not found");
        assertThat(empty.description()).isEqualTo("Bad Request: message text is empty");
        assertThat(noChat.description()).isEqualTo("Bad Request: chat_id is empty");
        assertThat(blocked.status()).isEqualTo(403);
        assertThat(blocked.description()).isEqualTo("Forbidden: bot was blocked by the user");
    }

    @Test
    void parseModesBecomeEntitiesTheUserSees() {
        Pair p = pair();

        JsonNode html = fx.ok(p.bot(), "sendMessage", Map.of("chat_id", p.chatId(),
                "text", "<b>Hi</b> <a href=\"https://parley.example\">site</a>", "parse_mode", "HTML"));
        fx.ok(p.bot(), "sendMessage", Map.of("chat_id", p.chatId(), "text", "__under__ ~gone~",
                "parse_mode", "MarkdownV2"));
        BotFixture.Reply bad = fx.api(p.bot(), "sendMessage", Map.of("chat_id", p.chatId(), "text", "1.5",
                "parse_mode", "MarkdownV2"));

        assertThat(html.path("text").asText()).isEqualTo("Hi site");
        assertThat(html.path("entities").get(1).path("type").asText()).isEqualTo("text_link");
        JsonNode seen = history(p.user(), p.chatId());
        assertThat(seen.get(0).path("entities").get(0).path("type").asText()).isEqualTo("underline");
        assertThat(seen.get(0).path("entities").get(1).path("type").asText()).isEqualTo("strikethrough");
        assertThat(seen.get(1).path("entities").get(1).path("type").asText()).isEqualTo("link");
        assertThat(seen.get(1).path("entities").get(1).path("url").asText()).isEqualTo("https://parley.example");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.description()).startsWith("Bad Request: can't parse entities: Character '.' is reserved");
    }

    @Test
    void editingAndDeletingMessages() {
        Pair p = pair();
        long id = fx.ok(p.bot(), "sendMessage", Map.of("chat_id", p.chatId(), "text", "v1")).path("message_id")
                .asLong();
        long users = fx.send(p.user(), p.chatId(), "mine").path("id").asLong();

        JsonNode edited = fx.ok(p.bot(), "editMessageText", Map.of("chat_id", p.chatId(), "message_id", id,
                "text", "v2"));
        BotFixture.Reply same = fx.api(p.bot(), "editMessageText", Map.of("chat_id", p.chatId(), "message_id", id,
                "text", "v2"));
        BotFixture.Reply notTheirs = fx.api(p.bot(), "editMessageText", Map.of("chat_id", p.chatId(),
                "message_id", users, "text", "hacked"));
        BotFixture.Reply missing = fx.api(p.bot(), "editMessageText", Map.of("chat_id", p.chatId(),
                "message_id", 9999, "text", "x"));

        assertThat(edited.path("text").asText()).isEqualTo("v2");
        assertThat(edited.path("edit_date").asLong()).isPositive();
        assertThat(same.description()).startsWith("Bad Request: message is not modified");
        assertThat(notTheirs.description()).isEqualTo("Bad Request: message can't be edited");
        assertThat(missing.description()).isEqualTo("Bad Request: message to edit not found");

        assertThat(fx.ok(p.bot(), "deleteMessage", Map.of("chat_id", p.chatId(), "message_id", id)).asBoolean())
                .isTrue();
        BotFixture.Reply again = fx.api(p.bot(), "deleteMessage", Map.of("chat_id", p.chatId(), "message_id", id));
        assertThat(again.description()).isEqualTo("Bad Request: message to delete not found");
        assertThat(history(p.user(), p.chatId())).extracting(m -> m.path("text").asText()).containsExactly("mine");
    }

    @Test
    void deleteMessagesSkipsWhatItCannotFind() {
        Pair p = pair();
        long a = fx.ok(p.bot(), "sendMessage", Map.of("chat_id", p.chatId(), "text", "a")).path("message_id").asLong();
        long b = fx.ok(p.bot(), "sendMessage", Map.of("chat_id", p.chatId(), "text", "b")).path("message_id").asLong();

        fx.ok(p.bot(), "deleteMessages", Map.of("chat_id", p.chatId(), "message_ids", List.of(a, b, 9999)));

        assertThat(history(p.user(), p.chatId())).isEmpty();
    }

    @Test
    void forwardingAndCopying() {
        Pair p = pair();
        long source = fx.send(p.user(), p.chatId(), "original").path("id").asLong();

        JsonNode forwarded = fx.ok(p.bot(), "forwardMessage", Map.of("chat_id", p.chatId(),
                "from_chat_id", p.chatId(), "message_id", source));
        JsonNode copied = fx.ok(p.bot(), "copyMessage", Map.of("chat_id", p.chatId(),
                "from_chat_id", p.chatId(), "message_id", source));
        BotFixture.Reply missing = fx.api(p.bot(), "forwardMessage", Map.of("chat_id", p.chatId(),
                "from_chat_id", p.chatId(), "message_id", 9999));

        assertThat(forwarded.path("forward_origin").path("type").asText()).isEqualTo("user");
        assertThat(forwarded.path("forward_origin").path("sender_user").path("id").asLong()).isEqualTo(p.user().id());
        assertThat(copied.path("message_id").asLong()).isGreaterThan(forwarded.path("message_id").asLong());
        assertThat(history(p.user(), p.chatId()).get(0).path("text").asText()).isEqualTo("original");
        assertThat(missing.description()).isEqualTo("Bad Request: message to forward not found");
    }

    @Test
    void copyMessagesCopiesInOrderAndSkipsWhatItCannotFind() {
        Pair p = pair();
        long first = fx.send(p.user(), p.chatId(), "first").path("id").asLong();
        long second = fx.send(p.user(), p.chatId(), "second").path("id").asLong();

        JsonNode copies = fx.ok(p.bot(), "copyMessages", Map.of("chat_id", p.chatId(), "from_chat_id", p.chatId(),
                "message_ids", List.of(first, 9999, second)));

        assertThat(copies).hasSize(2);
        assertThat(history(p.user(), p.chatId()).get(0).path("text").asText()).isEqualTo("second");
        assertThat(history(p.user(), p.chatId()).get(1).path("text").asText()).isEqualTo("first");
        assertThat(history(p.user(), p.chatId()).get(0).path("id").asLong())
                .isEqualTo(copies.get(1).path("message_id").asLong());
    }

    @Test
    void pressingAnInlineButtonReachesTheBotAndReturnsItsAnswer() throws Exception {
        Pair p = pair();
        Map<String, Object> keyboard = Map.of("inline_keyboard",
                List.of(List.of(Map.of("text", "Yes", "callback_data", "yes"), Map.of("text", "Site",
                        "url", "https://parley.example"))));
        long id = fx.ok(p.bot(), "sendMessage", Map.of("chat_id", p.chatId(), "text", "Sure?",
                "reply_markup", keyboard)).path("message_id").asLong();

        JsonNode markups = fx.protocol(p.user().token(), "bots.getReplyMarkup",
                Map.of("chatId", p.chatId(), "messageIds", List.of(id))).path("markups");
        assertThat(markups.get(0).path("markup").path("inline_keyboard").get(0).get(0).path("text").asText())
                .isEqualTo("Yes");

        CompletableFuture<RawClient.HttpReply> press = CompletableFuture.supplyAsync(() -> fx.protocolRaw(
                p.user().token(), "messages.pressButton", Map.of("chatId", p.chatId(), "messageId", id, "data", "yes")));
        JsonNode query = fx.awaitUpdates(p.bot(), 0).get(0).path("callback_query");
        assertThat(query.path("data").asText()).isEqualTo("yes");
        assertThat(query.path("from").path("id").asLong()).isEqualTo(p.user().id());
        assertThat(query.path("message").path("message_id").asLong()).isEqualTo(id);
        fx.ok(p.bot(), "answerCallbackQuery", Map.of("callback_query_id", query.path("id").asText(),
                "text", "Done", "show_alert", true));

        JsonNode answer = press.get(10, TimeUnit.SECONDS).json().path("result");
        assertThat(answer.path("answered").asBoolean()).isTrue();
        assertThat(answer.path("text").asText()).isEqualTo("Done");
        assertThat(answer.path("showAlert").asBoolean()).isTrue();
        BotFixture.Reply late = fx.api(p.bot(), "answerCallbackQuery",
                Map.of("callback_query_id", query.path("id").asText()));
        assertThat(late.description()).isEqualTo(
                "Bad Request: query is too old and response timeout expired or query ID is invalid");
    }

    @Test
    void pressingDataThatNoButtonCarriesIsRefused() {
        Pair p = pair();
        long id = fx.ok(p.bot(), "sendMessage", Map.of("chat_id", p.chatId(), "text", "k", "reply_markup",
                Map.of("inline_keyboard", List.of(List.of(Map.of("text", "A", "callback_data", "a"))))))
                .path("message_id").asLong();
        BotFixture.User stranger = fx.register("stranger");

        RawClient.HttpReply forged = fx.protocolRaw(p.user().token(), "messages.pressButton",
                Map.of("chatId", p.chatId(), "messageId", id, "data", "admin"));
        RawClient.HttpReply outsider = fx.protocolRaw(stranger.token(), "messages.pressButton",
                Map.of("chatId", p.chatId(), "messageId", id, "data", "a"));

        assertThat(forged.errorCode()).isEqualTo("BUTTON_INVALID");
        assertThat(outsider.errorCode()).isEqualTo("CHAT_NOT_FOUND");
    }

    @Test
    void editMessageReplyMarkupReplacesAndRemovesTheKeyboard() {
        Pair p = pair();
        long id = fx.ok(p.bot(), "sendMessage", Map.of("chat_id", p.chatId(), "text", "k", "reply_markup",
                Map.of("inline_keyboard", List.of(List.of(Map.of("text", "A", "callback_data", "a"))))))
                .path("message_id").asLong();

        JsonNode changed = fx.ok(p.bot(), "editMessageReplyMarkup", Map.of("chat_id", p.chatId(), "message_id", id,
                "reply_markup", Map.of("inline_keyboard", List.of(List.of(Map.of("text", "B",
                        "callback_data", "b"))))));
        assertThat(changed.path("reply_markup").path("inline_keyboard").get(0).get(0).path("text").asText())
                .isEqualTo("B");

        fx.ok(p.bot(), "editMessageReplyMarkup", Map.of("chat_id", p.chatId(), "message_id", id));
        JsonNode markups = fx.protocol(p.user().token(), "bots.getReplyMarkup",
                Map.of("chatId", p.chatId(), "messageIds", List.of(id))).path("markups");
        assertThat(markups).isEmpty();
    }

    @Test
    void replyKeyboardsAreStoredForClientsAndInvalidMarkupIsRejected() {
        Pair p = pair();
        long id = fx.ok(p.bot(), "sendMessage", Map.of("chat_id", p.chatId(), "text", "pick", "reply_markup",
                Map.of("keyboard", List.of(List.of("red", Map.of("text", "blue"))), "one_time_keyboard", true)))
                .path("message_id").asLong();
        BotFixture.Reply bad = fx.api(p.bot(), "sendMessage", Map.of("chat_id", p.chatId(), "text", "x",
                "reply_markup", Map.of("inline_keyboard", List.of(List.of(Map.of("text", "no action"))))));

        JsonNode markups = fx.protocol(p.user().token(), "bots.getReplyMarkup",
                Map.of("chatId", p.chatId(), "messageIds", List.of(id))).path("markups");
        assertThat(markups.get(0).path("markup").path("keyboard").get(0).get(1).path("text").asText())
                .isEqualTo("blue");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.description()).startsWith("Bad Request: can't parse inline keyboard button");
    }

    @Test
    void chatActionsShowAsTyping() {
        Pair p = pair();

        assertThat(fx.ok(p.bot(), "sendChatAction", Map.of("chat_id", p.chatId(), "action", "typing")).asBoolean())
                .isTrue();
        assertThat(fx.api(p.bot(), "sendChatAction", Map.of("chat_id", p.chatId(), "action", "dancing"))
                .description()).isEqualTo("Bad Request: wrong parameter action in request");
    }

    @Test
    void updatesSurviveARestart() {
        Pair p = pair();
        fx.send(p.user(), p.chatId(), "before restart");
        // Make sure the update is queued before stopping (a poll with no timeout does not confirm anything).
        fx.awaitUpdates(p.bot(), 0);

        server.restart();

        assertThat(fx.awaitUpdates(p.bot(), 0).get(0).path("message").path("text").asText())
                .isEqualTo("before restart");
    }
}
