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
 * inline keyboard, pressing the button gets telegraf's callback answer, and other texts are echoed as replies.
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
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            StringBuilder seen = new StringBuilder();
            while (System.nanoTime() < deadline) {
                String line = lines.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
                if ("ready".equals(line)) {
                    return;
                }
                if (line != null) {
                    seen.append(line).append('\n');
                }
            }
            throw new AssertionError("telegraf bot not ready within 60 s; it printed:\n" + seen);
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
    void theLibraryIsThePinnedReleaseInstalledFromTheLockFile() throws IOException {
        JsonNode installed = fx.codec.readTree(Files.readString(BOT_DIR.resolve("node_modules/telegraf/package.json")));
        JsonNode lock = fx.codec.readTree(Files.readString(BOT_DIR.resolve("package-lock.json")));

        assertThat(installed.path("version").asText()).isEqualTo("4.16.3")
                .isEqualTo(lock.path("packages").path("node_modules/telegraf").path("version").asText());
    }
}
