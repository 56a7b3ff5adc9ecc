package dev.parley.server.bot;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.server.testing.RawClient;
import dev.parley.server.testing.TestServer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** bots.create / list / revokeToken / setPrivacy / getCommands: owners manage their bots, nobody else can. */
class BotAccountsTest {
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
    void creatingABotReturnsATelegramShapedTokenThatWorksWithGetMe() {
        BotFixture.User owner = fx.register("owner");

        BotFixture.Bot bot = fx.createBot(owner, "echo");

        assertThat(bot.token()).matches(bot.id() + ":[A-Za-z0-9_-]{35,}");
        JsonNode me = fx.ok(bot, "getMe", Map.of());
        assertThat(me.path("id").asLong()).isEqualTo(bot.id());
        assertThat(me.path("is_bot").asBoolean()).isTrue();
        assertThat(me.path("username").asText()).isEqualTo(bot.username());
        assertThat(me.path("first_name").asText()).isEqualTo("Test Bot");
        assertThat(me.path("can_read_all_group_messages").asBoolean()).isFalse();
    }

    @Test
    void theTokenIsStoredOnlyAsAHash() {
        BotFixture.Bot bot = fx.createBot(fx.register("owner"), "hash");
        String secret = bot.token().substring(bot.token().indexOf(':') + 1);

        String stored = server.database().read(h -> h.createQuery("SELECT token_hash FROM bots WHERE bot_id = :b")
                .bind("b", bot.id()).mapTo(String.class).one());

        assertThat(stored).isEqualTo(BotTokens.hash(secret)).doesNotContain(secret);
    }

    @Test
    void botUsernamesMustEndInBotAndBeFree() {
        BotFixture.User owner = fx.register("owner");

        RawClient.HttpReply notBot = fx.protocolRaw(owner.token(), "bots.create",
                Map.of("username", "helper_thing", "name", "x"));
        BotFixture.Bot taken = fx.createBot(owner, "taken");
        RawClient.HttpReply duplicate = fx.protocolRaw(owner.token(), "bots.create",
                Map.of("username", taken.username().toUpperCase(), "name", "x"));

        assertThat(notBot.errorCode()).isEqualTo("USERNAME_INVALID");
        assertThat(duplicate.errorCode()).isEqualTo("USERNAME_TAKEN");
    }

    @Test
    void aBotCannotLogInWithAPassword() {
        BotFixture.Bot bot = fx.createBot(fx.register("owner"), "nologin");

        RawClient.HttpReply login = fx.protocolRaw(null, "auth.login",
                Map.of("username", bot.username(), "password", "correct horse battery", "deviceName", "x"));

        assertThat(login.errorCode()).isEqualTo("AUTH_FAILED");
    }

    @Test
    void ownersListOnlyTheirOwnBots() {
        BotFixture.User alice = fx.register("alice");
        BotFixture.User bob = fx.register("bob");
        BotFixture.Bot mine = fx.createBot(alice, "mine");
        fx.createBot(bob, "theirs");

        JsonNode list = fx.protocol(alice.token(), "bots.list", Map.of()).path("bots");

        assertThat(list).hasSize(1);
        assertThat(list.get(0).path("botUserId").asLong()).isEqualTo(mine.id());
        assertThat(list.get(0).path("privacyMode").asBoolean()).isTrue();
    }

    @Test
    void revokingATokenStopsTheOldOneAndTheNewOneWorks() {
        BotFixture.User owner = fx.register("owner");
        BotFixture.Bot bot = fx.createBot(owner, "rotate");

        String fresh = fx.protocol(owner.token(), "bots.revokeToken", Map.of("botUserId", bot.id()))
                .path("token").asText();

        BotFixture.Reply old = fx.api(bot, "getMe", Map.of());
        assertThat(old.status()).isEqualTo(401);
        assertThat(old.body().path("ok").asBoolean()).isFalse();
        assertThat(old.body().path("error_code").asInt()).isEqualTo(401);
        assertThat(old.description()).isEqualTo("Unauthorized");
        assertThat(fx.api(fresh, "getMe", Map.of()).status()).isEqualTo(200);
    }

