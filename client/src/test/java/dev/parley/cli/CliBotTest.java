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
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code parley cli bot …} in-process against a real server; the printed token works on the Bot API over HTTP. */
class CliBotTest {
    @RegisterExtension
    static final TestServer server = TestServer.create();
    private final CliRunner runner = new CliRunner(server);
    private static final AtomicInteger COUNTER = new AtomicInteger();

    @TempDir
    Path temp;

    private final JsonCodec codec = new JsonCodec();
    private final HttpClient http = HttpClient.newHttpClient();
    private Path alice;
    private Path bob;


    private Run cli(Path profile, String... args) {
        return runner.run(profile, args);
    }

    private Run ok(Path profile, String... args) {
        return runner.ok(profile, args);
    }

    private static String unique(String prefix) {
        return prefix + Long.toString(System.nanoTime() % 1_000_000_000L, 36) + COUNTER.incrementAndGet();
    }

    private JsonNode getMe(String token) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                URI.create(server.httpUri() + "/bot" + token + "/getMe")).build(), HttpResponse.BodyHandlers.ofString());
        return codec.readTree(response.body());
    }

    @BeforeEach
    void twoPeople() {
        alice = temp.resolve("alice");
        bob = temp.resolve("bob");
        ok(alice, "register", unique("alice_"));
        ok(bob, "register", unique("bob_"));
    }

    @Test
    void createListAndRevokeTokenPrintATokenThatTheBotApiAccepts() throws Exception {
        String username = unique("cli_") + "_bot";
        JsonNode created = codec.readTree(ok(alice, "--json", "bot", "create", username, "--name", "Helper").out()
                .strip());
        String token = created.path("token").asText();
        assertThat(getMe(token).path("result").path("username").asText()).isEqualTo(username);
        assertThat(getMe(token).path("result").path("first_name").asText()).isEqualTo("Helper");

        assertThat(ok(alice, "bot", "list").out()).contains("@" + username + " (Helper)").contains("privacy on");
        Run human = ok(alice, "bot", "revoke-token", "@" + username);
        assertThat(human.out()).contains("New token for @" + username + ": ");
        String renewed = human.out().strip().substring(human.out().strip().lastIndexOf(' ') + 1);

        assertThat(getMe(token).path("error_code").asInt()).isEqualTo(401);
        assertThat(getMe(renewed).path("result").path("id").asLong())
                .isEqualTo(created.path("botUserId").asLong());
    }

    @Test
    void aBotWithoutANameIsNamedAfterItsUsernameAndABadUsernameIsRefused() {
        String username = unique("plain_") + "bot";
        assertThat(ok(alice, "bot", "create", username).out()).contains("Created bot @" + username)
                .contains("Token: ");
        assertThat(ok(alice, "--json", "bot", "list").out()).contains("\"name\":\"" + username + "\"");

        Run refused = cli(alice, "bot", "create", unique("nobot_"));
        assertThat(refused.exit()).isEqualTo(ExitCode.SERVER_ERROR);
        assertThat(refused.err()).contains("USERNAME_INVALID");
    }

    @Test
    void anotherUserCannotSeeOrReTokenSomeoneElsesBot() throws Exception {
        String username = unique("mine_") + "bot";
        JsonNode created = codec.readTree(ok(alice, "--json", "bot", "create", username).out().strip());
        long botId = created.path("botUserId").asLong();

        assertThat(ok(bob, "bot", "list").out()).contains("You have no bots.");
        Run byName = cli(bob, "bot", "revoke-token", username);
        assertThat(byName.exit()).isEqualTo(ExitCode.USAGE);
        assertThat(byName.err()).contains("you have no bot @" + username);
        Run byId = cli(bob, "bot", "revoke-token", Long.toString(botId));
        assertThat(byId.exit()).isEqualTo(ExitCode.SERVER_ERROR);
        assertThat(byId.err()).contains("BOT_NOT_FOUND");
        assertThat(getMe(created.path("token").asText()).path("ok").asBoolean()).isTrue();
    }
}
