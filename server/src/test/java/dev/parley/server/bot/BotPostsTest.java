package dev.parley.server.bot;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.pengrad.telegrambot.TelegramBot;
import com.pengrad.telegrambot.model.Poll;
import com.pengrad.telegrambot.model.reaction.ReactionTypeEmoji;
import com.pengrad.telegrambot.model.request.InputPollOption;
import com.pengrad.telegrambot.request.PinChatMessage;
import com.pengrad.telegrambot.request.SendPoll;
import com.pengrad.telegrambot.request.SetMessageReaction;
import com.pengrad.telegrambot.request.StopPoll;
import com.pengrad.telegrambot.request.UnpinChatMessage;
import com.pengrad.telegrambot.response.BaseResponse;
import com.pengrad.telegrambot.response.PollResponse;
import com.pengrad.telegrambot.response.SendResponse;
import dev.parley.server.bot.BotGroupTest.Group;
import dev.parley.server.testing.TestServer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Polls, reactions and pins through the Bot API, over real HTTP against a real server and storage: Telegram's JSON
 * shapes and error wording, the rights a person would need, and the unmodified pengrad library.
 */
class BotPostsTest {
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

    private static Group group() {
        BotFixture.User owner = fx.register("powner");
        BotFixture.User member = fx.register("pmember");
        BotFixture.Bot bot = fx.createBot(owner, "pst");
        long chatId = fx.group(owner, "Posts", List.of(member.id(), bot.id()));
        return new Group(owner, member, bot, chatId);
    }

    private static void makeAdmin(Group g) {
        fx.protocol(g.owner().token(), "chats.setRole", Map.of("chatId", g.chatId(), "userId", g.bot().id(),
                "role", "admin"));
    }

    /** The message as the user sees it in the chat's history (with its post state). */
    private static JsonNode seenBy(BotFixture.User user, long chatId, long id) {
        JsonNode messages = fx.history(user, chatId);
        for (JsonNode m : messages) {
            if (m.path("id").asLong() == id) {
                return m;
            }
        }
        throw new AssertionError("message " + id + " not in history: " + messages);
    }

    /** Long-polls until a {@code poll} update arrives (the server parks each request; no client-side sleeping). */
    private static JsonNode awaitPollUpdate(BotFixture.Bot bot) {
        long offset = 0;
        while (true) {
            for (JsonNode update : fx.awaitUpdates(bot, offset)) {
                offset = update.path("update_id").asLong() + 1;
                if (update.has("poll")) {
                    return update.path("poll");
                }
            }
        }
    }

    @Test
    void aRegularPollIsSentVotedOnAndStoppedWithTelegramsShapes() {
        Group g = group();

        JsonNode sent = fx.ok(g.bot(), "sendPoll", Map.of("chat_id", g.chatId(), "question", "Lunch?",
                "options", List.of(Map.of("text", "Pizza"), Map.of("text", "Sushi"), Map.of("text", "Salad")),
                "is_anonymous", false, "allows_multiple_answers", true));
        long id = sent.path("message_id").asLong();
        JsonNode poll = sent.path("poll");
        assertThat(poll.path("id").asText()).isNotEmpty();
        assertThat(poll.path("question").asText()).isEqualTo("Lunch?");
        assertThat(poll.path("options").findValuesAsText("text")).containsExactly("Pizza", "Sushi", "Salad");
        assertThat(poll.path("options").get(0).path("voter_count").asInt()).isZero();
        assertThat(poll.path("total_voter_count").asInt()).isZero();
        assertThat(poll.path("is_closed").asBoolean()).isFalse();
        assertThat(poll.path("is_anonymous").asBoolean()).isFalse();
        assertThat(poll.path("type").asText()).isEqualTo("regular");
        assertThat(poll.path("allows_multiple_answers").asBoolean()).isTrue();

        fx.protocol(g.member().token(), "messages.vote", Map.of("chatId", g.chatId(), "id", id,
                "options", List.of(0, 2)));
        JsonNode update = awaitPollUpdate(g.bot());
        JsonNode stopped = fx.ok(g.bot(), "stopPoll", Map.of("chat_id", g.chatId(), "message_id", id));
        BotFixture.Reply vote = fx.api(g.bot(), "stopPoll", Map.of("chat_id", g.chatId(), "message_id", id + 1000));

        assertThat(update.path("id").asText()).isEqualTo(poll.path("id").asText());
        assertThat(update.path("total_voter_count").asInt()).isEqualTo(1);
        assertThat(update.path("is_closed").asBoolean()).isFalse();
        assertThat(stopped.path("id").asText()).isEqualTo(poll.path("id").asText());
        assertThat(stopped.path("is_closed").asBoolean()).isTrue();
        assertThat(stopped.path("total_voter_count").asInt()).isEqualTo(1);
        assertThat(stopped.path("options").findValuesAsText("voter_count")).containsExactly("1", "0", "1");
        assertThat(vote.status()).isEqualTo(400);
        assertThat(vote.description()).isEqualTo("Bad Request: message with poll to stop not found");
        assertThat(seenBy(g.member(), g.chatId(), id).path("poll").path("closed").asBoolean()).isTrue();
    }

