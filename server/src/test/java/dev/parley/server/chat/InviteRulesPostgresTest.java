package dev.parley.server.chat;

import dev.parley.server.testing.Backend;

/** Every {@link InviteRulesTest} specification, on PostgreSQL. */
class InviteRulesPostgresTest extends InviteRulesTest {
    @Override
    Backend backend() {
        return Backend.POSTGRESQL;
    }
}
