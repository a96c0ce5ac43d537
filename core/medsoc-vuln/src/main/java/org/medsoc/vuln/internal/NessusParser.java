package org.medsoc.vuln.internal;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.medsoc.vuln.HostAddress;
import org.medsoc.vuln.OpenPort;
import org.medsoc.vuln.ReportFormat;
import org.medsoc.vuln.ScannedHost;
import org.medsoc.vuln.Severity;

/**
 * Nessus v2 ({@code .nessus}): {@code NessusClientData_v2/Report/ReportHost} with {@code HostProperties/tag} and
 * {@code ReportItem}s. Every ReportItem becomes a finding (severity 0 as INFO); items with a port above 0 also list
 * the port as open on the host. Times in HOST_START/HOST_END carry no zone and are read as UTC.
 */
final class NessusParser {
    private static final DateTimeFormatter HOST_TIME =
            DateTimeFormatter.ofPattern("EEE MMM d HH:mm:ss yyyy", Locale.ENGLISH);

    private NessusParser() {}

    static void parse(XmlCursor xml, ReportAssembly report) {
        String root = xml.root();
        if (!root.equals("NessusClientData_v2")) {
            throw xml.error("expected root element <NessusClientData_v2> of a Nessus v2 report, found <" + root + ">");
        }
        int rootDepth = xml.depth();
        boolean sawReport = false;
        while (xml.nextChild(rootDepth)) {
            if (xml.name().equals("Report")) {
                sawReport = true;
                int reportDepth = xml.depth();
                while (xml.nextChild(reportDepth)) {
                    if (xml.name().equals("ReportHost")) {
                        reportHost(xml, report);
                    } else {
                        xml.skip();
                    }
                }
            } else {
                xml.skip(); // Policy
            }
        }
        if (!sawReport) {
            throw xml.error("Nessus report has no <Report> element");
        }
        xml.finish();
    }

    private static void reportHost(XmlCursor xml, ReportAssembly report) {
        String hostName = xml.requiredAttribute("name");
        int depth = xml.depth();
        Map<String, String> tags = new LinkedHashMap<>();
        List<FindingDraft> drafts = new ArrayList<>();
        while (xml.nextChild(depth)) {
            switch (xml.name()) {
                case "HostProperties" -> {
                    int propertiesDepth = xml.depth();
                    while (xml.nextChild(propertiesDepth)) {
                        if (xml.name().equals("tag")) {
                            String name = xml.requiredAttribute("name");
                            tags.put(name, xml.text().strip());
                        } else {
                            xml.skip();
                        }
                    }
                }
                case "ReportItem" -> drafts.add(reportItem(xml));
                default -> xml.skip();
            }
        }
        Optional<String> ip = TextValues.optional(tags.get("host-ip"));
        Optional<String> fqdn = TextValues.optional(tags.get("host-fqdn"));
        if (ip.isEmpty() && looksLikeIp(hostName)) {
            ip = Optional.of(hostName.strip());
        }
        Optional<String> hostname = fqdn.isPresent() ? fqdn : TextValues.optional(tags.get("netbios-name"));
        if (hostname.isEmpty() && !looksLikeIp(hostName)) {
            hostname = TextValues.optional(hostName);
        }
        if (ip.isEmpty() && hostname.isEmpty()) {
            throw xml.error("ReportHost has neither an IP nor a name");
        }
        Optional<String> mac = TextValues.optional(firstLine(tags.get("mac-address")));
        HostAddress address = new HostAddress(ip, hostname, mac);
        Instant start = hostTime(tags.get("HOST_START_TIMESTAMP"), tags.get("HOST_START"));
        Instant end = hostTime(tags.get("HOST_END_TIMESTAMP"), tags.get("HOST_END"));
        report.started(start);
        report.ended(end);

        Map<String, OpenPort> ports = new LinkedHashMap<>();
        for (FindingDraft draft : drafts) {
            draft.firstSeen = start;
            draft.lastSeen = end;
            report.add(draft.build(address, report.limits.maxEvidenceLength()));
            if (draft.port > 0) {
                ports.putIfAbsent(
                        draft.port + "/" + draft.protocol,
                        new OpenPort(
                                draft.port,
                                draft.protocol,
                                TextValues.optional(draft.service),
                                Optional.empty(),
                                Optional.empty(),
                                List.of()));
            }
        }
        report.add(new ScannedHost(address, TextValues.optional(tags.get("operating-system")),
                new ArrayList<>(ports.values())));
    }

