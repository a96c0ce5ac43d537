package org.medsoc.findings;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class VersionTest {

    @ParameterizedTest(name = "{0} < {1}")
    @CsvSource({
        "1.2.3, 1.2.4",
        "1.2.9, 1.2.10",
        "2.4.57, 2.4.58",
        "1.2.3-rc1, 1.2.3",
        "1.2.3-rc1, 1.2.3-rc2",
        "1.2.3-alpha, 1.2.3-beta",
        "1.2.3-beta2, 1.2.3-rc1",
        "1.2.3-SNAPSHOT, 1.2.3-alpha1",
        "1.0.0-rc1, 1.0",
        "2.4.57, 2.4.57p1",
        "8.9p1, 9.0p1",
        "9.3p1, 9.3p2",
        "1.0.2, 1.0.2a",
        "1.0.2a, 1.0.2k",
        "1.0.2k, 1.1.0",
        "10.0.19045.3803, 10.0.19045.3930",
        "10.0.17763.5329, 10.0.19045.1",
        "6.1.7601.24000, 6.1.7601.24545",
        "1.2.3, 1.2.3.1",
        "1.2.3, 1.2.3-1",
        "99999999999999999998, 99999999999999999999",
        "1.2, 1.10",
        "0.9, 1",
    })
    void ordersVersionsTheWayAdvisoriesMeanThem(String lower, String higher) {
        assertThat(Version.compare(lower, higher)).isNegative();
        assertThat(Version.compare(higher, lower)).isPositive();
    }

    @ParameterizedTest(name = "{0} == {1}")
    @CsvSource({
        "2.4, 2.4.0",
        "2.4.0.0, 2.4",
        "1.02, 1.2",
        "1.2.3-RC1, 1.2.3rc1",
        "v1.2.3, V1.2.3",
        "1_2_3, 1.2.3",
    })
    void treatsEquivalentSpellingsAsEqual(String a, String b) {
        assertThat(Version.compare(a, b)).isZero();
        assertThat(Version.of(a)).isEqualTo(Version.of(b)).hasSameHashCodeAs(Version.of(b));
    }

    @Test
    void sortingIsConsistentWhateverTheInputOrder() {
        List<String> ordered = List.of("1.0-dev", "1.0-alpha1", "1.0-beta", "1.0-rc1", "1.0", "1.0.1", "1.0.1p1",
                "1.1", "2.0", "10.0");
        Random random = new Random(42);
        for (int round = 0; round < 50; round++) {
            List<String> shuffled = new ArrayList<>(ordered);
            Collections.shuffle(shuffled, random);
            shuffled.sort(Version::compare);
            assertThat(shuffled).containsExactlyElementsOf(ordered);
        }
    }
}
