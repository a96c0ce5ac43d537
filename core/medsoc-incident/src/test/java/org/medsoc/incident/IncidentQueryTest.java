package org.medsoc.incident;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.medsoc.spi.error.MedsocException;

class IncidentQueryTest {
    @Test
    void readsEveryAllowedParameter() {
        IncidentQuery q = IncidentQuery.fromParameters(Map.ofEntries(
                Map.entry("state", List.of("new,triaging")), Map.entry("severity", List.of("HIGH")),
                Map.entry("assignee", List.of("li.wei")), Map.entry("rule_id", List.of("r1")),
                Map.entry("business_system", List.of("HIS")), Map.entry("q", List.of("export")),
                Map.entry("created_from", List.of("2026-11-01T00:00:00Z")),
                Map.entry("created_to", List.of("2026-12-01T00:00:00Z")), Map.entry("sla_breached", List.of("true")),
                Map.entry("sort", List.of("-severity")), Map.entry("offset", List.of("10")),
                Map.entry("limit", List.of("20"))));
        assertThat(q.states()).isEqualTo(Set.of(IncidentState.NEW, IncidentState.TRIAGING));
        assertThat(q.severities()).containsExactly(Severity.HIGH);
        assertThat(q.assignee()).contains("li.wei");
        assertThat(q.businessSystem()).contains("HIS");
        assertThat(q.createdFrom()).contains(Instant.parse("2026-11-01T00:00:00Z"));
        assertThat(q.slaBreached()).contains(true);
        assertThat(q.sort()).isEqualTo(IncidentSort.SEVERITY);
        assertThat(q.descending()).isTrue();
        assertThat(q.offset()).isEqualTo(10);
        assertThat(q.limit()).isEqualTo(20);
    }

    @Test
    void rejectsAnythingOffTheAllowList() {
        assertInvalid(Map.of("title; DROP TABLE incident", List.of("x")), "unknown incident filter 'title; DROP TABLE incident'; allowed: state, severity");
        assertInvalid(Map.of("sort", List.of("title")), "cannot sort incidents by 'title'; sort by one of created, updated, severity, due");
        assertInvalid(Map.of("sort", List.of("created_at DESC; DROP TABLE incident")), "cannot sort incidents by");
        assertInvalid(Map.of("state", List.of("open")), "filter 'state' does not accept 'open'");
        assertInvalid(Map.of("severity", List.of("urgent")), "filter 'severity' does not accept 'urgent'");
        assertInvalid(Map.of("created_from", List.of("yesterday")), "must be an ISO-8601 instant");
        assertInvalid(Map.of("sla_breached", List.of("yes")), "must be true or false");
        assertInvalid(Map.of("limit", List.of("1000")), "limit must be 1 to 500, was 1000");
        assertInvalid(Map.of("offset", List.of("-1")), "offset must be 0 or more");
        assertInvalid(Map.of("limit", List.of("ten")), "'limit' must be a whole number");
        assertInvalid(Map.of("q", List.of("a", "b")), "filter 'q' must be given once");
    }

    private static void assertInvalid(Map<String, List<String>> parameters, String message) {
        assertThatThrownBy(() -> IncidentQuery.fromParameters(parameters))
                .isInstanceOfSatisfying(MedsocException.class, e -> assertThat(e.errorCode())
                        .isEqualTo(IncidentErrorCode.INVALID_FILTER.toErrorCode()))
                .hasMessageContaining(message);
    }

    @Test
    void likePatternsMatchWildcardsLiterally() {
        assertThat(org.medsoc.database.Sql.containsPattern("50%_off\\", '\\')).isEqualTo("%50\\%\\_off\\\\%");
    }
}
