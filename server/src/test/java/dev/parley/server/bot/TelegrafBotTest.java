package dev.parley.server.bot;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.server.testing.RawClient;
import dev.parley.server.testing.TestServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The real, unmodified Node.js library telegraf (src/test/node/telegraf-bot, installed with {@code npm ci} from the
 * committed package-lock) runs a bot against a real server with only its API root changed: /start is answered with an
 * inline keyboard, pressing the button gets telegraf's callback answer, and other texts are echoed as replies; the
 * bot's public poll reports each answer, and posts in a channel it administers are acknowledged there.
 */
class TelegrafBotTest {
    private static final Path BOT_DIR = Path.of("src/test/node/telegraf-bot").toAbsolutePath();

    @RegisterExtension
    static final TestServer server = TestServer.create(BotFixture::config);
    static BotFixture fx;

    @BeforeAll
    static void fixture() throws Exception {
        fx = new BotFixture(server);
        if (!Files.exists(BOT_DIR.resolve("node_modules/telegraf/package.json"))) {
            Process install = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund").directory(BOT_DIR.toFile())
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            assertThat(install.waitFor(5, TimeUnit.MINUTES)).as("npm ci finished").isTrue();
            assertThat(install.exitValue()).as("npm ci in %s (needs node and npm, see .ci/run)", BOT_DIR).isZero();
        }
    }

    @AfterAll
    static void close() {
        fx.close();
    }

    /** The bot as a child process; its stdout lines are queued so the test can wait for "ready". */
    private static final class NodeBot implements AutoCloseable {
        private final Process process;
        private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