    @Test
    void aQuizShowsItsAnswerToItsSenderAndBadPollsGetTelegramsErrors() {
        Group g = group();

        JsonNode quiz = fx.ok(g.bot(), "sendPoll", Map.of("chat_id", g.chatId(), "question", "2+2?",
                "options", List.of("3", "4"), "type", "quiz", "correct_option_id", 1,
                "explanation", "arithmetic", "open_period", 60)).path("poll");
        BotFixture.Reply noAnswer = fx.api(g.bot(), "sendPoll", Map.of("chat_id", g.chatId(), "question", "q",
                "options", List.of("a", "b"), "type", "quiz"));
        BotFixture.Reply oneOption = fx.api(g.bot(), "sendPoll", Map.of("chat_id", g.chatId(), "question", "q",
                "options", List.of("a")));
        BotFixture.Reply noQuestion = fx.api(g.bot(), "sendPoll", Map.of("chat_id", g.chatId(),
                "options", List.of("a", "b")));
        BotFixture.Reply period = fx.api(g.bot(), "sendPoll", Map.of("chat_id", g.chatId(), "question", "q",
                "options", List.of("a", "b"), "open_period", 601));

        assertThat(quiz.path("type").asText()).isEqualTo("quiz");
        assertThat(quiz.path("correct_option_id").asInt()).isEqualTo(1);
        assertThat(quiz.path("explanation").asText()).isEqualTo("arithmetic");
        assertThat(quiz.path("is_anonymous").asBoolean()).isTrue();
        assertThat(quiz.path("close_date").asLong()).isPositive();
        assertThat(noAnswer.description()).isEqualTo("Bad Request: wrong correct option id specified");
        assertThat(oneOption.description()).isEqualTo("Bad Request: poll must have at least 2 option");
        assertThat(noQuestion.description()).isEqualTo("Bad Request: poll question must be non-empty");
        assertThat(period.description()).isEqualTo("Bad Request: wrong open period specified");
    }

    @Test
    void aBotSetsOneReactionReplacesItAndRemovesItWithAnEmptyList() {
        Group g = group();
        long id = fx.send(g.member(), g.chatId(), "react to me").path("id").asLong();

        fx.ok(g.bot(), "setMessageReaction", Map.of("chat_id", g.chatId(), "message_id", id,
                "reaction", List.of(Map.of("type", "emoji", "emoji", "👍"))));
        JsonNode first = seenBy(g.member(), g.chatId(), id).path("reactions");
        fx.ok(g.bot(), "setMessageReaction", Map.of("chat_id", g.chatId(), "message_id", id,
                "reaction", List.of(Map.of("type", "emoji", "emoji", "🔥"))));
        JsonNode replaced = seenBy(g.member(), g.chatId(), id).path("reactions");
        BotFixture.Reply two = fx.api(g.bot(), "setMessageReaction", Map.of("chat_id", g.chatId(), "message_id", id,
                "reaction", List.of(Map.of("type", "emoji", "emoji", "👍"), Map.of("type", "emoji", "emoji", "🔥"))));
        BotFixture.Reply custom = fx.api(g.bot(), "setMessageReaction", Map.of("chat_id", g.chatId(),
                "message_id", id, "reaction", List.of(Map.of("type", "custom_emoji", "custom_emoji_id", "1"))));
        BotFixture.Reply notAllowed = fx.api(g.bot(), "setMessageReaction", Map.of("chat_id", g.chatId(),
                "message_id", id, "reaction", List.of(Map.of("type", "emoji", "emoji", "x"))));
        fx.ok(g.bot(), "setMessageReaction", Map.of("chat_id", g.chatId(), "message_id", id, "reaction", List.of()));
        JsonNode removed = seenBy(g.member(), g.chatId(), id).path("reactions");

        assertThat(first.path("counts").get(0).path("reaction").asText()).isEqualTo("👍");
        assertThat(first.path("counts").get(0).path("count").asInt()).isEqualTo(1);
        assertThat(replaced.path("counts")).hasSize(1);
        assertThat(replaced.path("counts").get(0).path("reaction").asText()).isEqualTo("🔥");
        assertThat(two.description()).isEqualTo("Bad Request: REACTIONS_TOO_MANY");
        assertThat(custom.description()).isEqualTo("Bad Request: REACTION_INVALID");
        assertThat(notAllowed.description()).isEqualTo("Bad Request: REACTION_INVALID");
        assertThat(removed.path("counts").size()).isZero();
    }

