package dev.parley.server.message;

import dev.parley.server.testing.Backend;

/** Every {@link MessageRulesTest} specification, on PostgreSQL. */
class MessageRulesPostgresTest extends MessageRulesTest {
    @Override
    Backend backend() {
        return Backend.POSTGRESQL;
    }
}
