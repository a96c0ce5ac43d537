package org.medsoc.asset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.medsoc.asset.Fixture.HOSPITAL_A;
import static org.medsoc.asset.Fixture.HOSPITAL_B;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.medsoc.database.Dialect;
import org.medsoc.spi.error.MedsocException;

class AssetListTest {
    @TempDir
    Path dir;

    /** Twelve assets: names a01..a12, kinds and systems rotating, criticality 1-4, every third exposed. */
    private static void seed(Fixture f) {
        AssetKind[] kinds = {AssetKind.HOST, AssetKind.MEDICAL_DEVICE, AssetKind.NETWORK_DEVICE};
        String[] systems = {"HIS", "PACS", "LIS", "EMR"};
        for (int i = 1; i <= 12; i++) {
            AssetAttributes.Builder b = AssetAttributes.builder(kinds[i % 3], String.format("a%02d", i))
                    .ips("10.9.0." + i)
                    .businessSystem(systems[i % 4])
                    .criticality(1 + i % 4)
                    .owner(i == 7 ? "O'Brien 100%_sure" : "owner" + i)
                    .department(i % 2 == 0 ? "放射科" : "信息科");
            if (i % 3 == 0) {
                b.exposure(List.of(new ExposedService(443, "tcp", "https")));
            }
            f.clock.advance(Duration.ofMinutes(1));
            f.inventory.create(HOSPITAL_A, b.build(), "seed");
        }
        f.inventory.create(HOSPITAL_B, AssetAttributes.builder(AssetKind.HOST, "b-only").businessSystem("HIS")
                .build(), "seed");
    }

    private static List<String> names(Page<Asset> page) {
        return page.items().stream().map(a -> a.attributes().name()).toList();
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void filtersByKindSystemCriticalityStatusTextAndExposure(Dialect dialect) {
        try (Fixture f = new Fixture(dialect, dir)) {
            seed(f);
            AssetQuery all = AssetQuery.all();
            assertThat(f.inventory.list(HOSPITAL_A, all).total()).isEqualTo(12);
            assertThat(names(f.inventory.list(HOSPITAL_A, all.withKind(AssetKind.MEDICAL_DEVICE))))
                    .containsExactly("a01", "a04", "a07", "a10");
            assertThat(names(f.inventory.list(HOSPITAL_A, all.withBusinessSystem("HIS"))))
                    .containsExactly("a04", "a08", "a12");
            assertThat(names(f.inventory.list(HOSPITAL_A, all.withMinCriticality(4))))
                    .containsExactly("a03", "a07", "a11");
            assertThat(names(f.inventory.list(HOSPITAL_A, all.withExposedOnly(true))))
                    .containsExactly("a03", "a06", "a09", "a12");
            assertThat(names(f.inventory.list(HOSPITAL_A, all.withText("10.9.0.1"))))
                    .containsExactly("a01", "a10", "a11", "a12");
            assertThat(names(f.inventory.list(HOSPITAL_A, all.withText("放射"))))
                    .containsExactly("a02", "a04", "a06", "a08", "a10", "a12");
            assertThat(names(f.inventory.list(HOSPITAL_A, all.withText("OWNER1"))))
                    .containsExactly("a01", "a10", "a11", "a12");
            assertThat(names(f.inventory.list(HOSPITAL_A,
                    all.withKind(AssetKind.HOST).withExposedOnly(true).withMinCriticality(2))))
                    .containsExactly("a03", "a06", "a09");
            assertThat(f.inventory.list(HOSPITAL_A, all.withStatus(AssetStatus.CANDIDATE)).total()).isZero();
            assertThat(f.inventory.list(HOSPITAL_A, all.withStatus(AssetStatus.ACTIVE)).total()).isEqualTo(12);
        }
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void sortsByAllowListedFieldsAndPagesWithTotal(Dialect dialect) {
        try (Fixture f = new Fixture(dialect, dir)) {
            seed(f);
            Page<Asset> page = f.inventory.list(HOSPITAL_A,
                    AssetQuery.all().withSort(AssetSort.CRITICALITY, true).withPage(0, 5));
            assertThat(page.total()).isEqualTo(12);
            assertThat(page.items()).hasSize(5);
            assertThat(names(page)).containsExactly("a03", "a07", "a11", "a02", "a06");
            Page<Asset> third = f.inventory.list(HOSPITAL_A,
                    AssetQuery.all().withSort(AssetSort.CRITICALITY, true).withPage(10, 5));
            assertThat(names(third)).containsExactly("a08", "a12");
            assertThat(third.total()).isEqualTo(12);
            assertThat(names(f.inventory.list(HOSPITAL_A,
                    AssetQuery.all().withSort(AssetSort.FIRST_SEEN, true).withPage(0, 3))))
                    .containsExactly("a12", "a11", "a10");
            assertThat(names(f.inventory.list(HOSPITAL_A,
                    AssetQuery.all().withSort(AssetSort.NAME, false).withPage(11, 5))))
                    .containsExactly("a12");
            assertThat(AssetSort.of("business_system")).isEqualTo(AssetSort.BUSINESS_SYSTEM);
        }
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void treatsInjectionAttemptsInFilterValuesAsPlainText(Dialect dialect) {
        try (Fixture f = new Fixture(dialect, dir)) {
            seed(f);
            for (String attack : List.of("' OR '1'='1", "x'; DROP TABLE asset; --", "%%", "__", "\\", "!",
                    "') OR tenant_id <> ('", "\" OR 1=1 --")) {
                assertThat(f.inventory.list(HOSPITAL_A, AssetQuery.all().withText(attack)).total())
                        .as(attack).isZero();
                assertThat(f.inventory.list(HOSPITAL_A, AssetQuery.all().withBusinessSystem(attack)).total())
                        .as(attack).isZero();
            }
            // the metacharacters are matched literally, not as wildcards: only a07's owner holds '%' and '_'
            assertThat(names(f.inventory.list(HOSPITAL_A, AssetQuery.all().withText("%")))).containsExactly("a07");
            assertThat(names(f.inventory.list(HOSPITAL_A, AssetQuery.all().withText("_")))).containsExactly("a07");
            assertThat(names(f.inventory.list(HOSPITAL_A, AssetQuery.all().withText("o'brien 100%_"))))
                    .containsExactly("a07");
            assertThat(f.inventory.list(HOSPITAL_A, AssetQuery.all()).total()).isEqualTo(12);
            assertThat(f.inventory.list(HOSPITAL_B, AssetQuery.all()).total()).isEqualTo(1);
            assertThat(f.count("asset")).isEqualTo(13);
        }
    }

    @Test
    void rejectsSortsOffTheAllowListAndBadPages() {
        assertThatThrownBy(() -> AssetSort.of("name; DROP TABLE asset"))
                .isInstanceOfSatisfying(MedsocException.class, e -> assertThat(e.errorCode())
                        .isEqualTo(AssetErrorCode.INVALID_FILTER.toErrorCode()))
                .hasMessageContaining("sort by one of name, kind, criticality");
        assertThatThrownBy(() -> AssetQuery.all().withPage(-1, 10)).hasMessageContaining("offset");
        assertThatThrownBy(() -> AssetQuery.all().withPage(0, 0)).hasMessageContaining("limit must be 1 to 1000");
        assertThatThrownBy(() -> AssetQuery.all().withPage(0, 1001)).hasMessageContaining("limit");
        assertThatThrownBy(() -> AssetQuery.all().withMinCriticality(9)).hasMessageContaining("criticality");
    }
}
