package dev.parley.server.db;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * One statement in plain JDBC on a transaction's handle, for the few statements every message send runs: JDBI's
 * per-statement work (configuration lookups, argument-factory resolution, statement context, listeners) cost the
 * SQLite writer thread more CPU than SQLite itself (docs/PERFORMANCE.md). Parameters are positional ({@code ?});
 * the statement comes from the handle's {@link StatementCache} when it has one (the SQLite writer), else from the
 * connection. Every terminal call ({@link #update}, {@link #one}, {@link #first}, {@link #list}) runs the statement
 * and gives it back; a failure surfaces as {@link StatementFailedException} with the driver's exception as cause.
 *
 * <pre>{@code long seq = Sql.on(h, "UPDATE chats SET seq = seq + 1 WHERE chat_id = ? RETURNING seq")
 *         .set(1, chatId).one(rs -> rs.getLong(1));}</pre>
 */
public final class Sql {
    private final StatementCache cache;
    private final String sql;
    private final PreparedStatement statement;

    /** Reads one row of a result. */
    @FunctionalInterface
    public interface Row<T> {
        T map(ResultSet rs) throws SQLException;
    }

    private Sql(StatementCache cache, String sql, PreparedStatement statement) {
        this.cache = cache;
        this.sql = sql;
        this.statement = statement;
    }

    public static Sql on(Handle handle, String sql) {
        StatementCache cache = handle.getStatementBuilder() instanceof StatementCache c ? c : null;
        try {
            PreparedStatement statement = cache != null ? cache.borrow(sql)
                    : handle.getConnection().prepareStatement(sql);
            return new Sql(cache, sql, statement);
        } catch (SQLException e) {
            throw new StatementFailedException(sql, e);
        }
    }

    public Sql set(int index, long value) {
        try {
            statement.setLong(index, value);
            return this;
        } catch (SQLException e) {
            release();
            throw failed(e);
        }
    }

    /** A nullable number or text; null binds SQL NULL. */
    public Sql set(int index, Object value) {
        try {
            switch (value) {
                case null -> statement.setNull(index, Types.OTHER);
                case Long l -> statement.setLong(index, l);
                case Integer i -> statement.setInt(index, i);
                case String s -> statement.setString(index, s);
                case Boolean b -> statement.setInt(index, b ? 1 : 0);
                default -> throw new IllegalArgumentException("cannot bind " + value.getClass().getName());
            }
            return this;
        } catch (SQLException e) {
            release();
            throw failed(e);
        }
    }

    /** Binds the values to the parameters from {@code first} on, in order: the values of an IN list. */
    public Sql setAll(int first, Collection<Long> values) {
        int index = first;
        for (long value : values) {
            set(index++, value);
        }
        return this;
    }

    /** {@code ?, ?, …}: n parameters for an IN list (a cached statement per list length, not per call). */
    public static String placeholders(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("an IN list needs at least one value");
        }
        return "?, ".repeat(n - 1) + "?";
    }

    /** Runs an INSERT, UPDATE or DELETE; returns the rows changed. */
    public int update() {
        try {
            return statement.executeUpdate();
        } catch (SQLException e) {
            throw failed(e);
        } finally {
            release();
        }
    }

    /** The first row mapped, when there is one (a row mapped to null counts as none). */
    public <T> Optional<T> first(Row<T> row) {
        try (ResultSet rs = statement.executeQuery()) {
            return rs.next() ? Optional.ofNullable(row.map(rs)) : Optional.empty();
        } catch (SQLException e) {
            throw failed(e);
        } finally {
            release();
        }
    }

    /**
     * The first row mapped (which may map to null, e.g. a nullable column); for a statement that must return a row,
     * such as {@code RETURNING} of a matched update.
     */
    public <T> T one(Row<T> row) {
        try (ResultSet rs = statement.executeQuery()) {
            if (!rs.next()) {
                throw new StatementFailedException(sql, new SQLException("no row returned"));
            }
            return row.map(rs);
        } catch (SQLException e) {
            throw failed(e);
        } finally {
            release();
        }
    }

    /** Every row mapped, in a new list the caller may change (sort, add to). */
    public <T> List<T> list(Row<T> row) {
        try (ResultSet rs = statement.executeQuery()) {
            List<T> rows = new ArrayList<>();
            while (rs.next()) {
                rows.add(row.map(rs));
            }
            return rows;
        } catch (SQLException e) {
            throw failed(e);
        } finally {
            release();
        }
    }

    /** A nullable integer column. */
    public static Long nullableLong(ResultSet rs, int column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? null : value;
    }

    private StatementFailedException failed(SQLException e) {
        return new StatementFailedException(sql, e);
    }

    private void release() {
        try {
            if (cache != null) {
                cache.release(statement);
            } else {
                statement.close();
            }
        } catch (SQLException e) {
            throw new StatementFailedException(sql, e);
        }
    }
}
