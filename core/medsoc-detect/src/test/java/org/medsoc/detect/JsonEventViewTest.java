package org.medsoc.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.medsoc.spi.error.MedsocException;

class JsonEventViewTest {
    @Test
    void exposesEvtxDumpLayoutUnderSigmaWindowsNames() {
        JsonEventView view = JsonEventView.of(SigmaTestData.resource("events/evtx_sysmon.json"));
        assertThat(view.value("Image")).isEqualTo("C:\\Windows\\System32\\cmd.exe");
        assertThat(view.value("EventID")).isEqualTo("1");
        assertThat(view.value("Channel")).isEqualTo("Microsoft-Windows-Sysmon/Operational");
        assertThat(view.value("Provider_Name")).isEqualTo("Microsoft-Windows-Sysmon");
        assertThat(view.value("Execution_ProcessID")).isEqualTo("3904");
        assertThat(view.value("Computer")).isEqualTo("host1");
        assertThat(view.value("Event.EventData.CommandLine")).isEqualTo("cmd.exe /c whoami");
        assertThat(view.value("Correlation")).isNull();
        assertThat(view.values("Security_UserID")).containsExactly("S-1-5-18");
        assertThat(view.allValues()).contains("cmd.exe /c whoami", "1");
    }

    @Test
    void exposesTextOfElementsWithAttributes() {
        JsonEventView view = JsonEventView.of(
                "{\"Event\":{\"System\":{\"EventID\":{\"#attributes\":{\"Qualifiers\":16384},\"#text\":7045}}}}");
        assertThat(view.value("EventID")).isEqualTo("7045");
        assertThat(view.value("EventID_Qualifiers")).isEqualTo("16384");
    }

    @Test
    void flattensNestedObjectsAndArrays() {
        JsonEventView view = JsonEventView.of("{\"a\":{\"b\":{\"c\":\"x\"}},\"tags\":[\"t1\",\"t2\"],\"n\":null}");
        assertThat(view.value("a.b.c")).isEqualTo("x");
        assertThat(view.values("tags")).containsExactly("t1", "t2");
        assertThat(view.values("n")).isEmpty();
        assertThat(view.value("missing")).isNull();
    }

    @Test
    void readsConcatenatedEventsAndArrays() {
        List<JsonEventView> events = JsonEventView.ofAll("{\"a\":1}\n{\"a\":2}");
        assertThat(events).extracting(e -> e.value("a")).containsExactly("1", "2");
        assertThat(JsonEventView.ofAll("[{\"a\":1},{\"a\":2}]")).hasSize(2);
    }

    @Test
    void rejectsMalformedJsonWithItsCode() {
        assertThatThrownBy(() -> JsonEventView.of("{\"a\":")).isInstanceOfSatisfying(MedsocException.class,
                e -> assertThat(e.errorCode().name()).isEqualTo("INVALID_EVENT_JSON"));
        assertThatThrownBy(() -> JsonEventView.of("[1]")).isInstanceOf(MedsocException.class);
        assertThatThrownBy(() -> JsonEventView.of("{}{}")).isInstanceOf(MedsocException.class)
                .hasMessageContaining("found 2");
    }

    @Test
    void drivesACompiledWindowsRule() {
        CompiledRule rule = SigmaRules.compile(SigmaRules.parse(SigmaTestData.resource("literals.yml"), "l"));
        JsonEventView view = JsonEventView.of(SigmaTestData.resource("events/evtx_sysmon.json"));
        assertThat(rule.matches(view)).isFalse();
    }
}
