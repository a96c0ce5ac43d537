package org.medsoc.findings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.medsoc.findings.LedgerFixture.assertFails;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CpeTest {

    @Test
    void parsesAllElevenAttributes() {
        Cpe cpe = Cpe.parse("cpe:2.3:a:microsoft:internet_explorer:8.0.6001:beta:*:*:*:*:x64:*");
        assertThat(cpe.part()).isEqualTo("a");
        assertThat(cpe.vendor()).isEqualTo("microsoft");
        assertThat(cpe.product()).isEqualTo("internet_explorer");
        assertThat(cpe.version()).isEqualTo("8.0.6001");
        assertThat(cpe.update()).isEqualTo("beta");
        assertThat(cpe.targetHw()).isEqualTo("x64");
        assertThat(cpe.other()).isEqualTo("*");
        assertThat(cpe.toString()).isEqualTo("cpe:2.3:a:microsoft:internet_explorer:8.0.6001:beta:*:*:*:*:x64:*");
    }

    @Test
    void keepsQuotedCharactersInsideValues() {
        Cpe cpe = Cpe.parse("cpe:2.3:a:hp:insight_diagnostics:7.4.0.1570:-:*:*:online:win2003\\:x64:*:*");
        assertThat(cpe.targetSw()).isEqualTo("win2003\\:x64");
        assertThat(Cpe.unquote(cpe.targetSw())).isEqualTo("win2003:x64");
        assertThat(cpe.update()).isEqualTo(Cpe.NA);
        Cpe money = Cpe.parse("cpe:2.3:a:foo\\\\bar:big\\$money:2010:*:*:*:special:ipod_touch:80gb:*");
        assertThat(Cpe.unquote(money.vendor())).isEqualTo("foo\\bar");
        assertThat(Cpe.unquote(money.product())).isEqualTo("big$money");
        assertThat(Cpe.parse("cpe:2.3:a:vendor:prod\\*uct:1.0").matches(Cpe.parse("cpe:2.3:a:vendor:prod\\*uct:1.0")))
                .isTrue();
        assertThat(Cpe.parse("cpe:2.3:a:vendor:prod\\*uct:1.0").matches(Cpe.parse("cpe:2.3:a:vendor:prodXuct:1.0")))
                .as("a quoted * is a literal").isFalse();
    }

    @Test
    void padsMissingTrailingAttributesWithAny() {
        Cpe cpe = Cpe.parse("cpe:2.3:o:linux:linux_kernel:6.1");
        assertThat(cpe.update()).isEqualTo(Cpe.ANY);
        assertThat(cpe.other()).isEqualTo(Cpe.ANY);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "cpe:2.3:a:apache:http_server:*:*:*:*:*:*:*:*     | cpe:2.3:a:apache:http_server:2.4.57:*:*:*:*:*:*:* | true",
        "cpe:2.3:a:Apache:HTTP_Server:2.4.57:*:*:*:*:*:*:* | cpe:2.3:a:apache:http_server:2.4.57:*:*:*:*:*:*:* | true",
        "cpe:2.3:a:apache:http_server:2.4.5*:*:*:*:*:*:*:* | cpe:2.3:a:apache:http_server:2.4.57:*:*:*:*:*:*:* | true",
        "cpe:2.3:a:apache:http_server:2.4.5?:*:*:*:*:*:*:* | cpe:2.3:a:apache:http_server:2.4.57:*:*:*:*:*:*:* | true",
        "cpe:2.3:a:apache:http_server:2.4.5?:*:*:*:*:*:*:* | cpe:2.3:a:apache:http_server:2.4.5:*:*:*:*:*:*:*  | false",
        "cpe:2.3:a:apache:*_server:*:*:*:*:*:*:*:*         | cpe:2.3:a:apache:http_server:2.4.57:*:*:*:*:*:*:* | true",
        "cpe:2.3:a:apache:*server*:*:*:*:*:*:*:*:*         | cpe:2.3:a:apache:http_server_x:1:*:*:*:*:*:*:*    | true",
        "cpe:2.3:a:apache:tomcat:*:*:*:*:*:*:*:*           | cpe:2.3:a:apache:http_server:2.4.57:*:*:*:*:*:*:* | false",
        "cpe:2.3:o:apache:http_server:*:*:*:*:*:*:*:*      | cpe:2.3:a:apache:http_server:2.4.57:*:*:*:*:*:*:* | false",
        "cpe:2.3:a:microsoft:365_apps:-:*:*:*:enterprise:*:*:* | cpe:2.3:a:microsoft:365_apps:-:*:*:*:enterprise:*:*:* | true",
        "cpe:2.3:a:microsoft:365_apps:-:*:*:*:enterprise:*:*:* | cpe:2.3:a:microsoft:365_apps:16.0:*:*:*:enterprise:*:*:* | false",
        "cpe:2.3:a:microsoft:office:2016:*:*:*:*:*:x86:*   | cpe:2.3:a:microsoft:office:2016:*:*:*:*:*:*:*     | false",
        "cpe:2.3:a:microsoft:office:2016:*:*:*:*:*:*:*     | cpe:2.3:a:microsoft:office:2016:*:*:*:*:*:x86:*   | true",
    })
    void matchesCriteriaAgainstInventoryNames(String criteria, String target, boolean expected) {
        assertThat(Cpe.parse(criteria).matches(Cpe.parse(target))).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "cpe:/a:apache:http_server:2.4",
        "cpe:2.3:x:apache:http_server:2.4",
        "cpe:2.3:a:apache:http_server:2.4:*:*:*:*:*:*:*:extra",
        "cpe:2.3:a:apache::2.4",
        "cpe:2.3:a:apa*che:http_server:2.4",
        "cpe:2.3:a:apache:http server:2.4",
        "cpe:2.3:a:apache:http_server:2.4\\",
    })
    void rejectsMalformedNames(String text) {
        assertFails(FindingsErrorCode.INVALID_CPE, () -> Cpe.parse(text)).hasMessageContaining("CPE");
    }
}
