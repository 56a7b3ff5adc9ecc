package dev.parley.server.post;

import dev.parley.server.testing.Backend;

/** Every {@link PerUserDetailRulesTest} specification, on PostgreSQL. */
class PerUserDetailRulesPostgresTest extends PerUserDetailRulesTest {
    @Override
    Backend backend() {
        return Backend.POSTGRESQL;
    }
}
