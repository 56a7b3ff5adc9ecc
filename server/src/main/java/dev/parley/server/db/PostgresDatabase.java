package dev.parley.server.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.sql.SQLException;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.transaction.TransactionIsolationLevel;

/**
 * PostgreSQL for scale-out: several stateless nodes share one database, so there is no single writer to batch
 * through. Writes run concurrently on a pooled connection in READ COMMITTED; counters (chat seq, user pts) are
 * assigned with {@code UPDATE … RETURNING}, which takes the row lock and serialises exactly the transactions that
 * touch the same chat or user. Durability comes from PostgreSQL's own group commit of concurrent WAL flushes.
 * A transaction PostgreSQL aborts as a deadlock victim or for losing a check-then-insert race is run again (see
 * {@link #isRetryable}).
 */
public final class PostgresDatabase implements Database {
    private final HikariDataSource pool;
    private final Jdbi jdbi;
    private static final int MAX_ATTEMPTS = 5;
    /** deadlock_detected, serialization_failure, unique_violation. */
    private static final Set<String> RETRYABLE = Set.of("40P01", "40001", "23505");

    private final Timer commitLatency;
    private final Counter retries;
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
        this.retries = Counter.builder("parley.db.retries")
                .description("write transactions run again after a deadlock or serialization failure")
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
            for (int attempt = 1; ; attempt++) {
                try {
                    return jdbi.inTransaction(TransactionIsolationLevel.READ_COMMITTED, work::run);
                } catch (RuntimeException e) {
                    if (attempt >= MAX_ATTEMPTS || !isRetryable(e)) {
                        throw e;
                    }
                    retries.increment();
                    backOff(attempt);
                }
            }
        } finally {
            commitLatency.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        }
    }

    /**
     * Runs the work again when PostgreSQL aborted its transaction with nothing applied, where SQLite's single writer
     * would simply have run it after the other one: a deadlock (two fan-outs locking shared users' log heads in
     * different orders, a read receipt and a send touching the same members), a serialization failure, or a unique
     * violation of a check-then-insert that a concurrent transaction won (two sends with the same randomId; the rerun
     * finds the original and returns it). Safe because transactions touch only their handle and compute their results
     * inside. A store that maps its own unique violation to a typed error (USERNAME_TAKEN) throws that instead, which
     * is not retried.
     */
    static boolean isRetryable(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql && RETRYABLE.contains(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    private static void backOff(int attempt) {
        // Random jitter so the transactions that collided do not collide again in lockstep.
        long micros = ThreadLocalRandom.current().nextLong(200L << attempt);
        LockSupport.parkNanos(micros * 1000);
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
