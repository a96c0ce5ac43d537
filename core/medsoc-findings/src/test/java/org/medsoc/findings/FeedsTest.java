package org.medsoc.findings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.medsoc.findings.LedgerFixture.assertFails;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.medsoc.vuln.Severity;

class FeedsTest {

    static InputStream text(String s) {
        return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void readsTheKevCatalog() throws Exception {
        KevCatalog catalog = FindingScoresTest.kev();
        assertThat(catalog.entries()).hasSize(3);
        assertThat(catalog.entries().get(0)).isEqualTo(new KevEntry("CVE-2024-0001", LocalDate.of(2026, 11, 20),
                Optional.of(LocalDate.of(2026, 11, 28))));
        assertThat(catalog.cves()).containsExactly("CVE-2024-0001", "CVE-2024-0003", "CVE-2023-9999");
    }

    @Test
    void rejectsMalformedKevCatalogs() {
        assertFails(FindingsErrorCode.MALFORMED_FEED, () -> KevCatalog.parse(text("[]")))
                .hasMessageContaining("not a JSON object");
        assertFails(FindingsErrorCode.MALFORMED_FEED, () -> KevCatalog.parse(text("{\"count\": 1}")))
                .hasMessageContaining("no 'vulnerabilities'");
        assertFails(FindingsErrorCode.MALFORMED_FEED, () -> KevCatalog.parse(text(
                "{\"vulnerabilities\":[{\"cveID\":\"CVE-1\",\"dateAdded\":\"20/11/2026\"}]}")))
                .hasMessageContaining("CVE-1").hasMessageContaining("dateAdded");
        assertFails(FindingsErrorCode.MALFORMED_FEED, () -> KevCatalog.parse(text(
                "{\"vulnerabilities\":[{\"dateAdded\":\"2026-11-20\"}]}"))).hasMessageContaining("entry 0");
        assertFails(FindingsErrorCode.MALFORMED_FEED, () -> KevCatalog.parse(text("{\"vulnerabilities\":[{")));
    }

    @Test
    void rejectsMalformedEpssFiles() {
        assertFails(FindingsErrorCode.MALFORMED_FEED, () -> EpssScores.parse(text("CVE-1,0.1,0.2\n")))
                .hasMessageContaining("line 1").hasMessageContaining("header");
        assertFails(FindingsErrorCode.MALFORMED_FEED, () -> EpssScores.parse(text("cve,epss,percentile\nCVE-1,x,0.2\n")))
                .hasMessageContaining("line 2");
        assertFails(FindingsErrorCode.MALFORMED_FEED, () -> EpssScores.parse(text("cve,epss,percentile\nCVE-1,1.5,0.2\n")))
                .hasMessageContaining("between 0 and 1");
        EpssScores bom = EpssScores.parse(text("\uFEFFcve,epss,percentile\r\ncve-2024-1,0.5,0.7\r\n"));
        assertThat(bom.score("CVE-2024-1")).contains(new EpssScore(0.5, 0.7));
        assertThat(bom.modelVersion()).isEmpty();
    }

    @Test
    void readsNvdCveApiResponses() throws Exception {
        List<Advisory> advisories;
        try (InputStream in = FeedsTest.class.getResourceAsStream("/findings/nvd-cves.json")) {
            advisories = NvdFeed.parse(in);
        }
        assertThat(advisories).hasSize(2);
        Advisory httpd = advisories.get(0);
        assertThat(httpd.id()).isEqualTo("CVE-2023-25690");
        assertThat(httpd.cves()).containsExactly("CVE-2023-25690");
        assertThat(httpd.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(httpd.published()).isEqualTo(Instant.parse("2023-03-07T16:15:09.520Z"));
        assertThat(httpd.title()).startsWith("Some mod_proxy configurations");
        assertThat(httpd.affected()).containsExactly(new AffectedCpe(
                Cpe.parse("cpe:2.3:a:apache:http_server:*:*:*:*:*:*:*:*"), VersionRange.from("2.4.0", "2.4.56")));

        Advisory outlook = advisories.get(1);
        assertThat(outlook.affected()).as("vulnerable entries of an AND configuration, platforms dropped")
                .extracting(a -> ((AffectedCpe) a).criteria().product()).containsExactly("office", "365_apps");
        assertThat(AdvisoryMatcher.match(httpd, List.of(new InventoryItem(LedgerFixture.A, "his-web", "HIS web",
                List.of("cpe:2.3:a:apache:http_server:2.4.55:*:*:*:*:*:*:*"), List.of()))).matches()).hasSize(1);
    }

    @Test
    void rejectsNvdEntriesWithBadCriteria() {
        assertFails(FindingsErrorCode.MALFORMED_FEED, () -> NvdFeed.parse(text("{\"vulnerabilities\":[{\"cve\":{"
                + "\"id\":\"CVE-2024-1\",\"published\":\"2024-01-01T00:00:00\",\"configurations\":[{\"nodes\":[{"
                + "\"cpeMatch\":[{\"vulnerable\":true,\"criteria\":\"cpe:/a:x:y\"}]}]}]}}]}")))
                .hasMessageContaining("CVE-2024-1").hasMessageContaining("cpe:/a:x:y");
        assertFails(FindingsErrorCode.MALFORMED_FEED, () -> NvdFeed.parse(text("{\"vulnerabilities\":[{\"cve\":{"
                + "\"id\":\"CVE-2024-1\"}}]}"))).hasMessageContaining("published");
    }
}
