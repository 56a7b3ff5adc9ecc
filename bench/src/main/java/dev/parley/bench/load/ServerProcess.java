package dev.parley.bench.load;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A Parley server in its own JVM, started the way {@code ./parley server} starts it (same JVM flags), on a free
 * loopback port and a fresh data directory that is deleted on {@link #close}. Scenarios measure this process: its
 * RSS, its live heap (through {@code jcmd}), its startup time.
 */
final class ServerProcess implements AutoCloseable {
    /** The launcher's server flags (see the {@code parley} script): ZGC, compact headers, exit on OOM. */
    static final List<String> SERVER_JVM_OPTS = List.of("-XX:+UseZGC", "-XX:+UseCompactObjectHeaders",
            "-XX:+ExitOnOutOfMemoryError", "--enable-native-access=ALL-UNNAMED");

    /**
     * Benchmark settings, said so in every result: Argon2id at its minimum cost so that registering thousands of
     * users takes seconds, not hours (1 s each at the production cost). Nothing else differs from the defaults.
     */
    static final Map<String, String> BENCHMARK_ENV = Map.of(
            "PARLEY_ACCOUNTS_ARGON2_MEMORY_KIB", "8",
            "PARLEY_ACCOUNTS_ARGON2_ITERATIONS", "1",
            "PARLEY_ACCOUNTS_ARGON2_PARALLELISM", "1");

    private final Process process;
    private final long startedNanos;
    private final int port;
    private final Path dataDir;
    private final boolean ownDataDir;
    private final Path javaHome;

    /** How to launch: JDK, classpath, JVM flags, environment. */
    record Launch(Path javaHome, String classpath, List<String> jvmOptions, Map<String, String> environment) {
        Launch {
            jvmOptions = List.copyOf(jvmOptions);
            environment = Map.copyOf(environment);
        }

        /** The running JDK, the server jars of this checkout, the launcher's flags and the benchmark settings. */
        static Launch defaults() {
            return new Launch(Path.of(System.getProperty("java.home")), serverClasspath(), SERVER_JVM_OPTS,
                    BENCHMARK_ENV);
        }

        Launch withJvmOptions(List<String> extra) {
            List<String> all = new ArrayList<>(jvmOptions);
            all.addAll(extra);
            return new Launch(javaHome, classpath, all, environment);
        }

        /** The server's own defaults, e.g. for measuring its start. */
        Launch withoutBenchmarkSettings() {
            return new Launch(javaHome, classpath, jvmOptions, Map.of());
        }
    }

    private ServerProcess(Process process, long startedNanos, int port, Path dataDir, boolean ownDataDir,
            Path javaHome) {
        this.process = process;
        this.startedNanos = startedNanos;
        this.port = port;
        this.dataDir = dataDir;
        this.ownDataDir = ownDataDir;
        this.javaHome = javaHome;
    }

    /** Starts the server on a free port with a fresh data directory; does not wait for it to listen. */
    static ServerProcess start(Launch launch) {
        try {
            return start(launch, Files.createTempDirectory("parley-bench-"), true);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ServerProcess start(Launch launch, Path dataDir, boolean ownDataDir) {
        return start(launch, dataDir, ownDataDir, List.of());
    }

    /** As above, with extra {@code server} flags (a cluster node's {@code --db}, {@code --nats}, {@code --node-id}). */
    static ServerProcess start(Launch launch, Path dataDir, boolean ownDataDir, List<String> serverArgs) {
        int port = freePort();
        List<String> command = new ArrayList<>();
        command.add(launch.javaHome().resolve("bin/java").toString());
        command.addAll(launch.jvmOptions());
        command.addAll(List.of("-cp", launch.classpath(), "dev.parley.server.Main", "server",
                "--bind", "127.0.0.1", "--port", Integer.toString(port), "--data-dir", dataDir.toString()));
        command.addAll(serverArgs);
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dataDir.resolve("server.log").toFile()));
        builder.environment().keySet().removeIf(name -> name.startsWith("PARLEY_"));
        builder.environment().putAll(launch.environment());
        try {
            long started = System.nanoTime();
            Process process = builder.start();
            // A generator stopped with Ctrl-C must not leave its server running.
            Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().unstarted(process::destroy));
            return new ServerProcess(process, started, port, dataDir, ownDataDir, launch.javaHome());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the server: " + e.getMessage(), e);
        }
    }

    /**
     * Polls {@code GET /health} until it answers 200 and returns the time from process start to that answer.
     * Polling costs a connect attempt every 0.5 ms while the port is closed, which is the resolution of the figure.
     */
    Duration awaitHealthy(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the server exited with " + process.exitValue() + "; see "
                        + dataDir.resolve("server.log"));
            }
            if (healthy()) {
                return Duration.ofNanos(System.nanoTime() - startedNanos);
            }
            Thread.sleep(0, 500_000);
        }
        throw new IllegalStateException("the server did not become healthy within " + timeout);
    }

    private boolean healthy() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            socket.setSoTimeout(5000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            byte[] head = socket.getInputStream().readNBytes(12);
            return new String(head, StandardCharsets.US_ASCII).startsWith("HTTP/1.1 200");
        } catch (IOException e) {
            return false;
        }
    }

    long pid() {
        return process.pid();
    }

    int port() {
        return port;
    }

    URI wsUri() {
        return URI.create("ws://127.0.0.1:" + port + "/api/ws");
    }

    Path dataDir() {
        return dataDir;
    }

    /** CPU time the server has used so far: on a busy machine a steadier figure than wall time. */
    long cpuNanos() {
        return Proc.cpuNanos(pid());
    }

    long rssKib() {
        return Proc.rssKib(pid());
    }

    /**
     * The live heap by class after a full GC ({@code jcmd GC.class_histogram} collects first). Its total is the
     * heap a connection really costs; the per-class rows say what that memory is.
     */
    Histogram liveHeap() {
        return Histogram.parse(jcmd("GC.class_histogram"));
    }

    String jcmd(String... command) {
        List<String> args = new ArrayList<>();
        args.add(javaHome.resolve("bin/jcmd").toString());
        args.add(Long.toString(pid()));
        args.addAll(List.of(command));
        try {
            Process jcmd = new ProcessBuilder(args).redirectErrorStream(true).start();
            byte[] output;
            try (InputStream in = jcmd.getInputStream()) {
                output = in.readAllBytes();
            }
            if (!jcmd.waitFor(60, TimeUnit.SECONDS) || jcmd.exitValue() != 0) {
                throw new IllegalStateException("jcmd " + String.join(" ", command) + " failed: "
                        + new String(output, StandardCharsets.UTF_8));
            }
            return new String(output, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running jcmd", e);
        }
    }

    /** Stops the server gracefully (SIGTERM runs its shutdown hook), forcibly after 20 s. */
    void stop() {
        stop(Duration.ofSeconds(20));
    }

    /** As {@link #stop()}, waiting up to {@code grace} (an AOT training run writes its cache after SIGTERM). */
    void stop(Duration grace) {
        process.destroy();
        try {
            if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    @Override
    public void close() {
        stop();
        if (ownDataDir) {
            deleteRecursively(dataDir);
        }
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The server's jars: under {@code ./parley bench} ({@code -Dparley.home}) the server module's jar and its lib
     * directory, listed one by one because the JDK's AOT cache accepts only jar files on the class path; otherwise
     * the generator's own class path, which holds the server too.
     */
    static String serverClasspath() {
        String home = System.getProperty("parley.home");
        if (home != null) {
            Path target = Path.of(home, "server", "target");
            try (Stream<Path> jars = Files.list(target); Stream<Path> libs = Files.list(target.resolve("lib"))) {
                List<String> entries = new ArrayList<>();
                jars.filter(p -> p.getFileName().toString().matches("parley-server-.*\\.jar")
                                && !p.getFileName().toString().endsWith("-tests.jar"))
                        .forEach(p -> entries.add(p.toString()));
                libs.filter(p -> p.toString().endsWith(".jar")).sorted().forEach(p -> entries.add(p.toString()));
                if (!entries.isEmpty()) {
                    return String.join(java.io.File.pathSeparator, entries);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list the server jars in " + target, e);
            }
        }
        return System.getProperty("java.class.path");
    }

    static void deleteRecursively(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.deleteIfExists(path);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
