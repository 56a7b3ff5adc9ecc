package dev.parley.server.db;

/** The SQL dialects Parley stores data in. */
public enum Dialect {
    SQLITE,
    POSTGRESQL
}
