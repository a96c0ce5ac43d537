package org.medsoc.findings;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.medsoc.database.Dialect;
import org.medsoc.spi.event.TenantId;
import org.medsoc.testing.database.TestDatabases;
import org.medsoc.vuln.Severity;

class AdvisoryStoreTest extends LedgerFixture {
    static final TenantId C = TenantId.of("hospital-c");

    private AdvisoryStore store(Dialect dialect) {
        db = TestDatabases.open(dialect, dir);
        return AdvisoryStore.create(db, clock);
    }

    static List<InventoryItem> inventory() {
        return List.of(
                new InventoryItem(A, "his-web-01", "HIS 门户", List.of(
                        "cpe:2.3:a:apache:http_server:2.4.55:*:*:*:*:*:*:*"), List.of()),
                new InventoryItem(A, "pacs-01", "PACS", List.of(), List.of(new Product("Apache", "HTTP Server",
                        "2.4.62"))),
                new InventoryItem(B, "lis-01", "LIS", List.of(
                        "cpe:2.3:a:apache:http_server:2.4.62:*:*:*:*:*:*:*"), List.of()),
                new InventoryItem(C, "emr-01", "EMR", List.of(), List.of(new Product("Apache", "HTTP Server",
                        "2.4.10"))));
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void onlyAffectedTenantsGetANotice(Dialect dialect) {
        AdvisoryStore store = store(dialect);
        Advisory httpd = AdvisoryMatcherTest.httpd();
        List<AdvisoryNotice> raised = store.publish(httpd, inventory());
        assertThat(raised).extracting(AdvisoryNotice::tenant).containsExactly(A, C);
        AdvisoryNotice ofA = store.notices(A, Optional.empty()).get(0);
        assertThat(ofA.advisoryId()).isEqualTo("CVE-2023-25690");
        assertThat(ofA.state()).isEqualTo(NoticeState.NEW);
        assertThat(ofA.createdAt()).isEqualTo(T0);
        assertThat(ofA.assets()).singleElement().satisfies(m -> {
            assertThat(m.assetId()).isEqualTo("his-web-01");
            assertThat(m.assetName()).isEqualTo("HIS 门户");
            assertThat(m.version()).isEqualTo("2.4.55");
            assertThat(m.reason()).contains("[2.4.0, 2.4.56)");
        });
        assertThat(store.notices(B, Optional.empty())).as("no affected asset, no notice").isEmpty();
        assertThat(store.notices(C, Optional.empty())).singleElement()
                .satisfies(n -> assertThat(n.assets()).extracting(AssetMatch::matched)
                        .containsExactly("Apache HTTP Server 2.4.10"));
        assertThat(store.find("CVE-2023-25690")).contains(httpd);
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void acknowledgingIsPerTenantAndRecordsWhoAndWhen(Dialect dialect) {
        AdvisoryStore store = store(dialect);
        store.publish(AdvisoryMatcherTest.httpd(), inventory());
        AdvisoryNotice ofA = store.notices(A, Optional.of(NoticeState.NEW)).get(0);
        AdvisoryNotice ofC = store.notices(C, Optional.empty()).get(0);
        assertFails(FindingsErrorCode.NOTICE_NOT_FOUND, () -> store.acknowledge(B, ofA.id(), ZHANG));
        assertFails(FindingsErrorCode.NOTICE_NOT_FOUND, () -> store.acknowledge(C, ofA.id(), ZHANG));

        clock.advance(Duration.ofMinutes(20));
        AdvisoryNotice ack = store.acknowledge(A, ofA.id(), LI);
        assertThat(ack.state()).isEqualTo(NoticeState.ACKNOWLEDGED);
        assertThat(ack.acknowledgedBy()).contains(LI);
        assertThat(ack.acknowledgedAt()).contains(T0.plus(Duration.ofMinutes(20)));
        clock.advance(Duration.ofMinutes(5));
        assertThat(store.acknowledge(A, ofA.id(), ZHANG).acknowledgedBy()).as("first acknowledgement kept")
                .contains(LI);
        assertThat(store.notices(A, Optional.of(NoticeState.NEW))).isEmpty();
        assertThat(store.notices(C, Optional.of(NoticeState.NEW))).extracting(AdvisoryNotice::id)
                .containsExactly(ofC.id());
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void republishingAddsNewlyAffectedAssetsAndKeepsTheState(Dialect dialect) {
        AdvisoryStore store = store(dialect);
        Advisory httpd = AdvisoryMatcherTest.httpd();
        store.publish(httpd, inventory());
        AdvisoryNotice ofA = store.notices(A, Optional.empty()).get(0);
        store.acknowledge(A, ofA.id(), LI);
        List<InventoryItem> grown = new java.util.ArrayList<>(inventory());
        grown.add(new InventoryItem(A, "his-web-02", "HIS 门户 2", List.of(
                "cpe:2.3:a:apache:http_server:2.4.54:*:*:*:*:*:*:*"), List.of()));
        store.publish(httpd, grown);
        List<AdvisoryNotice> notices = store.notices(A, Optional.empty());
        assertThat(notices).hasSize(1);
        assertThat(notices.get(0).id()).isEqualTo(ofA.id());
        assertThat(notices.get(0).state()).isEqualTo(NoticeState.ACKNOWLEDGED);
        assertThat(notices.get(0).assets()).extracting(AssetMatch::assetId)
                .containsExactly("his-web-01", "his-web-02");

        Advisory vendor = new Advisory("CNVD-2026-77", List.of(), "PACS viewer", Severity.HIGH, T0, List.of(
                new AffectedProduct("Apache", "HTTP Server", VersionRange.ANY)));
        store.publish(vendor, inventory());
        assertThat(store.find("CNVD-2026-77")).contains(vendor);
        assertThat(store.notices(B, Optional.empty())).as("B is affected by the vendor bulletin").hasSize(1);
        assertThat(store.find("nope")).isEmpty();
    }
}