        NodeBot(BotFixture.Bot bot) throws IOException {
            ProcessBuilder builder = new ProcessBuilder("node", "bot.js").directory(BOT_DIR.toFile())
                    .redirectErrorStream(true);
            String root = server.httpUri().toString();
            builder.environment().put("BOT_TOKEN", bot.token());
            builder.environment().put("PARLEY_API_ROOT", root.endsWith("/") ? root.substring(0, root.length() - 1)
                    : root);
            process = builder.start();
            Thread.ofVirtual().start(() -> {
                try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                        StandardCharsets.UTF_8))) {
                    for (String line = out.readLine(); line != null; line = out.readLine()) {
                        lines.add(line);
                    }
                } catch (IOException e) {
                    lines.add("output ended: " + e.getMessage());
                }
            });
        }

        void awaitReady() throws InterruptedException {
            awaitLine("ready");
        }

        /** Waits up to 60 s for the bot to print a line starting with {@code prefix}; returns it. */
        String awaitLine(String prefix) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            StringBuilder seen = new StringBuilder();
            while (System.nanoTime() < deadline) {
                String line = lines.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
                if (line != null && line.startsWith(prefix)) {
                    return line;
                }
                if (line != null) {
                    seen.append(line).append('\n');
                }
            }
            throw new AssertionError("telegraf bot printed no '" + prefix + "' within 60 s; it printed:\n" + seen);
        }

        @Override
        public void close() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void startGetsAKeyboardWhoseButtonTelegrafAnswersAndTextsAreEchoed() throws Exception {
        BotFixture.Pair p = fx.pair("telegraf");
        RawClient.Socket socket = fx.client.openWebSocket();
        try (NodeBot bot = new NodeBot(p.bot())) {
            bot.awaitReady();
            socket.request("auth.hello", Map.of("token", p.user().token(), "protocolVersion", 1));

            fx.send(p.user(), p.chatId(), "/start");
            JsonNode welcome = BotFixture.awaitMessageFrom(socket, p.bot().id());
            assertThat(welcome.path("text").asText()).startsWith("Welcome, ");
            long welcomeId = welcome.path("id").asLong();
            JsonNode markup = fx.protocol(p.user().token(), "bots.getReplyMarkup",
                    Map.of("chatId", p.chatId(), "messageIds", List.of(welcomeId))).path("markups").get(0);
            JsonNode button = markup.path("markup").path("inline_keyboard").get(0).get(0);
            assertThat(button.path("text").asText()).isEqualTo("Press me");

            CompletableFuture<RawClient.HttpReply> press = CompletableFuture.supplyAsync(() -> fx.protocolRaw(
                    p.user().token(), "messages.pressButton", Map.of("chatId", p.chatId(), "messageId", welcomeId,
                            "data", button.path("callback_data").asText())));
            JsonNode answer = press.get(30, TimeUnit.SECONDS).json().path("result");
            assertThat(answer.path("answered").asBoolean()).isTrue();
            assertThat(answer.path("text").asText()).startsWith("You pressed it, ");

            long hello = fx.send(p.user(), p.chatId(), "hello from a person").path("id").asLong();
            JsonNode echo = BotFixture.awaitMessageFrom(socket, p.bot().id());
            assertThat(echo.path("text").asText()).isEqualTo("echo: hello from a person");
            assertThat(echo.path("replyToId").asLong()).isEqualTo(hello);
        } finally {
            socket.close();
        }
    }

    @Test
    void aChannelPostIsAcknowledgedInTheChannelAndPollAnswersReachTheBot() throws Exception {
        BotFixture.Pair p = fx.pair("telegrafchan");
        long channelId = fx.protocol(p.user().token(), "channels.create", Map.of("title", "Telegraf news",
                "kind", "channel")).path("chat").path("chatId").asLong();
        fx.protocol(p.user().token(), "chats.setAdmin", Map.of("chatId", channelId, "userId", p.bot().id(),
                "rights", Map.of("postMessages", true)));
        RawClient.Socket socket = fx.client.openWebSocket();
        try (NodeBot bot = new NodeBot(p.bot())) {
            bot.awaitReady();
            socket.request("auth.hello", Map.of("token", p.user().token(), "protocolVersion", 1));

            fx.send(p.user(), p.chatId(), "/poll");
            JsonNode poll = BotFixture.awaitMessageFrom(socket, p.bot().id());
            fx.protocol(p.user().token(), "messages.vote", Map.of("chatId", p.chatId(), "id", poll.path("id").asLong(),
                    "options", List.of(1)));
            String answer = bot.awaitLine("poll_answer ");
            fx.send(p.user(), channelId, "Launch day");
            JsonNode ack = awaitPostBySomeoneElse(socket, channelId);

            assertThat(poll.path("poll").path("question").asText()).isEqualTo("Ship it?");
            assertThat(poll.path("poll").path("anonymous").asBoolean()).isFalse();
            assertThat(answer).isEqualTo("poll_answer " + p.user().id() + " 1");
            assertThat(ack.path("chatId").asLong()).isEqualTo(channelId);
            assertThat(ack.path("text").asText()).isEqualTo("noted: Launch day");
        } finally {
            socket.close();
        }
    }

    /** A channel speaks as itself (posts name no sender to readers): waits for the next post not the reader's own. */
    private static JsonNode awaitPostBySomeoneElse(RawClient.Socket socket, long chatId) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            JsonNode frame = socket.awaitFrame(java.time.Duration.ofNanos(deadline - System.nanoTime()));
            for (JsonNode update : frame.path("updates")) {
                JsonNode message = update.path("message");
                if (update.path("type").asText().equals("newMessage") && message.path("chatId").asLong() == chatId
                        && !message.path("out").asBoolean()) {
                    return message;
                }
            }
        }
        throw new AssertionError("no post in chat " + chatId + " within 30 s");
    }

    @Test
    void theLibraryIsThePinnedReleaseInstalledFromTheLockFile() throws IOException {
        JsonNode installed = fx.codec.readTree(Files.readString(BOT_DIR.resolve("node_modules/telegraf/package.json")));
        JsonNode lock = fx.codec.readTree(Files.readString(BOT_DIR.resolve("package-lock.json")));

        assertThat(installed.path("version").asText()).isEqualTo("4.16.3")
                .isEqualTo(lock.path("packages").path("node_modules/telegraf").path("version").asText());
    }
}
