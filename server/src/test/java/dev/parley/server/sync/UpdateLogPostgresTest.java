package dev.parley.server.sync;

import dev.parley.server.testing.Backend;

/** {@link UpdateLogTest} on PostgreSQL. */
class UpdateLogPostgresTest extends UpdateLogTest {
    @Override
    Backend backend() {
        return Backend.POSTGRESQL;
    }
}
