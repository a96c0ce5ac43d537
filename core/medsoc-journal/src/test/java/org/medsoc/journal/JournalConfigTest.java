package org.medsoc.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.medsoc.common.Settings;

class JournalConfigTest {
    private static final Path DEFAULT_DIR = Path.of("/data/journal");

    @Test
    void defaultsApplyWhenNoKeyIsSet() {
        JournalConfig config = JournalConfig.fromSettings(DEFAULT_DIR, Settings.empty());
        assertThat(config).isEqualTo(JournalConfig.defaults(DEFAULT_DIR));
        assertThat(config.segmentBytes()).isEqualTo(64L << 20);
        assertThat(config.maxBytes()).isEqualTo(10L << 30);
        assertThat(config.minFreeDiskBytes()).isEqualTo(512L << 20);
        assertThat(config.flushInterval()).isEqualTo(Duration.ofMillis(5));
        assertThat(config.fsync()).isTrue();
    }

    @Test
    void everyKeyIsMapped() {
        Settings settings = Settings.of(Map.of(
                "ingest.journal.dir", "/var/lib/medsoc/j",
                "ingest.journal.segment-size", "8MB",
                "ingest.journal.max-size", "1GB",
                "ingest.journal.min-free-disk", "2GB",
                "ingest.journal.flush-interval", "20ms",
                "ingest.journal.fsync", "false"));
        assertThat(JournalConfig.fromSettings(DEFAULT_DIR, settings))
                .isEqualTo(new JournalConfig(
                        Path.of("/var/lib/medsoc/j"), 8L << 20, 1L << 30, 2L << 30, Duration.ofMillis(20), false));
    }

    @Test
    void rejectsABudgetTooSmallForTheSegmentSizeNamingTheKeys() {
        Settings settings = Settings.of(Map.of("ingest.journal.max-size", "100MB"));
        assertThatThrownBy(() -> JournalConfig.fromSettings(DEFAULT_DIR, settings))
                .hasMessageContaining("ingest.journal.max-size")
                .hasMessageContaining("twice ingest.journal.segment-size");
        assertThatThrownBy(() -> JournalConfig.fromSettings(
                        DEFAULT_DIR, Settings.of(Map.of("ingest.journal.segment-size", "10B"))))
                .hasMessageContaining("ingest.journal.segment-size is 10 bytes");
    }
}
