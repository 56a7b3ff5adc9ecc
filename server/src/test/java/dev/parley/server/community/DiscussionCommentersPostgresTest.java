package dev.parley.server.community;

import dev.parley.server.testing.Backend;

/** Every {@link DiscussionCommentersTest} specification, on PostgreSQL. */
class DiscussionCommentersPostgresTest extends DiscussionCommentersTest {
    @Override
    Backend backend() {
        return Backend.POSTGRESQL;
    }
}
