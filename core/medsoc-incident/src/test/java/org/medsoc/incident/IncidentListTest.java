package org.medsoc.incident;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.medsoc.database.Dialect;

class IncidentListTest extends ServiceFixture {

    /** Five incidents in tenant A, one a minute, plus one in tenant B. */
    private IncidentService fiveIncidents(Dialect dialect) {
        IncidentService s = open(dialect);
        String[][] spec = {
            {"r1", "his-db-01", "critical", "HIS"},
            {"r1", "pacs-01", "low", "PACS"},
            {"r2", "emr-01", "high", "EMR"},
            {"r3", "lis-01", "medium", "LIS"},
            {"r2", "his-app-01", "high", "HIS"},
        };
        for (int k = 0; k < spec.length; k++) {
            s.onAlerts(List.of(alert(A, "a" + k, spec[k][0], spec[k][1], clock.instant())
                    .ruleTitle(k == 3 ? "50% of results modified" : "Rule " + spec[k][0]).level(spec[k][2], 50)
                    .entity(EntityField.BUSINESS_SYSTEM, spec[k][3]).build()));
            clock.advance(Duration.ofMinutes(1));
        }
        s.onAlerts(List.of(alert(B, "b0", "r1", "his-db-01", clock.instant()).level("critical", 99).build()));
        return s;
    }

    private static List<String> hosts(Page<Incident> page) {
        return page.items().stream().map(i -> i.attribute(AttributeKind.HOST).get(0)).toList();
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void filtersSortsAndPages(Dialect dialect) {
        IncidentService s = fiveIncidents(dialect);
        Page<Incident> all = s.list(A, IncidentQuery.all());
        assertThat(all.total()).isEqualTo(5);
        assertThat(hosts(all)).containsExactly("his-app-01", "lis-01", "emr-01", "pacs-01", "his-db-01");
        assertThat(hosts(s.list(A, IncidentQuery.all().sortedBy(IncidentSort.SEVERITY, true))))
                .containsExactly("his-db-01", "his-app-01", "emr-01", "lis-01", "pacs-01");
        Page<Incident> page = s.list(A, IncidentQuery.all().sortedBy(IncidentSort.CREATED, false).page(2, 2));
        assertThat(page.total()).isEqualTo(5);
        assertThat(hosts(page)).containsExactly("emr-01", "lis-01");
        assertThat(hosts(s.list(A, IncidentQuery.all().withSeverities(Severity.HIGH))))
                .containsExactly("his-app-01", "emr-01");
        assertThat(hosts(s.list(A, IncidentQuery.fromParameters(Map.of("business_system", List.of("HIS"))))))
                .containsExactly("his-app-01", "his-db-01");
        assertThat(hosts(s.list(A, IncidentQuery.fromParameters(Map.of("rule_id", List.of("r2"), "sort",
                List.of("created")))))).containsExactly("emr-01", "his-app-01");
        assertThat(hosts(s.list(A, IncidentQuery.all().withTitleContains("50%")))).containsExactly("lis-01");
        assertThat(hosts(s.list(A, IncidentQuery.all().withTitleContains("RULE R1 ON PACS")))).containsExactly("pacs-01");
        assertThat(hosts(s.list(A, IncidentQuery.fromParameters(Map.of(
                "created_from", List.of(NINE.plus(Duration.ofMinutes(1)).toString()),
                "created_to", List.of(NINE.plus(Duration.ofMinutes(3)).toString()))))))
                .containsExactly("emr-01", "pacs-01");
        Incident pacs = s.list(A, IncidentQuery.all().withTitleContains("pacs")).items().get(0);
        s.acknowledge(A, pacs.id(), pacs.version(), LI);
        assertThat(hosts(s.list(A, IncidentQuery.fromParameters(Map.of("state", List.of("triaging,containing"),
                "assignee", List.of("li.wei")))))).containsExactly("pacs-01");
        assertThat(s.list(A, IncidentQuery.all().withStates(IncidentState.NEW)).total()).isEqualTo(4);
        assertThat(hosts(s.list(A, IncidentQuery.all().sortedBy(IncidentSort.UPDATED, true).page(0, 1))))
                .containsExactly("pacs-01");
        assertThat(s.list(A, IncidentQuery.all().sortedBy(IncidentSort.DUE, false)).total()).isEqualTo(5);
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void injectionAttemptsInFilterValuesMatchNothingAndBreakNothing(Dialect dialect) {
        IncidentService s = fiveIncidents(dialect);
        List<String> attacks = List.of("x' OR '1'='1", "%' OR 1=1 --", "'; DROP TABLE incident; --",
                "\\' OR tenant_id <> '", "his' UNION SELECT * FROM incident --", "%_%' ESCAPE '");
        for (String attack : attacks) {
            assertThat(s.list(A, IncidentQuery.all().withTitleContains(attack)).total()).as(attack).isZero();
            assertThat(s.list(A, IncidentQuery.fromParameters(Map.of("assignee", List.of(attack)))).total()).isZero();
            assertThat(s.list(A, IncidentQuery.fromParameters(Map.of("rule_id", List.of(attack)))).total()).isZero();
            assertThat(s.list(A, IncidentQuery.fromParameters(Map.of("business_system", List.of(attack))))
                    .total()).isZero();
        }
        assertThat(s.list(A, IncidentQuery.all()).total()).isEqualTo(5);
        assertThat(s.list(B, IncidentQuery.all()).total()).isEqualTo(1);
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void listsNeverMixTenants(Dialect dialect) {
        IncidentService s = fiveIncidents(dialect);
        assertThat(s.list(A, IncidentQuery.all()).items()).extracting(Incident::tenant).containsOnly(A);
        Page<Incident> b = s.list(B, IncidentQuery.fromParameters(Map.of("rule_id", List.of("r1"))));
        assertThat(b.total()).isEqualTo(1);
        assertThat(b.items()).extracting(Incident::tenant).containsOnly(B);
        assertThat(s.metrics(B, NINE, NINE.plus(Duration.ofDays(1))).opened()).isEqualTo(1);
        assertThat(s.metrics(A, NINE, NINE.plus(Duration.ofDays(1))).opened()).isEqualTo(5);
        clock.advance(Duration.ofHours(1));
        assertThat(s.overdue(List.of(B), 100)).extracting(Incident::tenant).containsOnly(B).hasSize(1);
        assertThat(s.overdue(List.of(A), 100)).extracting(Incident::tenant).containsOnly(A).hasSize(5);
    }
}
