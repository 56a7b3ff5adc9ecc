package dev.parley.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.protocol.JsonCodec;
import dev.parley.server.testing.TestServer;
import java.io.BufferedReader;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The channel commands in-process against a real server: create, join, post, schedule, forum topics. */
class CliChannelTest {
    @RegisterExtension
    static final TestServer server = TestServer.create();

    @TempDir
    Path temp;

    private final JsonCodec codec = new JsonCodec();

    private String cli(Path profile, String... args) {
        CliEnvironment environment = new CliEnvironment(Map.of("PARLEY_SERVER", server.httpUri().toString(),
                "PARLEY_PASSWORD", "correct horse battery"), new BufferedReader(new StringReader("")),
                Optional.empty(), ZoneOffset.UTC);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine command = new CommandLine(new Cli(environment));
        command.setOut(new PrintWriter(out));
        command.setErr(new PrintWriter(err));
        List<String> all = new ArrayList<>(List.of("--profile", profile.toString()));
        all.addAll(List.of(args));
        int exit = command.execute(all.toArray(String[]::new));
        assertThat(exit).as("%s: %s", List.of(args), err).isZero();
        return out.toString();
    }

    private JsonNode json(Path profile, String... args) {
        List<String> all = new ArrayList<>(List.of("--json"));
        all.addAll(List.of(args));
        return codec.readTree(cli(profile, all.toArray(String[]::new)).strip());
    }

    @Test
    void aChannelIsCreatedJoinedPostedToAndScheduledInto() {
        Path owner = temp.resolve("owner");
        Path reader = temp.resolve("reader");
        cli(owner, "register", "chanowner");
        cli(reader, "register", "chanreader");

        long chatId = json(owner, "channel", "create", "Daily", "--username", "clidaily").path("chatId")
                .asLong();
        assertThat(cli(reader, "channel", "join", "@clidaily")).contains("Joined channel " + chatId);
        assertThat(cli(owner, "channel", "post", Long.toString(chatId), "first", "post")).contains("Posted #");
        String at = Instant.now().plusSeconds(3600).toString();
        assertThat(cli(owner, "channel", "schedule", Long.toString(chatId), "--at", at, "later")).contains("Scheduled #");

        assertThat(cli(owner, "channel", "scheduled", Long.toString(chatId))).contains(": later");
        assertThat(json(reader, "history", Long.toString(chatId)).path("messages")).extracting(m -> m.path("text")
                .asText()).containsExactly("first post");
    }

    @Test
    void aSupergroupTurnsIntoAForumWithTopicsToPostInto() {
        Path owner = temp.resolve("forumowner");
        cli(owner, "register", "forumowner");
        long chatId = json(owner, "channel", "create", "Club", "--supergroup").path("chatId").asLong();

        cli(owner, "channel", "forum", Long.toString(chatId), "on");
        long topicId = json(owner, "channel", "topic", Long.toString(chatId), "Hiking", "trips").path("topicId")
                .asLong();
        JsonNode posted = json(owner, "channel", "post", Long.toString(chatId), "--topic", Long.toString(topicId),
                "trail?");

        assertThat(posted.path("message").path("topicId").asLong()).isEqualTo(topicId);
        assertThat(cli(owner, "channel", "topics", Long.toString(chatId))).contains("#1 General")
                .contains("#" + topicId + " Hiking trips");
    }
}
