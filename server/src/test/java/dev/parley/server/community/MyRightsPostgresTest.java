package dev.parley.server.community;

import dev.parley.server.testing.Backend;

/** Every {@link MyRightsTest} specification, on PostgreSQL. */
class MyRightsPostgresTest extends MyRightsTest {
    @Override
    Backend backend() {
        return Backend.POSTGRESQL;
    }
}
