package org.medsoc.vuln.internal;

import java.time.Instant;
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
 * OpenVAS / Greenbone GMP XML report: {@code report[/report]/results/result} with {@code nvt}, numeric
 * {@code severity} (mapped through the CVSS rating scale) and {@code qod}. Results with a negative severity (GMP's
 * false positive / error markers) are dropped. Hosts come from {@code report/host} (ip, start, end, best_os_txt);
 * their open ports from the results' {@code port} values ({@code 80/tcp}; {@code general/tcp} is not a port).
 */
final class OpenVasParser {
    private OpenVasParser() {}

    private static final class HostDraft {
        final String ip;
        @Nullable String hostname;
        @Nullable String os;
        final Map<String, OpenPort> ports = new LinkedHashMap<>();

        HostDraft(String ip) {
            this.ip = ip;
        }
    }

    private static final class ResultDraft {
        final FindingDraft finding = new FindingDraft(ReportFormat.OPENVAS);
        String hostIp = "";
        @Nullable String hostname;
        double severity;
    }

    static void parse(XmlCursor xml, ReportAssembly report) {
        String root = xml.root();
        if (!root.equals("report")) {
            throw xml.error("expected root element <report> of an OpenVAS/Greenbone report, found <" + root + ">");
        }
        Map<String, HostDraft> hosts = new LinkedHashMap<>();
        report(xml, report, hosts);
        xml.finish();
        for (HostDraft host : hosts.values()) {
            report.add(new ScannedHost(
                    new HostAddress(Optional.of(host.ip), TextValues.optional(host.hostname), Optional.empty()),
                    TextValues.optional(host.os),
                    new ArrayList<>(host.ports.values())));
        }
    }

    private static void report(XmlCursor xml, ReportAssembly report, Map<String, HostDraft> hosts) {
        int depth = xml.depth();
        while (xml.nextChild(depth)) {
            switch (xml.name()) {
                case "report" -> report(xml, report, hosts);
                case "results" -> {
                    int resultsDepth = xml.depth();
                    while (xml.nextChild(resultsDepth)) {
                        if (xml.name().equals("result")) {
                            result(xml, report, hosts);
                        } else {
                            xml.skip();
                        }
                    }
                }
                case "host" -> reportHost(xml, report, hosts);
                case "scan_start" -> report.started(TextValues.isoInstant(xml.text()));
                case "scan_end" -> report.ended(TextValues.isoInstant(xml.text()));
                default -> xml.skip();
            }
        }
    }

    private static void reportHost(XmlCursor xml, ReportAssembly report, Map<String, HostDraft> hosts) {
        int depth = xml.depth();
        String ip = null;
        String hostname = null;
        String os = null;
        while (xml.nextChild(depth)) {
            switch (xml.name()) {
                case "ip" -> ip = xml.text().strip();
                case "start" -> report.started(TextValues.isoInstant(xml.text()));
                case "end" -> report.ended(TextValues.isoInstant(xml.text()));
                case "detail" -> {
                    String name = null;
                    String value = null;
                    int detailDepth = xml.depth();
                    while (xml.nextChild(detailDepth)) {
                        switch (xml.name()) {
                            case "name" -> name = xml.text().strip();
                            case "value" -> value = xml.text().strip();
                            default -> xml.skip();
                        }
                    }
                    if ("best_os_txt".equals(name)) {
                        os = value;
                    } else if ("hostname".equals(name)) {
                        hostname = value;
                    }
                }
                default -> xml.skip();
            }
        }
        if (ip == null || ip.isEmpty()) {
            throw xml.error("report <host> has no <ip>");
        }
        HostDraft host = hosts.computeIfAbsent(ip, HostDraft::new);
        if (hostname != null && !hostname.isEmpty()) {
            host.hostname = hostname;
        }
        if (os != null && !os.isEmpty()) {
            host.os = os;
        }
    }

