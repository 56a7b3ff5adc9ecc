package dev.parley.server.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.sql.SQLException;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.transaction.TransactionIsolationLevel;

/**
 * PostgreSQL for scale-out: several stateless nodes share one database, so there is no single writer to batch
 * through. Writes run concurrently on a pooled connection in READ COMMITTED; counters (chat seq, user pts) are
 * assigned with {@code UPDATE … RETURNING}, which takes the row lock and serialises exactly the transactions that
 * touch the same chat or user. Durability comes from PostgreSQL's own group commit of concurrent WAL flushes.
 */
public final class PostgresDatabase implements Database {
    private final HikariDataSource pool;
    private final Jdbi jdbi;
    private final Timer commitLatency;
    private volatile boolean accepting = true;

    public record Options(String jdbcUrl, String user, String password, int poolSize) {
        public Options {
            if (jdbcUrl == null || !jdbcUrl.startsWith("jdbc:postgresql:")) {
                throw new IllegalArgumentException("a PostgreSQL JDBC URL must start with jdbc:postgresql:");
            }
            if (poolSize < 1) {
                throw new IllegalArgumentException("poolSize must be positive");
            }
        }

        /** Accepts {@code postgresql://user:pass@host:port/db} (the launcher's form) as well as a JDBC URL. */
        public static Options fromUrl(String url, int poolSize) {
            if (url.startsWith("jdbc:")) {
                return new Options(url, null, null, poolSize);
            }
            java.net.URI uri = java.net.URI.create(url.replaceFirst("^postgres(ql)?://", "postgresql://"));
            String user = null;
            String password = null;
            if (uri.getUserInfo() != null) {
                String[] parts = uri.getUserInfo().split(":", 2);
                user = parts[0];
                password = parts.length > 1 ? parts[1] : null;
            }
            int port = uri.getPort() > 0 ? uri.getPort() : 5432;
            String query = uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery();
            return new Options("jdbc:postgresql://" + uri.getHost() + ":" + port + uri.getPath() + query, user, password,
                    poolSize);
        }
    }

    public PostgresDatabase(Options options, MeterRegistry metrics) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(options.jdbcUrl());
        if (options.user() != null) {
            config.setUsername(options.user());
        }
        if (options.password() != null) {
            config.setPassword(options.password());
        }
        config.setMaximumPoolSize(options.poolSize());
        config.setPoolName("parley-postgresql");
        config.setTransactionIsolation("TRANSACTION_READ_COMMITTED");
        this.pool = new HikariDataSource(config);
        try {
            Migrations.apply(pool, Dialect.POSTGRESQL);
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
        this.jdbi = Jdbi.create(pool);
        this.commitLatency = Timer.builder("parley.db.commit.latency")
                .description("time to run and commit one write transaction").publishPercentileHistogram()
                .register(metrics);
    }

    @Override
    public <T> T read(Tx<T> work) {
        return jdbi.inTransaction(TransactionIsolationLevel.REPEATABLE_READ, work::run);
    }

    @Override
    public <T> T write(Tx<T> work) {
        if (!accepting) {
            throw new WriteRejectedException("the server is shutting down");
        }
        long start = System.nanoTime();
        try {
            return jdbi.inTransaction(TransactionIsolationLevel.READ_COMMITTED, work::run);
        } finally {
            commitLatency.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        }
    }

    @Override
    public Dialect dialect() {
        return Dialect.POSTGRESQL;
    }

    @Override
    public Jdbi jdbi() {
        return jdbi;
    }

    /** Lets in-flight transactions finish (Hikari waits for borrowed connections), then closes the pool. */
    @Override
    public void close() {
        accepting = false;
        pool.close();
    }

    /** True when the server answers; used by tests and the launcher to report a clear error early. */
    public static boolean reachable(Options options) {
        try (var connection = java.sql.DriverManager.getConnection(options.jdbcUrl(),
                options.user() == null ? "postgres" : options.user(), options.password())) {
            return connection.isValid(2);
        } catch (SQLException e) {
            return false;
        }
    }
}
