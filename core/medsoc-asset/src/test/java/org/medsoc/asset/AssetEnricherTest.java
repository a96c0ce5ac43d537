package org.medsoc.asset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.medsoc.asset.Fixture.HOSPITAL_A;
import static org.medsoc.asset.Fixture.HOSPITAL_B;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.medsoc.database.Dialect;
import org.medsoc.spi.event.Event;
import org.medsoc.spi.event.Fields;
import org.medsoc.spi.event.TenantId;

class AssetEnricherTest {
    @TempDir
    Path dir;

    private static Event event(TenantId tenant, String source, String destination) {
        return new Event(tenant, Fixture.START.toEpochMilli(), "x")
                .put(Fields.SOURCE_IP, source)
                .put(Fields.DESTINATION_IP, destination);
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void stampsAssetBusinessSystemAndCriticalityOfEveryMatchingAddress(Dialect dialect) {
        try (Fixture f = new Fixture(dialect, dir)) {
            Asset his = f.inventory.create(HOSPITAL_A, AssetAttributes.builder(AssetKind.HOST, "his")
                    .ips("10.1.1.10").businessSystem("HIS").criticality(4).build(), "seed");
            Asset pacs = f.inventory.create(HOSPITAL_A, AssetAttributes.builder(AssetKind.HOST, "pacs")
                    .ips("10.1.2.20").businessSystem("PACS").criticality(3).build(), "seed");
            Asset emr = f.inventory.create(HOSPITAL_A, AssetAttributes.builder(AssetKind.HOST, "emr")
                    .ips("fd00::10").businessSystem("EMR").criticality(2).build(), "seed");
            Asset old = f.inventory.create(HOSPITAL_A, AssetAttributes.builder(AssetKind.HOST, "old")
                    .ips("10.1.4.4").businessSystem("OA").build(), "seed");
            f.inventory.retire(HOSPITAL_A, old.id(), old.version(), "seed");
            AssetEnricher enricher = AssetEnricher.create(f.inventory);
            assertThat(enricher.size(HOSPITAL_A)).isEqualTo(3);

            Event both = event(HOSPITAL_A, "10.1.2.20", "10.1.1.10");
            enricher.enrich(both);
            assertThat(both.values(AssetFields.ASSET_ID))
                    .containsExactly(Long.toString(pacs.id()), Long.toString(his.id()));
            assertThat(both.value(AssetFields.ASSET_CRITICALITY)).isEqualTo("4");
            assertThat(both.value(Fields.MEDSOC_BUSINESS_SYSTEM)).isEqualTo("HIS");

            Event labelled = event(HOSPITAL_A, "10.1.2.20", "8.8.8.8").put(Fields.MEDSOC_BUSINESS_SYSTEM, "LIS");
            enricher.enrich(labelled);
            assertThat(labelled.value(Fields.MEDSOC_BUSINESS_SYSTEM)).isEqualTo("LIS");
            assertThat(labelled.value(AssetFields.ASSET_CRITICALITY)).isEqualTo("3");

            Event host = new Event(HOSPITAL_A, 0, "x").put(Fields.HOST_IP, "FD00:0:0::10")
                    .put(Fields.SOURCE_IP, "10.1.1.10");
            enricher.enrich(host);
            assertThat(host.values(AssetFields.ASSET_ID))
                    .containsExactly(Long.toString(emr.id()), Long.toString(his.id()));
            assertThat(host.value(Fields.MEDSOC_BUSINESS_SYSTEM)).isEqualTo("EMR");

            Event same = event(HOSPITAL_A, "10.1.1.10", "10.1.1.10");
            enricher.enrich(same);
            assertThat(same.values(AssetFields.ASSET_ID)).containsExactly(Long.toString(his.id()));

            for (Event none : new Event[] {event(HOSPITAL_A, "10.1.4.4", "8.8.8.8"),
                event(HOSPITAL_A, "10.1.1.100", "10.1.1.1"), event(HOSPITAL_B, "10.1.1.10", "10.1.2.20"),
                event(HOSPITAL_A, "010.1.1.10", "garbage")}) {
                enricher.enrich(none);
                assertThat(none.size()).as(none.toString()).isEqualTo(2);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void seesEveryCommittedChangeAtOnce(Dialect dialect) {
        try (Fixture f = new Fixture(dialect, dir)) {
            AssetEnricher enricher = AssetEnricher.create(f.inventory);
            Event before = event(HOSPITAL_A, "10.3.0.5", "8.8.8.8");
            enricher.enrich(before);
            assertThat(before.has(AssetFields.ASSET_ID)).isFalse();

            f.inventory.importCsv(HOSPITAL_A, Fixture.resource("chinese-gb18030.csv"), "alice");
            Event lis = event(HOSPITAL_A, "10.3.0.5", "8.8.8.8");
            enricher.enrich(lis);
            assertThat(lis.value(Fields.MEDSOC_BUSINESS_SYSTEM)).isEqualTo("LIS");
            assertThat(lis.value(AssetFields.ASSET_CRITICALITY)).isEqualTo("3");

            Asset a = f.inventory.findByIp(HOSPITAL_A, "10.3.0.5").get(0);
            f.inventory.update(HOSPITAL_A, a.id(), a.version(), a.attributes().toBuilder().criticality(1).build(), "bob");
            Event after = event(HOSPITAL_A, "10.3.0.5", "8.8.8.8");
            enricher.enrich(after);
            assertThat(after.value(AssetFields.ASSET_CRITICALITY)).isEqualTo("1");

            f.inventory.retire(HOSPITAL_A, a.id(), a.version() + 1, "bob");
            Event retired = event(HOSPITAL_A, "10.3.0.5", "8.8.8.8");
            enricher.enrich(retired);
            assertThat(retired.has(AssetFields.ASSET_ID)).isFalse();
        }
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void allocatesNothingForEventsWithoutAMatch(Dialect dialect) {
        try (Fixture f = new Fixture(dialect, dir)) {
            for (int i = 1; i <= 200; i++) {
                f.inventory.importDiscovered(HOSPITAL_A, java.util.List.of(
                        DiscoveredHost.address("10.50." + (i / 100) + "." + (i % 100), Fixture.START)),
                        ChangeSource.PASSIVE, "seed");
            }
            AssetEnricher enricher = AssetEnricher.create(f.inventory);
            assertThat(enricher.size(HOSPITAL_A)).isEqualTo(200);
            Event[] events = new Event[64];
            for (int i = 0; i < events.length; i++) {
                events[i] = event(HOSPITAL_A, "10.60.0." + i, "192.168.7." + i)
                        .put(Fields.HOST_IP, "172.16.0." + i).put(Fields.MESSAGE, "m");
            }
            com.sun.management.ThreadMXBean threads =
                    (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
            for (int round = 0; round < 2_000; round++) {
                enricher.enrich(events[round % events.length]);
            }
            long start = threads.getCurrentThreadAllocatedBytes();
            for (int round = 0; round < 200_000; round++) {
                enricher.enrich(events[round % events.length]);
            }
            long allocated = threads.getCurrentThreadAllocatedBytes() - start;
            // 200k events: any per-event allocation would be megabytes; the bound leaves room for the probe itself
            assertThat(allocated).isLessThan(64 * 1024);
            assertThat(events[0].size()).isEqualTo(4);
        }
    }
}
