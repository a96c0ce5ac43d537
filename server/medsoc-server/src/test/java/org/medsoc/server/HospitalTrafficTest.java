package org.medsoc.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.medsoc.common.Settings;
import org.medsoc.detect.Detector;
import org.medsoc.detect.EventFieldsView;
import org.medsoc.detect.Placeholders;
import org.medsoc.detect.RuleSets;
import org.medsoc.detect.mapping.MappingPipeline;
import org.medsoc.ingest.pipeline.EventEnricher;
import org.medsoc.ingest.pipeline.WorkingHours;
import org.medsoc.parse.LogParser;
import org.medsoc.parse.ParseOutcome;
import org.medsoc.spi.event.Event;
import org.medsoc.spi.event.Fields;
import org.medsoc.spi.event.RawMessage;
import org.medsoc.spi.event.TenantId;

/**
 * The demo's traffic of one night hour, parsed and stamped with the working hours as a node does, and run through the
 * built-in rules with the demo's settings.
 */
class HospitalTrafficTest {
    private static final int LINES = 20_000;
    private static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");

    /** One parsed line and the built-in rules it fired (rule file stems). */
    private record Outcome(Event event, List<String> rules) {}

    private static final List<Outcome> outcomes = new ArrayList<>();
    private static final Map<String, Integer> alertsByRule = new TreeMap<>();

    @BeforeAll
    static void runTheDemoTrafficThroughTheRules() {
        HospitalTraffic traffic = new HospitalTraffic(7, ZONE);
        LogParser parser = LogParser.create(List.of(), ZONE, 64 << 10);
        Settings settings = DemoCommand.withDemoDetection(new NodeConfig(Settings.empty())).settings();
        RuleSets.Loaded builtin = RuleSets.builtin();
        Detector detector = Detector.create(builtin.rules(), MappingPipeline.loadDefaults(),
                Placeholders.fromSettings(settings));
        assertThat(detector.refused()).isEmpty();
        EventEnricher offHours = WorkingHours.fromSettings(settings, ZONE).offHoursEnricher();
        Instant start = Instant.parse("2026-11-24T17:00:00Z"); // 01:00 in Shanghai: outside working hours
        for (int i = 0; i < LINES; i++) {
            HospitalTraffic.Line line = traffic.next(start.plusMillis(i * 180L));
            String receiver = line.channel() == HospitalTraffic.Channel.SYSLOG ? "syslog-tcp:1514" : "http";
            RawMessage raw = new RawMessage(TenantId.DEFAULT, receiver, "127.0.0.1", start.toEpochMilli(),
                    line.text().getBytes(StandardCharsets.UTF_8));
            if (!(parser.parse(raw) instanceof ParseOutcome.Parsed parsed)) {
                continue;
            }
            offHours.enrich(parsed.event());
            List<String> fired = new ArrayList<>();
            detector.detect(parsed.event(), new EventFieldsView(parsed.event()),
                    r -> fired.add(stem(r.rule().origin())));
            fired.forEach(rule -> alertsByRule.merge(rule, 1, Integer::sum));
            outcomes.add(new Outcome(parsed.event(), fired));
        }
    }

    private static String stem(String origin) {
        String name = origin.substring(origin.indexOf(':') + 1);
        return name.substring(0, name.lastIndexOf('.'));
    }

    @Test
    void showsHealthcareAlertsNextToTheExistingOnes() {
        assertThat(alertsByRule).containsKeys(
                "his_bulk_patient_record_export",
                "pacs_dicom_bulk_retrieval",
                "lis_result_modified_after_release",
                "his_account_locked_out",
                "net_clinical_workstation_database_access",
                "net_hl7_mllp_unregistered_sender",
                "win_remote_access_tool_started",
                "net_vendor_vpn_login_outside_maintenance_window",
                "his_privileged_access_off_hours",
                // the attacks the demo showed before
                "web_sql_injection_against_his",
                "win_mimikatz_command_line",
                "win_powershell_encoded_hidden",
                "win_shadow_copy_deletion_vssadmin");
        int total = alertsByRule.values().stream().mapToInt(Integer::intValue).sum();
        assertThat(total).as("alerts per line, %s", alertsByRule).isLessThan(LINES / 20);
    }

    @Test
    void routineTrafficNeverFiresTheNetworkRules() {
        for (Outcome o : outcomes) {
            if (o.rules().contains("net_clinical_workstation_database_access")
                    || o.rules().contains("net_hl7_mllp_unregistered_sender")) {
                assertThat(o.event().value(Fields.SOURCE_IP)).as(o.event().original()).startsWith("10.31.");
            }
        }
        assertThat(alertsByRule).doesNotContainKey("net_dicom_association_unregistered_peer");
        long routineDatabaseSessions = outcomes.stream()
                .filter(o -> "1433".equals(o.event().value(Fields.DESTINATION_PORT)))
                .filter(o -> !o.event().value(Fields.SOURCE_IP).startsWith("10.31."))
                .count();
        assertThat(routineDatabaseSessions).as("routine SQL Server sessions that must stay quiet").isPositive();
    }

    @Test
    void businessAuditRecordsCarryTheirSystemAndRecordCount() {
        Map<String, Integer> bySystem = new TreeMap<>();
        for (Outcome o : outcomes) {
            String system = o.event().value(Fields.MEDSOC_BUSINESS_SYSTEM);
            if (system != null) {
                bySystem.merge(system, 1, Integer::sum);
                assertThat(Fields.find("medsoc.record_count").map(f -> o.event().value(f))).isPresent();
            }
        }
        assertThat(bySystem).containsKeys("his", "emr", "pacs", "lis");
        for (Outcome o : outcomes) {
            if (o.rules().contains("his_bulk_patient_record_export")) {
                String records = o.event().value(Fields.find("medsoc.record_count").orElseThrow());
                assertThat(Long.parseLong(records)).isGreaterThanOrEqualTo(500);
            }
        }
    }

    @Test
    void demoSettingsNeverOverrideTheConfiguration() {
        Settings configured = Settings.of(Map.of("detect.placeholder.hl7_senders", "192.168.0.0/16"));
        Settings merged = DemoCommand.withDemoDetection(new NodeConfig(configured)).settings();
        assertThat(merged.find("detect.placeholder.hl7_senders")).contains("192.168.0.0/16");
        assertThat(merged.find("detect.placeholder.clinical_workstation_networks"))
                .contains(HospitalTraffic.WORKSTATION_VLAN);
    }
}
