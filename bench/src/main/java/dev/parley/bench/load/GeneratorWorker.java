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
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Authenticated connections held by one generator process. A process may hold at most 20,000 open files on the
 * benchmark machines (a hard limit), so a scenario keeps up to {@code --per-process} connections itself and asks
 * child processes running {@link #main} for the rest ({@link WorkerPool}). Every connection reports to the worker's
 * {@link Arrivals}, so a scenario can ask when each connection received a given frame (the idle scenario never
 * does). Children take line commands on stdin and answer one line on stdout:
 * <ul>
 *   <li>{@code open N} → {@code opened TOTAL CPU_NANOS}</li>
 *   <li>{@code expect MARKER} → {@code expecting TOTAL}: the next frame holding MARKER is to reach every connection</li>
 *   <li>{@code collect MILLIS} → {@code arrived DUPLICATES NANOS,NANOS,…}: the receipt times, once all arrived</li>
 *   <li>{@code exit}</li>
 * </ul>
 * or {@code failed REASON}. Receipt times are {@link System#nanoTime()} stamps, which on Linux read the same
 * monotonic clock in every process, so the parent subtracts its own send time from them.
 */
sealed interface GeneratorWorker extends AutoCloseable {
    /** Opens {@code more} authenticated connections; returns how many this worker holds. */
    int open(int more) throws InterruptedException;

    /** Arms every connection of this worker for the next frame holding {@code marker}. */
    void expect(String marker);

    /** Waits until each connection has received the expected frame; their receipt stamps. */
    long[] collect(Duration timeout) throws InterruptedException;

    /** Frames a connection of this worker received twice. */
    int duplicates();

    /** CPU time the worker's process has used. */
    long cpuNanos();

    @Override
    void close();

    /** Connections held by this JVM. */
    final class Local implements GeneratorWorker {
        private static final Duration OPEN_TIMEOUT = Duration.ofMinutes(5);
        private final LoadGenerator generator;
        private final List<Users.User> users;
        private final List<WsConnection> connections = new ArrayList<>();
        private final Arrivals arrivals = new Arrivals();

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
            connections.addAll(generator.openMany(more, _ -> arrivals, Users.hello(users.subList(from, from + more)),
                    OPEN_TIMEOUT));
            return connections.size();
        }

        @Override
        public void expect(String marker) {
            arrivals.expect(marker, connections.size());
        }

        @Override
        public long[] collect(Duration timeout) throws InterruptedException {
            return arrivals.await(timeout);
        }

        @Override
        public int duplicates() {
            return arrivals.duplicates();
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
    final class Remote implements GeneratorWorker {
        private final Process process;
        private final PrintWriter commands;
        private final BufferedReader answers;
        private long cpuNanos;
        private int duplicates;

        Remote(Path javaHome, List<URI> wsUris, Path tokens, int firstSource, int sourceAddresses) {
            List<String> command = List.of(javaHome.resolve("bin/java").toString(), "-XX:+UseSerialGC",
                    "--enable-native-access=ALL-UNNAMED",
                    "-XX:+UseCompactObjectHeaders", "-cp", System.getProperty("java.class.path"),
                    GeneratorWorker.class.getName(),
                    String.join(",", wsUris.stream().map(URI::toString).toList()), tokens.toString(),
                    Integer.toString(firstSource), Integer.toString(sourceAddresses));
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
            String[] parts = ask("open " + more, "opened").split(" ");
            cpuNanos = Long.parseLong(parts[1]);
            return Integer.parseInt(parts[0]);
        }

        @Override
        public void expect(String marker) {
            ask("expect " + marker, "expecting");
        }

        @Override
        public long[] collect(Duration timeout) {
            String[] parts = ask("collect " + timeout.toMillis(), "arrived").split(" ", 2);
            duplicates = Integer.parseInt(parts[0]);
            return parts.length < 2 || parts[1].isEmpty() ? new long[0]
                    : Arrays.stream(parts[1].split(",")).mapToLong(Long::parseLong).toArray();
        }

        @Override
        public int duplicates() {
            return duplicates;
        }

        @Override
        public long cpuNanos() {
            return cpuNanos;
        }

        /** Sends one command and returns the answer after its keyword, or fails with the child's reason. */
        private String ask(String command, String keyword) {
            commands.println(command);
            try {
                String answer = answers.readLine();
                if (answer == null || !answer.startsWith(keyword + " ")) {
                    throw new IllegalStateException("generator process failed: " + answer);
                }
                return answer.substring(keyword.length() + 1);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
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

    /**
     * A child generator: {@code GeneratorWorker WS_URI[,WS_URI…] TOKEN_FILE FIRST_SOURCE SOURCE_ADDRESSES}; with
     * several nodes, connection i goes to node i mod n.
     */
    static void main(String[] args) throws Exception {
        List<URI> wsUris = Arrays.stream(args[0].split(",")).map(URI::create).toList();
        List<Users.User> users = Files.readAllLines(Path.of(args[1])).stream()
                .filter(line -> !line.isBlank())
                .map(line -> new Users.User(0, "", line.trim()))
                .toList();
        PrintWriter out = new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true);
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        try (LoadGenerator generator = new LoadGenerator(wsUris, 1, Integer.parseInt(args[2]),
                Integer.parseInt(args[3])); Local local = new Local(generator, users)) {
            for (String line = in.readLine(); line != null && !line.equals("exit"); line = in.readLine()) {
                try {
                    out.println(answer(local, line));
                } catch (RuntimeException e) {
                    out.println("failed " + e.getMessage());
                }
            }
        }
    }

    private static String answer(Local local, String line) throws InterruptedException {
        String[] parts = line.split(" ", 2);
        return switch (parts[0]) {
            case "open" -> {
                int held = local.open(Integer.parseInt(parts[1].trim()));
                yield "opened " + held + " " + local.cpuNanos();
            }
            case "expect" -> {
                local.expect(parts[1]);
                yield "expecting " + local.connections.size();
            }
            case "collect" -> {
                long[] nanos = local.collect(Duration.ofMillis(Long.parseLong(parts[1].trim())));
                StringBuilder answer = new StringBuilder("arrived ").append(local.duplicates()).append(' ');
                for (int i = 0; i < nanos.length; i++) {
                    answer.append(i == 0 ? "" : ",").append(nanos[i]);
                }
                yield answer.toString();
            }
            default -> throw new IllegalArgumentException("unknown command: " + line);
        };
    }
}
