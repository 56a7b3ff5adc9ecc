package dev.parley.bench.load;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
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
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code parley bench fanout}: one channel post to N subscribers, of which C are online, for a series of C (default
 * 1,000, 5,000 and 19,000). The owner and the largest C subscribers register and join through the protocol; the other
 * N − C subscribers are written straight into the server's SQLite file while it is stopped (accounts and memberships
 * only, as {@code channels.join} would leave them), because registering 100,000 accounts through the protocol would
 * measure registration, not fan-out. Then the server restarts and, for each C in turn, the online connections grow to
 * C (spread over generator processes of at most {@code --per-process} connections each, since a process may hold
 * at most 20,000 open files) and the owner posts {@code --posts} times, one after another. Per post: the time from
 * sending {@code messages.send} to the last online subscriber holding the pushed frame, and the rows the post added
 * to every table (counted in the database file), which must not depend on N.
 */
@Command(name = "fanout", mixinStandardHelpOptions = true,
        description = "Post-to-delivery latency of a channel post to N subscribers (C online) and rows written per post.")
public final class FanoutCommand implements java.util.concurrent.Callable<Integer> {
    private static final int JOIN_BATCH = 2_000;
    private static final Duration DELIVERY_TIMEOUT = Duration.ofSeconds(120);

    @Option(names = "--subscribers", description = "subscribers in all, 1–1,000,000 (default: the largest --online)")
    Integer subscribers;

    @Option(names = "--online", split = ",", defaultValue = "1000,5000,19000",
            description = "online subscribers per step, each ≤ subscribers and ≤ 19,000 (default: ${DEFAULT-VALUE})")
    List<Integer> online;

    @Option(names = "--posts", defaultValue = "20", description = "posts measured per step, 1–1000 (default: "
            + "${DEFAULT-VALUE})")
    int posts;

    @Option(names = "--per-process", defaultValue = "5000",
            description = "subscriber connections per generator process (default: ${DEFAULT-VALUE})")
    int perProcess;

    @Mixin
    Common common;

    @Mixin
    ServerHeap heap;

    @Mixin
    ClusterOptions cluster;

    /** One post: ack (send → reply) and last delivery (send → last online subscriber has it), in ms. */
    record Delivery(double ackMs, double lastDeliveryMs, double medianDeliveryMs) {}

    @Override
    public Integer call() throws Exception {
        List<Integer> steps = online.stream().sorted().distinct().toList();
        int most = steps.isEmpty() ? 0 : steps.getLast();
        int total = subscribers == null ? most : subscribers;
        if (steps.isEmpty() || steps.getFirst() < 1 || most > 19_000 || total < most || total > 1_000_000
                || posts < 1 || posts > 1000 || perProcess < 1 || perProcess > 19_000) {
            throw new IllegalArgumentException("online 1–19,000 each, subscribers ≥ the largest online and ≤ "
                    + "1,000,000, posts 1–1000, per-process 1–19,000");
        }
        PrintWriter out = common.out();
        Map<String, Object> result = common.header("fanout", launch());
        result.put("subscribers", total);
        result.put("online", steps);
        result.put("posts", posts);
        result.put("perProcess", perProcess);
        if (cluster.nodes > 1 || cluster.db != null) {
            if (total != most) {
                throw new IllegalArgumentException("on PostgreSQL every subscriber registers through the protocol: "
                        + "--subscribers must equal the largest --online");
            }
            runOnCluster(steps, most, out, result);
        } else {
            runOnSqlite(steps, most, total, out, result);
        }
        common.write("fanout", result);
        return 0;
    }

    /**
     * One node on SQLite: register and join, stop the server, write the subscribers who never connect straight into
     * its file, restart (so registration's garbage does not flatter RSS) and measure.
     */
    private void runOnSqlite(List<Integer> steps, int most, int total, PrintWriter out, Map<String, Object> result)
            throws Exception {
        Path dataDir = Files.createTempDirectory("parley-bench-fanout-");
        try {
            String prefix = Users.runPrefix();
            List<Users.User> users;
            long chatId;
            try (ServerProcess server = ServerProcess.start(launch(), dataDir, false)) {
                server.awaitHealthy(Duration.ofSeconds(120));
                try (LoadGenerator generator = new LoadGenerator(server.wsUri(), common.threads, 1,
                        common.sourceAddresses)) {
                    users = registerAndJoin(generator, most, prefix, out);
                    chatId = createAndJoin(generator, users);
                }
            }
            long started = System.nanoTime();
            int direct = total - most;
            Path db = dataDir.resolve("parley.db");
            addSubscribersDirectly(db, chatId, direct, prefix);
            out.printf("wrote %,d more subscribers into the database in %.1f s%n", direct,
                    (System.nanoTime() - started) / 1e9);
            try (ServerProcess server = ServerProcess.start(launch(), dataDir, false)) {
                server.awaitHealthy(Duration.ofSeconds(120));
                measure(new Deployment(List.of(server.wsUri()), server::rssKib, () -> sqliteRowCounts(db)), users,
                        chatId, steps, out, result);
            }
        } finally {
            ServerProcess.deleteRecursively(dataDir);
        }
    }