    private static FindingDraft reportItem(XmlCursor xml) {
        FindingDraft draft = new FindingDraft(ReportFormat.NESSUS);
        draft.port = xml.intAttribute("port", 0, 65_535);
        draft.protocol = xml.requiredAttribute("protocol").strip().toLowerCase(Locale.ROOT);
        int severity = xml.intAttribute("severity", 0, 4);
        draft.severity = switch (severity) {
            case 4 -> Severity.CRITICAL;
            case 3 -> Severity.HIGH;
            case 2 -> Severity.MEDIUM;
            case 1 -> Severity.LOW;
            default -> Severity.INFO;
        };
        draft.scannerId = xml.requiredAttribute("pluginID").strip();
        String pluginName = xml.attribute("pluginName");
        draft.title = TextValues.collapseWhitespace(pluginName);
        String service = xml.attribute("svc_name");
        draft.service = service == null ? null : service.strip();
        String synopsis = "";
        String description = "";
        @Nullable Double cvssBase = null;
        int depth = xml.depth();
        while (xml.nextChild(depth)) {
            switch (xml.name()) {
                case "description" -> description = xml.text().strip();
                case "synopsis" -> synopsis = xml.text().strip();
                case "solution" -> draft.solution = xml.text().strip();
                case "plugin_output" -> draft.evidence = xml.text().strip();
                case "plugin_name" -> {
                    String name = TextValues.collapseWhitespace(xml.text());
                    if (draft.title.isEmpty()) {
                        draft.title = name;
                    }
                }
                case "cve" -> draft.addCve(xml.text());
                case "cwe" -> draft.addCwe(xml.text());
                case "xref" -> {
                    String xref = xml.text().strip();
                    if (xref.regionMatches(true, 0, "CWE:", 0, 4)) {
                        draft.addCwe(xref);
                    }
                }
                case "see_also" -> {
                    for (String line : xml.text().split("\n")) {
                        draft.addReference(line);
                    }
                }
                case "cvss3_vector" -> draft.cvss3Vector = xml.text().strip();
                case "cvss3_base_score" -> draft.cvss3Score = FindingDraft.parseScore(xml.text());
                case "cvss4_vector" -> draft.cvss4Vector = xml.text().strip();
                case "cvss4_base_score" -> draft.cvss4Score = FindingDraft.parseScore(xml.text());
                case "cvss_base_score" -> cvssBase = FindingDraft.parseScore(xml.text());
                default -> xml.skip();
            }
        }
        if (draft.title.isEmpty()) {
            throw xml.error("ReportItem " + draft.scannerId + " has no pluginName");
        }
        draft.description = synopsis.isEmpty() ? description
                : description.isEmpty() ? synopsis : synopsis + "\n\n" + description;
        draft.scannerScore = draft.cvss3Score != null ? draft.cvss3Score : cvssBase;
        return draft;
    }

    private static @Nullable Instant hostTime(@Nullable String epoch, @Nullable String text) {
        Optional<Instant> fromEpoch = TextValues.epochSeconds(epoch);
        if (fromEpoch.isPresent()) {
            return fromEpoch.get();
        }
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return LocalDateTime.parse(TextValues.collapseWhitespace(text), HOST_TIME).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            return null; // an unreadable host time is not worth failing the import
        }
    }

    private static @Nullable String firstLine(@Nullable String text) {
        if (text == null) {
            return null;
        }
        int newline = text.indexOf('\n');
        return newline < 0 ? text : text.substring(0, newline);
    }

    static boolean looksLikeIp(String text) {
        String s = text.strip();
        if (s.isEmpty()) {
            return false;
        }
        if (s.indexOf(':') >= 0) {
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                if (!(c == ':' || c == '.' || Character.digit(c, 16) >= 0)) {
                    return false;
                }
            }
            return true;
        }
        int dots = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '.') {
                dots++;
            } else if (c < '0' || c > '9') {
                return false;
            }
        }
        return dots == 3;
    }
}