    private static void result(XmlCursor xml, ReportAssembly report, Map<String, HostDraft> hosts) {
        ResultDraft result = new ResultDraft();
        FindingDraft draft = result.finding;
        String resultName = "";
        boolean sawSeverity = false;
        Instant created = null;
        Instant modified = null;
        int depth = xml.depth();
        while (xml.nextChild(depth)) {
            switch (xml.name()) {
                case "name" -> resultName = TextValues.collapseWhitespace(xml.text());
                case "host" -> result.hostIp = xml.text(child -> {
                            if (child.name().equals("hostname")) {
                                result.hostname = child.text().strip();
                            } else {
                                child.skip();
                            }
                        })
                        .strip();
                case "port" -> port(xml.text().strip(), draft);
                case "nvt" -> nvt(xml, draft);
                case "severity" -> {
                    String text = xml.text().strip();
                    Double value = FindingDraft.parseScore(text);
                    if (value == null || value > 10.0) {
                        throw xml.error("result <severity> is not a score between -3 and 10: '" + text + "'");
                    }
                    result.severity = value;
                    sawSeverity = true;
                }
                case "qod" -> {
                    int qodDepth = xml.depth();
                    while (xml.nextChild(qodDepth)) {
                        if (xml.name().equals("value")) {
                            String text = xml.text().strip();
                            try {
                                draft.detectionQuality = Integer.parseInt(text);
                            } catch (NumberFormatException e) {
                                throw xml.error("<qod><value> is not a number: '" + text + "'");
                            }
                        } else {
                            xml.skip();
                        }
                    }
                }
                case "description" -> draft.evidence = xml.text().strip();
                case "creation_time" -> created = TextValues.isoInstant(xml.text());
                case "modification_time" -> modified = TextValues.isoInstant(xml.text());
                default -> xml.skip();
            }
        }
        if (result.hostIp.isEmpty()) {
            throw xml.error("result has no <host>");
        }
        if (!sawSeverity) {
            throw xml.error("result has no <severity>");
        }
        if (draft.scannerId.isEmpty()) {
            throw xml.error("result has no <nvt oid=...>");
        }
        if (result.severity < 0) {
            return; // GMP: -1 false positive, -2/-3 error/debug results
        }
        if (draft.title.isEmpty()) {
            draft.title = resultName;
        }
        draft.severity = Severity.fromCvssScore(result.severity);
        draft.scannerScore = result.severity;
        draft.firstSeen = created;
        draft.lastSeen = modified != null ? modified : created;
        HostDraft host = hosts.computeIfAbsent(result.hostIp, HostDraft::new);
        if (result.hostname != null && !result.hostname.isEmpty() && host.hostname == null) {
            host.hostname = result.hostname;
        }
        if (draft.port > 0) {
            host.ports.putIfAbsent(draft.port + "/" + draft.protocol, new OpenPort(
                    draft.port, draft.protocol, Optional.empty(), Optional.empty(), Optional.empty(), List.of()));
        }
        HostAddress address = new HostAddress(
                Optional.of(result.hostIp), TextValues.optional(result.hostname), Optional.empty());
        report.add(draft.build(address, report.limits.maxEvidenceLength()));
    }

    /** {@code 80/tcp}, {@code general/tcp}, {@code general/icmp}, {@code package}. */
    private static void port(String text, FindingDraft draft) {
        int slash = text.indexOf('/');
        String number = slash < 0 ? text : text.substring(0, slash);
        draft.protocol = slash < 0 ? "" : text.substring(slash + 1).strip().toLowerCase(Locale.ROOT);
        try {
            int port = Integer.parseInt(number.strip());
            draft.port = port >= 0 && port <= 65_535 ? port : 0;
        } catch (NumberFormatException e) {
            draft.port = 0; // "general", "package": not bound to a port
        }
    }

