package dev.parley.bench.load;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The Parley nodes a scenario loads: one {@link ServerProcess} on its embedded SQLite, or several started as an
 * operator starts them ({@code server --db postgresql://… --nats nats://… --node-id N --port P}) on a database
 * created for this run and dropped on {@link #close}, so runs never see each other's data.
 */
final class ServerCluster implements AutoCloseable {
    private final List<ServerProcess> nodes;
    private final Optional<ClusterOptions.Postgres> postgres;
    private final String database;

    private ServerCluster(List<ServerProcess> nodes, Optional<ClusterOptions.Postgres> postgres, String database) {
        this.nodes = nodes;
        this.postgres = postgres;
        this.database = database;
    }

    /** Creates the database (when {@code --db}) and starts the nodes; does not wait for them to listen. */
    static ServerCluster start(ServerProcess.Launch launch, ClusterOptions options) {
        options.validate();
        Optional<ClusterOptions.Postgres> postgres = Optional.ofNullable(options.db).map(ClusterOptions.Postgres::parse);
        String database = "parley_bench_" + Long.toString(ThreadLocalRandom.current().nextLong(1L << 40), 36);
        postgres.ifPresent(pg -> execute(pg, "CREATE DATABASE " + database));
        List<ServerProcess> nodes = new ArrayList<>();
        ServerCluster cluster = new ServerCluster(nodes, postgres, database);
        try {
            for (int node = 0; node < options.nodes; node++) {
                List<String> args = new ArrayList<>(List.of("--node-id", Integer.toString(node)));
                postgres.ifPresent(pg -> args.addAll(List.of("--db", pg.serverUrl(database))));
                if (options.nats != null) {
                    args.addAll(List.of("--nats", options.nats));
                }
                nodes.add(ServerProcess.start(launch, Files.createTempDirectory("parley-bench-node-"), true, args));
            }
            return cluster;
        } catch (IOException | RuntimeException e) {
            cluster.close();
            throw e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
        }
    }

    /** Waits for every node's {@code /health}; returns the slowest node's time to it. */
    Duration awaitHealthy(Duration timeout) throws InterruptedException {
        Duration slowest = Duration.ZERO;
        for (ServerProcess node : nodes) {
            Duration took = node.awaitHealthy(timeout);
            slowest = took.compareTo(slowest) > 0 ? took : slowest;
        }
        return slowest;
    }

    /** The nodes' WebSocket endpoints; the generator spreads clients over them round robin. */
    List<URI> wsUris() {
        return nodes.stream().map(ServerProcess::wsUri).toList();
    }

    int size() {
        return nodes.size();
    }

    /** CPU time all nodes have used so far (not the database's or NATS's). */
    long cpuNanos() {
        return nodes.stream().mapToLong(ServerProcess::cpuNanos).sum();
    }

    /**
     * CPU time of the nodes' threads whose (15-character) name starts with {@code prefix}; 0 for the SQLite writer
     * and checkpointer on PostgreSQL, which has neither.
     */
    long threadCpuNanos(String prefix) {
        return nodes.stream().mapToLong(n -> Proc.threadCpuNanos(n.pid(), prefix)).sum();
    }

    /**
     * CPU time the PostgreSQL backends serving this run's database have used so far (their connections live in the
     * nodes' pools for the whole run), or -1 on the embedded database. Other clients' backends are not counted.
     */
    long databaseCpuNanos() {
        if (postgres.isEmpty()) {
            return -1;
        }
        String sql = "SELECT pid FROM pg_stat_activity WHERE datname = '" + database + "'";
        long total = 0;
        try (Connection connection = DriverManager.getConnection(postgres.get().jdbcUrl("postgres"),
                        postgres.get().user(), "");
                Statement statement = connection.createStatement();
                java.sql.ResultSet pids = statement.executeQuery(sql)) {
            while (pids.next()) {
                try {
                    total += Proc.cpuNanos(pids.getLong(1));
                } catch (RuntimeException gone) {
                    // A backend that exited between the query and the read: its CPU is lost to the figure.
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(sql + " failed: " + e.getMessage(), e);
        }
        return total;
    }

    /** Resident memory of all nodes together. */
    long rssKib() {
        return nodes.stream().mapToLong(ServerProcess::rssKib).sum();
    }

    /**
     * Rows per table of this run's PostgreSQL database ({@code COUNT(*)}, exact, on a fresh connection), or an empty
     * map on the embedded database, whose files the nodes own.
     */
    Map<String, Long> rowCounts() {
        if (postgres.isEmpty()) {
            return Map.of();
        }
        try (Connection connection = DriverManager.getConnection(postgres.get().jdbcUrl(database),
                postgres.get().user(), "")) {
            return RowCounts.of(connection, "SELECT table_name FROM information_schema.tables "
                    + "WHERE table_schema = 'public' AND table_type = 'BASE TABLE'");
        } catch (SQLException e) {
            throw new IllegalStateException("counting rows in " + database + " failed: " + e.getMessage(), e);
        }
    }

    /** What an acknowledged message has survived, for the result file. */
    String durability() {
        return postgres.isPresent()
                ? "PostgreSQL (server defaults: synchronous_commit=on, fsync): a send is answered after its commit"
                : "synchronous=FULL, group commit (server defaults): a send is answered after fsync";
    }

    String database() {
        return postgres.isPresent() ? "postgresql (fresh database " + database + ")" : "sqlite (embedded, per node)";
    }

    @Override
    public void close() {
        nodes.forEach(ServerProcess::close);
        postgres.ifPresent(pg -> execute(pg, "DROP DATABASE IF EXISTS " + database + " WITH (FORCE)"));
    }

    private static void execute(ClusterOptions.Postgres pg, String sql) {
        try (Connection connection = DriverManager.getConnection(pg.jdbcUrl("postgres"), pg.user(), "");
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + " failed on " + pg.jdbcUrl("postgres") + ": " + e.getMessage(), e);
        }
    }
}
