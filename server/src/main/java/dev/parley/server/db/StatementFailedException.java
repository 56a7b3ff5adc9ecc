package dev.parley.server.db;

import java.sql.SQLException;

/** A statement run through {@link Sql} failed; the driver's exception (its SQLState) is the cause. */
public final class StatementFailedException extends RuntimeException {
    public StatementFailedException(String sql, SQLException cause) {
        super(cause.getMessage() + " [statement: " + sql + "]", cause);
    }
}