    private static void nvt(XmlCursor xml, FindingDraft draft) {
        draft.scannerId = xml.requiredAttribute("oid").strip();
        int depth = xml.depth();
        while (xml.nextChild(depth)) {
            switch (xml.name()) {
                case "name" -> draft.title = TextValues.collapseWhitespace(xml.text());
                case "tags" -> tags(xml.text(), draft);
                case "refs" -> {
                    int refsDepth = xml.depth();
                    while (xml.nextChild(refsDepth)) {
                        if (xml.name().equals("ref")) {
                            String type = xml.requiredAttribute("type").strip().toLowerCase(Locale.ROOT);
                            String id = xml.requiredAttribute("id").strip();
                            switch (type) {
                                case "cve" -> draft.addCve(id);
                                case "cwe" -> draft.addCwe(id);
                                case "url" -> draft.addReference(id);
                                default -> {
                                    // cert-bund, dfn-cert, ...: advisories of other CERTs, not kept
                                }
                            }
                        }
                        xml.skip();
                    }
                }
                case "severities" -> {
                    int severitiesDepth = xml.depth();
                    while (xml.nextChild(severitiesDepth)) {
                        if (xml.name().equals("severity")) {
                            severity(xml, draft);
                        } else {
                            xml.skip();
                        }
                    }
                }
                default -> xml.skip();
            }
        }
    }

    /** GMP 21+: {@code <severity type="cvss_base_v3"><score>9.8</score><value>CVSS:3.1/...</value></severity>}. */
    private static void severity(XmlCursor xml, FindingDraft draft) {
        String type = TextValues.orEmpty(xml.attribute("type"));
        String score = null;
        String value = null;
        int depth = xml.depth();
        while (xml.nextChild(depth)) {
            switch (xml.name()) {
                case "score" -> score = xml.text();
                case "value" -> value = xml.text().strip();
                default -> xml.skip();
            }
        }
        if (type.equals("cvss_base_v3") && value != null) {
            draft.cvss3Vector = value;
            draft.cvss3Score = FindingDraft.parseScore(score);
        } else if (type.equals("cvss_base_v4") && value != null) {
            draft.cvss4Vector = value;
            draft.cvss4Score = FindingDraft.parseScore(score);
        }
    }

    /** NVT tags: {@code key=value|key=value}; a segment without '=' continues the previous value. */
    private static void tags(String text, FindingDraft draft) {
        Map<String, String> tags = new LinkedHashMap<>();
        String lastKey = null;
        for (String segment : text.split("\\|", -1)) {
            int equals = segment.indexOf('=');
            if (equals > 0 && isKey(segment, equals)) {
                lastKey = segment.substring(0, equals).strip();
                tags.put(lastKey, segment.substring(equals + 1));
            } else if (lastKey != null) {
                tags.put(lastKey, tags.get(lastKey) + "|" + segment);
            }
        }
        StringBuilder description = new StringBuilder(TextValues.orEmpty(tags.get("summary")));
        for (String part : new String[] {"insight", "impact", "affected"}) {
            String value = TextValues.orEmpty(tags.get(part));
            if (!value.isEmpty()) {
                if (description.length() > 0) {
                    description.append("\n\n");
                }
                description.append(Character.toUpperCase(part.charAt(0))).append(part, 1, part.length());
                description.append(": ").append(value);
            }
        }
        draft.description = description.toString();
        draft.solution = TextValues.orEmpty(tags.get("solution"));
        String vector = TextValues.orEmpty(tags.get("cvss_base_vector"));
        if (vector.startsWith("CVSS:3") && draft.cvss3Vector == null) {
            draft.cvss3Vector = vector;
        } else if (vector.startsWith("CVSS:4") && draft.cvss4Vector == null) {
            draft.cvss4Vector = vector;
        }
    }

    private static boolean isKey(String segment, int equals) {
        for (int i = 0; i < equals; i++) {
            char c = segment.charAt(i);
            if (!(c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))) {
                return false;
            }
        }
        return true;
    }
}
