package dev.parley.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.protocol.JsonCodec;
import java.io.BufferedReader;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The CLI's behaviour when there is nothing to talk to: usage errors, missing sessions, unreachable servers. */
class CliWithoutServerTest {
    @TempDir
    Path profile;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CliEnvironment environment = new CliEnvironment(Map.of("PARLEY_PASSWORD", "correct horse"),
                new BufferedReader(new StringReader("")), Optional.empty(), ZoneOffset.UTC);
        CommandLine command = new CommandLine(new Cli(environment));
        command.setOut(new PrintWriter(out));
        command.setErr(new PrintWriter(err));
        List<String> all = new ArrayList<>(List.of("--profile", profile.toString()));
        all.addAll(List.of(args));
        return command.execute(all.toArray(String[]::new));
    }

    /** A loopback port with nothing listening: bound once to learn a free number, then released. */
    private static String deadServer() throws Exception {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return "http://127.0.0.1:" + socket.getLocalPort();
        }
    }

    @Test
    void commandsThatNeedASessionSayHowToGetOne() {
        assertThat(run("whoami")).isEqualTo(3);
        assertThat(err.toString()).startsWith("error: not logged in: run 'parley cli login <username>' first");
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void anUnreachableServerExitsWithThree() throws Exception {
        assertThat(run("--server", deadServer(), "login", "alice_1")).isEqualTo(3);
        assertThat(err.toString()).startsWith("error: UNAVAILABLE: cannot connect to ws://127.0.0.1:");
    }

    @Test
    void anUnknownCommandOrOptionIsAUsageError() {
        assertThat(run("frobnicate")).isEqualTo(2);
        assertThat(run("login")).isEqualTo(2);
        assertThat(run("revoke", "not-a-number")).isEqualTo(2);
        assertThat(err.toString()).contains("Usage:");
    }

    @Test
    void noCommandIsAUsageError() {
        assertThat(run()).isEqualTo(2);
        assertThat(err.toString()).contains("missing command");
    }

    @Test
    void aMalformedServerUrlIsAUsageError() {
        assertThat(run("--server", "not a url", "login", "alice_1")).isEqualTo(2);
        assertThat(err.toString()).startsWith("error: bad server URL 'not a url'");
    }

    @Test
    void deletingAnAccountNeedsAnExplicitYes() {
        new Profile(profile, new JsonCodec()).save(new Profile.Session("http://127.0.0.1:1", "t", 1, 2));
        assertThat(run("delete-account")).isEqualTo(2);
        assertThat(err.toString()).contains("add --yes");
    }

    @Test
    void helpIsPrintedToStandardOutput() {
        assertThat(run("--help")).isEqualTo(0);
        assertThat(out.toString()).contains("register", "login", "logout", "whoami", "sessions", "revoke",
                "change-password", "delete-account", "--json", "--profile", "--server");
    }
}
