package dev.parley.server.e2e;

import dev.parley.server.testing.Backend;

/** {@link E2eTimerTest} on PostgreSQL. */
class E2eTimerPostgresTest extends E2eTimerTest {
    @Override
    Backend backend() {
        return Backend.POSTGRESQL;
    }
}
