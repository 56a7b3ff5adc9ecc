package dev.parley.server.post;

import dev.parley.server.testing.Backend;

/** Every {@link PostRulesTest} specification, on PostgreSQL. */
class PostRulesPostgresTest extends PostRulesTest {
    @Override
    Backend backend() {
        return Backend.POSTGRESQL;
    }
}
