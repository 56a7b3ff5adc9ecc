package dev.parley.client;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The real server as a separate JVM ({@code dev.parley.server.Main server}) on an ephemeral port, started from this
 * test's own classpath (which holds the server module), so a test can {@code kill -9} it.
 */
final class ServerProcess implements AutoCloseable {
    private static final Pattern LISTENING = Pattern.compile("Parley listening on (http://\\S+)");

    private final Process process;
    private final URI uri;

    private ServerProcess(Process process, URI uri) {
        this.process = process;
        this.uri = uri;
    }

    static ServerProcess start(Path dataDir) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(List.of(java, "-Xmx256m", "-cp",
                System.getProperty("java.class.path"), "dev.parley.server.Main", "server", "--port", "0",
                "--data-dir", dataDir.toString()))
                .redirectErrorStream(true);
        builder.environment().putAll(Map.of(
                // Cheap password hashing and no flood control: the test is about durability, not those.
                "PARLEY_ACCOUNTS_ARGON2_MEMORY_KIB", "1024",
                "PARLEY_ACCOUNTS_ARGON2_ITERATIONS", "1",
                "PARLEY_GATEWAY_REQUESTS_PER_SECOND", "1000000",
                "PARLEY_GATEWAY_BURST", "1000000"));
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        CompletableFuture<URI> listening = new CompletableFuture<>();
        StringBuilder output = new StringBuilder();
        Thread.ofVirtual().name("server-process-output").start(() -> {
            try (var reader = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                    Matcher matcher = LISTENING.matcher(line);
                    if (matcher.find()) {
                        listening.complete(URI.create(matcher.group(1)));
                    } else if (!listening.isDone()) {
                        output.append(line).append('\n');
                    }
                }
                listening.completeExceptionally(new AssertionError("the server exited before listening:\n" + output));
            } catch (IOException e) {
                listening.completeExceptionally(e);
            }
        });
        try {
            return new ServerProcess(process, listening.get(60, TimeUnit.SECONDS));
        } catch (Exception e) {
            process.destroyForcibly();
            throw new AssertionError("the server process did not start", e);
        }
    }

    URI uri() {
        return uri;
    }

    /** SIGKILL: no shutdown hook, no graceful close, whatever was not committed is lost. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new AssertionError("the killed server process did not exit");
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            try {
                kill();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while stopping the server process", e);
            }
        }
    }
}
