package dev.parley.server.community;

import dev.parley.server.testing.Backend;

/** Every {@link TopicRulesTest} specification, on PostgreSQL. */
class TopicRulesPostgresTest extends TopicRulesTest {
    @Override
    Backend backend() {
        return Backend.POSTGRESQL;
    }
}
