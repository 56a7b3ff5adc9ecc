package dev.parley.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.protocol.JsonCodec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProfileTest {
    @TempDir
    Path temp;

    private final Profile.Session session = new Profile.Session("http://127.0.0.1:8080", "secret-token", 11, 22);

    @Test
    void aSavedSessionIsReadBack() {
        Profile profile = new Profile(temp.resolve("parley"), new JsonCodec());
        profile.save(session);
        assertThat(profile.session()).contains(session);
    }

    @Test
    void theTokenIsReadableByItsOwnerOnly() throws Exception {
        Path directory = temp.resolve("config/parley");
        new Profile(directory, new JsonCodec()).save(session);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(directory))).isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(directory.resolve("session.json"))))
                .isEqualTo("rw-------");
    }

    @Test
    void aDirectoryCreatedWithALooserModeIsTightened() throws Exception {
        Path directory = Files.createDirectory(temp.resolve("parley"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwxr-xr-x"));
        new Profile(directory, new JsonCodec()).save(session);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(directory))).isEqualTo("rwx------");
    }

    @Test
    void savingReplacesTheFileAtomicallyLeavingNoTemporaryFiles() throws Exception {
        Path directory = temp.resolve("parley");
        Profile profile = new Profile(directory, new JsonCodec());
        profile.save(session);
        Profile.Session next = new Profile.Session("http://127.0.0.1:9090", "other", 11, 23);
        profile.save(next);
        assertThat(profile.session()).contains(next);
        try (var files = Files.list(directory)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("session.json");
        }
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(directory.resolve("session.json"))))
                .isEqualTo("rw-------");
    }

    @Test
    void clearingForgetsTheSession() {
        Profile profile = new Profile(temp.resolve("parley"), new JsonCodec());
        profile.save(session);
        profile.clearSession();
        assertThat(profile.session()).isEmpty();
        profile.clearSession();
    }

    @Test
    void aDamagedSessionFileIsReportedWithWhatToDo() throws Exception {
        Path directory = Files.createDirectories(temp.resolve("parley"));
        Files.writeString(directory.resolve("session.json"), "{\"server\":\"http://x\",\"token\":");
        assertThatThrownBy(() -> new Profile(directory, new JsonCodec()).session())
                .isInstanceOfSatisfying(CliException.class,
                        e -> assertThat(e.exitCode()).isEqualTo(ExitCode.UNAVAILABLE))
                .hasMessageContaining("log in again");
    }

    @Test
    void theDefaultDirectoryFollowsXdgConfigHomeElseHome() {
        assertThat(Profile.defaultDirectory(Map.of("XDG_CONFIG_HOME", "/xdg", "HOME", "/home/a"), "/fallback"))
                .isEqualTo(Path.of("/xdg/parley"));
        assertThat(Profile.defaultDirectory(Map.of("HOME", "/home/a"), "/fallback"))
                .isEqualTo(Path.of("/home/a/.config/parley"));
        assertThat(Profile.defaultDirectory(Map.of("XDG_CONFIG_HOME", "relative"), "/fallback"))
                .isEqualTo(Path.of("/fallback/.config/parley"));
    }
}
