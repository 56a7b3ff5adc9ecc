package dev.parley.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.protocol.JsonCodec;
import dev.parley.server.testing.TestServer;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The channel commands in-process against a real server: create, join, post, schedule, forum topics. */
class CliChannelTest {
    @RegisterExtension
    static final TestServer server = TestServer.create();
    private final CliRunner runner = new CliRunner(server);

    @TempDir
    Path temp;

    private final JsonCodec codec = new JsonCodec();

    private String cli(Path profile, String... args) {
        return runner.ok(profile, args).out();
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
