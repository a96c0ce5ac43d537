package org.medsoc.findings;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.InputStream;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.medsoc.spi.error.MedsocException;
import org.medsoc.vuln.Severity;

/**
 * Reads NVD CVE API 2.0 responses ({@code {"vulnerabilities":[{"cve":{...}}]}}) into {@link Advisory advisories}:
 * id and CVE from {@code cve.id}, title from the first English description (cut to 200 characters), severity from
 * the first of {@code cvssMetricV40}, {@code cvssMetricV31}, {@code cvssMetricV30}, {@code cvssMetricV2} (INFO when
 * none), published from {@code cve.published} (UTC when the feed omits the zone), and one {@link AffectedCpe} per
 * {@code configurations[].nodes[].cpeMatch[]} entry marked {@code vulnerable}.
 *
 * <p>Configuration nodes are flattened: an {@code AND} configuration ("application X running on platform Y") is
 * reduced to its vulnerable entries, which over-reports rather than misses; negated nodes are skipped.
 */
public final class NvdFeed {

    private NvdFeed() {}

    /** Parses a response from a stream (not closed); fails with {@link FindingsErrorCode#MALFORMED_FEED}. */
    public static List<Advisory> parse(InputStream in) {
        requireNonNull(in, "in is null");
        List<Advisory> advisories = new ArrayList<>();
        FeedArray.forEach(in, "NVD feed", "the response", "NVD response is not valid JSON",
                (node, index) -> advisories.add(advisory(node.path("cve"), index)));
        return advisories;
    }

    private static Advisory advisory(JsonNode cve, int index) {
        String id = cve.path("id").asText("").strip().toUpperCase(Locale.ROOT);
        if (!id.startsWith("CVE-")) {
            throw malformed("vulnerability " + index + " has no valid 'cve.id' (was '" + id + "')");
        }
        String description = "";
        for (JsonNode d : cve.path("descriptions")) {
            if ("en".equals(d.path("lang").asText())) {
                description = d.path("value").asText("").strip();
                break;
            }
        }
        String title = description.isEmpty() ? id
                : description.length() > 200 ? description.substring(0, 197) + "..." : description;
        List<Affected> affected = new ArrayList<>();
        for (JsonNode configuration : cve.path("configurations")) {
            for (JsonNode node : configuration.path("nodes")) {
                if (node.path("negate").asBoolean(false)) {
                    continue;
                }
                for (JsonNode match : node.path("cpeMatch")) {
                    if (!match.path("vulnerable").asBoolean(false)) {
                        continue;
                    }
                    String criteria = match.path("criteria").asText("");
                    try {
                        affected.add(new AffectedCpe(Cpe.parse(criteria), new VersionRange(
                                text(match, "versionStartIncluding"), text(match, "versionStartExcluding"),
                                text(match, "versionEndIncluding"), text(match, "versionEndExcluding"))));
                    } catch (MedsocException e) {
                        throw malformed(id + ": cpeMatch '" + criteria + "': " + e.getMessage());
                    }
                }
            }
        }
        List<String> cves = List.of(id);
        return new Advisory(id, cves, title, severity(cve.path("metrics")), published(cve, id), affected);
    }

    private static Severity severity(JsonNode metrics) {
        for (String key : List.of("cvssMetricV40", "cvssMetricV31", "cvssMetricV30")) {
            JsonNode list = metrics.path(key);
            if (list.isArray() && !list.isEmpty()) {
                JsonNode data = list.get(0).path("cvssData");
                String s = data.path("baseSeverity").asText("");
                if (!s.isEmpty()) {
                    return severityOf(s);
                }
                if (data.has("baseScore")) {
                    return Severity.fromCvssScore(data.path("baseScore").asDouble());
                }
            }
        }
        JsonNode v2 = metrics.path("cvssMetricV2");
        if (v2.isArray() && !v2.isEmpty() && !v2.get(0).path("baseSeverity").asText("").isEmpty()) {
            return severityOf(v2.get(0).path("baseSeverity").asText());
        }
        return Severity.INFO;
    }

    private static Severity severityOf(String s) {
        return switch (s.toUpperCase(Locale.ROOT)) {
            case "CRITICAL" -> Severity.CRITICAL;
            case "HIGH" -> Severity.HIGH;
            case "MEDIUM" -> Severity.MEDIUM;
            case "LOW" -> Severity.LOW;
            default -> Severity.INFO;
        };
    }

    private static Instant published(JsonNode cve, String id) {
        String text = cve.path("published").asText("").strip();
        if (text.isEmpty()) {
            throw malformed(id + " has no 'published' time");
        }
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException notOffset) {
            try {
                return LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException e) {
                throw malformed(id + " has a malformed 'published' time '" + text + "'");
            }
        }
    }

    private static Optional<String> text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() || v.asText().isBlank() ? Optional.empty() : Optional.of(v.asText().strip());
    }

    private static MedsocException malformed(String reason) {
        return new MedsocException(FindingsErrorCode.MALFORMED_FEED, "NVD feed: " + reason);
    }
}
