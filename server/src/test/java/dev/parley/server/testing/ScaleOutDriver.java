package dev.parley.server.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The scale-out measurement behind docs/PERFORMANCE.md, "Scale-out estimate": N node processes on one PostgreSQL
 * and one NATS, small groups (fan-out on write), senders spread over the nodes sending as fast as they are answered.
 * Prints one JSON line: messages/s, and CPU milliseconds per message spent by the nodes and by PostgreSQL.
 *
 * <pre>java -cp server/target/classes:server/target/test-classes:&lt;deps&gt; \
 *     dev.parley.server.testing.ScaleOutDriver NODES SENDERS GROUP_SIZE SECONDS</pre>
 */
public final class ScaleOutDriver {
    private ScaleOutDriver() {}

    public static void main(String[] args) throws Exception {
        int nodeCount = Integer.parseInt(args[0]);
        int senders = Integer.parseInt(args[1]);
        int groupSize = Integer.parseInt(args[2]);
        int seconds = Integer.parseInt(args[3]);
        try (PostgresFixture postgres = new PostgresFixture().durable()) {
            List<NodeProcess> nodes = new ArrayList<>();
            List<RawClient> clients = new ArrayList<>();
            try {
                for (int i = 0; i < nodeCount; i++) {
                    nodes.add(new NodeProcess(i + 1, postgres.url(), Cluster.NATS_URL, List.of("-Xmx1g")));
                    clients.add(new RawClient(nodes.getLast().httpUri()));
                }
                run(postgres, nodes, clients, senders, groupSize, seconds);
            } finally {
                clients.forEach(RawClient::close);
                nodes.forEach(NodeProcess::close);
            }
        }
    }

    private static void run(PostgresFixture postgres, List<NodeProcess> nodes, List<RawClient> clients, int senders,
            int groupSize, int seconds) throws Exception {
        // One group per sender, every member on a node of its own (spread round-robin), each with a live socket so
        // that every message is pushed to groupSize - 1 connections, most of them on another node.
        List<Chatter> senderList = new ArrayList<>();
        List<Long> groups = new ArrayList<>();
        List<RawClient.Socket> sockets = new ArrayList<>();
        int user = 0;
        for (int g = 0; g < senders; g++) {
            List<Chatter> members = new ArrayList<>();
            for (int m = 0; m < groupSize; m++, user++) {
                Chatter member = Chatter.register(clients.get(user % clients.size()), "load" + user);
                members.add(member);
                sockets.add(member.connect());
            }
            Chatter owner = members.getFirst();
            groups.add(owner.ok("chats.createGroup", Map.of("title", "load" + g, "memberIds",
                    members.subList(1, groupSize).stream().map(c -> c.userId).toList())).path("chat").path("chatId")
                    .asLong());
            senderList.add(owner.on(clients.get(g % clients.size())));
        }
        // Drain pushes so the sockets never back up (the driver measures the server, not its own queues).
        AtomicLong pushed = new AtomicLong();
        List<Thread> drains = new ArrayList<>();
        for (RawClient.Socket socket : sockets) {
            drains.add(Thread.ofVirtual().start(() -> {
                while (!Thread.currentThread().isInterrupted()) {
                    try {
                        socket.pollFrame(Duration.ofMillis(200)).ifPresent(f -> pushed.incrementAndGet());
                    } catch (IllegalStateException interrupted) {
                        return;
                    }
                }
            }));
        }

        // Warm-up, then the measured window.
        sendFor(senderList, groups, Duration.ofSeconds(Math.max(3, seconds / 3)), 1);
        double nodeCpuBefore = nodes.stream().mapToDouble(NodeProcess::cpuMillis).sum();
        double pgCpuBefore = postgresCpuMillis(postgres);
        long walBefore = walPosition(postgres);
        long pushedBefore = pushed.get();
        long start = System.nanoTime();
        long sent = sendFor(senderList, groups, Duration.ofSeconds(seconds), 1_000_000_000L);
        double elapsed = (System.nanoTime() - start) / 1e9;
        double nodeCpu = nodes.stream().mapToDouble(NodeProcess::cpuMillis).sum() - nodeCpuBefore;
        double pgCpu = postgresCpuMillis(postgres) - pgCpuBefore;
        long wal = walPosition(postgres) - walBefore;
        long pushes = pushed.get() - pushedBefore;
        drains.forEach(Thread::interrupt);
        sockets.forEach(RawClient.Socket::close);
        System.out.printf(java.util.Locale.ROOT, "{\"nodes\":%d,\"senders\":%d,\"groupSize\":%d,\"seconds\":%.1f,"
                        + "\"messages\":%d,\"messagesPerSecond\":%.1f,\"pushesPerSecond\":%.1f,"
                        + "\"nodeCpuMsPerMessage\":%.3f,\"postgresCpuMsPerMessage\":%.3f,\"walBytesPerMessage\":%d,"
                        + "\"loadAverage\":\"%s\"}%n",
                nodes.size(), senderList.size(), groupSize, elapsed, sent, sent / elapsed, pushes / elapsed,
                nodeCpu / sent, pgCpu / sent, wal / Math.max(1, sent),
                Files.readString(Path.of("/proc/loadavg")).strip());
    }

    /** Every sender sends back-to-back for the duration; returns how many sends were acknowledged. */
    private static long sendFor(List<Chatter> senders, List<Long> groups, Duration duration, long randomBase)
            throws Exception {
        long deadline = System.nanoTime() + duration.toNanos();
        AtomicLong acknowledged = new AtomicLong();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> running = new ArrayList<>();
            for (int s = 0; s < senders.size(); s++) {
                Chatter sender = senders.get(s);
                long group = groups.get(s);
                running.add(pool.submit(() -> {
                    for (long i = randomBase; System.nanoTime() < deadline; i++) {
                        sender.ok("messages.send", Map.of("chatId", group, "text", "load message " + i,
                                "randomId", i));
                        acknowledged.incrementAndGet();
                    }
                    return null;
                }));
            }
            for (Future<?> sender : running) {
                sender.get();
            }
        }
        return acknowledged.get();
    }

    /** The server's WAL position in bytes (the whole cluster's WAL, so other databases' writes count too). */
    private static long walPosition(PostgresFixture postgres) throws java.sql.SQLException {
        try (var connection = java.sql.DriverManager.getConnection(postgres.jdbcUrl(), "postgres", null);
                var statement = connection.createStatement();
                var rs = statement.executeQuery("SELECT pg_current_wal_lsn() - '0/0'::pg_lsn")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /**
     * CPU time of the PostgreSQL backends serving the nodes' pools (found in pg_stat_activity for this database; the
     * pools keep them alive for the whole run). Other databases' backends on the shared server are left out; the
     * WAL writer and checkpointer, shared by all, are too.
     */
    private static double postgresCpuMillis(PostgresFixture postgres) throws java.sql.SQLException {
        List<Long> pids = new ArrayList<>();
        try (var connection = java.sql.DriverManager.getConnection(postgres.jdbcUrl(), "postgres", null);
                var statement = connection.createStatement();
                var rs = statement.executeQuery("SELECT pid FROM pg_stat_activity WHERE datname = current_database() "
                        + "AND pid <> pg_backend_pid()")) {
            while (rs.next()) {
                pids.add(rs.getLong(1));
            }
        }
        return pids.stream().map(ProcessHandle::of).flatMap(java.util.Optional::stream)
                .mapToDouble(p -> p.info().totalCpuDuration().map(Duration::toNanos).orElse(0L) / 1e6).sum();
    }
}
