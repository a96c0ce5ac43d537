package org.medsoc.asset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.medsoc.asset.Fixture.HOSPITAL_A;
import static org.medsoc.asset.Fixture.HOSPITAL_B;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.medsoc.database.DatabaseErrorCode;
import org.medsoc.database.Dialect;
import org.medsoc.spi.error.MedsocException;

class AssetInventoryTest {
    @TempDir
    Path dir;

    private static AssetAttributes hisServer() {
        return AssetAttributes.builder(AssetKind.HOST, "HIS 应用服务器")
                .ips("10.1.1.10", "10.1.1.11")
                .macs("00-1A-2B-3C-4D-5E")
                .hostnames("HIS-APP01.hospital.local")
                .os("Windows Server", "2016")
                .middleware(List.of(new Software("Tomcat", "8.5.40")))
                .databases(List.of(new Software("Oracle Database", "11.2.0.4")))
                .frameworks(List.of(new Software("log4j", "1.2.17"), new Software("Spring", "4.3")))
                .businessSystem("HIS")
                .owner("张伟")
                .department("信息科")
                .location("机房A-03")
                .criticality(4)
                .exposure(List.of(new ExposedService(443, "TCP", "https")))
                .tags("核心", "等保三级")
                .build();
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void createsReadsAndFindsAnAssetByEveryAddressForm(Dialect dialect) {
        try (Fixture f = new Fixture(dialect, dir)) {
            Asset created = f.inventory.create(HOSPITAL_A, hisServer(), "alice");

            assertThat(created.version()).isEqualTo(1);
            assertThat(created.status()).isEqualTo(AssetStatus.ACTIVE);
            assertThat(created.firstSeen()).isEqualTo(Fixture.START);
            Asset read = f.inventory.find(HOSPITAL_A, created.id()).orElseThrow();
            assertThat(read).isEqualTo(created);
            assertThat(read.attributes().macs()).containsExactly("00:1a:2b:3c:4d:5e");
            assertThat(read.attributes().hostnames()).containsExactly("his-app01.hospital.local");
            assertThat(read.attributes().exposed()).isTrue();

            assertThat(f.inventory.findByIp(HOSPITAL_A, "10.1.1.11")).extracting(Asset::id).containsExactly(created.id());
            assertThat(f.inventory.findByIp(HOSPITAL_A, "010.001.001.011")).extracting(Asset::id)
                    .containsExactly(created.id());
            assertThat(f.inventory.findByMac(HOSPITAL_A, "001A.2B3C.4D5E")).extracting(Asset::id)
                    .containsExactly(created.id());
            assertThat(f.inventory.findByHostname(HOSPITAL_A, "his-app01.HOSPITAL.local.")).extracting(Asset::id)
                    .containsExactly(created.id());
            assertThat(f.inventory.findByIp(HOSPITAL_A, "10.1.1.12")).isEmpty();
            assertThat(f.inventory.findByIp(HOSPITAL_A, "not an address")).isEmpty();
        }
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void recordsEveryChangedFieldWithWhoWhenAndSource(Dialect dialect) {
        try (Fixture f = new Fixture(dialect, dir)) {
            Asset created = f.inventory.create(HOSPITAL_A, hisServer(), "alice");
            f.clock.advance(Duration.ofHours(1));
            Asset updated = f.inventory.update(HOSPITAL_A, created.id(), 1,
                    created.attributes().toBuilder().owner("李娜").ips("10.1.1.10").build(), "bob");

            assertThat(updated.version()).isEqualTo(2);
            assertThat(updated.updatedAt()).isEqualTo(Fixture.START.plus(Duration.ofHours(1)));
            List<AssetChange> history = f.inventory.history(HOSPITAL_A, created.id());
            List<AssetChange> creation = history.stream().filter(c -> c.actor().equals("alice")).toList();
            assertThat(creation).extracting(AssetChange::field)
                    .contains("status", "name", "ip", "owner", "criticality", "frameworks", "exposure")
                    .doesNotContain("firmware", "modality");
            assertThat(creation).allSatisfy(c -> {
                assertThat(c.oldValue()).isEmpty();
                assertThat(c.source()).isEqualTo(ChangeSource.MANUAL);
                assertThat(c.changedAt()).isEqualTo(Fixture.START);
            });
            List<AssetChange> edit = history.stream().filter(c -> c.actor().equals("bob")).toList();
            assertThat(edit).extracting(AssetChange::field, AssetChange::oldValue, AssetChange::newValue)
                    .containsExactly(
                            org.assertj.core.groups.Tuple.tuple("ip", "10.1.1.10; 10.1.1.11", "10.1.1.10"),
                            org.assertj.core.groups.Tuple.tuple("owner", "张伟", "李娜"));
            assertThat(f.inventory.findByIp(HOSPITAL_A, "10.1.1.11")).isEmpty();
            assertThat(f.inventory.findByIp(HOSPITAL_A, "10.1.1.10")).hasSize(1);

            Asset same = f.inventory.update(HOSPITAL_A, created.id(), 2, updated.attributes(), "bob");
            assertThat(same.version()).isEqualTo(2);
            assertThat(f.inventory.history(HOSPITAL_A, created.id())).hasSameSizeAs(history);
        }
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void aStaleVersionFailsAndWritesNothing(Dialect dialect) {
        try (Fixture f = new Fixture(dialect, dir)) {
            Asset created = f.inventory.create(HOSPITAL_A, hisServer(), "alice");
            f.inventory.update(HOSPITAL_A, created.id(), 1,
                    created.attributes().toBuilder().owner("李娜").build(), "bob");
            int changes = f.inventory.history(HOSPITAL_A, created.id()).size();

            assertThatThrownBy(() -> f.inventory.update(HOSPITAL_A, created.id(), 1,
                    created.attributes().toBuilder().owner("王强").location("机房B").build(), "carol"))
                    .isInstanceOfSatisfying(MedsocException.class, e -> assertThat(e.errorCode())
                            .isEqualTo(DatabaseErrorCode.CONCURRENT_MODIFICATION.toErrorCode()))
                    .hasMessageContaining("version 1 was read, 2 is stored");
            assertThatThrownBy(() -> f.inventory.retire(HOSPITAL_A, created.id(), 1, "carol"))
                    .isInstanceOfSatisfying(MedsocException.class, e -> assertThat(e.errorCode())
                            .isEqualTo(DatabaseErrorCode.CONCURRENT_MODIFICATION.toErrorCode()));

            Asset stored = f.inventory.find(HOSPITAL_A, created.id()).orElseThrow();
            assertThat(stored.version()).isEqualTo(2);
            assertThat(stored.attributes().owner()).isEqualTo("李娜");
            assertThat(stored.attributes().location()).isEqualTo("机房A-03");
            assertThat(stored.status()).isEqualTo(AssetStatus.ACTIVE);
            assertThat(f.inventory.history(HOSPITAL_A, created.id())).hasSize(changes);
        }
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void ofTwoConcurrentEditsOfOneVersionExactlyOneWins(Dialect dialect) throws Exception {
        try (Fixture f = new Fixture(dialect, dir)) {
            Asset a = f.inventory.create(HOSPITAL_A, hisServer(), "alice");
            java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(2);
            java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
            try {
                List<java.util.concurrent.Future<String>> results = new java.util.ArrayList<>();
                for (String owner : List.of("李娜", "王强")) {
                    results.add(pool.submit(() -> {
                        start.await(10, java.util.concurrent.TimeUnit.SECONDS);
                        try {
                            f.inventory.update(HOSPITAL_A, a.id(), 1,
                                    a.attributes().toBuilder().owner(owner).build(), owner);
                            return "won";
                        } catch (MedsocException e) {
                            assertThat(e.errorCode()).isEqualTo(DatabaseErrorCode.CONCURRENT_MODIFICATION.toErrorCode());
                            return "lost";
                        }
                    }));
                }
                List<String> outcomes = new java.util.ArrayList<>();
                for (java.util.concurrent.Future<String> r : results) {
                    outcomes.add(r.get(30, java.util.concurrent.TimeUnit.SECONDS));
                }
                assertThat(outcomes).containsExactlyInAnyOrder("won", "lost");
            } finally {
                pool.shutdownNow();
            }
            Asset stored = f.inventory.find(HOSPITAL_A, a.id()).orElseThrow();
            assertThat(stored.version()).isEqualTo(2);
            assertThat(f.inventory.history(HOSPITAL_A, a.id())).filteredOn(c -> c.field().equals("owner"))
                    .hasSize(2)
                    .last().satisfies(c -> assertThat(c.newValue()).isEqualTo(stored.attributes().owner()));
        }
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void retiresAndConfirmsThroughNamedTransitions(Dialect dialect) {
        try (Fixture f = new Fixture(dialect, dir)) {
            Asset a = f.inventory.create(HOSPITAL_A, hisServer(), "alice");
            assertThatThrownBy(() -> f.inventory.confirm(HOSPITAL_A, a.id(), 1, "alice"))
                    .isInstanceOfSatisfying(MedsocException.class, e -> assertThat(e.errorCode())
                            .isEqualTo(AssetErrorCode.INVALID_TRANSITION.toErrorCode()));
            Asset retired = f.inventory.retire(HOSPITAL_A, a.id(), 1, "alice");
            assertThat(retired.status()).isEqualTo(AssetStatus.RETIRED);
            assertThat(retired.version()).isEqualTo(2);
            assertThat(f.inventory.history(HOSPITAL_A, a.id())).last()
                    .satisfies(c -> {
                        assertThat(c.field()).isEqualTo("status");
                        assertThat(c.oldValue()).isEqualTo("ACTIVE");
                        assertThat(c.newValue()).isEqualTo("RETIRED");
                    });
            assertThatThrownBy(() -> f.inventory.update(HOSPITAL_A, a.id(), 2, a.attributes(), "alice"))
                    .hasMessageContaining("retired");
            assertThatThrownBy(() -> f.inventory.retire(HOSPITAL_A, 999_999, 1, "alice"))
                    .isInstanceOfSatisfying(MedsocException.class, e -> assertThat(e.errorCode())
                            .isEqualTo(AssetErrorCode.ASSET_NOT_FOUND.toErrorCode()));
        }
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void aTenantNeverSeesOrChangesAnotherTenantsAssets(Dialect dialect) {
        try (Fixture f = new Fixture(dialect, dir)) {
            Asset a = f.inventory.create(HOSPITAL_A, hisServer(), "alice");

            assertThat(f.inventory.find(HOSPITAL_B, a.id())).isEmpty();
            assertThat(f.inventory.findByIp(HOSPITAL_B, "10.1.1.10")).isEmpty();
            assertThat(f.inventory.findByMac(HOSPITAL_B, "00:1a:2b:3c:4d:5e")).isEmpty();
            assertThat(f.inventory.findByHostname(HOSPITAL_B, "his-app01.hospital.local")).isEmpty();
            assertThat(f.inventory.history(HOSPITAL_B, a.id())).isEmpty();
            assertThat(f.inventory.list(HOSPITAL_B, AssetQuery.all()).total()).isZero();
            assertThatThrownBy(() -> f.inventory.update(HOSPITAL_B, a.id(), 1, a.attributes(), "mallory"))
                    .isInstanceOfSatisfying(MedsocException.class, e -> assertThat(e.errorCode())
                            .isEqualTo(AssetErrorCode.ASSET_NOT_FOUND.toErrorCode()));
            assertThatThrownBy(() -> f.inventory.retire(HOSPITAL_B, a.id(), 1, "mallory"))
                    .isInstanceOf(MedsocException.class);

            Asset b = f.inventory.create(HOSPITAL_B, hisServer(), "bob");
            assertThat(f.inventory.findByIp(HOSPITAL_B, "10.1.1.10")).extracting(Asset::id).containsExactly(b.id());
            assertThat(f.inventory.findByIp(HOSPITAL_A, "10.1.1.10")).extracting(Asset::id).containsExactly(a.id());
            assertThat(f.inventory.tenants()).containsExactly(HOSPITAL_A, HOSPITAL_B);
            assertThat(f.inventory.find(HOSPITAL_A, a.id()).orElseThrow().version()).isEqualTo(1);
        }
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void rejectsInvalidAttributesWithAPreciseMessage(Dialect dialect) {
        try (Fixture f = new Fixture(dialect, dir)) {
            assertThatThrownBy(() -> AssetAttributes.builder(AssetKind.HOST, "x").criticality(5).build())
                    .isInstanceOfSatisfying(MedsocException.class, e -> assertThat(e.errorCode())
                            .isEqualTo(AssetErrorCode.INVALID_ASSET.toErrorCode()))
                    .hasMessageContaining("criticality must be 1 (low) to 4 (critical), was 5");
            assertThatThrownBy(() -> AssetAttributes.builder(AssetKind.HOST, "x").ips("10.0.0.256").build())
                    .hasMessageContaining("'10.0.0.256' is not a valid IP address");
            assertThatThrownBy(() -> AssetAttributes.builder(AssetKind.HOST, "x").macs("00:11:22").build())
                    .hasMessageContaining("'00:11:22' is not a valid MAC address");
            assertThatThrownBy(() -> AssetAttributes.builder(AssetKind.HOST, "  ").build())
                    .hasMessageContaining("name");
            assertThat(f.count("asset")).isZero();
        }
    }
}