    @Test
    void anotherUserCannotManageSomeoneElsesBot() {
        BotFixture.User alice = fx.register("alice");
        BotFixture.User mallory = fx.register("mallory");
        BotFixture.Bot bot = fx.createBot(alice, "guarded");

        RawClient.HttpReply revoke = fx.protocolRaw(mallory.token(), "bots.revokeToken", Map.of("botUserId", bot.id()));
        RawClient.HttpReply privacy = fx.protocolRaw(mallory.token(), "bots.setPrivacy",
                Map.of("botUserId", bot.id(), "enabled", false));

        assertThat(revoke.errorCode()).isEqualTo("BOT_NOT_FOUND");
        assertThat(privacy.errorCode()).isEqualTo("BOT_NOT_FOUND");
        assertThat(fx.ok(bot, "getMe", Map.of()).path("can_read_all_group_messages").asBoolean()).isFalse();
    }

    @Test
    void aUsersSessionTokenOrAnotherBotsSecretIsNotABotToken() {
        BotFixture.User alice = fx.register("alice");
        BotFixture.Bot a = fx.createBot(alice, "first");
        BotFixture.Bot b = fx.createBot(fx.register("bob"), "second");
        String forged = a.id() + ":" + b.token().substring(b.token().indexOf(':') + 1);

        assertThat(fx.api(alice.token(), "getMe", Map.of()).status()).isEqualTo(401);
        assertThat(fx.api(alice.id() + ":" + alice.token(), "getMe", Map.of()).status()).isEqualTo(401);
        assertThat(fx.api(forged, "getMe", Map.of()).status()).isEqualTo(401);
    }

    @Test
    void privacyCanBeTurnedOffByTheOwner() {
        BotFixture.User owner = fx.register("owner");
        BotFixture.Bot bot = fx.createBot(owner, "nosy");

        fx.protocol(owner.token(), "bots.setPrivacy", Map.of("botUserId", bot.id(), "enabled", false));

        assertThat(fx.ok(bot, "getMe", Map.of()).path("can_read_all_group_messages").asBoolean()).isTrue();
    }

    @Test
    void commandsSetByTheBotAreVisibleToUsers() {
        BotFixture.Bot bot = fx.createBot(fx.register("owner"), "cmd");
        BotFixture.User user = fx.register("user");

        fx.ok(bot, "setMyCommands", Map.of("commands", List.of(Map.of("command", "start", "description", "Begin"),
                Map.of("command", "help", "description", "Show help"))));

        JsonNode commands = fx.protocol(user.token(), "bots.getCommands", Map.of("botUserId", bot.id()))
                .path("commands");
        assertThat(commands).hasSize(2);
        assertThat(commands.get(1).path("command").asText()).isEqualTo("help");
        assertThat(fx.ok(bot, "getMyCommands", Map.of()).get(0).path("description").asText()).isEqualTo("Begin");
        fx.ok(bot, "deleteMyCommands", Map.of());
        assertThat(fx.ok(bot, "getMyCommands", Map.of())).isEmpty();
    }

    @Test
    void invalidCommandsAreRejected() {
        BotFixture.Bot bot = fx.createBot(fx.register("owner"), "badcmd");

        BotFixture.Reply reply = fx.api(bot, "setMyCommands",
                Map.of("commands", List.of(Map.of("command", "Bad Command", "description", "x"))));
        BotFixture.Reply scoped = fx.api(bot, "setMyCommands", Map.of("commands", List.of(),
                "scope", Map.of("type", "all_group_chats")));

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.description()).isEqualTo("Bad Request: BOT_COMMAND_INVALID");
        assertThat(scoped.description()).isEqualTo(
                "Bad Request: command scopes other than default is not supported yet");
    }
}
