package dev.parley.server.testing;

import dev.parley.server.db.PostgresDatabase;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A throw-away PostgreSQL database on the local server (127.0.0.1:5432, trust auth, started by .ci/run): each
 * fixture creates a uniquely named database and drops it on close, so test runs never see each other's rows.
 * Override the server with {@code PARLEY_TEST_PG} (a JDBC URL to the maintenance database).
 */
public final class PostgresFixture implements AutoCloseable {
    private static final String ADMIN_URL = System.getenv().getOrDefault("PARLEY_TEST_PG",
            "jdbc:postgresql://127.0.0.1:5432/postgres");
    private static final String USER = "postgres";

    private final String name;

    public PostgresFixture() {
        this.name = "parley_test_" + Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36);
        execute("CREATE DATABASE " + name);
    }

    public String jdbcUrl() {
        return ADMIN_URL.substring(0, ADMIN_URL.lastIndexOf('/') + 1) + name;
    }

    public PostgresDatabase.Options options(int poolSize) {
        return new PostgresDatabase.Options(jdbcUrl(), USER, null, poolSize);
    }

    @Override
    public void close() {
        execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    }

    private static void execute(String sql) {
        try (Connection connection = DriverManager.getConnection(ADMIN_URL, USER, null);
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL at " + ADMIN_URL + " is required for this test (.ci/run starts it): "
                    + e.getMessage(), e);
        }
    }
}
