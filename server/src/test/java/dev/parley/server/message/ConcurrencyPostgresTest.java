package dev.parley.server.message;

import dev.parley.server.testing.Backend;

/** Every {@link ConcurrencyTest} specification, on PostgreSQL. */
class ConcurrencyPostgresTest extends ConcurrencyTest {
    @Override
    Backend backend() {
        return Backend.POSTGRESQL;
    }
}
