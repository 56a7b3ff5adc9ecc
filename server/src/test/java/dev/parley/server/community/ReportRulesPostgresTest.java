package dev.parley.server.community;

import dev.parley.server.testing.Backend;

/** Every {@link ReportRulesTest} specification, on PostgreSQL. */
class ReportRulesPostgresTest extends ReportRulesTest {
    @Override
    Backend backend() {
        return Backend.POSTGRESQL;
    }
}
