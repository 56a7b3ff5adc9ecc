package dev.parley.server.chat;

import dev.parley.server.testing.Backend;

/** Every {@link ChatRulesTest} specification, on PostgreSQL. */
class ChatRulesPostgresTest extends ChatRulesTest {
    @Override
    Backend backend() {
        return Backend.POSTGRESQL;
    }
}
