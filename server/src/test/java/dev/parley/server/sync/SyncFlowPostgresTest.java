package dev.parley.server.sync;

import dev.parley.server.testing.Backend;

/** Every {@link SyncFlowTest} specification, on PostgreSQL. */
class SyncFlowPostgresTest extends SyncFlowTest {
    @Override
    Backend backend() {
        return Backend.POSTGRESQL;
    }
}
