package dev.parley.server.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Parley node as its own operating-system process ({@code parley server --db … --nats … --node-id …}), started
 * from this test's class path, so a test can {@code kill -9} it: the JVM gets no chance to close sockets, finish
 * requests or flush anything.
 */
public final class NodeProcess implements AutoCloseable {
    private static final Pattern LISTENING = Pattern.compile("Parley listening on http://127\\.0\\.0\\.1:(\\d+)");

    private final Process process;
    private final Path dataDir;
    private final Path log;
    private final int port;

    /** JVM flags for test nodes: quick to start, small, and light on two shared cores. */
    public static final List<String> TEST_JVM = List.of("-Xmx256m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");

    public NodeProcess(int nodeId, String db, String nats) {
        this(nodeId, db, nats, TEST_JVM);
    }

    public NodeProcess(int nodeId, String db, String nats, List<String> jvmFlags) {
        try {
            dataDir = Files.createTempDirectory("parley-node-");
            log = dataDir.resolve("node.log");
            String java = ProcessHandle.current().info().command().orElse("java");
            List<String> command = new ArrayList<>(List.of(java));
            command.addAll(jvmFlags);
            command.addAll(List.of("-cp", System.getProperty("java.class.path"), "dev.parley.server.Main", "server",
                    "--port", "0", "--node-id", Integer.toString(nodeId), "--data-dir", dataDir.toString(),
                    "--db", db, "--nats", nats));
            ProcessBuilder builder = new ProcessBuilder(command).redirectError(log.toFile());
            // Cheap Argon2 and a small pool, as for in-JVM test servers.
            builder.environment().putAll(Map.of("PARLEY_ACCOUNTS_ARGON2_MEMORY_KIB", "1024",
                    "PARLEY_ACCOUNTS_ARGON2_ITERATIONS", "1", "PARLEY_DATABASE_POOL_SIZE", "4"));
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        port = awaitListening();
    }

    private int awaitListening() {
        CompletableFuture<Integer> bound = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line = out.readLine(); line != null; line = out.readLine()) {
                    Matcher matcher = LISTENING.matcher(line);
                    if (matcher.find()) {
                        bound.complete(Integer.parseInt(matcher.group(1)));
                    }
                }
                bound.completeExceptionally(new IllegalStateException("node exited before listening"));
            } catch (IOException e) {
                bound.completeExceptionally(e);
            }
        });
        try {
            return bound.get(60, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            process.destroyForcibly();
            throw new IllegalStateException("node did not start: " + e.getMessage() + "\n" + logText(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public URI httpUri() {
        return URI.create("http://127.0.0.1:" + port);
    }

    /** CPU time the node has used so far. */
    public double cpuMillis() {
        return process.info().totalCpuDuration().map(Duration::toNanos).orElse(0L) / 1e6;
    }

    /** SIGKILL, and wait until the process is gone. */
    public void kill() {
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public String logText() {
        try {
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (IOException e) {
            return "(log unreadable: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        try (var paths = Files.walk(dataDir)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
