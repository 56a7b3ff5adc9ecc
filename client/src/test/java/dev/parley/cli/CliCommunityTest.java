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

/**
 * The post, poll, admin, invite, discussion, event and report commands in-process against a real server; what the
 * server refuses shows as {@code error: CODE: message} with exit code 1.
 */
class CliCommunityTest {
    @RegisterExtension
    static final TestServer server = TestServer.create();
    private final CliRunner runner = new CliRunner(server);
    private final JsonCodec codec = new JsonCodec();

    @TempDir
    Path temp;

    private Path user(String name) {
        Path profile = temp.resolve(name);
        runner.ok(profile, "register", name);
        return profile;
    }

    private String cli(Path profile, String... args) {
        return runner.ok(profile, args).out().strip();
    }

    private JsonNode json(Path profile, String... args) {
        List<String> all = new ArrayList<>(List.of("--json"));
        all.addAll(List.of(args));
        return codec.readTree(cli(profile, all.toArray(String[]::new)));
    }

    /** The command fails with the server's typed error, printed for the user. */
    private void refused(String code, Path profile, String... args) {
        CliRunner.Run run = runner.run(profile, args);
        assertThat(run.exit()).as(run.out()).isEqualTo(ExitCode.SERVER_ERROR);
        assertThat(run.err()).startsWith("error: " + code + ": ");
    }

    private long create(Path owner, String... args) {
        List<String> all = new ArrayList<>(List.of("channel", "create"));
        all.addAll(List.of(args));
        return json(owner, all.toArray(String[]::new)).path("chatId").asLong();
    }

    @Test
    void readersReactAndCountViewsWhileOnlyAdminsPin() {
        Path owner = user("cli_post_owner");
        Path reader = user("cli_post_reader");
        String chat = Long.toString(create(owner, "News", "--username", "clipostnews"));
        cli(reader, "channel", "join", "@clipostnews");
        String post = json(owner, "channel", "post", chat, "big", "news").path("message").path("id").asText();

        assertThat(cli(reader, "post", "react", chat, post, "🔥")).isEqualTo("🔥 1 (yours: 🔥)");
        assertThat(cli(reader, "post", "views", "--count", chat, post)).isEqualTo("#" + post + ": 1 view");
        assertThat(cli(owner, "post", "pin", "--silent", chat, post)).isEqualTo("Pinned #" + post + ".");

        assertThat(cli(owner, "post", "reactions", chat, post)).isEqualTo("🔥 1");
        assertThat(cli(reader, "post", "pinned", chat)).isEqualTo("#" + post + " big news");
        refused("FORBIDDEN", reader, "post", "unpin", chat, post);
        refused("REACTION_INVALID", reader, "post", "react", chat, post, "🦄");
        assertThat(cli(reader, "post", "react", chat, post)).isEqualTo("No reactions.");
        cli(owner, "post", "unpin", chat, "--all");
        assertThat(cli(reader, "post", "pinned", chat)).isEqualTo("Nothing pinned.");
    }

    @Test
    void aQuizIsCreatedAnsweredAndClosedByItsAuthorOnly() {
        Path owner = user("cli_quiz_owner");
        Path member = user("cli_quiz_member");
        String chat = Long.toString(create(owner, "Quiz night", "--supergroup", "--username", "cliquiznight"));
        cli(member, "channel", "join", "@cliquiznight");
        String quiz = json(owner, "poll", "create", chat, "Capital of France?", "-o", "Lyon", "-o", "Paris",
                "--quiz", "1", "--explanation", "since 987").path("message").path("id").asText();

        String answered = cli(member, "poll", "vote", chat, quiz, "0");

        assertThat(answered).contains("[0] Lyon: 1 *yours*", "[1] Paris: 0 (correct)", "1 voter; since 987");
        refused("FORBIDDEN", member, "poll", "close", chat, quiz);
        assertThat(cli(owner, "poll", "close", chat, quiz)).startsWith("Capital of France? (quiz) (closed)");
        refused("POLL_CLOSED", owner, "poll", "vote", chat, quiz, "1");
        assertThat(json(member, "poll", "results", chat, quiz).path("chosen").get(0).asInt()).isZero();
        refused("BAD_REQUEST", owner, "poll", "create", chat, "Only one?", "-o", "alone");
    }

