package org.medsoc.vuln.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.medsoc.spi.error.MedsocException;
import org.medsoc.vuln.HostAddress;
import org.medsoc.vuln.OpenPort;
import org.medsoc.vuln.ReportFormat;
import org.medsoc.vuln.ScannedHost;
import org.medsoc.vuln.Severity;
import org.medsoc.vuln.VulnErrorCode;

/**
 * Nuclei JSON export: either one JSON array of results ({@code -json-export}) or one result object per line
 * ({@code -jsonl}). Both the current ({@code template-id}, {@code matched-at}, {@code matcher-name}) and the older
 * ({@code templateID}, {@code matched}, {@code matcher_name}) field names are read. The scanner id is
 * {@code template-id[:matcher-name]}, nuclei's own notation. Each result must have a template id, {@code info.name},
 * {@code info.severity} and {@code host}.
 */
final class NucleiParser {
    private NucleiParser() {}

    private static final class HostDraft {
        final HostAddress address;
        final Map<String, OpenPort> ports = new LinkedHashMap<>();

        HostDraft(HostAddress address) {
            this.address = address;
        }
    }

    static void parse(InputStream in, ReportAssembly report) {
        JsonFactory factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxStringLength(report.limits.maxTextLength())
                        .maxNestingDepth(report.limits.maxElementDepth())
                        .build())
                .disable(com.fasterxml.jackson.core.StreamReadFeature.AUTO_CLOSE_SOURCE)
                .build();
        ObjectMapper mapper = new ObjectMapper(factory);
        Map<String, HostDraft> hosts = new LinkedHashMap<>();
        int index = 0;
        JsonParser parser;
        try {
            parser = factory.createParser(in);
        } catch (IOException e) {
            throw new MedsocException(VulnErrorCode.REPORT_NOT_READABLE,
                    report.source + ": cannot read the report: " + e.getMessage(), e);
        }
        try (parser) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                throw new MedsocException(VulnErrorCode.MALFORMED_REPORT, report.source + ": empty nuclei report");
            }
            if (first == JsonToken.START_ARRAY) {
                JsonToken token;
                while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
                    if (token == null) {
                        throw new MedsocException(VulnErrorCode.MALFORMED_REPORT,
                                at(report, parser.currentLocation()) + ": unexpected end of the JSON array");
                    }
                    result(expectObject(parser, mapper, report, index), report, hosts, index, parser);
                    index++;
                }
                if (parser.nextToken() != null) {
                    throw new MedsocException(VulnErrorCode.MALFORMED_REPORT,
                            at(report, parser.currentLocation()) + ": content after the JSON array");
                }
            } else {
                JsonToken token = first;
                while (token != null) {
                    result(expectObject(parser, mapper, report, index), report, hosts, index, parser);
                    index++;
                    token = parser.nextToken();
                }
            }
        } catch (StreamConstraintsException e) {
            throw new MedsocException(VulnErrorCode.REPORT_TOO_LARGE,
                    at(report, e.getLocation() != null ? e.getLocation() : parser.currentLocation()) + ": "
                            + e.getOriginalMessage()
                            + " (ParseLimits.maxTextLength / maxElementDepth)", e);
        } catch (JsonProcessingException e) {
            throw new MedsocException(VulnErrorCode.MALFORMED_REPORT,
                    at(report, e.getLocation()) + ": malformed JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new MedsocException(VulnErrorCode.REPORT_NOT_READABLE,
                    report.source + ": cannot read the report: " + e.getMessage(), e);
        }
        for (HostDraft host : hosts.values()) {
            report.add(new ScannedHost(host.address, Optional.empty(), new ArrayList<>(host.ports.values())));
        }
    }

    private static JsonNode expectObject(JsonParser parser, ObjectMapper mapper, ReportAssembly report, int index)
            throws IOException {
        if (parser.currentToken() != JsonToken.START_OBJECT) {
            throw new MedsocException(VulnErrorCode.MALFORMED_REPORT, at(report, parser.currentLocation())
                    + ": result #" + (index + 1) + " is not a JSON object but " + parser.currentToken());
        }
        return mapper.readTree(parser);
    }

    private static void result(
            JsonNode node, ReportAssembly report, Map<String, HostDraft> hosts, int index, JsonParser parser) {
        String where = at(report, parser.currentLocation()) + ": result #" + (index + 1);
        FindingDraft draft = new FindingDraft(ReportFormat.NUCLEI);
        String templateId = text(node, "template-id", "templateID", "template_id");
        if (templateId == null) {
            throw new MedsocException(VulnErrorCode.MALFORMED_REPORT, where + " has no template-id");
        }
        JsonNode info = node.get("info");
        if (info == null || !info.isObject()) {
            throw new MedsocException(VulnErrorCode.MALFORMED_REPORT, where + " (" + templateId + ") has no info");
        }
        String name = text(info, "name");
        if (name == null) {
            throw new MedsocException(VulnErrorCode.MALFORMED_REPORT, where + " (" + templateId + ") has no info.name");
        }
        String severity = text(info, "severity");
        if (severity == null) {
            throw new MedsocException(
                    VulnErrorCode.MALFORMED_REPORT, where + " (" + templateId + ") has no info.severity");
        }
        draft.severity = switch (severity.toLowerCase(Locale.ROOT)) {
            case "critical" -> Severity.CRITICAL;
            case "high" -> Severity.HIGH;
            case "medium" -> Severity.MEDIUM;
            case "low" -> Severity.LOW;
            case "info", "unknown" -> Severity.INFO;
            default -> throw new MedsocException(VulnErrorCode.MALFORMED_REPORT,
                    where + " (" + templateId + ") has an unknown info.severity '" + severity + "'");
        };
        String hostField = text(node, "host");
        if (hostField == null) {
            throw new MedsocException(VulnErrorCode.MALFORMED_REPORT, where + " (" + templateId + ") has no host");
        }
        String matcher = text(node, "matcher-name", "matcher_name");
        draft.scannerId = matcher == null ? templateId : templateId + ":" + matcher;
        draft.title = TextValues.collapseWhitespace(name);
        draft.description = TextValues.orEmpty(text(info, "description"));
        draft.solution = TextValues.orEmpty(text(info, "remediation"));
        references(info.get("reference"), draft);
        JsonNode classification = info.get("classification");
        if (classification != null && classification.isObject()) {
            for (String cve : strings(classification.get("cve-id"))) {
                draft.addCve(cve);
            }
            for (String cwe : strings(classification.get("cwe-id"))) {
                draft.addCwe(cwe);
            }
            String metrics = text(classification, "cvss-metrics");
            JsonNode score = classification.get("cvss-score");
            Double value = score != null && score.isNumber()
                    ? Double.valueOf(score.doubleValue())
                    : FindingDraft.parseScore(score == null ? null : score.asText());
            if (metrics != null && metrics.startsWith("CVSS:4")) {
                draft.cvss4Vector = metrics;
                draft.cvss4Score = value;
            } else if (metrics != null && metrics.startsWith("CVSS:3")) {
                draft.cvss3Vector = metrics;
                draft.cvss3Score = value;
            }
            draft.scannerScore = value;
        }
        String matchedAt = text(node, "matched-at", "matched");
        draft.location = matchedAt;
        List<String> extracted = strings(node.has("extracted-results")
                ? node.get("extracted-results") : node.get("extracted_results"));
        draft.evidence = extracted.isEmpty() ? TextValues.orEmpty(matchedAt) : String.join("\n", extracted);
        String type = TextValues.orEmpty(text(node, "type")).toLowerCase(Locale.ROOT);
        draft.protocol = type.equals("dns") ? "udp" : "tcp";

        String target = matchedAt != null ? matchedAt : hostField;
        String scheme = scheme(target);
        draft.service = scheme != null ? scheme : (type.isEmpty() ? null : type);
        int port = port(node.get("port"), target, scheme);
        if (port == 0 && matchedAt != null) {
            port = port(null, hostField, scheme(hostField));
        }
        draft.port = port;
        draft.firstSeen = TextValues.isoInstant(text(node, "timestamp"));
        draft.lastSeen = draft.firstSeen;

        Optional<String> ip = TextValues.optional(text(node, "ip"));
        Optional<String> hostname = TextValues.optional(hostOf(hostField));
        if (hostname.isPresent() && NessusParser.looksLikeIp(hostname.get())) {
            if (ip.isEmpty()) {
                ip = hostname;
            }
            hostname = Optional.empty();
        }
        if (ip.isEmpty() && hostname.isEmpty()) {
            throw new MedsocException(
                    VulnErrorCode.MALFORMED_REPORT, where + " (" + templateId + ") has an empty host");
        }
        HostAddress address = new HostAddress(ip, hostname, Optional.empty());
        report.add(draft.build(address, report.limits.maxEvidenceLength()));
        HostDraft host = hosts.computeIfAbsent(address.key(), key -> new HostDraft(address));
        if (port > 0) {
            host.ports.putIfAbsent(port + "/" + draft.protocol, new OpenPort(port, draft.protocol,
                    TextValues.optional(draft.service), Optional.empty(), Optional.empty(), List.of()));
        }
    }

    private static @Nullable String text(JsonNode node, String... names) {
        for (String name : names) {
            JsonNode value = node.get(name);
            if (value != null && !value.isNull() && (value.isValueNode())) {
                String text = value.asText().strip();
                if (!text.isEmpty()) {
                    return text;
                }
            }
        }
        return null;
    }

    /** A string, an array of strings, or a comma-separated string as a list. */
    private static List<String> strings(@Nullable JsonNode node) {
        List<String> values = new ArrayList<>();
        if (node == null || node.isNull()) {
            return values;
        }
        if (node.isArray()) {
            for (JsonNode element : node) {
                if (element.isValueNode() && !element.isNull()) {
                    TextValues.optional(element.asText()).ifPresent(values::add);
                }
            }
        } else if (node.isValueNode()) {
            for (String part : node.asText().split(",")) {
                TextValues.optional(part).ifPresent(values::add);
            }
        }
        return values;
    }

    /** Reference: an array of URLs, or a YAML-ish string of {@code - url} lines. */
    private static void references(@Nullable JsonNode node, FindingDraft draft) {
        if (node == null || node.isNull()) {
            return;
        }
        if (node.isArray()) {
            for (JsonNode element : node) {
                draft.addReference(element.asText());
            }
            return;
        }
        for (String line : node.asText().split("\n")) {
            String reference = line.strip();
            if (reference.startsWith("- ")) {
                reference = reference.substring(2);
            }
            draft.addReference(reference);
        }
    }

    private static @Nullable String scheme(String target) {
        int marker = target.indexOf("://");
        return marker > 0 ? target.substring(0, marker).toLowerCase(Locale.ROOT) : null;
    }

    /** The host part of {@code scheme://user@host:port/path} or {@code host:port}. */
    static String hostOf(String target) {
        int marker = target.indexOf("://");
        String rest = marker >= 0 ? target.substring(marker + 3) : target;
        int end = rest.length();
        for (char stop : new char[] {'/', '?', '#'}) {
            int i = rest.indexOf(stop);
            if (i >= 0 && i < end) {
                end = i;
            }
        }
        String authority = rest.substring(0, end);
        int at = authority.lastIndexOf('@');
        if (at >= 0) {
            authority = authority.substring(at + 1);
        }
        if (authority.startsWith("[")) {
            int close = authority.indexOf(']');
            return close > 0 ? authority.substring(1, close) : authority;
        }
        int colon = authority.indexOf(':');
        if (colon >= 0 && authority.indexOf(':', colon + 1) < 0) {
            return authority.substring(0, colon);
        }
        return authority;
    }

    private static int port(@Nullable JsonNode explicit, String target, @Nullable String scheme) {
        if (explicit != null && !explicit.isNull()) {
            try {
                int port = Integer.parseInt(explicit.asText().strip());
                if (port > 0 && port <= 65_535) {
                    return port;
                }
            } catch (NumberFormatException e) {
                // fall through to the URL
            }
        }
        int marker = target.indexOf("://");
        String rest = marker >= 0 ? target.substring(marker + 3) : target;
        int slash = rest.indexOf('/');
        String authority = slash >= 0 ? rest.substring(0, slash) : rest;
        int bracket = authority.lastIndexOf(']');
        int colon = authority.lastIndexOf(':');
        if (colon > bracket && (bracket >= 0 || authority.indexOf(':') == colon)) {
            try {
                int port = Integer.parseInt(authority.substring(colon + 1));
                if (port > 0 && port <= 65_535) {
                    return port;
                }
            } catch (NumberFormatException e) {
                return 0;
            }
        }
        if ("https".equals(scheme)) {
            return 443;
        }
        if ("http".equals(scheme)) {
            return 80;
        }
        return 0;
    }

    private static String at(ReportAssembly report, @Nullable JsonLocation location) {
        if (location == null || location.getLineNr() <= 0) {
            return report.source;
        }
        return report.source + ":" + location.getLineNr() + ":" + location.getColumnNr();
    }
}
