package dev.parley.server.bot;

import dev.parley.server.testing.Backend;

/** Every {@link BotErasureTest} specification, on PostgreSQL. */
class BotErasurePostgresTest extends BotErasureTest {
    @Override
    Backend backend() {
        return Backend.POSTGRESQL;
    }
}
