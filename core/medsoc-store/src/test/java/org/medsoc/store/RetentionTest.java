package org.medsoc.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.medsoc.common.Settings;
import org.medsoc.spi.error.MedsocException;
import org.medsoc.spi.store.Dataset;
import org.medsoc.spi.store.Partition;
import org.medsoc.testing.RecordingPartitionStore;

class RetentionTest {
    private static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");
    private static final LocalDate TODAY = LocalDate.of(2026, 11, 25);

    private static Partition events(LocalDate day, long bytes) {
        return new Partition("events-" + day, Dataset.EVENTS, day, bytes, bytes / 100);
    }

    private static Partition deadLetters(LocalDate day, long bytes) {
        return new Partition("deadletters-" + day, Dataset.DEAD_LETTERS, day, bytes, bytes / 100);
    }

    @Test
    void dropsPartitionsWhoseWholeDayIsOlderThanMaxAge() {
        RecordingPartitionStore store = new RecordingPartitionStore(List.of(
                events(TODAY.minusDays(95), 100),
                deadLetters(TODAY.minusDays(91), 100),
                events(TODAY.minusDays(90), 100), // ended 2026-08-28T00:00Z, after the cutoff 2026-08-27T10:00Z
                events(TODAY.minusDays(1), 100),
                events(TODAY, 100)));

        List<Partition> dropped = Retention.apply(store, new RetentionPolicy(Duration.ofDays(90), 0), NOW);

        assertThat(dropped).extracting(Partition::name)
                .containsExactly("events-2026-08-22", "deadletters-2026-08-26");
        assertThat(store.dropped()).containsExactly("events-2026-08-22", "deadletters-2026-08-26");
        assertThat(store.partitions()).extracting(Partition::day)
                .containsExactly(TODAY.minusDays(90), TODAY.minusDays(1), TODAY);
    }

    @Test
    void dropsOldestUntilWithinMaxSize() {
        RecordingPartitionStore store = new RecordingPartitionStore(List.of(
                events(TODAY.minusDays(3), 400),
                deadLetters(TODAY.minusDays(3), 50),
                events(TODAY.minusDays(2), 300),
                events(TODAY.minusDays(1), 200),
                events(TODAY, 100)));

        List<Partition> dropped = Retention.apply(store, new RetentionPolicy(Duration.ZERO, 600), NOW);

        assertThat(dropped).extracting(Partition::name)
                .containsExactly("events-2026-11-22", "deadletters-2026-11-22");
        assertThat(store.partitions()).extracting(Partition::sizeBytes).containsExactly(300L, 200L, 100L);
    }

    @Test
    void neverDropsTodayEvenWhenItAloneExceedsTheBudget() {
        RecordingPartitionStore store = new RecordingPartitionStore(List.of(
                events(TODAY.minusDays(1), 10), events(TODAY, 1_000), events(TODAY.plusDays(1), 5)));

        List<Partition> dropped = Retention.apply(store, new RetentionPolicy(Duration.ofDays(1), 100), NOW);

        assertThat(dropped).extracting(Partition::name).containsExactly("events-2026-11-24");
        assertThat(store.partitions()).extracting(Partition::day).containsExactly(TODAY, TODAY.plusDays(1));
    }

    @Test
    void appliesAgeBeforeSize() {
        RecordingPartitionStore store = new RecordingPartitionStore(List.of(
                events(TODAY.minusDays(40), 500), events(TODAY.minusDays(10), 500), events(TODAY.minusDays(5), 500)));

        List<Partition> dropped = Retention.apply(store, new RetentionPolicy(Duration.ofDays(30), 600), NOW);

        assertThat(dropped).extracting(Partition::day).containsExactly(TODAY.minusDays(40), TODAY.minusDays(10));
    }

    @Test
    void keepsEverythingWithoutLimits() {
        RecordingPartitionStore store = new RecordingPartitionStore(List.of(events(TODAY.minusDays(3000), 1L << 40)));

        assertThat(Retention.apply(store, RetentionPolicy.keepForever(), NOW)).isEmpty();
        assertThat(store.dropped()).isEmpty();
    }

    @Test
    void readsPolicyFromSettings() {
        assertThat(RetentionPolicy.fromSettings(Settings.empty()))
                .isEqualTo(new RetentionPolicy(RetentionPolicy.DEFAULT_MAX_AGE, 0));
        assertThat(RetentionPolicy.fromSettings(Settings.of(Map.of(
                        "store.retention.max-age", "90d", "store.retention.max-size", "500GB"))))
                .isEqualTo(new RetentionPolicy(Duration.ofDays(90), 500L * 1024 * 1024 * 1024));
        assertThatThrownBy(() -> new RetentionPolicy(Duration.ofDays(-1), 0))
                .isInstanceOf(MedsocException.class)
                .hasMessageContaining("negative");
    }
}
