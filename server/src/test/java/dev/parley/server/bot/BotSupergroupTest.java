package dev.parley.server.bot;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.server.testing.RawClient;
import dev.parley.server.testing.TestServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Supergroups fan out on read, so a bot's updates from them are read by the chat's seq: members' messages arrive as
 * {@code message} updates of a {@code supergroup} chat, privacy mode applies, and a bot outside the chat (or banned
 * from it) gets nothing.
 */
class BotSupergroupTest {
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

    /** The bot's read position exists once the update queue has seen it in the chat (it starts at the chat's end). */
    private static void awaitFollowing(BotFixture.Bot bot, long chatId) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (server.database().read(h -> h.createQuery("SELECT COUNT(*) FROM bot_chat_cursors WHERE bot_id = :b "
                + "AND chat_id = :c").bind("b", bot.id()).bind("c", chatId).mapTo(Long.class).one()) == 0) {
            assertThat(System.nanoTime()).as("bot follows the supergroup within 20 s").isLessThan(deadline);
            LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
        }
    }

    /** Every text update received until one with {@code last} arrives. */
    private static List<JsonNode> messagesUntil(BotFixture.Bot bot, String last) {
        List<JsonNode> seen = new ArrayList<>();
        long offset = 0;
        while (seen.stream().noneMatch(m -> m.path("text").asText().equals(last))) {
            JsonNode updates = fx.awaitUpdates(bot, offset);
            for (JsonNode update : updates) {
                offset = update.path("update_id").asLong() + 1;
                if (update.has("message")) {
                    seen.add(update.path("message"));
                }
            }
        }
        return seen;
    }

    @Test
    void membersMessagesInASupergroupReachTheBotWithPrivacyModeApplied() {
        BotFixture.User owner = fx.register("owner");
        BotFixture.Bot open = fx.createBot(owner, "open");
        BotFixture.Bot privateBot = fx.createBot(owner, "private");
        BotFixture.Bot outsider = fx.createBot(owner, "outsider");
        fx.protocol(owner.token(), "bots.setPrivacy", Map.of("botUserId", open.id(), "enabled", false));
        long chatId = fx.group(owner, "big", List.of(open.id(), privateBot.id()));
        fx.protocol(owner.token(), "chats.convertToSupergroup", Map.of("chatId", chatId));
        awaitFollowing(open, chatId);
        awaitFollowing(privateBot, chatId);

        fx.send(owner, chatId, "just chatting");
        fx.send(owner, chatId, "/help@" + privateBot.username());
        fx.send(owner, chatId, "last words");

        List<JsonNode> all = messagesUntil(open, "last words");
        assertThat(all).extracting(m -> m.path("text").asText())
                .containsExactly("just chatting", "/help@" + privateBot.username(), "last words");
        assertThat(all.getFirst().path("chat").path("type").asText()).isEqualTo("supergroup");
        assertThat(all.getFirst().path("chat").path("id").asLong()).isEqualTo(chatId);
        assertThat(all.getFirst().path("from").path("id").asLong()).isEqualTo(owner.id());
        assertThat(messagesUntil(privateBot, "/help@" + privateBot.username())).hasSize(1);
        long last = fx.ok(privateBot, "getUpdates", Map.of("offset", -1)).get(0).path("update_id").asLong();
        assertThat(fx.ok(privateBot, "getUpdates", Map.of("offset", last + 1, "timeout", 1))).isEmpty();
        assertThat(fx.ok(outsider, "getUpdates", Map.of("timeout", 0))).isEmpty();
    }

    @Test
    void aMemberWhoMayInviteAddsABotAsAPlainMemberAndIsNamedInItsMyChatMember() {
        BotFixture.User owner = fx.register("owner");
        BotFixture.User member = fx.register("inviter");
        BotFixture.Bot bot = fx.createBot(owner, "added");
        long chatId = fx.protocol(owner.token(), "channels.create", Map.of("title", "Open", "kind", "supergroup",
                "username", BotFixture.unique("opensg"))).path("chat").path("chatId").asLong();
        fx.protocol(member.token(), "channels.join", Map.of("chatId", chatId));

        fx.protocol(member.token(), "channels.addBot", Map.of("chatId", chatId, "userId", bot.id()));
        JsonNode joined = null;
        for (long offset = 0; joined == null; ) {
            for (JsonNode update : fx.awaitUpdates(bot, offset)) {
                offset = update.path("update_id").asLong() + 1;
                joined = update.has("my_chat_member") ? update.path("my_chat_member") : joined;
            }
        }
        fx.send(member, chatId, "chatter");
        fx.send(member, chatId, "/start@" + bot.username());

        assertThat(joined.path("from").path("id").asLong()).isEqualTo(member.id());
        assertThat(joined.path("chat").path("type").asText()).isEqualTo("supergroup");
        assertThat(joined.path("old_chat_member").path("status").asText()).isEqualTo("left");
        assertThat(joined.path("new_chat_member").path("status").asText()).isEqualTo("member");
        assertThat(messagesUntil(bot, "/start@" + bot.username())).extracting(m -> m.path("text").asText())
                .containsExactly("/start@" + bot.username());
    }

    @Test
    void onlyBotsAreAddedAndOnlyToSupergroupsByThoseWhoMayInvite() {
        BotFixture.User owner = fx.register("owner");
        BotFixture.User member = fx.register("member");
        BotFixture.User person = fx.register("person");
        BotFixture.Bot bot = fx.createBot(owner, "wanted");
        long supergroup = fx.protocol(owner.token(), "channels.create", Map.of("title", "Closed",
                "kind", "supergroup", "username", BotFixture.unique("closedsg"))).path("chat").path("chatId").asLong();
        long channel = fx.protocol(owner.token(), "channels.create", Map.of("title", "Feed", "kind", "channel"))
                .path("chat").path("chatId").asLong();
        fx.protocol(member.token(), "channels.join", Map.of("chatId", supergroup));
        fx.protocol(owner.token(), "chats.setDefaultPermissions", Map.of("chatId", supergroup,
                "permissions", Map.of("sendMessages", true)));

        RawClient.HttpReply memberWithoutRight = add(member, supergroup, bot.id());
        RawClient.HttpReply aPerson = add(owner, supergroup, person.id());
        RawClient.HttpReply toAChannel = add(owner, channel, bot.id());
        RawClient.HttpReply byAnOutsider = add(person, supergroup, bot.id());
        RawClient.HttpReply added = add(owner, supergroup, bot.id());
        RawClient.HttpReply twice = add(owner, supergroup, bot.id());

        assertThat(memberWithoutRight.errorCode()).isEqualTo("FORBIDDEN");
        assertThat(aPerson.errorCode()).isEqualTo("PEER_INVALID");
        assertThat(toAChannel.errorCode()).isEqualTo("PEER_INVALID");
        assertThat(byAnOutsider.errorCode()).isEqualTo("CHAT_NOT_FOUND");
        assertThat(added.status()).isEqualTo(200);
        assertThat(twice.errorCode()).isEqualTo("USER_ALREADY_MEMBER");
    }

    private static RawClient.HttpReply add(BotFixture.User actor, long chatId, long botId) {
        return fx.protocolRaw(actor.token(), "channels.addBot", Map.of("chatId", chatId, "userId", botId));
    }

    @Test
    void aBannedBotIsToldItWasKickedAndStopsReceivingTheSupergroupsMessages() {
        BotFixture.User owner = fx.register("owner");
        BotFixture.Bot bot = fx.createBot(owner, "banned");
        BotFixture.Bot witness = fx.createBot(owner, "witness");
        for (BotFixture.Bot b : List.of(bot, witness)) {
            fx.protocol(owner.token(), "bots.setPrivacy", Map.of("botUserId", b.id(), "enabled", false));
        }
        long chatId = fx.group(owner, "big", List.of(bot.id(), witness.id()));
        fx.protocol(owner.token(), "chats.convertToSupergroup", Map.of("chatId", chatId));
        awaitFollowing(bot, chatId);
        awaitFollowing(witness, chatId);
        fx.send(owner, chatId, "before the ban");
        assertThat(messagesUntil(bot, "before the ban")).hasSize(1);

        fx.protocol(owner.token(), "chats.banMember", Map.of("chatId", chatId, "userId", bot.id()));
        fx.send(owner, chatId, "after the ban");

        assertThat(messagesUntil(witness, "after the ban")).extracting(m -> m.path("text").asText())
                .containsExactly("before the ban", "after the ban");
        // Everything after the ban: the bot's updates past "before the ban" (its joining my_chat_member came first).
        List<JsonNode> afterBan = new ArrayList<>();
        long offset = 0;
        boolean pastBefore = false;
        while (afterBan.stream().noneMatch(u -> u.has("my_chat_member"))) {
            for (JsonNode update : fx.awaitUpdates(bot, offset)) {
                offset = update.path("update_id").asLong() + 1;
                if (pastBefore) {
                    afterBan.add(update);
                }
                pastBefore |= update.path("message").path("text").asText().equals("before the ban");
            }
        }
        JsonNode kicked = afterBan.getLast().path("my_chat_member");
        assertThat(afterBan).hasSize(1);
        assertThat(kicked.path("chat").path("id").asLong()).isEqualTo(chatId);
        assertThat(kicked.path("chat").path("type").asText()).isEqualTo("supergroup");
        assertThat(kicked.path("chat").path("title").asText()).isEqualTo("big");
        assertThat(kicked.path("from").path("id").asLong()).isEqualTo(owner.id());
        assertThat(kicked.path("old_chat_member").path("status").asText()).isEqualTo("member");
        assertThat(kicked.path("new_chat_member").path("status").asText()).isEqualTo("kicked");
        assertThat(fx.ok(bot, "getUpdates", Map.of("offset", offset, "timeout", 1))).isEmpty();
        assertThat(fx.api(bot, "sendMessage", Map.of("chat_id", chatId, "text", "hi")).description())
                .isEqualTo("Bad Request: chat not found");
    }
}
