package dev.parley.server.community;

import dev.parley.server.testing.Backend;

/** Every {@link EventRulesTest} specification, on PostgreSQL. */
class EventRulesPostgresTest extends EventRulesTest {
    @Override
    Backend backend() {
        return Backend.POSTGRESQL;
    }
}