    @Test
    void adminsWithPreciseRightsBanRestrictAndLeaveATrail() {
        Path owner = user("cli_mod_owner");
        Path admin = user("cli_mod_admin");
        Path troll = user("cli_mod_troll");
        String chat = Long.toString(create(owner, "Forum", "--supergroup", "--username", "climodforum"));
        cli(admin, "channel", "join", "@climodforum");
        cli(troll, "channel", "join", "@climodforum");
        String until = Instant.now().plusSeconds(86_400).truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
                .toString();

        cli(owner, "admin", "promote", chat, "cli_mod_admin", "--rights", "banUsers,deleteMessages");
        assertThat(cli(admin, "admin", "ban", chat, "cli_mod_troll", "--until", until))
                .isEqualTo("Banned cli_mod_troll from chat " + chat + " until " + until + ".");

        refused("USER_BANNED", troll, "channel", "join", "@climodforum");
        refused("FORBIDDEN", admin, "admin", "promote", chat, "cli_mod_troll", "--all");
        String log = cli(owner, "admin", "log", chat);
        assertThat(log.lines().toList()).hasSize(3);
        assertThat(log.lines().skip(1).map(l -> l.split("\\s+")[3]).toList()).containsExactly("ban", "setAdmin");
        assertThat(cli(owner, "admin", "slowmode", chat, "30")).isEqualTo("Slow mode: 30 s between messages.");
        cli(owner, "admin", "unban", chat, "cli_mod_troll");
        cli(troll, "channel", "join", "@climodforum");
        cli(owner, "admin", "restrict", chat, "cli_mod_troll", "--allow", "inviteUsers");
        refused("FORBIDDEN", troll, "channel", "post", chat, "spam");
        refused("FORBIDDEN", troll, "admin", "log", chat);
        CliRunner.Run typo = runner.run(owner, "admin", "promote", chat, "cli_mod_admin", "--rights", "everything");
        assertThat(typo.exit()).isEqualTo(ExitCode.USAGE);
        assertThat(typo.err()).contains("unknown 'everything'");
    }

    @Test
    void invitersHandOutLinksAndDecideJoinRequests() {
        Path owner = user("cli_inv_owner");
        Path first = user("cli_inv_first");
        Path late = user("cli_inv_late");
        Path asker = user("cli_inv_asker");
        String chat = Long.toString(create(owner, "Hidden", "--supergroup"));
        String once = json(owner, "invite", "create", chat, "--limit", "1").path("token").asText();
        String ask = json(owner, "invite", "create", chat, "--request").path("token").asText();

        assertThat(cli(first, "invite", "join", once)).isEqualTo("Joined supergroup " + chat + " \"Hidden\".");
        refused("INVITE_INVALID", late, "invite", "join", once);
        assertThat(cli(asker, "invite", "join", ask)).isEqualTo("Join request sent; an admin decides.");
        assertThat(cli(owner, "invite", "requests", chat)).contains("user ");
        assertThat(cli(owner, "invite", "approve", chat, "cli_inv_asker")).isEqualTo("Approved cli_inv_asker.");
        assertThat(cli(owner, "invite", "requests", chat)).isEqualTo("No pending requests.");

        cli(owner, "invite", "revoke", chat, ask);
        String links = cli(owner, "invite", "list", chat);
        assertThat(links).contains(once + "  1/1").doesNotContain(ask);
        assertThat(cli(owner, "invite", "list", "--revoked", chat)).contains(ask).contains("revoked");
        refused("FORBIDDEN", first, "invite", "list", chat);
        refused("FORBIDDEN", first, "invite", "create", chat);
        refused("CHAT_NOT_FOUND", late, "invite", "requests", chat);
    }

    @Test
    void subscribersCommentPostsAndMembersMeetAndReport() {
        Path owner = user("cli_com_owner");
        Path fan = user("cli_com_fan");
        String channel = Long.toString(create(owner, "Blog", "--username", "clicomblog"));
        String group = Long.toString(create(owner, "Blog chat", "--supergroup", "--username", "clicomchat"));
        cli(fan, "channel", "join", "@clicomblog");
        cli(fan, "channel", "join", "@clicomchat");
        refused("FORBIDDEN", fan, "discussion", "link", channel, group);
        cli(owner, "discussion", "link", channel, group);
        String post = json(owner, "channel", "post", channel, "new", "article").path("message").path("id").asText();

        assertThat(cli(fan, "discussion", "comment", channel, post, "great", "read")).endsWith("in chat " + group
                + ".");
        assertThat(cli(owner, "discussion", "comments", channel, post)).startsWith("1 comment (thread #")
                .endsWith(": great read");
        assertThat(cli(fan, "discussion", "counts", channel, post)).isEqualTo("#" + post + ": 1 comment");
        // A subscriber of the channel comments without joining the group.
        Path reader = user("cli_com_reader");
        cli(reader, "channel", "join", "@clicomblog");
        assertThat(cli(reader, "discussion", "comment", channel, post, "me", "too")).endsWith("in chat " + group
                + ".");
        assertThat(cli(reader, "discussion", "comments", channel, post)).startsWith("2 comments (thread #")
                .endsWith(": me too");

        String at = Instant.now().plusSeconds(7200).toString();
        String event = json(owner, "event", "create", group, "Launch", "party", "--at", at).path("eventId")
                .asText();
        assertThat(cli(fan, "event", "rsvp", event, "maybe")).endsWith("0 going, 1 maybe, 0 no (you: maybe)");
        assertThat(cli(owner, "event", "list", group)).startsWith("#" + event + " Launch party at ");
        refused("EVENT_NOT_FOUND", user("cli_com_outsider"), "event", "rsvp", event, "going");

        String spam = json(fan, "channel", "post", group, "cheap", "pills").path("message").path("id").asText();
        assertThat(cli(owner, "report", "message", group, spam, "--reason", "spam")).startsWith("Reported (#");
        String report = json(owner, "report", "list", group).path("reports").get(0).path("reportId").asText();
        refused("FORBIDDEN", fan, "report", "list", group);
        assertThat(cli(owner, "report", "resolve", group, report, "dismissed"))
                .isEqualTo("Report #" + report + " dismissed.");
        assertThat(cli(owner, "report", "list", group)).isEqualTo("No open reports.");
    }
}
