package org.medsoc.server;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.medsoc.federation.ReportBody.Health;

/** The health a node reports in its heartbeat, from its pipeline and journal counters since the last one. */
class FederationHealthTest {
    @Test
    void quietOrBusyButCleanIsOk() {
        assertThat(FederationLink.health(0, 0, 0, 0, 0)).isEqualTo(Health.OK);
        assertThat(FederationLink.health(0, 0, 50_000, 0, 100_000)).isEqualTo(Health.OK);
    }

    @Test
    void deadLettersStoreRetriesAndLagDegrade() {
        assertThat(FederationLink.health(0, 0, 10, 1, 0)).isEqualTo(Health.DEGRADED);
        assertThat(FederationLink.health(0, 2, 10, 0, 0)).isEqualTo(Health.DEGRADED);
        assertThat(FederationLink.health(0, 0, 10, 0, 100_001)).isEqualTo(Health.DEGRADED);
    }

    @Test
    void aFullJournalOrAStoreThatStoresNothingIsFailing() {
        assertThat(FederationLink.health(1, 0, 10, 0, 0)).isEqualTo(Health.FAILING);
        assertThat(FederationLink.health(0, 3, 0, 0, 0)).isEqualTo(Health.FAILING);
    }
}
