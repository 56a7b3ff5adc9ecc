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
        return runner.ok(profile, args).out().strip();
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
        cli(owner, "channel", "post", Long.toString(chatId), "general", "chat");
        long seq = posted.path("message").path("id").asLong();
        assertThat(cli(owner, "channel", "events", Long.toString(chatId), "--topic", Long.toString(topicId)))
                .isEqualTo(seq + " newMessage\nseq " + (seq + 1) + " (final)");
        assertThat(cli(owner, "channel", "states")).isEqualTo("chat " + chatId + ": seq " + (seq + 1));
    }

    @Test
    void topicsAreRenamedClosedAndReopenedAndScheduledPostsGoOutAtOnce() {
        Path owner = temp.resolve("topicowner");
        Path member = temp.resolve("topicmember");
        cli(owner, "register", "topicowner");
        cli(member, "register", "topicmember");
        String chat = Long.toString(json(owner, "channel", "create", "Garden", "--supergroup", "--username",
                "cligarden").path("chatId").asLong());
        cli(member, "channel", "join", "@cligarden");
        cli(owner, "channel", "forum", chat, "on");
        String topic = Long.toString(json(member, "channel", "topic", chat, "Roses").path("topicId").asLong());
        String later = Instant.now().plusSeconds(3600).toString();
        String first = json(owner, "channel", "schedule", chat, "--at", later, "soon").path("id").asText();
        String second = json(owner, "channel", "schedule", chat, "--at", later, "never").path("id").asText();

        assertThat(cli(member, "channel", "topic-edit", chat, topic, "Roses", "and", "tulips"))
                .isEqualTo("Topic #" + topic + " Roses and tulips.");
        assertThat(cli(owner, "channel", "topic-close", chat, topic)).endsWith("(closed).");
        CliRunner.Run closed = runner.run(member, "channel", "post", chat, "--topic", topic, "hello?");
        assertThat(closed.exit()).isEqualTo(ExitCode.SERVER_ERROR);
        assertThat(closed.err()).startsWith("error: TOPIC_CLOSED: ");
        cli(owner, "channel", "topic-reopen", chat, topic);
        cli(member, "channel", "post", chat, "--topic", topic, "open again");
        assertThat(cli(owner, "channel", "send-now", chat, first)).startsWith("Posted #");
        cli(owner, "channel", "unschedule", chat, second);
        assertThat(cli(owner, "channel", "scheduled", chat)).contains("Nothing scheduled.");

        assertThat(cli(owner, "channel", "edit", chat, "--title", "Big garden")).contains("\"Big garden\"");
        assertThat(cli(owner, "post", "allow", "--set", chat, "🌹", "🌷")).contains("Allowed: 🌹 🌷");
        cli(owner, "admin", "defaults", chat, "--allow", "sendMessages");
        CliRunner.Run refused = runner.run(member, "post", "allow", "--set", chat);
        assertThat(refused.err()).startsWith("error: FORBIDDEN: ");
        cli(member, "channel", "leave", chat);
        assertThat(runner.run(member, "channel", "topics", chat).err()).startsWith("error: CHAT_NOT_FOUND: ");
    }

    @Test
    void aGroupBecomesASupergroupKeepingItsHistory() {
        Path owner = temp.resolve("groupowner");
        cli(owner, "register", "groupowner");
        // Only a cloud group can become a supergroup (an encrypted one answers CHAT_ENCRYPTED).
        String chat = Long.toString(json(owner, "group", "create", "--cloud", "Family").path("chat").path("chatId")
                .asLong());
        cli(owner, "send", chat, "hi all");

        assertThat(cli(owner, "channel", "convert", chat)).contains("is now a supergroup.");
        assertThat(json(owner, "history", chat).path("messages")).extracting(m -> m.path("text").asText())
                .containsExactly("hi all");
        String encrypted = Long.toString(json(owner, "group", "create", "Secret").path("chat").path("chatId")
                .asLong());
        assertThat(runner.run(owner, "channel", "convert", encrypted).err()).startsWith("error: CHAT_ENCRYPTED: ");
    }
}