    /** Every server this scenario starts: the common launch with the scenario's heap. */
    private ServerProcess.Launch launch() {
        return heap.apply(common.launch());
    }

    /**
     * Several nodes on a fresh PostgreSQL database with NATS between them, as an operator runs them: every subscriber
     * registers and joins through the protocol, spread over the nodes like every connection after it, so most posts
     * reach most subscribers through another node.
     */
    private void runOnCluster(List<Integer> steps, int most, PrintWriter out, Map<String, Object> result)
            throws Exception {
        try (ServerCluster servers = ServerCluster.start(launch(), cluster)) {
            result.put("nodes", servers.size());
            result.put("database", servers.database());
            servers.awaitHealthy(Duration.ofSeconds(120));
            List<Users.User> users;
            long chatId;
            try (LoadGenerator generator = new LoadGenerator(servers.wsUris(), common.threads, 1,
                    common.sourceAddresses)) {
                users = registerAndJoin(generator, most, Users.runPrefix(), out);
                chatId = createAndJoin(generator, users);
            }
            measure(new Deployment(servers.wsUris(), servers::rssKib, servers::rowCounts), users, chatId, steps, out,
                    result);
        }
    }

    private static List<Users.User> registerAndJoin(LoadGenerator generator, int subscribers, String prefix,
            PrintWriter out) throws InterruptedException {
        long started = System.nanoTime();
        List<Users.User> users = Users.register(generator, subscribers + 1, prefix, Duration.ofMinutes(20));
        out.printf("registered the owner and %,d subscribers in %.1f s%n", subscribers,
                (System.nanoTime() - started) / 1e9);
        return users;
    }

    /** Where the scenario measures: the nodes' endpoints, their memory, and the rows of their database. */
    private record Deployment(List<java.net.URI> wsUris, java.util.function.LongSupplier rssKib,
            java.util.concurrent.Callable<Map<String, Long>> rowCounts) {}

