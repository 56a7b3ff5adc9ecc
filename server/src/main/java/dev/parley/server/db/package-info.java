/**
 * Storage plumbing: {@link dev.parley.server.db.Database} (reads on a pool, durable writes), the SQLite dialect with
 * its single group-commit writer, and Flyway migrations. Feature packages own their tables and SQL; this package owns
 * no table except Flyway's history.
 */
package dev.parley.server.db;
