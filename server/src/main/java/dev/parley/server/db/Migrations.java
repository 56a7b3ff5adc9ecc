package dev.parley.server.db;

import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * Flyway migrations: {@code db/migration/common} holds the schema both dialects share; {@code db/migration/sqlite}
 * and {@code db/migration/postgresql} hold only what cannot be shared (full-text search, sequences). Features take
 * version numbers from ranges of their own (bots V10–V19, channels V30–V39), so a database already past V30 must
 * still apply a newer V11: migrations run out of order (each is independent of the other features' tables).
 */
final class Migrations {
    private Migrations() {}

    static void apply(DataSource source, Dialect dialect) {
        Flyway.configure()
                .dataSource(source)
                .locations("classpath:db/migration/common", "classpath:db/migration/" + dialect.name().toLowerCase())
                .failOnMissingLocations(false)
                .outOfOrder(true)
                .load()
                .migrate();
    }
}
