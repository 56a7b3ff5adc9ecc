package dev.parley.server.community;

import dev.parley.server.testing.Backend;

/** Every {@link LargeChatForwardTest} specification, on PostgreSQL. */
class LargeChatForwardPostgresTest extends LargeChatForwardTest {
    @Override
    Backend backend() {
        return Backend.POSTGRESQL;
    }
}
