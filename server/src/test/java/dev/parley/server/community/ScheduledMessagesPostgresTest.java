package dev.parley.server.community;

import dev.parley.server.testing.Backend;

/** Every {@link ScheduledMessagesTest} specification, on PostgreSQL. */
class ScheduledMessagesPostgresTest extends ScheduledMessagesTest {
    @Override
    Backend backend() {
        return Backend.POSTGRESQL;
    }
}
