package org.medsoc.federation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.medsoc.common.Settings;

class FederationConfigTest {
    @Test
    void hasDefaults() {
        assertThat(FederationConfig.defaults()).isEqualTo(new FederationConfig(Optional.empty(),
                Duration.ofSeconds(10), Duration.ofSeconds(30), 200, 100,
                new Backoff(Duration.ofSeconds(5), Duration.ofSeconds(1), Duration.ofMinutes(2)), Duration.ofDays(7),
                Duration.ofMinutes(5), Duration.ofHours(24), Duration.ofMinutes(15)));
    }

    @Test
    void mapsEveryKey() {
        Settings s = Settings.of(Map.ofEntries(
                Map.entry("federation.hub-url", "https://hub.example:8443"),
                Map.entry("federation.connect-timeout", "3s"),
                Map.entry("federation.request-timeout", "20s"),
                Map.entry("federation.outbox.batch-size", "50"),
                Map.entry("federation.directives.page-size", "25"),
                Map.entry("federation.link.interval", "2s"),
                Map.entry("federation.link.retry-initial", "500ms"),
                Map.entry("federation.link.retry-max", "1m"),
                Map.entry("federation.outbox.retention", "3d"),
                Map.entry("federation.hub.clock-skew", "2m"),
                Map.entry("federation.hub.enrolment-code-validity", "12h"),
                Map.entry("federation.hub.silent-after", "5m")));
        assertThat(FederationConfig.fromSettings(s)).isEqualTo(new FederationConfig(
                Optional.of(URI.create("https://hub.example:8443")), Duration.ofSeconds(3), Duration.ofSeconds(20), 50,
                25, new Backoff(Duration.ofSeconds(2), Duration.ofMillis(500), Duration.ofMinutes(1)),
                Duration.ofDays(3), Duration.ofMinutes(2), Duration.ofHours(12), Duration.ofMinutes(5)));
    }

    @Test
    void rejectsNonsense() {
        assertThatThrownBy(() -> FederationConfig.fromSettings(Settings.of(Map.of("federation.hub-url", "ftp://x"))))
                .hasMessageContaining("http(s) URL");
        assertThatThrownBy(() -> FederationConfig.fromSettings(Settings.of(Map.of("federation.outbox.batch-size",
                "0")))).hasMessageContaining("batch-size must be 1 to 1000");
        assertThatThrownBy(() -> FederationConfig.fromSettings(Settings.of(Map.of("federation.link.retry-initial",
                "10m")))).hasMessageContaining("federation.link.*");
    }

    @Test
    void backoffDoublesUpToItsMaximum() {
        Backoff b = new Backoff(Duration.ZERO, Duration.ofSeconds(1), Duration.ofSeconds(10));
        assertThat(b.delay(1)).isEqualTo(Duration.ofSeconds(1));
        assertThat(b.delay(2)).isEqualTo(Duration.ofSeconds(2));
        assertThat(b.delay(4)).isEqualTo(Duration.ofSeconds(8));
        assertThat(b.delay(5)).isEqualTo(Duration.ofSeconds(10));
        assertThat(b.delay(1000)).isEqualTo(Duration.ofSeconds(10));
    }
}
