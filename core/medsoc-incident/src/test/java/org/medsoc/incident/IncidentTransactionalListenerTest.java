package org.medsoc.incident;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.jdbi.v3.core.Handle;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.medsoc.database.Dialect;
import org.medsoc.spi.error.MedsocException;
import org.medsoc.spi.error.StandardErrorCode;

/**
 * The transactional hook: a listener writes in the transaction of every intake and change, so what it writes
 * commits with the change, and a listener that fails rolls the change back (both happen or neither).
 */
class IncidentTransactionalListenerTest extends ServiceFixture {

    /** Logs each change into a table of its own through the change's handle; fails when {@code fail} is set. */
    private static final class LoggingListener implements IncidentService.TransactionalListener {
        final AtomicReference<IncidentService.@Nullable ChangeKind> fail = new AtomicReference<>();

        @Override
        public void changed(Handle h, Incident after, IncidentService.ChangeKind kind) {
            h.createUpdate("INSERT INTO test_change_log (incident_id, kind, state, version) "
                            + "VALUES (:i, :kind, :state, :v)")
                    .bind("i", after.id()).bind("kind", kind.name()).bind("state", after.state().name())
                    .bind("v", after.version()).execute();
            if (kind == fail.get()) {
                throw new MedsocException(StandardErrorCode.GENERIC_INTERNAL_ERROR, "outbox unavailable");
            }
        }
    }

    private LoggingListener listen(IncidentService s) {
        db.jdbi().useHandle(h -> h.execute("CREATE TABLE test_change_log (incident_id BIGINT NOT NULL, "
                + "kind VARCHAR(20) NOT NULL, state VARCHAR(20) NOT NULL, version BIGINT NOT NULL)"));
        LoggingListener l = new LoggingListener();
        s.addTransactionalListener(l);
        return l;
    }

    private List<String> log() {
        return db.jdbi().withHandle(h -> h.createQuery("SELECT kind || ' ' || state || ' ' || version "
                + "FROM test_change_log ORDER BY version, kind").mapTo(String.class).list());
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void everyIntakeAndChangeIsToldInsideItsTransactionWithTheIncidentAfterIt(Dialect dialect) {
        IncidentService s = open(dialect);
        listen(s);
        s.onAlerts(List.of(alert(A, "a1", "brute", "pacs-01", NINE).level("medium", 50).build()));
        Incident opened = only(s, A);
        // a joining alert of a higher level escalates (a new version)
        s.onAlerts(List.of(alert(A, "a2", "brute", "pacs-01", NINE.plusSeconds(30)).level("critical", 95).build()));
        Incident acked = s.acknowledge(A, opened.id(), s.load(A, opened.id()).version(), LI);
        s.assign(A, acked.id(), acked.version(), LI, "zhang.min");

        assertThat(log()).containsExactly("OPENED NEW 0", "ESCALATED NEW 1", "CHANGED TRIAGING 2",
                "CHANGED TRIAGING 3");
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void aFailingListenerRollsTheChangeBack(Dialect dialect) {
        IncidentService s = open(dialect);
        LoggingListener l = listen(s);
        s.onAlerts(List.of(simple("a1", "brute", "pacs-01", NINE)));
        Incident i = only(s, A);
        int timeline = s.timeline(A, i.id()).size();

        l.fail.set(IncidentService.ChangeKind.CHANGED);
        assertThatThrownBy(() -> s.acknowledge(A, i.id(), i.version(), LI)).isInstanceOf(MedsocException.class)
                .hasMessageContaining("outbox unavailable");
        Incident unchanged = s.load(A, i.id());
        assertThat(unchanged.state()).isEqualTo(IncidentState.NEW);
        assertThat(unchanged.version()).isEqualTo(i.version());
        assertThat(unchanged.assignee()).isEmpty();
        assertThat(s.timeline(A, i.id())).hasSize(timeline);
        assertThat(log()).containsExactly("OPENED NEW 0");

        // an intake whose listener fails opens nothing and records no alert: the replay opens the incident once
        l.fail.set(IncidentService.ChangeKind.OPENED);
        assertThatThrownBy(() -> s.onAlerts(List.of(simple("b1", "scan", "ris-02", NINE))))
                .isInstanceOf(MedsocException.class);
        assertThat(s.list(A, IncidentQuery.all()).total()).isEqualTo(1);
        l.fail.set(null);
        IntakeResult replay = s.onAlerts(List.of(simple("b1", "scan", "ris-02", NINE)));
        assertThat(replay.opened()).isEqualTo(1);
        assertThat(s.list(A, IncidentQuery.all()).total()).isEqualTo(2);
        assertThat(log()).containsExactly("OPENED NEW 0", "OPENED NEW 0");

        // and the change succeeds once the listener does
        Incident acked = s.acknowledge(A, i.id(), i.version(), LI);
        assertThat(acked.state()).isEqualTo(IncidentState.TRIAGING);
        assertThat(log()).contains("CHANGED TRIAGING 1");
    }
}
