package dev.parley.server.community;

import dev.parley.server.testing.Backend;

/** {@link CommunityErasureTest} on PostgreSQL. */
class CommunityErasurePostgresTest extends CommunityErasureTest {
    @Override
    Backend backend() {
        return Backend.POSTGRESQL;
    }
}
