package dev.parley.server.bot;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.server.testing.RawClient;
import dev.parley.server.testing.TestServer;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The built-in {@code @botfather} chat: people create bots and manage tokens by talking to it, as in Telegram. */
class BotFatherTest {
    private static final Pattern TOKEN = Pattern.compile("(?m)^([0-9]+:[A-Za-z0-9_-]{35,})$");

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

    /** One person's private chat with BotFather, watched over a WebSocket for its answers. */
    private static final class Conversation implements AutoCloseable {
        final BotFixture.User user;
        final long botFather;
        final long chatId;
        private final RawClient.Socket socket;

        Conversation(BotFixture.User user) {
            this.user = user;
            this.botFather = fx.protocol(user.token(), "contacts.resolveUsername", Map.of("username", "BotFather"))
                    .path("user").path("userId").asLong();
            this.chatId = fx.privateChat(user, botFather);
            this.socket = fx.client.openWebSocket();
            socket.request("auth.hello", Map.of("token", user.token(), "protocolVersion", 1));
        }

        /** Sends a text and returns BotFather's answer. */
        String say(String text) {
            fx.send(user, chatId, text);
            return BotFixture.awaitMessageFrom(socket, botFather).path("text").asText();
        }

        @Override
        public void close() {
            socket.close();
        }
    }

    private static String token(String answer) {
        Matcher m = TOKEN.matcher(answer);
        assertThat(m.find()).as("a token in %s", answer).isTrue();
        return m.group(1);
    }

    @Test
    void newbotThenAUsernameCreatesTheBotAndAnswersWithAWorkingToken() {
        try (Conversation c = new Conversation(fx.register("father"))) {
            assertThat(c.say("/start")).contains("/newbot", "/mybots", "/token", "/revoke");
            assertThat(c.say("/newbot")).contains("choose a username");
            String username = BotFixture.unique("fathered") + "_bot";

            String done = c.say(username + " Weather Helper");

            assertThat(done).startsWith("Done!").contains("@" + username);
            JsonNode me = fx.ok(new BotFixture.Bot(0, username, token(done)), "getMe", Map.of());
            assertThat(me.path("username").asText()).isEqualTo(username);
            assertThat(me.path("first_name").asText()).isEqualTo("Weather Helper");
            JsonNode listed = fx.protocol(c.user.token(), "bots.list", Map.of()).path("bots");
            assertThat(listed).extracting(b -> b.path("username").asText()).containsExactly(username);
            assertThat(c.say("/mybots")).contains("@" + username + " - Weather Helper");
        }
    }

    @Test
    void aBadOrTakenUsernameIsExplainedAndTheNextTryStillCounts() {
        try (Conversation c = new Conversation(fx.register("father"))) {
            String taken = fx.createBot(fx.register("other"), "taken").username();
            c.say("/newbot");

            assertThat(c.say("no_suffix_here")).contains("invalid");
            assertThat(c.say(taken)).contains("already taken");
            String username = BotFixture.unique("second") + "bot";
            assertThat(c.say(username)).startsWith("Done!");
            assertThat(c.say("plain words")).contains("only commands");
            assertThat(c.say("/whatever")).contains("Unrecognized command");
        }
    }

    @Test
    void tokenAndRevokeReplaceTheTokenOfTheUsersOwnBotOnly() {
        try (Conversation owner = new Conversation(fx.register("father"));
                Conversation stranger = new Conversation(fx.register("stranger"))) {
            String username = BotFixture.unique("owned") + "_bot";
            String first = token(owner.say("/newbot " + username));

            assertThat(owner.say("/token")).contains("Choose a bot").contains("@" + username);
            String second = token(owner.say("@" + username));
            String third = token(owner.say("/revoke " + username));

            assertThat(fx.api(first, "getMe", Map.of()).status()).isEqualTo(401);
            assertThat(fx.api(second, "getMe", Map.of()).status()).isEqualTo(401);
            assertThat(fx.api(third, "getMe", Map.of()).status()).isEqualTo(200);
            // Another person cannot take the bot over through BotFather.
            assertThat(stranger.say("/revoke @" + username)).contains("Invalid bot selected");
            assertThat(stranger.say("/token")).contains("no bots");
            assertThat(fx.api(third, "getMe", Map.of()).status()).isEqualTo(200);
        }
    }

    @Test
    void botFatherIsABotAccountWithCommandsThatClientsSuggest() {
        BotFixture.User user = fx.register("father");
        JsonNode resolved = fx.protocol(user.token(), "contacts.resolveUsername", Map.of("username", "botfather"))
                .path("user");

        JsonNode commands = fx.protocol(user.token(), "bots.getCommands",
                Map.of("botUserId", resolved.path("userId").asLong())).path("commands");

        assertThat(resolved.path("displayName").asText()).isEqualTo("BotFather");
        assertThat(commands).extracting(cmd -> cmd.path("command").asText())
                .containsAll(List.of("newbot", "mybots", "token", "revoke"));
        RawClient.HttpReply register = fx.protocolRaw(null, "auth.register", Map.of("username", "botfather",
                "password", "correct horse battery", "deviceName", "x"));
        assertThat(register.errorCode()).isEqualTo("USERNAME_TAKEN");
    }
}
