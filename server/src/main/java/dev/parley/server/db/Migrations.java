package dev.parley.server.db;

import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * Flyway migrations: {@code db/migration/common} holds the schema both dialects share; {@code db/migration/sqlite}
 * and {@code db/migration/postgresql} hold only what cannot be shared (full-text search, sequences).
 */
final class Migrations {
    private Migrations() {}

    static void apply(DataSource source, Dialect dialect) {
        Flyway.configure()
                .dataSource(source)
                .locations("classpath:db/migration/common", "classpath:db/migration/" + dialect.name().toLowerCase())
                .failOnMissingLocations(false)
                .load()
                .migrate();
    }
}
