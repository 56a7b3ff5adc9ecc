package dev.parley.server.chat;

import dev.parley.server.testing.Backend;

/** Every {@link ChannelRulesTest} specification, on PostgreSQL. */
class ChannelRulesPostgresTest extends ChannelRulesTest {
    @Override
    Backend backend() {
        return Backend.POSTGRESQL;
    }
}
