package org.medsoc.ingest.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.medsoc.detect.CompiledRule;
import org.medsoc.detect.Detector;
import org.medsoc.detect.EventFieldsView;
import org.medsoc.detect.RuleSets;
import org.medsoc.detect.mapping.MappingPipeline;
import org.medsoc.spi.event.Event;
import org.medsoc.spi.event.Fields;
import org.medsoc.spi.event.TenantId;

class AlertsTest {
    @Test
    void anAlertOwnsItsKindRuleAndLevelWhateverTheEventCarried() {
        Event e = new Event(TenantId.DEFAULT, 1_000, "vssadmin.exe delete shadows /all /quiet");
        e.id("42");
        e.put(Fields.WINLOG_CHANNEL, "Microsoft-Windows-Sysmon/Operational");
        e.put(Fields.WINLOG_EVENT_ID, "1");
        e.put(Fields.intern("winlog.event_data.Image"), "C:\\Windows\\System32\\vssadmin.exe");
        e.put(Fields.intern("winlog.event_data.CommandLine"), "vssadmin.exe delete shadows /all /quiet");
        // a vendor event may carry these, even repeated
        e.add(Fields.EVENT_KIND, "event");
        e.add(Fields.EVENT_KIND, "alert");
        e.add(Fields.RULE_NAME, "vendor rule");
        e.add(Fields.EVENT_SEVERITY, "3");
        e.add(Fields.EVENT_SEVERITY, "5");
        Detector d = Detector.create(RuleSets.builtin().rules(), MappingPipeline.loadDefaults());
        CompiledRule[] hit = new CompiledRule[1];
        d.detect(e, new EventFieldsView(e), r -> hit[0] = r);
        assertThat(hit[0]).isNotNull();

        Event a = Alerts.of(e, hit[0]);

        assertThat(a.values(Fields.EVENT_KIND)).containsExactly("signal");
        assertThat(a.values(Fields.RULE_NAME)).containsExactly(hit[0].rule().title());
        assertThat(a.values(Fields.EVENT_SEVERITY)).containsExactly("73");
        assertThat(a.id()).isEqualTo("42:" + hit[0].rule().id());
        assertThat(a.value(Fields.intern("winlog.event_data.CommandLine"))).contains("delete shadows");
        assertThat(List.of(a.values(Fields.TAGS).toArray())).contains("attack.t1490");
    }
}
