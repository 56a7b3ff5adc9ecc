package dev.parley.server.db;

import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jdbi.v3.core.statement.DefaultStatementBuilder;
import org.jdbi.v3.core.statement.StatementBuilder;
import org.jdbi.v3.core.statement.StatementContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the prepared statements of one connection for reuse, so a statement is parsed and planned by SQLite once per
 * connection instead of once per use (the writer ran about a dozen per send, each prepared afresh;
 * docs/PERFORMANCE.md).
 * Installed as the JDBI statement builder of the connection's handle, and used directly by {@link Sql}.
 *
 * <p>A statement is borrowed (taken out of the idle set) while in use and returned when its user closes it, so the
 * same SQL used twice at once (a query run while iterating another of the same text) gets a second statement. At most
 * {@code capacity} idle statements are kept, least recently used closed first; statements built from SQL that varies
 * per call (an {@code IN (…)} list) simply fall out of it. Not thread-safe: one owner thread, like its connection.
 */
public final class StatementCache implements StatementBuilder, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(StatementCache.class);

    private final Connection connection;
    private final int capacity;
    private final LinkedHashMap<String, PreparedStatement> idle;
    // JDBI closes a statement with its unparsed SQL, not the text it was created from, so the key is kept here.
    private final Map<Statement, String> borrowed = new IdentityHashMap<>();
    private final StatementBuilder fallback = new DefaultStatementBuilder();
    private long hits;
    private long misses;

    public StatementCache(Connection connection, int capacity) {
        this.connection = connection;
        this.capacity = capacity;
        this.idle = new LinkedHashMap<>(capacity * 2, 0.75f, true);
    }

    /** A prepared statement for {@code sql}, to be handed back with {@link #release}. */
    public PreparedStatement borrow(String sql) throws SQLException {
        PreparedStatement statement = idle.remove(sql);
        if (statement == null) {
            misses++;
            statement = connection.prepareStatement(sql);
        } else {
            hits++;
        }
        borrowed.put(statement, sql);
        return statement;
    }

    /** Takes a borrowed statement back (parameters cleared, ready for reuse), or closes it when not needed. */
    public void release(Statement statement) throws SQLException {
        String sql = borrowed.remove(statement);
        if (sql == null || idle.containsKey(sql) || !(statement instanceof PreparedStatement prepared)) {
            statement.close();
            return;
        }
        prepared.clearParameters();
        idle.put(sql, prepared);
        if (idle.size() > capacity) {
            Iterator<PreparedStatement> eldest = idle.values().iterator();
            PreparedStatement evicted = eldest.next();
            eldest.remove();
            evicted.close();
        }
    }

    /** Reuse counters, for tests and diagnostics: statements served from the cache and prepared anew. */
    public long hits() {
        return hits;
    }

    public long misses() {
        return misses;
    }

    @Override
    public PreparedStatement create(Connection conn, String sql, StatementContext ctx) throws SQLException {
        // A pooled connection arrives as the pool's proxy of the connection this cache belongs to.
        if (conn != connection && !(conn.isWrapperFor(connection.getClass()) && conn.unwrap(connection.getClass())
                == connection)) {
            return fallback.create(conn, sql, ctx);
        }
        return borrow(sql);
    }

    @Override
    public Statement create(Connection conn, StatementContext ctx) throws SQLException {
        return fallback.create(conn, ctx);
    }

    @Override
    public CallableStatement createCall(Connection conn, String sql, StatementContext ctx) throws SQLException {
        return fallback.createCall(conn, sql, ctx);
    }

    @Override
    public void close(Connection conn, String sql, Statement statement) throws SQLException {
        release(statement);
    }

    @Override
    public void close(Connection conn) {
        // The handle's end does not end the cache: it lives as long as the connection (see close()).
    }

    /** Closes every idle statement; call before closing the connection. */
    @Override
    public void close() {
        for (PreparedStatement statement : idle.values()) {
            try {
                statement.close();
            } catch (SQLException e) {
                log.warn("closing a cached statement failed", e);
            }
        }
        idle.clear();
    }
}
