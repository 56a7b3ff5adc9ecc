package dev.parley.server.community;

import dev.parley.server.testing.Backend;

/** Every {@link DiscussionRulesTest} specification, on PostgreSQL. */
class DiscussionRulesPostgresTest extends DiscussionRulesTest {
    @Override
    Backend backend() {
        return Backend.POSTGRESQL;
    }
}
