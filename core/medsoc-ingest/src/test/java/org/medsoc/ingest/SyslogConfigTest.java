package org.medsoc.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.medsoc.common.Settings;
import org.medsoc.spi.error.MedsocException;
import org.medsoc.spi.event.TenantId;

class SyslogConfigTest {
    @Test
    void hasDocumentedDefaults() {
        SyslogConfig d = SyslogConfig.defaults();
        assertThat(d).isEqualTo(new SyslogConfig(
                "0.0.0.0", 1514, TenantId.DEFAULT, List.of(), 65536, 1024, Duration.ofMinutes(10), 65536, 8388608));
        assertThat(SyslogConfig.fromSettings(Settings.empty())).isEqualTo(d);
        assertThat(SyslogConfig.tlsFromSettings(Settings.empty())).isEqualTo(d.withPort(6514));
    }

    @Test
    void mapsEveryKey() {
        Settings s = Settings.of(Map.ofEntries(
                Map.entry("ingest.syslog.bind", "127.0.0.1"),
                Map.entry("ingest.syslog.port", "5514"),
                Map.entry("ingest.syslog.tls.port", "7514"),
                Map.entry("ingest.syslog.tenant", "provider"),
                Map.entry("ingest.syslog.tenant-mappings", "10.1.0.0/16=hospital-a, 2001:db8::/32 = hospital-b"),
                Map.entry("ingest.syslog.max-message-size", "8KB"),
                Map.entry("ingest.syslog.max-connections", "10"),
                Map.entry("ingest.syslog.idle-timeout", "30s"),
                Map.entry("ingest.syslog.udp-queue", "100"),
                Map.entry("ingest.syslog.receive-buffer", "1MB")));
        SyslogConfig expected = new SyslogConfig(
                "127.0.0.1",
                5514,
                TenantId.of("provider"),
                List.of(
                        new TenantMapping("10.1.0.0/16", TenantId.of("hospital-a")),
                        new TenantMapping("2001:db8::/32", TenantId.of("hospital-b"))),
                8192,
                10,
                Duration.ofSeconds(30),
                100,
                1024 * 1024);
        assertThat(SyslogConfig.fromSettings(s)).isEqualTo(expected);
        assertThat(SyslogConfig.tlsFromSettings(s)).isEqualTo(expected.withPort(7514));
    }

    @Test
    void rejectsInvalidValuesNamingTheKey() {
        assertThatThrownBy(() -> SyslogConfig.fromSettings(Settings.of(Map.of("ingest.syslog.tenant-mappings", "x"))))
                .isInstanceOf(MedsocException.class)
                .hasMessageContaining("ingest.syslog.tenant-mappings");
        assertThatThrownBy(() -> SyslogConfig.fromSettings(Settings.of(Map.of("ingest.syslog.port", "70000"))))
                .isInstanceOf(MedsocException.class)
                .hasMessageContaining("port");
        assertThatThrownBy(() -> SyslogConfig.fromSettings(Settings.of(Map.of("ingest.syslog.tenant", "Bad Tenant"))))
                .isInstanceOfSatisfying(MedsocException.class, e -> assertThat(e.errorCode())
                        .isEqualTo(IngestErrorCode.INVALID_RECEIVER_CONFIGURATION.toErrorCode()));
        assertThatThrownBy(() -> SyslogConfig.defaults().withMaxMessageBytes(10))
                .isInstanceOf(MedsocException.class)
                .hasMessageContaining("max-message-size");
    }
}
