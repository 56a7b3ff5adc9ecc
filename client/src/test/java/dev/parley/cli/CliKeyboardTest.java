package dev.parley.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.cli.CliRunner.Run;
import dev.parley.protocol.JsonCodec;
import dev.parley.server.testing.TestServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bot keyboards from the user's side of the CLI against a real server: a real bot, driven over HTTP on
 * {@code /bot<token>/}, sends keyboards and answers button presses; {@code history}, {@code press} and
 * {@code commands} show and use them.
 */
class CliKeyboardTest {
    @RegisterExtension
    static final TestServer server = TestServer.create();
    private final CliRunner runner = new CliRunner(server);
    private static final AtomicInteger COUNTER = new AtomicInteger();

    @TempDir
    Path temp;

    private final JsonCodec codec = new JsonCodec();
    private final HttpClient http = HttpClient.newHttpClient();
    private Path owner;
    private Path user;
    private String botName;
    private String token;
    private long offset;


    private Run cli(Path profile, String... args) {
        return runner.run(profile, args);
    }

    private Run ok(Path profile, String... args) {
        return runner.ok(profile, args);
    }

    private static String unique(String prefix) {
        return prefix + Long.toString(System.nanoTime() % 1_000_000_000L, 36) + COUNTER.incrementAndGet();
    }

    private JsonNode bot(String method, Map<String, ?> params) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                        URI.create(server.httpUri() + "/bot" + token + "/" + method))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(codec.write(params))).build(),
                HttpResponse.BodyHandlers.ofString());
        JsonNode body = codec.readTree(response.body());
        assertThat(body.path("ok").asBoolean()).as("%s → %s", method, response.body()).isTrue();
        return body.path("result");
    }

    /** Long-polls the bot's updates (the server holds the request up to 10 s) and returns the next one. */
    private JsonNode nextUpdate() throws Exception {
        JsonNode updates = bot("getUpdates", Map.of("offset", offset, "timeout", 10));
        assertThat(updates.size()).as("an update within the poll timeout").isPositive();
        offset = updates.get(0).path("update_id").asLong() + 1;
        return updates.get(0);
    }

    @BeforeEach
    void aBotAndAUserWhoStartedIt() throws Exception {
        owner = temp.resolve("owner");
        user = temp.resolve("user");
        ok(owner, "register", unique("owner_"));
        ok(user, "register", unique("user_"));
        botName = unique("keys_") + "_bot";
        token = codec.readTree(ok(owner, "--json", "bot", "create", botName, "--name", "Keys").out().strip())
                .path("token").asText();
        ok(user, "send", "@" + botName, "/start");
    }

    private long chatWithUser() throws Exception {
        return nextUpdate().path("message").path("chat").path("id").asLong();
    }

    @Test
    void historyShowsTheKeyboardAndPressPrintsTheBotsAnswer() throws Exception {
        long chatId = chatWithUser();
        long messageId = bot("sendMessage", Map.of("chat_id", chatId, "text", "Proceed?", "reply_markup",
                Map.of("inline_keyboard", List.of(
                        List.of(Map.of("text", "Yes", "callback_data", "yes"),
                                Map.of("text", "No", "callback_data", "no")),
                        List.of(Map.of("text", "Site", "url", "https://example.org/help"))))))
                .path("message_id").asLong();

        String history = ok(user, "history", "@" + botName).out();
        assertThat(history).contains("#" + messageId + " ").contains("Proceed?\n    [Yes] [No]\n    [Site ↗]");
        assertThat(codec.readTree(ok(user, "--json", "history", "@" + botName).out().strip())
                .path("markups").get(0).path("messageId").asLong()).isEqualTo(messageId);

        CompletableFuture<Run> press = CompletableFuture.supplyAsync(
                () -> cli(user, "press", "@" + botName, Long.toString(messageId), "No"));
        JsonNode query = nextUpdate().path("callback_query");
        assertThat(query.path("data").asText()).isEqualTo("no");
        assertThat(query.path("message").path("message_id").asLong()).isEqualTo(messageId);
        bot("answerCallbackQuery", Map.of("callback_query_id", query.path("id").asText(), "text", "Cancelled"));
        Run pressed = press.get(30, TimeUnit.SECONDS);
        assertThat(pressed.exit()).as(pressed.err()).isZero();
        assertThat(pressed.out().strip()).isEqualTo("Bot: Cancelled");

        // By callback data too, and an alert says so.
        press = CompletableFuture.supplyAsync(() -> cli(user, "press", "@" + botName, Long.toString(messageId), "yes"));
        query = nextUpdate().path("callback_query");
        bot("answerCallbackQuery", Map.of("callback_query_id", query.path("id").asText(), "text", "Done",
                "show_alert", true));
        pressed = press.get(30, TimeUnit.SECONDS);
        assertThat(pressed.out().strip()).isEqualTo("Alert from the bot: Done");

        // A link button is not pressed on the server: the CLI prints where it goes.
        assertThat(ok(user, "press", "@" + botName, Long.toString(messageId), "Site").out())
                .contains("This button opens a link: https://example.org/help");
    }

    @Test
    void aReplyKeyboardIsShownAndUnknownButtonsOrOtherPeoplesChatsAreRefused() throws Exception {
        long chatId = chatWithUser();
        long messageId = bot("sendMessage", Map.of("chat_id", chatId, "text", "Pick a size", "reply_markup",
                Map.of("keyboard", List.of(List.of(Map.of("text", "Small"), Map.of("text", "Large"))),
                        "resize_keyboard", true))).path("message_id").asLong();
        assertThat(ok(user, "history", "@" + botName).out()).contains("Pick a size\n    keyboard: [Small] [Large]");

        Run noInline = cli(user, "press", "@" + botName, Long.toString(messageId), "Small");
        assertThat(noInline.exit()).isEqualTo(ExitCode.USAGE);
        assertThat(noInline.err()).contains("no inline button 'Small'");

        long inline = bot("sendMessage", Map.of("chat_id", chatId, "text", "k", "reply_markup",
                Map.of("inline_keyboard", List.of(List.of(Map.of("text", "A", "callback_data", "a"))))))
                .path("message_id").asLong();
        // The owner of the bot is not in the user's chat with it: the chat id names nothing of theirs.
        Run outsider = cli(owner, "press", Long.toString(chatId), Long.toString(inline), "A");
        assertThat(outsider.exit()).isEqualTo(ExitCode.SERVER_ERROR);
        assertThat(outsider.err()).contains("CHAT_NOT_FOUND");
        Run plain = cli(user, "press", "@" + botName, Long.toString(inline + 1000), "A");
        assertThat(plain.exit()).isEqualTo(ExitCode.USAGE);
        assertThat(plain.err()).contains("has no keyboard");
    }

    @Test
    void commandsListsWhatTheBotDeclared() throws Exception {
        assertThat(ok(user, "commands", "@" + botName).out()).contains("@" + botName + " offers no commands.");
        bot("setMyCommands", Map.of("commands", List.of(Map.of("command", "start", "description", "Begin"),
                Map.of("command", "help", "description", "Show help"))));
        assertThat(ok(user, "commands", "@" + botName).out().strip())
                .isEqualTo("/start — Begin\n/help — Show help");
        Run unknown = cli(user, "commands", "@" + unique("nobody_"));
        assertThat(unknown.exit()).isEqualTo(ExitCode.SERVER_ERROR);
    }
}
