package dev.parley.server.bot;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.server.bot.BotGroupTest.Group;
import dev.parley.server.testing.TestServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Who voted and who reacted, for the bots Telegram tells: a bot gets {@code poll_answer} for votes in the public polls
 * it sent (a retraction has no options), and {@code message_reaction} for reaction changes in chats it administers
 * (groups and supergroups) when it asks for them. Anonymous polls name nobody, plain-member bots learn nothing, and people's own updates never
 * carry this detail.
 */
class BotVotesAndReactionsTest {
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
        BotFixture.User owner = fx.register("vowner");
        BotFixture.User member = fx.register("vmember");
        BotFixture.Bot bot = fx.createBot(owner, "vote");
        long chatId = fx.group(owner, "Votes", List.of(member.id(), bot.id()));
        return new Group(owner, member, bot, chatId);
    }

    /** Every update (whole Update objects) up to and including the first with {@code kind}; confirms them. */
    private static List<JsonNode> until(BotFixture.Bot bot, String kind, List<String> allowed) {
        List<JsonNode> seen = new ArrayList<>();
        long offset = 0;
        while (seen.stream().noneMatch(u -> u.has(kind))) {
            JsonNode updates = fx.ok(bot, "getUpdates", Map.of("offset", offset, "timeout", 10,
                    "allowed_updates", allowed));
            assertThat(updates.size()).as("an update for %s within the poll timeout", kind).isPositive();
            for (JsonNode update : updates) {
                offset = update.path("update_id").asLong() + 1;
                if (seen.stream().noneMatch(u -> u.has(kind))) {
                    seen.add(update);
                }
            }
        }
        fx.ok(bot, "getUpdates", Map.of("offset", offset, "timeout", 0, "allowed_updates", allowed));
        return seen;
    }

    private static JsonNode last(List<JsonNode> updates, String kind) {
        return updates.getLast().path(kind);
    }

    private static void vote(BotFixture.User user, long chatId, long id, List<Integer> options) {
        fx.protocol(user.token(), "messages.vote", Map.of("chatId", chatId, "id", id, "options", options));
    }

    private static void react(BotFixture.User user, long chatId, long id, String reaction) {
        fx.protocol(user.token(), "messages.sendReaction", Map.of("chatId", chatId, "id", id, "reaction", reaction));
    }

    /** The user's own updates since the start, as their clients read them. */
    private static JsonNode difference(BotFixture.User user) {
        return fx.protocol(user.token(), "updates.getDifference", Map.of("pts", 0)).path("updates");
    }

    @Test
    void aVoteInTheBotsPublicPollNamesTheVoterAndARetractionHasNoOptions() {
        Group g = group();
        JsonNode sent = fx.ok(g.bot(), "sendPoll", Map.of("chat_id", g.chatId(), "question", "When?",
                "options", List.of("Monday", "Tuesday", "Friday"), "is_anonymous", false));
        long id = sent.path("message_id").asLong();

        vote(g.member(), g.chatId(), id, List.of(2));
        JsonNode answer = last(until(g.bot(), "poll_answer", List.of()), "poll_answer");
        vote(g.member(), g.chatId(), id, List.of());
        JsonNode retraction = last(until(g.bot(), "poll_answer", List.of()), "poll_answer");

        assertThat(answer.path("poll_id").asText()).isEqualTo(sent.path("poll").path("id").asText());
        assertThat(answer.path("user").path("id").asLong()).isEqualTo(g.member().id());
        assertThat(answer.path("user").path("username").asText()).isEqualTo(g.member().username());
        assertThat(answer.path("option_ids").get(0).asInt()).isEqualTo(2);
        assertThat(answer.path("option_ids").size()).isEqualTo(1);
        assertThat(retraction.path("poll_id").asText()).isEqualTo(sent.path("poll").path("id").asText());
        assertThat(retraction.path("option_ids").isArray()).isTrue();
        assertThat(retraction.path("option_ids").size()).isZero();
    }

    @Test
    void anAnonymousPollNamesNobodyAndAPersonsOwnPollUpdatesNeverCarryVoters() {
        Group g = group();
        long anonymous = fx.ok(g.bot(), "sendPoll", Map.of("chat_id", g.chatId(), "question", "Secret?",
                "options", List.of("yes", "no"))).path("message_id").asLong();
        long personal = fx.protocol(g.owner().token(), "messages.sendPoll", Map.of("chatId", g.chatId(),
                "question", "Public?", "options", List.of("a", "b"), "anonymous", false,
                "randomId", 4242)).path("message").path("id").asLong();

        vote(g.member(), g.chatId(), anonymous, List.of(0));
        List<JsonNode> seen = until(g.bot(), "poll", List.of("poll", "poll_answer"));
        vote(g.member(), g.chatId(), personal, List.of(1));
        vote(g.owner(), g.chatId(), personal, List.of(0));
        JsonNode ownerUpdates = difference(g.owner());

        assertThat(last(seen, "poll").path("total_voter_count").asInt()).isEqualTo(1);
        assertThat(seen).noneMatch(u -> u.has("poll_answer"));
        List<JsonNode> polls = new ArrayList<>();
        ownerUpdates.forEach(u -> {
            if (u.path("type").asText().equals("messagePoll")) {
                polls.add(u);
            }
        });
        assertThat(polls).isNotEmpty().noneMatch(u -> u.has("answer"));
    }

    @Test
    void anAdminBotThatAsksGetsEachReactionChangeWithOldAndNew() {
        Group g = group();
        fx.protocol(g.owner().token(), "chats.setRole", Map.of("chatId", g.chatId(), "userId", g.bot().id(),
                "role", "admin"));
        long id = fx.send(g.owner(), g.chatId(), "react to this").path("id").asLong();
        List<String> allowed = List.of("message", "message_reaction");

        react(g.member(), g.chatId(), id, "👍");
        JsonNode first = last(until(g.bot(), "message_reaction", allowed), "message_reaction");
        react(g.member(), g.chatId(), id, "🔥");
        JsonNode changed = last(until(g.bot(), "message_reaction", allowed), "message_reaction");
        JsonNode ownerUpdates = difference(g.owner());

        assertThat(first.path("chat").path("id").asLong()).isEqualTo(g.chatId());
        assertThat(first.path("message_id").asLong()).isEqualTo(id);
        assertThat(first.path("user").path("id").asLong()).isEqualTo(g.member().id());
        assertThat(first.path("date").asLong()).isPositive();
        assertThat(first.path("old_reaction").size()).isZero();
        assertThat(first.path("new_reaction").get(0).path("type").asText()).isEqualTo("emoji");
        assertThat(first.path("new_reaction").get(0).path("emoji").asText()).isEqualTo("👍");
        assertThat(changed.path("old_reaction").get(0).path("emoji").asText()).isEqualTo("👍");
        assertThat(changed.path("new_reaction").get(0).path("emoji").asText()).isEqualTo("🔥");
        List<JsonNode> reactions = new ArrayList<>();
        ownerUpdates.forEach(u -> {
            if (u.path("type").asText().equals("messageReactions")) {
                reactions.add(u);
            }
        });
        assertThat(reactions).hasSize(2).noneMatch(u -> u.has("change"));
    }

    @Test
    void aBotAddedAsAdminToASupergroupGetsReactionChangesThere() {
        BotFixture.User owner = fx.register("sowner");
        BotFixture.User member = fx.register("smember");
        BotFixture.Bot bot = fx.createBot(owner, "super");
        long chatId = fx.protocol(owner.token(), "channels.create", Map.of("title", "Big", "kind", "supergroup"))
                .path("chat").path("chatId").asLong();
        String invite = fx.protocol(owner.token(), "chats.createInvite", Map.of("chatId", chatId)).path("token")
                .asText();
        fx.protocol(member.token(), "channels.joinByInvite", Map.of("token", invite));
        fx.protocol(owner.token(), "chats.setAdmin", Map.of("chatId", chatId, "userId", bot.id(),
                "rights", Map.of("deleteMessages", true)));
        List<String> allowed = List.of("my_chat_member", "message_reaction");
        JsonNode joined = last(until(bot, "my_chat_member", allowed), "my_chat_member");
        long id = fx.send(member, chatId, "in the supergroup").path("id").asLong();

        react(owner, chatId, id, "🎉");
        JsonNode reaction = last(until(bot, "message_reaction", allowed), "message_reaction");

        assertThat(joined.path("chat").path("type").asText()).isEqualTo("supergroup");
        assertThat(joined.path("new_chat_member").path("status").asText()).isEqualTo("administrator");
        assertThat(joined.path("new_chat_member").path("can_delete_messages").asBoolean()).isTrue();
        assertThat(reaction.path("chat").path("type").asText()).isEqualTo("supergroup");
        assertThat(reaction.path("message_id").asLong()).isEqualTo(id);
        assertThat(reaction.path("user").path("id").asLong()).isEqualTo(owner.id());
        assertThat(reaction.path("new_reaction").get(0).path("emoji").asText()).isEqualTo("🎉");
    }

    @Test
    void reactionChangesReachNeitherPlainMemberBotsNorBotsThatDidNotAsk() {
        Group g = group();
        BotFixture.Bot admin = fx.createBot(g.owner(), "quiet");
        fx.protocol(g.owner().token(), "chats.addMember", Map.of("chatId", g.chatId(), "userId", admin.id()));
        fx.protocol(g.owner().token(), "chats.setRole", Map.of("chatId", g.chatId(), "userId", admin.id(),
                "role", "admin"));
        long id = fx.send(g.owner(), g.chatId(), "react to this").path("id").asLong();

        react(g.member(), g.chatId(), id, "👍");
        fx.send(g.owner(), g.chatId(), "/after");
        List<JsonNode> plainMember = until(g.bot(), "message", List.of("message", "message_reaction"));
        List<JsonNode> notAsked = until(admin, "message", List.of());

        assertThat(last(plainMember, "message").path("text").asText()).isEqualTo("/after");
        assertThat(plainMember).noneMatch(u -> u.has("message_reaction"));
        assertThat(last(notAsked, "message").path("text").asText()).isEqualTo("/after");
        assertThat(notAsked).noneMatch(u -> u.has("message_reaction"));
    }

    @Test
    void stoppingAClosedPollIsRefusedInTelegramsWords() {
        Group g = group();
        long id = fx.ok(g.bot(), "sendPoll", Map.of("chat_id", g.chatId(), "question", "Once?",
                "options", List.of("a", "b"))).path("message_id").asLong();

        fx.ok(g.bot(), "stopPoll", Map.of("chat_id", g.chatId(), "message_id", id));
        BotFixture.Reply again = fx.api(g.bot(), "stopPoll", Map.of("chat_id", g.chatId(), "message_id", id));

        assertThat(again.status()).isEqualTo(400);
        assertThat(again.description()).isEqualTo("Bad Request: poll has already been closed");
    }
}
