package dev.parley.bench.load;

import java.net.URI;
import picocli.CommandLine.Option;

/**
 * Where {@code messaging} runs Parley (a picocli mixin): one node on its embedded SQLite (default), or {@code --nodes}
 * nodes on a fresh database of a PostgreSQL server with cross-node push over NATS, as an operator would run them.
 */
public final class ClusterOptions {
    @Option(names = "--nodes", defaultValue = "1",
            description = "Parley nodes to start (default: ${DEFAULT-VALUE}); more than one needs --db and --nats")
    int nodes = 1;

    @Option(names = "--db", description = "a PostgreSQL server, postgresql://user@127.0.0.1:5432: the benchmark creates"
            + " a fresh database on it for the run and drops it afterwards (default: each node's embedded SQLite)")
    String db;

    @Option(names = "--nats", description = "NATS for cross-node push, nats://127.0.0.1:4222 (default: none)")
    String nats;

    /** The PostgreSQL server named by {@code --db}: loopback only, no database in the path. */
    record Postgres(String user, String host, int port) {
        static Postgres parse(String url) {
            URI uri = URI.create(url);
            if (!"postgresql".equals(uri.getScheme()) || uri.getHost() == null || uri.getUserInfo() == null
                    || uri.getUserInfo().contains(":")) {
                throw new IllegalArgumentException("--db must be postgresql://user@host:port (trust authentication),"
                        + " not " + url);
            }
            if (!Loopback.isLoopback(uri.getHost())) {
                throw new IllegalArgumentException("--db must be on loopback, not " + uri.getHost());
            }
            if (uri.getPath() != null && !uri.getPath().isEmpty() && !uri.getPath().equals("/")) {
                throw new IllegalArgumentException("--db names the server only: the benchmark creates its own database");
            }
            return new Postgres(uri.getUserInfo(), uri.getHost(), uri.getPort() < 0 ? 5432 : uri.getPort());
        }

        /** The {@code --db} value a node gets for {@code database}. */
        String serverUrl(String database) {
            return "postgresql://" + user + "@" + host + ":" + port + "/" + database;
        }

        String jdbcUrl(String database) {
            return "jdbc:postgresql://" + host + ":" + port + "/" + database;
        }
    }

    /** Checks the flags that go together; throws with the reason when they do not. */
    void validate() {
        if (nodes < 1 || nodes > 8) {
            throw new IllegalArgumentException("--nodes must be 1–8");
        }
        if (nodes > 1 && (db == null || nats == null)) {
            throw new IllegalArgumentException("more than one node needs --db (shared PostgreSQL) and --nats");
        }
        if (db != null) {
            Postgres.parse(db);
        }
        if (nats != null) {
            URI uri = URI.create(nats);
            if (!"nats".equals(uri.getScheme()) || uri.getHost() == null || !Loopback.isLoopback(uri.getHost())) {
                throw new IllegalArgumentException("--nats must be nats://127.0.0.1:PORT, not " + nats);
            }
        }
    }
}
