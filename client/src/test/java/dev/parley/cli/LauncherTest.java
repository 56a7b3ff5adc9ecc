package dev.parley.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.server.testing.TestServer;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the repository's real {@code parley} script ({@code parley cli …}) as a subprocess. The script rebuilds
 * the jars when sources are newer than its build stamp, which must not happen inside a running build, so the test
 * gives it a root of its own: a copy of the script, the CLI's freshly compiled classes as the client jar, the test
 * run's dependency jars as {@code client/target/lib}, and an up-to-date stamp.
 */
class LauncherTest {
    @RegisterExtension
    static final TestServer server = TestServer.create();

    @TempDir
    static Path root;

    @TempDir
    Path profile;

    @BeforeAll
    static void layOutARepositoryRoot() throws IOException {
        Path script = Path.of("..", "parley").toAbsolutePath().normalize();
        Files.copy(script, root.resolve("parley"));
        root.resolve("parley").toFile().setExecutable(true);
        Path lib = Files.createDirectories(root.resolve("client/target/lib"));
        jar(Path.of("target/classes"), root.resolve("client/target/parley-client-0-SNAPSHOT.jar"));
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        int n = 0;
        for (String entry : classpath.split(File.pathSeparator)) {
            Path path = Path.of(entry).toAbsolutePath().normalize();
            if (Files.isRegularFile(path) && entry.endsWith(".jar")) {
                Files.copy(path, lib.resolve(n++ + "-" + path.getFileName()));
            } else if (Files.isDirectory(path) && !path.endsWith("test-classes")
                    && !path.equals(Path.of("target/classes").toAbsolutePath().normalize())) {
                jar(path, lib.resolve(n++ + "-classes.jar"));
            }
        }
        for (Path pom : List.of(root.resolve("pom.xml"), root.resolve("client/pom.xml"))) {
            Files.writeString(pom, "<project/>");
            Files.setLastModifiedTime(pom, FileTime.from(Instant.now().minusSeconds(60)));
        }
        Files.createDirectories(root.resolve("target"));
        Files.writeString(root.resolve("target/.parley-build-stamp"), "");
    }

    private static void jar(Path classes, Path target) throws IOException {
        try (OutputStream file = Files.newOutputStream(target); JarOutputStream jar = new JarOutputStream(file);
             Stream<Path> files = Files.walk(classes)) {
            for (Path path : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                jar.putNextEntry(new JarEntry(classes.relativize(path).toString().replace(File.separatorChar, '/')));
                Files.copy(path, jar);
                jar.closeEntry();
            }
        }
    }

    record Result(int exit, String out, String err) {}

    private Result parley(String... args) throws Exception {
        return parley(java.util.Map.of(), args);
    }

    private Result parley(java.util.Map<String, String> env, String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of(root.resolve("parley").toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        builder.environment().remove("PARLEY_SERVER");
        builder.environment().put("XDG_CONFIG_HOME", profile.toString());
        builder.environment().putAll(env);
        Path out = profile.resolve("stdout.txt");
        Path err = profile.resolve("stderr.txt");
        Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        process.getOutputStream().close();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("parley finished").isTrue();
        return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    @Test
    void theLauncherRunsTheCliWithItsArgumentsAndExitCode() throws Exception {
        Result help = parley("cli", "--help");
        assertThat(help.exit()).as(help.err()).isZero();
        assertThat(help.out()).contains("register", "sessions", "--profile");

        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        Result unreachable = parley("cli", "--server", "http://127.0.0.1:" + port, "whoami");
        assertThat(unreachable.exit()).isEqualTo(3);
        assertThat(unreachable.err()).startsWith("error: not logged in");
        assertThat(parley("cli", "frobnicate").exit()).isEqualTo(2);
    }

    @Test
    void aUserRegistersAndIsRecognisedThroughTheLauncher() throws Exception {
        String username = "launch_" + Long.toString(System.nanoTime() % 1_000_000_000L, 36);
        var env = java.util.Map.of("PARLEY_PASSWORD", "correct horse battery");

        Result registered = parley(env, "cli", "--server", server.httpUri().toString(), "register", username);
        assertThat(registered.exit()).as(registered.err()).isZero();
        assertThat(profile.resolve("parley/session.json")).exists();

        Result whoami = parley("cli", "--json", "whoami");
        assertThat(whoami.exit()).as(whoami.err()).isZero();
        assertThat(whoami.out()).contains("\"username\":\"" + username + "\"");
    }
}
