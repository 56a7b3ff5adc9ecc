package dev.parley.server.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteConnection;

/** {@link StatementCache} and {@link Sql} on a real SQLite file: reuse, nesting, eviction, failures. */
class StatementCacheTest {
    @TempDir
    Path dir;

    private Connection connection;
    private StatementCache cache;
    private Handle handle;

    @BeforeEach
    void open() throws SQLException {
        connection = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("cache.db"));
        cache = new StatementCache(connection, 4);
        handle = Jdbi.create(() -> connection).open();
        handle.setStatementBuilder(cache);
        handle.execute("CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT NOT NULL)");
    }

    @AfterEach
    void close() throws SQLException {
        handle.close();
        cache.close();
        connection.close();
    }

    @Test
    void aStatementRunAgainIsPreparedOnlyOnce() {
        long misses = cache.misses();
        for (int i = 1; i <= 3; i++) {
            Sql.on(handle, "INSERT INTO items (id, name) VALUES (?, ?)").set(1, i).set(2, "item " + i).update();
        }

        assertThat(cache.misses() - misses).isEqualTo(1);
        assertThat(names()).containsExactly("item 1", "item 2", "item 3");
    }

    @Test
    void jdbiStatementsOnTheHandleAreReusedToo() {
        handle.execute("INSERT INTO items (id, name) VALUES (1, 'a')");
        long misses = cache.misses();

        for (int i = 0; i < 3; i++) {
            assertThat(handle.createQuery("SELECT name FROM items WHERE id = :id").bind("id", 1).mapTo(String.class)
                    .one()).isEqualTo("a");
        }

        assertThat(cache.misses() - misses).isEqualTo(1);
        assertThat(cache.hits()).isGreaterThanOrEqualTo(2);
    }

    /** How the SQLite read pool uses it: the pool lends a new proxy each time, the cache is the connection's. */
    @Test
    void aPooledConnectionIsServedFromTheCacheOfTheConnectionBehindItsProxy() throws SQLException {
        handle.execute("INSERT INTO items (id, name) VALUES (1, 'a')");
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl("jdbc:sqlite:" + dir.resolve("cache.db"));
        config.setMaximumPoolSize(1);
        try (HikariDataSource pool = new HikariDataSource(config)) {
            StatementCache pooled;
            try (Connection proxy = pool.getConnection()) {
                pooled = new StatementCache(proxy.unwrap(SQLiteConnection.class), 4);
            }
            Jdbi jdbi = Jdbi.create(pool);
            jdbi.setStatementBuilderFactory(c -> pooled);

            for (int i = 0; i < 3; i++) {
                String plain = jdbi.withHandle(h -> Sql.on(h, "SELECT name FROM items WHERE id = ?").set(1, 1)
                        .one(rs -> rs.getString(1)));
                String viaJdbi = jdbi.withHandle(h -> h.createQuery("SELECT name AS n FROM items WHERE id = :id")
                        .bind("id", 1).mapTo(String.class).one());
                assertThat(List.of(plain, viaJdbi)).containsExactly("a", "a");
            }

            assertThat(pooled.misses()).isEqualTo(2);
            assertThat(pooled.hits()).isEqualTo(4);
            pooled.close();
        }
    }

    @Test
    void theSameSqlRunWhileItsStatementIsInUseGetsASecondStatement() throws SQLException {
        handle.execute("INSERT INTO items (id, name) VALUES (1, 'a'), (2, 'b')");
        String sql = "SELECT name FROM items WHERE id = ?";

        PreparedStatement outer = cache.borrow(sql);
        String inner = Sql.on(handle, sql).set(1, 2L).one(rs -> rs.getString(1));
        outer.setLong(1, 1);
        String first;
        try (var rs = outer.executeQuery()) {
            rs.next();
            first = rs.getString(1);
        }
        cache.release(outer);

        assertThat(List.of(first, inner)).containsExactly("a", "b");
        // The second statement went back to the cache first; the first one, a duplicate by then, was closed.
        assertThat(outer.isClosed()).isTrue();
        String again = Sql.on(handle, sql).set(1, 1L).one(rs -> rs.getString(1));
        assertThat(again).isEqualTo("a");
    }

    @Test
    void beyondItsCapacityTheLeastRecentlyUsedStatementIsClosed() throws SQLException {
        PreparedStatement oldest = cache.borrow("SELECT 1");
        cache.release(oldest);
        for (int i = 2; i <= 5; i++) {
            cache.release(cache.borrow("SELECT " + i));
        }

        assertThat(oldest.isClosed()).isTrue();
        long misses = cache.misses();
        cache.release(cache.borrow("SELECT 5"));
        assertThat(cache.misses()).isEqualTo(misses);
    }

    @Test
    void aFailingStatementReportsTheDriversErrorAndLeavesItsStatementReusable() {
        String insert = "INSERT INTO items (id, name) VALUES (?, ?)";
        Sql.on(handle, insert).set(1, 1L).set(2, "a").update();

        assertThatThrownBy(() -> Sql.on(handle, insert).set(1, 1L).set(2, "again").update())
                .isInstanceOf(StatementFailedException.class)
                .hasCauseInstanceOf(SQLException.class)
                .hasMessageContaining("UNIQUE");
        long misses = cache.misses();
        Sql.on(handle, insert).set(1, 2L).set(2, "b").update();

        assertThat(cache.misses()).isEqualTo(misses);
        assertThat(names()).containsExactly("a", "b");
    }

    @Test
    void nullsAndInListsBind() {
        Sql.on(handle, "INSERT INTO items (id, name) VALUES (?, ?)").set(1, 1L).set(2, "a").update();
        Sql.on(handle, "INSERT INTO items (id, name) VALUES (?, ?)").set(1, 2L).set(2, "b").update();

        List<String> found = Sql.on(handle, "SELECT name FROM items WHERE id IN (" + Sql.placeholders(3)
                + ") ORDER BY id").setAll(1, List.of(1L, 2L, 3L)).list(rs -> rs.getString(1));
        Long none = Sql.on(handle, "SELECT ?").set(1, (Object) null).one(rs -> Sql.nullableLong(rs, 1));

        assertThat(found).containsExactly("a", "b");
        assertThat(none).isNull();
    }

    private List<String> names() {
        return Sql.on(handle, "SELECT name FROM items ORDER BY id").list(rs -> rs.getString(1));
    }
}
