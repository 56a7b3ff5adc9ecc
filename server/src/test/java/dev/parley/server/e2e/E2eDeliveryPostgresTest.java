package dev.parley.server.e2e;

import dev.parley.server.testing.Backend;

/** Every {@link E2eDeliveryTest} specification, on PostgreSQL. */
class E2eDeliveryPostgresTest extends E2eDeliveryTest {
    @Override
    Backend backend() {
        return Backend.POSTGRESQL;
    }
}
