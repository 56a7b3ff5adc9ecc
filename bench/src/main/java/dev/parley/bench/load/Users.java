package dev.parley.bench.load;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Registers benchmark users through the protocol ({@code auth.register} over a few WebSockets, pipelined), so the
 * scenarios exercise the same path as real clients. Fast only because the benchmark server runs Argon2id at its
 * minimum cost ({@link ServerProcess#BENCHMARK_ENV}).
 */
final class Users {
    /** A registered user and the token its connections authenticate with. */
    record User(long userId, String username, String token) {}

    static final String PASSWORD = "bench-password-1";
    private static final int SETUP_CONNECTIONS = 8;
    private static final int IN_FLIGHT_PER_CONNECTION = 32;
    private static final int MAX_ROUNDS = 30;

    private Users() {}

    /** A username prefix unique to this run, so runs against the same server never collide. */
    static String runPrefix() {
        return "b" + Long.toString(ThreadLocalRandom.current().nextLong(36L * 36 * 36 * 36 * 36), 36) + "_";
    }

    static List<User> register(LoadGenerator generator, int count, String prefix, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        int connections = Math.clamp(count / 64 + 1, 1, SETUP_CONNECTIONS);
        List<WsConnection> setup = generator.openMany(connections, _ -> WsConnection.IGNORE,
                LoadGenerator.OpenStep.none(), timeout);
        User[] users = new User[count];
        try {
            List<Thread> workers = new ArrayList<>();
            List<Throwable> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
            for (int c = 0; c < connections; c++) {
                WsConnection connection = setup.get(c);
                List<Integer> slice = new ArrayList<>();
                for (int i = c; i < count; i += connections) {
                    slice.add(i);
                }
                workers.add(Thread.ofVirtual().start(() -> {
                    try {
                        registerSlice(connection, slice, prefix, users, deadline);
                    } catch (Throwable e) {
                        failures.add(e);
                    }
                }));
            }
            for (Thread worker : workers) {
                worker.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()) + 1000));
            }
            if (!failures.isEmpty()) {
                throw new IllegalStateException("registering users failed: " + failures.getFirst().getMessage(),
                        failures.getFirst());
            }
            if (Arrays.stream(users).anyMatch(u -> u == null)) {
                throw new IllegalStateException("not all " + count + " users were registered within " + timeout);
            }
            return List.of(users);
        } finally {
            setup.forEach(WsConnection::close);
        }
    }

    /** Registers one slice with a bounded window, retrying FLOOD_WAIT replies after the time the server asks. */
    private static void registerSlice(WsConnection connection, List<Integer> slice, String prefix, User[] users,
            long deadline) throws InterruptedException, ExecutionException, TimeoutException {
        Semaphore window = new Semaphore(IN_FLIGHT_PER_CONNECTION);
        List<Integer> todo = slice;
        for (int round = 0; round < MAX_ROUNDS && !todo.isEmpty(); round++) {
            List<CompletableFuture<WsConnection.Reply>> replies = new ArrayList<>(todo.size());
            for (int index : todo) {
                if (!window.tryAcquire(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                    throw new TimeoutException("registration did not finish in time");
                }
                String params = Json.write(Map.of("username", prefix + index, "password", PASSWORD,
                        "deviceName", "bench"));
                CompletableFuture<WsConnection.Reply> reply = connection.call("auth.register", params);
                reply.whenComplete((_, _) -> window.release());
                replies.add(reply);
            }
            List<Integer> again = new ArrayList<>();
            int waitSeconds = 0;
            for (int i = 0; i < todo.size(); i++) {
                JsonNode reply = replies.get(i).get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)
                        .json();
                JsonNode error = reply.get("error");
                if (error == null) {
                    JsonNode result = reply.path("result");
                    int index = todo.get(i);
                    users[index] = new User(result.path("userId").asLong(), prefix + index,
                            result.path("token").asText());
                } else if ("FLOOD_WAIT".equals(error.path("code").asText())) {
                    again.add(todo.get(i));
                    waitSeconds = Math.max(waitSeconds, error.path("retryAfter").asInt(1));
                } else {
                    throw new WsConnection.CallFailed(error.path("code").asText(), error.path("message").asText());
                }
            }
            if (!again.isEmpty()) {
                Thread.sleep(Duration.ofSeconds(waitSeconds));
            }
            todo = again;
        }
        if (!todo.isEmpty()) {
            throw new IllegalStateException(todo.size() + " registrations still flood-limited after " + MAX_ROUNDS
                    + " rounds");
        }
    }

    /** The {@code auth.hello} open step: authenticates connection {@code i} as {@code users.get(i)}. */
    static LoadGenerator.OpenStep hello(List<User> users) {
        return (index, connection) -> {
            User user = users.get(index);
            connection.attach(user);
            return connection.result("auth.hello", "{\"token\":\"" + user.token() + "\",\"protocolVersion\":1}");
        };
    }
}
