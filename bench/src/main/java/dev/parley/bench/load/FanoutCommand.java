package dev.parley.bench.load;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code parley bench fanout}: one channel post to N subscribers, of which C are online. The owner and the C online
 * subscribers register and join through the protocol; the other N − C subscribers are written straight into the
 * server's SQLite file while it is stopped (accounts and memberships only, as {@code channels.join} would leave
 * them), because registering 100,000 accounts through the protocol would measure registration, not fan-out. Then the
 * server restarts, the C subscribers and the owner connect, and the owner posts {@code --posts} times, one after
 * another. Per post: the time from sending {@code messages.send} to the last online subscriber holding the pushed
 * frame, and the rows the post added to every table (counted in the database file), which must not depend on N.
 */
@Command(name = "fanout", mixinStandardHelpOptions = true,
        description = "Post-to-delivery latency of a channel post to N subscribers (C online) and rows written per post.")
public final class FanoutCommand implements java.util.concurrent.Callable<Integer> {
    @Option(names = "--subscribers", defaultValue = "10000",
            description = "subscribers in all, 1–1,000,000 (default: ${DEFAULT-VALUE})")
    int subscribers;

    @Option(names = "--online", defaultValue = "2000",
            description = "of them connected while posting, ≤ subscribers and ≤ 19,000 (default: ${DEFAULT-VALUE})")
    int online;

    @Option(names = "--posts", defaultValue = "20", description = "posts measured, 1–1000 (default: ${DEFAULT-VALUE})")
    int posts;

    @Mixin
    Common common;

    /** One post: ack (send → reply) and last delivery (send → last online subscriber has it), in ms. */
    record Delivery(double ackMs, double lastDeliveryMs, double medianDeliveryMs) {}

    @Override
    public Integer call() throws Exception {
        if (subscribers < 1 || subscribers > 1_000_000 || online < 1 || online > subscribers || online > 19_000
                || posts < 1 || posts > 1000) {
            throw new IllegalArgumentException("subscribers 1–1,000,000, online 1–min(subscribers, 19,000),"
                    + " posts 1–1000");
        }
        PrintWriter out = common.out();
        Map<String, Object> result = common.header("fanout");
        result.put("subscribers", subscribers);
        result.put("online", online);
        result.put("posts", posts);
        Path dataDir = Files.createTempDirectory("parley-bench-fanout-");
        try {
            String prefix = Users.runPrefix();
            List<Users.User> users;
            long chatId;
            try (ServerProcess server = ServerProcess.start(common.launch(), dataDir, false)) {
                server.awaitHealthy(Duration.ofSeconds(120));
                try (LoadGenerator generator = new LoadGenerator(server.wsUri(), common.threads, 1,
                        common.sourceAddresses)) {
                    users = Users.register(generator, online + 1, prefix, Duration.ofMinutes(10));
                    chatId = createAndJoin(generator, users);
                }
            }
            long started = System.nanoTime();
            int direct = subscribers - online;
            addSubscribersDirectly(dataDir.resolve("parley.db"), chatId, direct, prefix);
            out.printf("wrote %,d more subscribers into the database in %.1f s%n", direct,
                    (System.nanoTime() - started) / 1e9);
            try (ServerProcess server = ServerProcess.start(common.launch(), dataDir, false)) {
                server.awaitHealthy(Duration.ofSeconds(120));
                measure(server, users, chatId, dataDir.resolve("parley.db"), out, result);
            }
        } finally {
            deleteRecursively(dataDir);
        }
        common.write("fanout", result);
        return 0;
    }

    /** The owner (user 0) creates a public channel; everyone else joins it through the protocol. */
    private static long createAndJoin(LoadGenerator generator, List<Users.User> users) throws InterruptedException {
        List<WsConnection> connections = generator.openMany(users.size(), _ -> WsConnection.IGNORE,
                Users.hello(users), Duration.ofMinutes(5));
        try {
            String username = "fanout" + Long.toString(System.nanoTime() % 1_000_000_000L, 36);
            long chatId = connections.getFirst().result("channels.create", "{\"title\":\"Fan-out\",\"kind\":"
                    + "\"channel\",\"username\":\"" + username + "\"}").orTimeout(60, TimeUnit.SECONDS).join()
                    .path("chat").path("chatId").asLong();
            List<java.util.concurrent.CompletableFuture<JsonNode>> joins = new ArrayList<>();
            for (WsConnection subscriber : connections.subList(1, connections.size())) {
                joins.add(subscriber.result("channels.join", "{\"chatId\":" + chatId + "}"));
            }
            joins.forEach(j -> j.orTimeout(120, TimeUnit.SECONDS).join());
            return chatId;
        } finally {
            connections.forEach(WsConnection::close);
        }
    }

