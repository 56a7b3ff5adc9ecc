package dev.parley.server.post;

import dev.parley.server.testing.Backend;

/** Every {@link PinPollRulesTest} specification, on PostgreSQL. */
class PinPollRulesPostgresTest extends PinPollRulesTest {
    @Override
    Backend backend() {
        return Backend.POSTGRESQL;
    }
}