    @Test
    void pinningNeedsTheRightAndUnpinWithoutAnIdTakesTheLatestPin() {
        Group g = group();
        long first = fx.send(g.member(), g.chatId(), "first").path("id").asLong();
        long second = fx.send(g.member(), g.chatId(), "second").path("id").asLong();

        BotFixture.Reply refused = fx.api(g.bot(), "pinChatMessage", Map.of("chat_id", g.chatId(),
                "message_id", first));
        makeAdmin(g);
        fx.ok(g.bot(), "pinChatMessage", Map.of("chat_id", g.chatId(), "message_id", first));
        fx.ok(g.bot(), "pinChatMessage", Map.of("chat_id", g.chatId(), "message_id", second,
                "disable_notification", true));
        fx.ok(g.bot(), "unpinChatMessage", Map.of("chat_id", g.chatId()));
        JsonNode afterUnpin = fx.protocol(g.member().token(), "messages.getPinned", Map.of("chatId", g.chatId()));
        fx.ok(g.bot(), "unpinAllChatMessages", Map.of("chat_id", g.chatId()));
        JsonNode afterAll = fx.protocol(g.member().token(), "messages.getPinned", Map.of("chatId", g.chatId()));

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.description())
                .isEqualTo("Bad Request: not enough rights to manage pinned messages in the chat");
        assertThat(afterUnpin.path("messages").findValuesAsText("id")).containsExactly(String.valueOf(first));
        assertThat(afterAll.path("messages").size()).isZero();
    }

    @Test
    void aBotOutsideTheChatCanNeitherPollNorReactNorPin() {
        Group g = group();
        BotFixture.Bot outsider = fx.createBot(g.owner(), "out");
        long id = fx.send(g.member(), g.chatId(), "private to the group").path("id").asLong();

        List<BotFixture.Reply> replies = List.of(
                fx.api(outsider, "sendPoll", Map.of("chat_id", g.chatId(), "question", "q",
                        "options", List.of("a", "b"))),
                fx.api(outsider, "stopPoll", Map.of("chat_id", g.chatId(), "message_id", id)),
                fx.api(outsider, "setMessageReaction", Map.of("chat_id", g.chatId(), "message_id", id,
                        "reaction", List.of(Map.of("type", "emoji", "emoji", "👍")))),
                fx.api(outsider, "pinChatMessage", Map.of("chat_id", g.chatId(), "message_id", id)),
                fx.api(outsider, "unpinAllChatMessages", Map.of("chat_id", g.chatId())));

        assertThat(replies).allSatisfy(r -> {
            assertThat(r.status()).isEqualTo(400);
            assertThat(r.description()).isEqualTo("Bad Request: chat not found");
        });
        assertThat(seenBy(g.member(), g.chatId(), id).path("reactions").path("counts").size()).isZero();
    }

    @Test
    void theUnmodifiedPengradLibrarySendsStopsReactsAndPins() {
        Group g = group();
        makeAdmin(g);
        // Changed only in its base URL, as any Telegram bot would be.
        TelegramBot bot = new TelegramBot.Builder(g.bot().token()).apiUrl(server.httpUri() + "/bot").build();

        SendResponse sent = bot.execute(new SendPoll(g.chatId(), "Best day?",
                new InputPollOption("Friday"), new InputPollOption("Saturday")).isAnonymous(false));
        assertThat(sent.isOk()).as(sent.description()).isTrue();
        int id = sent.message().messageId();
        BaseResponse reacted = bot.execute(new SetMessageReaction(g.chatId(), id, new ReactionTypeEmoji("🎉")));
        BaseResponse pinned = bot.execute(new PinChatMessage(g.chatId(), id).disableNotification(true));
        BaseResponse unpinned = bot.execute(new UnpinChatMessage(g.chatId()).messageId(id));
        PollResponse stopped = bot.execute(new StopPoll(g.chatId(), id));

        assertThat(sent.message().poll().question()).isEqualTo("Best day?");
        assertThat(sent.message().poll().type()).isEqualTo(Poll.Type.regular);
        assertThat(sent.message().poll().isAnonymous()).isFalse();
        assertThat(reacted.isOk()).as(reacted.description()).isTrue();
        assertThat(pinned.isOk()).as(pinned.description()).isTrue();
        assertThat(unpinned.isOk()).as(unpinned.description()).isTrue();
        assertThat(stopped.isOk()).as(stopped.description()).isTrue();
        assertThat(stopped.poll().isClosed()).isTrue();
        assertThat(stopped.poll().options()).hasSize(2);
        assertThat(seenBy(g.member(), g.chatId(), id).path("reactions").path("counts").get(0).path("reaction")
                .asText()).isEqualTo("🎉");
    }
}
