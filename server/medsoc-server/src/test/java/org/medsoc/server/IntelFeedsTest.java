package org.medsoc.server;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medsoc.common.Settings;
import org.medsoc.database.Database;
import org.medsoc.database.DatabaseConfig;
import org.medsoc.intel.IntelLibrary;
import org.medsoc.spi.error.MedsocException;
import org.medsoc.spi.event.TenantId;

class IntelFeedsTest {
    @TempDir
    Path dir;

    private void start(Map<String, String> settings) {
        try (Database db = Database.open(DatabaseConfig.embedded(dir.resolve("db")))) {
            IntelFeeds.start(Settings.of(settings), db, new IntelLibrary(dir.resolve("bundles")),
                    TenantId.of("provider"), () -> List.of(TenantId.of("provider")), Clock.systemUTC()).close();
        }
    }

    @Test
    void refusesFeedSettingsItCannotUseNamingTheSetting() {
        assertThatThrownBy(() -> start(Map.of("intel.taxii.Peer.url", "https://cti.example/taxii2/r/collections/c/")))
                .isInstanceOf(MedsocException.class).hasMessageContaining("feed name 'Peer'")
                .hasMessageContaining("intel.taxii.Peer.url");
        assertThatThrownBy(() -> start(Map.of("intel.misp.cert.url", "ftp://cert.example/feed/")))
                .hasMessageContaining("intel.misp.cert.url 'ftp://cert.example/feed/' is not an http(s) URL");
        assertThatThrownBy(() -> start(Map.of("intel.misp.cert.url", "https://cert.example/feed/",
                "intel.misp.cert.tlp", "purple"))).hasMessageContaining("tlp 'purple' is not a TLP label");
        assertThatThrownBy(() -> start(Map.of("intel.taxii-server.max-tlp", "blue")))
                .hasMessageContaining("intel.taxii-server.max-tlp 'blue'");
        assertThatThrownBy(() -> start(Map.of("intel.taxii.peer.url", "https://cti.example/c/",
                "intel.taxii.peer.interval", "0s"))).hasMessageContaining("intel.taxii.peer.interval must be positive");
    }
}
