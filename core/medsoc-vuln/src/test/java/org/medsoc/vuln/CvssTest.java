package org.medsoc.vuln;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.medsoc.spi.error.MedsocException;

class CvssTest {

    private static List<String[]> rows(String resource) throws IOException {
        try (InputStream in = CvssTest.class.getResourceAsStream(resource)) {
            assertThat(in).as(resource).isNotNull();
            List<String[]> rows = new ArrayList<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    rows.add(line.split(","));
                }
            }
            return rows;
        }
    }

    @Test
    void scoresFirstCvss31Examples() throws IOException {
        List<String[]> rows = rows("/cvss/cvss31-first-examples.csv");
        assertThat(rows).hasSizeGreaterThanOrEqualTo(20);
        for (String[] row : rows) {
            Cvss31 cvss = Cvss31.parse(row[0]);
            assertThat(cvss.baseScore()).as(row[3] + " " + row[0]).isEqualTo(Double.parseDouble(row[1]));
            assertThat(cvss.severity()).as(row[3]).isEqualTo(Severity.valueOf(row[2]));
            assertThat(cvss.version()).isEqualTo("3.1");
            assertThat(cvss.temporalScore()).isEmpty();
            assertThat(cvss.environmentalScore()).isEmpty();
        }
    }

    @Test
    void scoresFirstCvss40Examples() throws IOException {
        List<String[]> rows = rows("/cvss/cvss40-first-examples.csv");
        assertThat(rows).hasSizeGreaterThanOrEqualTo(20);
        for (String[] row : rows) {
            Cvss40 cvss = Cvss40.parse(row[0]);
            double expected = Double.parseDouble(row[1]);
            assertThat(cvss.score()).as(row[0]).isEqualTo(expected);
            assertThat(cvss.severity()).isEqualTo(Severity.fromCvssScore(expected));
        }
    }

    @Test
    void computesCvss40MacroVector() {
        // EQ1 0 (AV:N/PR:N/UI:N), EQ2 0 (AC:L/AT:N), EQ3 0 (VC:H/VI:H), EQ4 2 (no subsequent H), EQ5 0 (E:X=A),
        // EQ6 0 (CR:X=H with VC:H)
        assertThat(Cvss40.parse("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N").macroVector())
                .isEqualTo("000200");
        // lookup-table value itself when the vector is the MacroVector's highest-severity vector
        assertThat(Cvss40.parse("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N").score())
                .isEqualTo(9.3);
    }

    @Test
    void scoresCvss31TemporalMetrics() {
        // Heartbleed base 7.5 (FIRST v3.1 examples); temporal by the spec formula
        // Roundup(7.5 x E:F 0.97 x RL:O 0.95 x RC:C 1) = Roundup(6.91125) = 7.0
        Cvss31 cvss = Cvss31.parse("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N/E:F/RL:O/RC:C");
        assertThat(cvss.baseScore()).isEqualTo(7.5);
        assertThat(cvss.temporalScore()).contains(7.0);
        // Shellshock base 9.8; Roundup(9.8 x 0.91 x 0.95 x 1) = Roundup(8.4721) = 8.5
        assertThat(Cvss31.parse("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/E:U/RL:O/RC:C").temporalScore())
                .contains(8.5);
        // all-X temporal metrics: not present
        assertThat(Cvss31.parse("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/E:X/RL:X/RC:X").temporalScore())
                .isEmpty();
    }

    @Test
    void scoresCvss31EnvironmentalMetrics() {
        // Base vector 9.8 with the environment lowering confidentiality/integrity requirements and modified attack
        // vector local (hand computation with the spec formulas):
        // MISS = min(1 - (1 - 0.5*0.56)(1 - 0.5*0.56)(1 - 1*0.56), 0.915) = 1 - 0.72*0.72*0.44 = 0.771904
        // MI = 6.42 * 0.771904 = 4.95562; ME = 8.22 * 0.55 * 0.77 * 0.85 * 0.85 = 2.51515
        // Roundup(Roundup(min(7.47077, 10)) * 1 * 1 * 1) = 7.5
        Cvss31 cvss = Cvss31.parse("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/CR:L/IR:L/AR:M/MAV:L");
        assertThat(cvss.baseScore()).isEqualTo(9.8);
        assertThat(cvss.environmentalScore()).contains(7.5);
        // Modified metrics equal to the base ones give back the base score
        assertThat(Cvss31.parse("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/MAV:N/MC:H").environmentalScore())
                .contains(9.8);
        // Zero modified impact gives 0
        assertThat(Cvss31.parse("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/MC:N/MI:N/MA:N").environmentalScore())
                .contains(0.0);
    }

    @Test
    void roundsUpAsCvss31AppendixA() {
        // Appendix A: Roundup(4.000002) must be 4.0 with the integer method (a float ceil would give 4.1)
        assertThat(Cvss31.roundup(4.000002, false)).isEqualTo(4.0);
        assertThat(Cvss31.roundup(4.02, false)).isEqualTo(4.1);
        assertThat(Cvss31.roundup(4.0, false)).isEqualTo(4.0);
    }

    @Test
    void acceptsCvss30Prefix() {
        Cvss31 cvss = Cvss31.parse("CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H");
        assertThat(cvss.version()).isEqualTo("3.0");
        assertThat(cvss.baseScore()).isEqualTo(9.8);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H|must start with 'CVSS:3.1/'",
        "CVSS:2.0/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H|must start with 'CVSS:3.1/'",
        "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/XX:Y|unknown metric 'XX'",
        "CVSS:3.1/AV:N/AV:L/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H|metric 'AV' more than once",
        "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/C:H/I:H/A:H|mandatory metric 'S'",
        "CVSS:3.1/AV:X/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H|invalid value 'X' for metric 'AV'",
        "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/|malformed metric ''",
        "CVSS:3.1/|no metrics",
    })
    void rejectsInvalidCvss31Vectors(String input) {
        String[] parts = input.split("\\|");
        assertThatThrownBy(() -> Cvss31.parse(parts[0]))
                .isInstanceOfSatisfying(MedsocException.class, e -> assertThat(e.errorCode())
                        .isEqualTo(VulnErrorCode.INVALID_CVSS_VECTOR.toErrorCode()))
                .hasMessageContaining(parts[1]);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "CVSS:3.1/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N|must start with 'CVSS:4.0/'",
        "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/C:H|unknown metric 'C'",
        "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/E:A/E:U|metric 'E' more than once",
        "CVSS:4.0/AV:N/AC:L/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N|mandatory metric 'AT'",
        "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:R/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N|invalid value 'R' for metric 'UI'",
        "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:S/SI:N/SA:N|invalid value 'S' for metric 'SC'",
        "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/U:red|invalid value 'red' for metric 'U'",
    })
    void rejectsInvalidCvss40Vectors(String input) {
        String[] parts = input.split("\\|");
        assertThatThrownBy(() -> Cvss40.parse(parts[0]))
                .isInstanceOfSatisfying(MedsocException.class, e -> assertThat(e.errorCode())
                        .isEqualTo(VulnErrorCode.INVALID_CVSS_VECTOR.toErrorCode()))
                .hasMessageContaining(parts[1]);
    }

    @Test
    void ratesScoresOnTheCvssScale() {
        assertThat(Severity.fromCvssScore(0.0)).isEqualTo(Severity.INFO);
        assertThat(Severity.fromCvssScore(0.1)).isEqualTo(Severity.LOW);
        assertThat(Severity.fromCvssScore(3.9)).isEqualTo(Severity.LOW);
        assertThat(Severity.fromCvssScore(4.0)).isEqualTo(Severity.MEDIUM);
        assertThat(Severity.fromCvssScore(6.9)).isEqualTo(Severity.MEDIUM);
        assertThat(Severity.fromCvssScore(7.0)).isEqualTo(Severity.HIGH);
        assertThat(Severity.fromCvssScore(8.9)).isEqualTo(Severity.HIGH);
        assertThat(Severity.fromCvssScore(9.0)).isEqualTo(Severity.CRITICAL);
        assertThat(Severity.fromCvssScore(10.0)).isEqualTo(Severity.CRITICAL);
    }
}