    /**
     * The owner (user 0) creates a public channel; everyone else joins it through the protocol, {@value #JOIN_BATCH}
     * connections at a time (the generator process's open files are limited).
     */
    static long createAndJoin(LoadGenerator generator, List<Users.User> users) throws InterruptedException {
        WsConnection owner = generator.openMany(1, _ -> WsConnection.IGNORE, Users.hello(users.subList(0, 1)),
                Duration.ofMinutes(1)).getFirst();
        long chatId;
        try {
            String username = "fanout" + Long.toString(System.nanoTime() % 1_000_000_000L, 36);
            chatId = owner.result("channels.create", "{\"title\":\"Fan-out\",\"kind\":"
                    + "\"channel\",\"username\":\"" + username + "\"}").orTimeout(60, TimeUnit.SECONDS).join()
                    .path("chat").path("chatId").asLong();
        } finally {
            owner.close();
        }
        for (int from = 1; from < users.size(); from += JOIN_BATCH) {
            List<Users.User> batch = users.subList(from, Math.min(users.size(), from + JOIN_BATCH));
            List<WsConnection> connections = generator.openMany(batch.size(), _ -> WsConnection.IGNORE,
                    Users.hello(batch), Duration.ofMinutes(5));
            try {
                List<java.util.concurrent.CompletableFuture<JsonNode>> joins = new ArrayList<>();
                for (WsConnection subscriber : connections) {
                    joins.add(subscriber.result("channels.join", "{\"chatId\":" + chatId + "}"));
                }
                joins.forEach(j -> j.orTimeout(120, TimeUnit.SECONDS).join());
            } finally {
                connections.forEach(WsConnection::close);
            }
        }
        return chatId;
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

    /**
     * Connects the owner, then for each step grows the online subscribers to its count and posts one at a time,
     * waiting until every online subscriber has each post before the next.
     */
    private void measure(Deployment servers, List<Users.User> users, long chatId, List<Integer> steps,
            PrintWriter out, Map<String, Object> result) throws Exception {
        List<Users.User> readers = users.subList(1, users.size());
        List<Map<String, Object>> rows = new ArrayList<>();
        try (LoadGenerator generator = new LoadGenerator(servers.wsUris(), common.threads, 1,
                common.sourceAddresses);
                WorkerPool pool = new WorkerPool(generator, readers, perProcess, common.launch().javaHome(),
                        common.sourceAddresses)) {
            WsConnection owner = generator.openMany(1, _ -> WsConnection.IGNORE, Users.hello(users.subList(0, 1)),
                    Duration.ofSeconds(60)).getFirst();
            try {
                long members = owner.result("chats.get", "{\"chatId\":" + chatId + "}").join().path("chat")
                        .path("memberCount").asLong();
                out.printf("channel has %,d members (owner included)%n", members);
                result.put("memberCount", members);
                for (int step : steps) {
                    long started = System.nanoTime();
                    pool.grow(step);
                    out.printf("%n%,d subscribers online (%d generator processes), connected in %.1f s%n", step,
                            pool.processes(), (System.nanoTime() - started) / 1e9);
                    rows.add(postSeries(servers, owner, pool, chatId, step, out));
                }
            } finally {
                owner.close();
            }
        }
        result.put("steps", rows);
        out.printf("%nonline   ack ms  median subscriber ms  last subscriber ms (median / max)  rows/post  RSS MiB%n");
        for (Map<String, Object> row : rows) {
            out.printf("%,6d  %7.1f  %20.1f  %18.1f / %-8.1f  %9d  %7d%n", row.get("online"), row.get("medianAckMs"),
                    row.get("medianMedianDeliveryMs"), row.get("medianLastDeliveryMs"), row.get("maxLastDeliveryMs"),
                    row.get("rowsWrittenPerPostTotal"), (long) row.get("serverRssKib") / 1024);
        }
    }

    /** Two warm-up posts, then {@code posts} measured ones; the first measured post also counts the rows it writes. */
    private Map<String, Object> postSeries(Deployment servers, WsConnection owner, WorkerPool pool, long chatId,
            int step, PrintWriter out) throws Exception {
        List<Delivery> deliveries = new ArrayList<>();
        Map<String, Long> rowsPerPost = Map.of();
        for (int p = -2; p < posts; p++) {
            Map<String, Long> before = p == 0 ? servers.rowCounts().call() : null;
            String text = "fan-out post " + step + "-" + p;
            pool.expect(text + "\"");
            long sentAt = System.nanoTime();
            JsonNode sent = owner.result("messages.send", "{\"chatId\":" + chatId + ",\"randomId\":"
                    + (System.nanoTime() & ((1L << 40) - 1)) + ",\"text\":\"" + text + "\"}")
                    .orTimeout(60, TimeUnit.SECONDS).join();
            double ackMs = (System.nanoTime() - sentAt) / 1e6;
            long[] arrived = pool.collect(DELIVERY_TIMEOUT);
            if (sent.path("message").path("id").asLong() <= 0) {
                throw new IllegalStateException("the post was not stored: " + sent);
            }
            if (p == 0) {
                rowsPerPost = RowCounts.delta(before, servers.rowCounts().call());
            }
            if (p >= 0) {
                long[] sorted = Arrays.stream(arrived).map(nanos -> nanos - sentAt).sorted().toArray();
                deliveries.add(new Delivery(ackMs, sorted[sorted.length - 1] / 1e6, sorted[sorted.length / 2] / 1e6));
            }
        }
        if (pool.duplicates() > 0) {
            throw new IllegalStateException(pool.duplicates() + " posts reached a subscriber twice");
        }
        return report(out, step, deliveries, rowsPerPost, servers.rssKib().getAsLong(), pool.processes());
    }

    private Map<String, Object> report(PrintWriter out, int step, List<Delivery> deliveries,
            Map<String, Long> rowsPerPost, long rssKib, int processes) {
        List<Double> last = deliveries.stream().map(Delivery::lastDeliveryMs).sorted().toList();
        List<Double> acks = deliveries.stream().map(Delivery::ackMs).sorted().toList();
        List<Double> medians = deliveries.stream().map(Delivery::medianDeliveryMs).sorted().toList();
        long rows = rowsPerPost.values().stream().mapToLong(Long::longValue).sum();
        out.printf("%d posts to %,d online subscribers:%n", deliveries.size(), step);
        out.printf("  send → ack:                      median %.1f ms  max %.1f ms%n", median(acks), acks.getLast());
        out.printf("  send → median subscriber has it: median %.1f ms  max %.1f ms%n", median(medians),
                medians.getLast());
        out.printf("  send → last subscriber has it:   median %.1f ms  p90 %.1f ms  max %.1f ms%n", median(last),
                last.get((int) Math.min(last.size() - 1, Math.round(last.size() * 0.9))), last.getLast());
        out.printf("  rows written by one post: %s (total %d)%n", rowsPerPost, rows);
        out.printf("  server RSS after the posts: %,d MiB%n", rssKib / 1024);
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("online", step);
        row.put("generatorProcesses", processes);
        row.put("medianAckMs", median(acks));
        row.put("medianLastDeliveryMs", median(last));
        row.put("maxLastDeliveryMs", last.getLast());
        row.put("medianMedianDeliveryMs", median(medians));
        row.put("rowsWrittenPerPost", rowsPerPost);
        row.put("rowsWrittenPerPostTotal", rows);
        row.put("serverRssKib", rssKib);
        row.put("loadAverage", Proc.loadAverage()[0]);
        row.put("deliveries", deliveries.stream().map(d -> Map.of("ackMs", d.ackMs(), "lastDeliveryMs",
                d.lastDeliveryMs(), "medianDeliveryMs", d.medianDeliveryMs())).toList());
        return row;
    }

    private static double median(List<Double> sorted) {
        return sorted.get(sorted.size() / 2);
    }

    /** Rows per table of the server's database, read through a second connection (SQLite WAL readers never block). */
    private static Map<String, Long> sqliteRowCounts(Path db) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db)) {
            return RowCounts.of(c, "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'");
        }
    }
}
