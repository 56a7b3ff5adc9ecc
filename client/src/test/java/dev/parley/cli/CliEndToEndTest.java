package dev.parley.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.cli.CliRunner.Run;
import dev.parley.protocol.JsonCodec;
import dev.parley.server.testing.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The CLI in-process against a real server: each run gets its own profile, environment and captured output. */
class CliEndToEndTest {
    @RegisterExtension
    static final TestServer server = TestServer.create();
    private final CliRunner runner = new CliRunner(server);
    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static final String PASSWORD = CliRunner.PASSWORD;

    @TempDir
    Path temp;

    private final JsonCodec codec = new JsonCodec();


    private Run cli(Path profile, Map<String, String> env, String stdin, String... args) {
        return runner.run(profile, env, stdin, args);
    }

    private Run cli(Path profile, String... args) {
        return runner.run(profile, args);
    }

    private static String username() {
        return "cli_" + Long.toString(System.nanoTime() % 1_000_000_000L, 36) + "_" + COUNTER.incrementAndGet();
    }

    @Test
    void registerWhoamiSessionsRevokeAndLogoutAcrossTwoDevices() throws Exception {
        String username = username();
        Path laptop = temp.resolve("laptop");
        Path phone = temp.resolve("phone");

        Run registered = cli(laptop, "--json", "register", username, "--display-name", "Ann", "--device", "laptop");
        assertThat(registered.exit()).as(registered.err()).isZero();
        long userId = registered.json(codec).get("userId").asLong();
        assertThat(registered.out()).doesNotContain("token");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(laptop.resolve("session.json"))))
                .isEqualTo("rw-------");

        Run whoami = cli(laptop, "--json", "whoami");
        assertThat(whoami.exit()).isZero();
        assertThat(whoami.json(codec).get("userId").asLong()).isEqualTo(userId);
        assertThat(whoami.json(codec).get("displayName").asText()).isEqualTo("Ann");
        assertThat(cli(laptop, "whoami").out()).startsWith(username + " (Ann), user " + userId);

        Run login = cli(phone, "--json", "login", username, "--device", "phone");
        assertThat(login.exit()).as(login.err()).isZero();
        long phoneSession = login.json(codec).get("sessionId").asLong();

        Run table = cli(laptop, "sessions");
        assertThat(table.exit()).isZero();
        assertThat(table.out().lines().toList()).hasSize(3);
        assertThat(table.out().lines().filter(line -> line.startsWith("*")).findFirst().orElseThrow())
                .contains("laptop");
        Run json = cli(laptop, "--json", "sessions");
        assertThat(json.json(codec).get("sessions")).hasSize(2);

        Run revoke = cli(laptop, "revoke", Long.toString(phoneSession));
        assertThat(revoke.exit()).as(revoke.err()).isZero();
        Run revokedPhone = cli(phone, "whoami");
        assertThat(revokedPhone.exit()).isEqualTo(3);
        assertThat(revokedPhone.err()).startsWith("error: the saved session is no longer valid");
        assertThat(phone.resolve("session.json")).doesNotExist();

        assertThat(cli(laptop, "logout").exit()).isZero();
        assertThat(laptop.resolve("session.json")).doesNotExist();
        assertThat(cli(laptop, "whoami").exit()).isEqualTo(3);
    }

    @Test
    void serverErrorsPrintTheirCodeAndExitWithOne() {
        String username = username();
        assertThat(cli(temp.resolve("a"), "register", username).exit()).isZero();

        Run taken = cli(temp.resolve("b"), "register", username);
        assertThat(taken.exit()).isEqualTo(1);
        assertThat(taken.err()).startsWith("error: USERNAME_TAKEN: ");
        assertThat(taken.out()).isEmpty();

        Run wrong = cli(temp.resolve("b"), Map.of(), "not the password\n", "login", username);
        assertThat(wrong.exit()).isEqualTo(1);
        assertThat(wrong.err()).startsWith("error: AUTH_FAILED: ");

        Run invalid = cli(temp.resolve("b"), "register", "x");
        assertThat(invalid.exit()).isEqualTo(1);
        assertThat(invalid.err()).startsWith("error: USERNAME_INVALID: ");
    }

    @Test
    void changePasswordReadsBothPasswordsFromStandardInputAndDeleteAccountNeedsTheNewOne() {
        String username = username();
        Path profile = temp.resolve("p");
        assertThat(cli(profile, Map.of(), PASSWORD + "\n", "register", username).exit()).isZero();

        Run changed = cli(profile, Map.of(), PASSWORD + "\nthe new password\n", "change-password");
        assertThat(changed.exit()).as(changed.err()).isZero();
        assertThat(changed.out()).contains("Password changed");

        Run oldPassword = cli(profile, Map.of(), PASSWORD + "\n", "delete-account", "--yes");
        assertThat(oldPassword.exit()).isEqualTo(1);
        assertThat(oldPassword.err()).startsWith("error: AUTH_FAILED: ");

        Run deleted = cli(profile, Map.of("PARLEY_PASSWORD", "the new password"), "", "--json", "delete-account",
                "--yes");
        assertThat(deleted.exit()).as(deleted.err()).isZero();
        assertThat(deleted.json(codec).get("ok").asBoolean()).isTrue();
        assertThat(profile.resolve("session.json")).doesNotExist();
        assertThat(cli(temp.resolve("q"), Map.of("PARLEY_PASSWORD", "the new password"), "", "login", username)
                .exit()).isEqualTo(1);
    }

    @Test
    void revokingTheOwnSessionLogsThisDeviceOut() {
        Path profile = temp.resolve("p");
        Run registered = cli(profile, "--json", "register", username());
        long own = registered.json(codec).get("sessionId").asLong();

        Run revoke = cli(profile, "revoke", Long.toString(own));

        assertThat(revoke.exit()).as(revoke.err()).isZero();
        assertThat(profile.resolve("session.json")).doesNotExist();
    }
}
