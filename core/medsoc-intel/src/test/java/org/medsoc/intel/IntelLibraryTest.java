package org.medsoc.intel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medsoc.spi.error.MedsocException;
import org.medsoc.spi.event.Event;
import org.medsoc.spi.event.Fields;
import org.medsoc.spi.event.TenantId;

class IntelLibraryTest {
    @TempDir
    Path dir;

    private static String feed() throws IOException {
        try (InputStream in = IntelLibraryTest.class.getResourceAsStream("/stix/commission-feed.json")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static Event connection(String destination) {
        Event e = new Event(TenantId.DEFAULT, Instant.parse("2026-11-25T08:00:00Z").toEpochMilli(), "fw");
        e.put(Fields.SOURCE_IP, "10.20.5.11");
        e.put(Fields.DESTINATION_IP, destination);
        return e;
    }

    @Test
    void importedIndicatorsStampMatchingEventsAndSurviveAReopen() throws IOException {
        IntelLibrary library = new IntelLibrary(dir);
        assertThat(library.index().size()).isZero();
        ImportResult r = library.importStix("commission", feed());
        assertThat(r.indicators()).isNotEmpty();
        assertThat(r.problems()).isNotEmpty(); // the feed carries patterns medsoc cannot run; they are reported

        Event hit = connection("203.0.113.77");
        library.enrich(hit);
        assertThat(hit.value(IntelLibrary.INDICATOR)).isEqualTo("203.0.113.77");
        assertThat(hit.value(IntelLibrary.MATCHED_FIELD)).isEqualTo("destination.ip");
        assertThat(hit.value(IntelLibrary.SOURCE)).isEqualTo("stix:commission");
        assertThat(hit.values(Fields.TAGS)).contains("intel_match");
        Event miss = connection("203.0.113.78");
        library.enrich(miss);
        assertThat(miss.value(IntelLibrary.INDICATOR)).isNull();

        IntelLibrary reopened = new IntelLibrary(dir);
        assertThat(reopened.index().size()).isEqualTo(library.index().size());
        assertThat(reopened.bundles()).singleElement().satisfies(b -> assertThat(b.name()).isEqualTo("commission"));
        assertThat(StixBundles.read(reopened.exportStix(), "x", Tlp.AMBER).indicators()).hasSize(library.index().size());

        reopened.delete("commission");
        Event after = connection("203.0.113.77");
        reopened.enrich(after);
        assertThat(after.value(IntelLibrary.INDICATOR)).isNull();
        assertThat(new IntelLibrary(dir).index().size()).isZero();
    }

    @Test
    void refusesBadNamesAndBundlesWithoutIndicators() {
        IntelLibrary library = new IntelLibrary(dir);
        assertThatThrownBy(() -> library.importStix("../x", "{}")).isInstanceOf(MedsocException.class)
                .hasMessageContaining("bundle name");
        assertThatThrownBy(() -> library.importStix("empty",
                "{\"type\":\"bundle\",\"id\":\"bundle--5d0092c5-5f74-4287-9642-33f4c354e56d\",\"objects\":[]}"))
                .isInstanceOf(MedsocException.class).hasMessageContaining("no usable indicator");
        assertThatThrownBy(() -> library.delete("missing")).hasMessageContaining("no intel bundle");
    }
}
