package dev.parley.server.e2e;

import dev.parley.server.testing.Backend;

/** Every {@link E2eDirectoryTest} specification, on PostgreSQL. */
class E2eDirectoryPostgresTest extends E2eDirectoryTest {
    @Override
    Backend backend() {
        return Backend.POSTGRESQL;
    }
}
