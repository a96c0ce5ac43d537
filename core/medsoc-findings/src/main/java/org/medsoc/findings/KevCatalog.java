package org.medsoc.findings;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.InputStream;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.medsoc.spi.error.MedsocException;

/**
 * CISA's Known Exploited Vulnerabilities catalog, read from its JSON feed ({@code {"vulnerabilities":[{"cveID":
 * ..., "dateAdded": "2021-11-03", "dueDate": "2021-11-17", ...}]}}); other fields are ignored.
 *
 * @param entries the entries, one per CVE (a repeated CVE keeps its earliest due date)
 */
public record KevCatalog(List<KevEntry> entries) {

    /** Copies the entries. */
    public KevCatalog {
        entries = List.copyOf(requireNonNull(entries, "entries is null"));
    }

    /**
     * Parses the CISA JSON feed from a stream (not closed); fails with {@link FindingsErrorCode#MALFORMED_FEED}
     * naming the entry when the JSON is malformed, an entry lacks its {@code cveID} or has a malformed date.
     */
    public static KevCatalog parse(InputStream in) {
        requireNonNull(in, "in is null");
        Map<String, KevEntry> byCve = new LinkedHashMap<>();
        FeedArray.forEach(in, "KEV catalog", "the catalog", "KEV catalog is not valid JSON", (node, index) -> {
            KevEntry entry = entry(node, index);
            byCve.merge(entry.cve(), entry, KevCatalog::earlierDue);
        });
        return new KevCatalog(new ArrayList<>(byCve.values()));
    }

    /** The CVE ids of the catalog. */
    public Set<String> cves() {
        Set<String> cves = new java.util.LinkedHashSet<>();
        for (KevEntry e : entries) {
            cves.add(e.cve());
        }
        return cves;
    }

    private static KevEntry entry(JsonNode node, int index) {
        String cve = node.path("cveID").asText("").strip().toUpperCase(Locale.ROOT);
        if (!cve.startsWith("CVE-")) {
            throw malformed("entry " + index + " has no valid 'cveID' (was '" + cve + "')");
        }
        LocalDate added = date(node, "dateAdded", cve).orElseThrow(
                () -> malformed("entry " + cve + " has no 'dateAdded'"));
        return new KevEntry(cve, added, date(node, "dueDate", cve));
    }

    private static Optional<LocalDate> date(JsonNode node, String field, String cve) {
        String text = node.path(field).asText("").strip();
        if (text.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(LocalDate.parse(text.length() > 10 ? text.substring(0, 10) : text));
        } catch (DateTimeParseException e) {
            throw malformed("entry " + cve + " has a malformed '" + field + "': '" + text
                    + "' (expected YYYY-MM-DD)");
        }
    }

    private static KevEntry earlierDue(KevEntry a, KevEntry b) {
        if (a.dueDate().isEmpty()) {
            return b;
        }
        if (b.dueDate().isEmpty()) {
            return a;
        }
        return b.dueDate().get().isBefore(a.dueDate().get()) ? b : a;
    }

    private static MedsocException malformed(String reason) {
        return new MedsocException(FindingsErrorCode.MALFORMED_FEED, "KEV catalog: " + reason);
    }
}
