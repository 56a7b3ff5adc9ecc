package dev.parley.bench.load;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Idle connections held by a generator process. A process may hold at most 20,000 open files on the benchmark
 * machines (a hard limit), so the idle scenario keeps up to {@code --per-process} connections itself and asks child
 * processes running {@link #main} for the rest. Children take line commands on stdin ({@code open N}, {@code exit})
 * and answer {@code opened TOTAL CPU_NANOS} or {@code failed REASON} on stdout.
 */
sealed interface IdleWorker extends AutoCloseable {
    /** Opens {@code more} authenticated connections; returns how many this worker holds. */
    int open(int more) throws InterruptedException;

    /** CPU time the worker's process has used. */
    long cpuNanos();

    @Override
    void close();

    /** Connections held by this JVM. */
    final class Local implements IdleWorker {
        private static final Duration OPEN_TIMEOUT = Duration.ofMinutes(5);
        private final LoadGenerator generator;
        private final List<Users.User> users;
        private final List<WsConnection> connections = new ArrayList<>();

        Local(LoadGenerator generator, List<Users.User> users) {
            this.generator = generator;
            this.users = users;
        }

        @Override
        public int open(int more) throws InterruptedException {
            int from = connections.size();
            if (from + more > users.size()) {
                throw new IllegalArgumentException("only " + users.size() + " users for this worker");
            }
            connections.addAll(generator.openMany(more, _ -> WsConnection.IGNORE,
                    Users.hello(users.subList(from, from + more)), OPEN_TIMEOUT));
            return connections.size();
        }

        @Override
        public long cpuNanos() {
            return generator.cpu().cpuNanos();
        }

        @Override
        public void close() {
            connections.forEach(WsConnection::close);
        }
    }

    /** Connections held by a child JVM. */
    final class Remote implements IdleWorker {
        private final Process process;
        private final PrintWriter commands;
        private final BufferedReader answers;
        private long cpuNanos;

        Remote(Path javaHome, URI wsUri, Path tokens, int firstSource, int sourceAddresses) {
            List<String> command = List.of(javaHome.resolve("bin/java").toString(), "-XX:+UseSerialGC",
                    "-XX:+UseCompactObjectHeaders", "-cp", System.getProperty("java.class.path"),
                    IdleWorker.class.getName(), wsUri.toString(), tokens.toString(), Integer.toString(firstSource),
                    Integer.toString(sourceAddresses));
            try {
                process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start a generator process", e);
            }
            commands = new PrintWriter(new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8), true);
            answers = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        }

        @Override
        public int open(int more) {
            commands.println("open " + more);
            try {
                String answer = answers.readLine();
                if (answer == null || !answer.startsWith("opened ")) {
                    throw new IllegalStateException("generator process failed: " + answer);
                }
                String[] parts = answer.split(" ");
                cpuNanos = Long.parseLong(parts[2]);
                return Integer.parseInt(parts[1]);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public long cpuNanos() {
            return cpuNanos;
        }

        @Override
        public void close() {
            commands.println("exit");
            try {
                if (!process.waitFor(20, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
        }
    }

    /** A child generator: {@code IdleWorker WS_URI TOKEN_FILE FIRST_SOURCE SOURCE_ADDRESSES}. */
    static void main(String[] args) throws Exception {
        URI wsUri = URI.create(args[0]);
        List<Users.User> users = Files.readAllLines(Path.of(args[1])).stream()
                .filter(line -> !line.isBlank())
                .map(line -> new Users.User(0, "", line.trim()))
                .toList();
        PrintWriter out = new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true);
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        try (LoadGenerator generator = new LoadGenerator(wsUri, 1, Integer.parseInt(args[2]),
                Integer.parseInt(args[3])); Local local = new Local(generator, users)) {
            for (String line = in.readLine(); line != null && !line.equals("exit"); line = in.readLine()) {
                try {
                    int held = local.open(Integer.parseInt(line.substring("open ".length()).trim()));
                    out.println("opened " + held + " " + local.cpuNanos());
                } catch (RuntimeException e) {
                    out.println("failed " + e.getMessage());
                }
            }
        }
    }
}
