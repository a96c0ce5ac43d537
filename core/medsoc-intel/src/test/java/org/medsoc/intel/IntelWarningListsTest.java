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

class IntelWarningListsTest {
    @TempDir
    Path dir;

    private static String feed() throws IOException {
        try (InputStream in = IntelWarningListsTest.class.getResourceAsStream("/stix/commission-feed.json")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static String matched(IntelLibrary library, String destination) {
        Event e = new Event(TenantId.DEFAULT, Instant.parse("2026-11-25T08:00:00Z").toEpochMilli(), "fw");
        e.put(Fields.SOURCE_IP, "10.20.5.11");
        e.put(Fields.DESTINATION_IP, destination);
        library.enrich(e);
        return e.value(IntelLibrary.INDICATOR);
    }

    @Test
    void aStoredWarningListSilencesItsValuesUntilDeletedAndSurvivesAReopen() throws IOException {
        IntelLibrary library = new IntelLibrary(dir);
        library.importStix("commission", feed());
        assertThat(matched(library, "203.0.113.77")).isEqualTo("203.0.113.77");
        assertThat(library.warningLists()).extracting(WarningList::name).containsExactly("public-resolvers");

        WarningList stored = library.putWarningList("hospital-own",
                "# the hospital's own ranges\nIPV4 203.0.113.77\nDOMAIN his.hospital.example\n");
        assertThat(stored.entries()).hasSize(2);
        assertThat(matched(library, "203.0.113.77")).isNull();
        assertThat(library.bundles()).singleElement().satisfies(b -> assertThat(b.name()).isEqualTo("commission"));

        IntelLibrary reopened = new IntelLibrary(dir);
        assertThat(reopened.warningLists()).extracting(WarningList::name).containsExactly("public-resolvers", "hospital-own");
        assertThat(matched(reopened, "203.0.113.77")).isNull();

        reopened.deleteWarningList("hospital-own");
        assertThat(matched(reopened, "203.0.113.77")).isEqualTo("203.0.113.77");
        assertThat(new IntelLibrary(dir).warningLists()).hasSize(1);
    }

    @Test
    void refusesBadLinesBadNamesAndTheShippedList() {
        IntelLibrary library = new IntelLibrary(dir);
        assertThatThrownBy(() -> library.putWarningList("ours", "IPV4 10.0.0.1\nnonsense\nFOO bar\n"))
                .isInstanceOf(MedsocException.class).hasMessageContaining("line 2").hasMessageContaining("line 3");
        assertThat(library.warningLists()).hasSize(1);
        assertThatThrownBy(() -> library.putWarningList("../x", "IPV4 10.0.0.1")).hasMessageContaining("warning list name");
        assertThatThrownBy(() -> library.putWarningList("public-resolvers", "IPV4 10.0.0.1"))
                .hasMessageContaining("ships with medsoc");
        assertThatThrownBy(() -> library.deleteWarningList("missing")).hasMessageContaining("no warning list");
    }
}
