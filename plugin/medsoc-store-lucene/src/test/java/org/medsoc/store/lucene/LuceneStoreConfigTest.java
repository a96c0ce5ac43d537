package org.medsoc.store.lucene;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.medsoc.common.Settings;
import org.medsoc.spi.error.MedsocException;

class LuceneStoreConfigTest {
    @Test
    void defaultsWhenNothingIsSet() {
        Path dir = Path.of("/data/events");

        assertThat(LuceneStoreConfig.fromSettings(dir, Settings.empty()))
                .isEqualTo(LuceneStoreConfig.defaults(dir))
                .isEqualTo(new LuceneStoreConfig(dir, Duration.ofSeconds(1), 8, 64));
    }

    @Test
    void mapsEveryKey() {
        Settings settings = Settings.of(Map.of(
                "store.lucene.dir", "/srv/medsoc/index",
                "store.lucene.refresh-interval", "250ms",
                "store.lucene.max-open-partitions", "3",
                "store.lucene.ram-buffer", "128MB"));

        assertThat(LuceneStoreConfig.fromSettings(Path.of("/unused"), settings))
                .isEqualTo(new LuceneStoreConfig(Path.of("/srv/medsoc/index"), Duration.ofMillis(250), 3, 128));
    }

    @Test
    void rejectsOutOfRangeValuesNamingTheProblem() {
        Settings settings = Settings.of(Map.of("store.lucene.max-open-partitions", "0"));

        assertThatThrownBy(() -> LuceneStoreConfig.fromSettings(Path.of("/x"), settings))
                .isInstanceOf(MedsocException.class)
                .hasMessageContaining("maxOpenPartitions");
    }
}