    /**
     * Writes {@code count} accounts (no sessions: they never connect) and their channel memberships straight into the
     * stopped server's database, the rows {@code channels.join} writes for a subscriber of a channel.
     */
    private static void addSubscribersDirectly(Path db, long chatId, int count, String prefix) throws SQLException {
        if (count == 0) {
            return;
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db)) {
            c.setAutoCommit(false);
            long now = System.currentTimeMillis() / 1000;
            long lastMessageId;
            try (Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT last_message_id FROM chats WHERE chat_id = " + chatId)) {
                rs.next();
                lastMessageId = rs.getLong(1);
            }
            // Ids far below the server's time-based ids, so they never collide with real accounts.
            long firstId = 1_000_000_000L;
            try (PreparedStatement user = c.prepareStatement("INSERT INTO users (user_id, username, display_name, "
                    + "password_hash, kind, created_at) VALUES (?, ?, ?, 'direct-no-login', 'user', ?)");
                    PreparedStatement member = c.prepareStatement("INSERT INTO chat_members (chat_id, user_id, role, "
                            + "joined_at, visible_from, read_inbox_max_id) VALUES (?, ?, 'member', ?, 0, ?)")) {
                for (int i = 0; i < count; i++) {
                    long userId = firstId + i;
                    user.setLong(1, userId);
                    user.setString(2, prefix + "d" + i);
                    user.setString(3, "Direct " + i);
                    user.setLong(4, now);
                    user.addBatch();
                    member.setLong(1, chatId);
                    member.setLong(2, userId);
                    member.setLong(3, now);
                    member.setLong(4, lastMessageId);
                    member.addBatch();
                    if (i % 10_000 == 9_999) {
                        user.executeBatch();
                        member.executeBatch();
                    }
                }
                user.executeBatch();
                member.executeBatch();
            }
            try (PreparedStatement s = c.prepareStatement(
                    "UPDATE chats SET member_count = member_count + ? WHERE chat_id = ?")) {
                s.setInt(1, count);
                s.setLong(2, chatId);
                s.executeUpdate();
            }
            c.commit();
        }
    }

    /** Connects everyone, then posts one at a time and waits until every online subscriber has each post. */
    private void measure(ServerProcess server, List<Users.User> users, long chatId, Path db, PrintWriter out,
            Map<String, Object> result) throws Exception {
        AtomicReference<CountDownLatch> arrivals = new AtomicReference<>(new CountDownLatch(0));
        AtomicLong sentAt = new AtomicLong();
        long[][] latencies = new long[posts][];
        AtomicReference<long[]> current = new AtomicReference<>(new long[0]);
        java.util.concurrent.atomic.AtomicInteger slot = new java.util.concurrent.atomic.AtomicInteger();
        WsConnection.Listener subscriber = new WsConnection.Listener() {
            // A large chat's frame starts with {"chatId": (not {"updates":), so the connection hands it over as an
            // id-less reply.
            @Override
            public void onReply(WsConnection connection, long id, String frame, long receivedNanos) {
                if (id == 0 && frame.startsWith("{\"chatId\"") && frame.contains("\"newMessage\"")
                        && frame.contains("fan-out post")) {
                    long[] into = current.get();
                    int i = slot.getAndIncrement();
                    if (i < into.length) {
                        into[i] = receivedNanos - sentAt.get();
                    }
                    arrivals.get().countDown();
                }
            }
        };
        List<Users.User> readers = users.subList(1, users.size());
        try (LoadGenerator generator = new LoadGenerator(server.wsUri(), common.threads, 1, common.sourceAddresses)) {
            List<WsConnection> online = generator.openMany(readers.size(), _ -> subscriber, Users.hello(readers),
                    Duration.ofMinutes(5));
            WsConnection owner = generator.openMany(1, _ -> WsConnection.IGNORE, Users.hello(users.subList(0, 1)),
                    Duration.ofSeconds(60)).getFirst();
            try {
                long members = owner.result("chats.get", "{\"chatId\":" + chatId + "}").join().path("chat")
                        .path("memberCount").asLong();
                out.printf("channel has %,d members (owner included), %,d online subscribers%n", members,
                        online.size());
                result.put("memberCount", members);
                List<Delivery> deliveries = new ArrayList<>();
                Map<String, Long> rowsPerPost = null;
                for (int p = -2; p < posts; p++) {
                    // Two warm-up posts first; the first measured post also counts the rows it writes.
                    Map<String, Long> before = p == 0 ? rowCounts(db) : null;
                    long[] into = new long[readers.size()];
                    current.set(into);
                    slot.set(0);
                    CountDownLatch latch = new CountDownLatch(readers.size());
                    arrivals.set(latch);
                    sentAt.set(System.nanoTime());
                    JsonNode sent = owner.result("messages.send", "{\"chatId\":" + chatId + ",\"randomId\":"
                            + (System.nanoTime() & ((1L << 40) - 1)) + ",\"text\":\"fan-out post " + p + "\"}")
                            .orTimeout(60, TimeUnit.SECONDS).join();
                    double ackMs = (System.nanoTime() - sentAt.get()) / 1e6;
                    if (!latch.await(120, TimeUnit.SECONDS)) {
                        throw new IllegalStateException("post " + p + " reached only "
                                + (readers.size() - latch.getCount()) + " of " + readers.size() + " subscribers");
                    }
                    if (sent.path("message").path("id").asLong() <= 0) {
                        throw new IllegalStateException("the post was not stored: " + sent);
                    }
                    if (p == 0) {
                        rowsPerPost = delta(before, rowCounts(db));
                    }
                    if (p >= 0) {
                        long[] sorted = into.clone();
                        java.util.Arrays.sort(sorted);
                        latencies[p] = sorted;
                        deliveries.add(new Delivery(ackMs, sorted[sorted.length - 1] / 1e6,
                                sorted[sorted.length / 2] / 1e6));
                    }
                }
                report(out, result, deliveries, rowsPerPost, server.rssKib());
            } finally {
                owner.close();
                online.forEach(WsConnection::close);
            }
        }
    }

    private void report(PrintWriter out, Map<String, Object> result, List<Delivery> deliveries,
            Map<String, Long> rowsPerPost, long rssKib) {
        List<Double> last = deliveries.stream().map(Delivery::lastDeliveryMs).sorted().toList();
        List<Double> acks = deliveries.stream().map(Delivery::ackMs).sorted().toList();
        List<Double> medians = deliveries.stream().map(Delivery::medianDeliveryMs).sorted().toList();
        out.printf("%d posts to %,d subscribers (%,d online):%n", deliveries.size(), subscribers, online);
        out.printf("  send → ack:                      median %.1f ms  max %.1f ms%n", median(acks), acks.getLast());
        out.printf("  send → median subscriber has it: median %.1f ms  max %.1f ms%n", median(medians),
                medians.getLast());
        out.printf("  send → last subscriber has it:   median %.1f ms  p90 %.1f ms  max %.1f ms%n", median(last),
                last.get((int) Math.min(last.size() - 1, Math.round(last.size() * 0.9))), last.getLast());
        out.printf("  rows written by one post: %s (total %d)%n", rowsPerPost,
                rowsPerPost.values().stream().mapToLong(Long::longValue).sum());
        out.printf("  server RSS after the posts: %,d MiB%n", rssKib / 1024);
        result.put("medianAckMs", median(acks));
        result.put("medianLastDeliveryMs", median(last));
        result.put("maxLastDeliveryMs", last.getLast());
        result.put("medianMedianDeliveryMs", median(medians));
        result.put("rowsWrittenPerPost", rowsPerPost);
        result.put("serverRssKib", rssKib);
        result.put("deliveries", deliveries.stream().map(d -> Map.of("ackMs", d.ackMs(), "lastDeliveryMs",
                d.lastDeliveryMs(), "medianDeliveryMs", d.medianDeliveryMs())).toList());
    }

    private static double median(List<Double> sorted) {
        return sorted.get(sorted.size() / 2);
    }

    /** Rows per table of the server's database, read through a second connection (SQLite WAL readers never block). */
    private static Map<String, Long> rowCounts(Path db) throws SQLException {
        Map<String, Long> counts = new TreeMap<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
                Statement s = c.createStatement()) {
            List<String> tables = new ArrayList<>();
            try (ResultSet rs = s.executeQuery(
                    "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")) {
                while (rs.next()) {
                    tables.add(rs.getString(1));
                }
            }
            for (String table : tables) {
                try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM \"" + table + "\"")) {
                    rs.next();
                    counts.put(table, rs.getLong(1));
                }
            }
        }
        return counts;
    }

    private static Map<String, Long> delta(Map<String, Long> before, Map<String, Long> after) {
        Map<String, Long> delta = new TreeMap<>();
        after.forEach((table, n) -> {
            long d = n - before.getOrDefault(table, 0L);
            if (d != 0) {
                delta.put(table, d);
            }
        });
        return delta;
    }

    private static void deleteRecursively(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
