package dev.parley.server.message;

import dev.parley.server.testing.Backend;

/** Every {@link ErasureTest} specification, on PostgreSQL. */
class ErasurePostgresTest extends ErasureTest {
    @Override
    Backend backend() {
        return Backend.POSTGRESQL;
    }
}
