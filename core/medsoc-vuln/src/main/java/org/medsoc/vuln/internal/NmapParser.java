package org.medsoc.vuln.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.medsoc.vuln.HostAddress;
import org.medsoc.vuln.OpenPort;
import org.medsoc.vuln.ReportFormat;
import org.medsoc.vuln.ScannedHost;
import org.medsoc.vuln.Severity;

/**
 * nmap XML: {@code nmaprun/host} with addresses (ipv4, ipv6, mac), hostnames, ports (state, service, product,
 * version, CPE) and OS matches. Hosts whose status is not {@code up} are left out; only ports in state {@code open}
 * are listed. The {@code vulners} NSE script yields one finding per CVE entry (from its structured tables, or from
 * its text output when the tables are missing), rated from the CVSS score vulners reports.
 */
final class NmapParser {
    private static final String VULNERS = "vulners";

    private NmapParser() {}

    private static final class HostDraft {
        @Nullable String ipv4;
        @Nullable String ipv6;
        @Nullable String mac;
        @Nullable String hostname;
        @Nullable String os;
        int osAccuracy = -1;
        boolean up = true;
        final List<OpenPort> ports = new ArrayList<>();
        final List<FindingDraft> findings = new ArrayList<>();
        @Nullable Instant start;
        @Nullable Instant end;
    }

    private record VulnersEntry(String id, @Nullable Double cvss, String type) {}

    static void parse(XmlCursor xml, ReportAssembly report) {
        String root = xml.root();
        if (!root.equals("nmaprun")) {
            throw xml.error("expected root element <nmaprun> of an nmap XML report, found <" + root + ">");
        }
        Instant runStart = TextValues.epochSeconds(xml.attribute("start")).orElse(null);
        report.started(runStart);
        int depth = xml.depth();
        while (xml.nextChild(depth)) {
            switch (xml.name()) {
                case "host" -> host(xml, report, runStart);
                case "runstats" -> {
                    int statsDepth = xml.depth();
                    while (xml.nextChild(statsDepth)) {
                        if (xml.name().equals("finished")) {
                            report.ended(TextValues.epochSeconds(xml.attribute("time")).orElse(null));
                        }
                        xml.skip();
                    }
                }
                default -> xml.skip();
            }
        }
        xml.finish();
    }

    private static void host(XmlCursor xml, ReportAssembly report, @Nullable Instant runStart) {
        HostDraft host = new HostDraft();
        host.start = TextValues.epochSeconds(xml.attribute("starttime")).orElse(runStart);
        host.end = TextValues.epochSeconds(xml.attribute("endtime")).orElse(host.start);
        int depth = xml.depth();
        while (xml.nextChild(depth)) {
            switch (xml.name()) {
                case "status" -> {
                    host.up = "up".equals(xml.attribute("state"));
                    xml.skip();
                }
                case "address" -> {
                    String addr = xml.requiredAttribute("addr").strip();
                    String type = TextValues.orEmpty(xml.attribute("addrtype")).toLowerCase(Locale.ROOT);
                    switch (type) {
                        case "ipv6" -> host.ipv6 = addr;
                        case "mac" -> host.mac = addr;
                        default -> host.ipv4 = addr;
                    }
                    xml.skip();
                }
                case "hostnames" -> {
                    int namesDepth = xml.depth();
                    while (xml.nextChild(namesDepth)) {
                        if (xml.name().equals("hostname") && host.hostname == null) {
                            host.hostname = TextValues.optional(xml.attribute("name")).orElse(null);
                        }
                        xml.skip();
                    }
                }
                case "ports" -> ports(xml, host);
                case "os" -> os(xml, host);
                default -> xml.skip();
            }
        }
        if (!host.up) {
            return;
        }
        String ip = host.ipv4 != null ? host.ipv4 : host.ipv6;
        if (ip == null && host.hostname == null) {
            throw xml.error("host has neither an <address> nor a <hostname>");
        }
        HostAddress address = new HostAddress(
                Optional.ofNullable(ip), Optional.ofNullable(host.hostname), Optional.ofNullable(host.mac));
        report.started(host.start);
        report.ended(host.end);
        for (FindingDraft draft : host.findings) {
            draft.firstSeen = host.start;
            draft.lastSeen = host.end;
            report.add(draft.build(address, report.limits.maxEvidenceLength()));
        }
        report.add(new ScannedHost(address, Optional.ofNullable(host.os), host.ports));
    }

    private static void os(XmlCursor xml, HostDraft host) {
        int depth = xml.depth();
        while (xml.nextChild(depth)) {
            if (xml.name().equals("osmatch")) {
                String name = xml.attribute("name");
                int accuracy = 0;
                try {
                    accuracy = Integer.parseInt(TextValues.orEmpty(xml.attribute("accuracy")));
                } catch (NumberFormatException e) {
                    accuracy = 0;
                }
                if (name != null && accuracy > host.osAccuracy) {
                    host.os = name.strip();
                    host.osAccuracy = accuracy;
                }
            }
            xml.skip();
        }
    }

    private static void ports(XmlCursor xml, HostDraft host) {
        int depth = xml.depth();
        while (xml.nextChild(depth)) {
            if (!xml.name().equals("port")) {
                xml.skip();
                continue;
            }
            String protocol = xml.requiredAttribute("protocol").strip().toLowerCase(Locale.ROOT);
            int port = xml.intAttribute("portid", 0, 65_535);
            String state = "";
            String service = null;
            String product = null;
            String version = null;
            List<String> cpes = new ArrayList<>();
            List<FindingDraft> scripts = new ArrayList<>();
            int portDepth = xml.depth();
            while (xml.nextChild(portDepth)) {
                switch (xml.name()) {
                    case "state" -> {
                        state = TextValues.orEmpty(xml.attribute("state"));
                        xml.skip();
                    }
                    case "service" -> {
                        service = xml.attribute("name");
                        product = xml.attribute("product");
                        version = xml.attribute("version");
                        int serviceDepth = xml.depth();
                        while (xml.nextChild(serviceDepth)) {
                            if (xml.name().equals("cpe")) {
                                TextValues.optional(xml.text()).ifPresent(cpes::add);
                            } else {
                                xml.skip();
                            }
                        }
                    }
                    case "script" -> {
                        if (VULNERS.equals(xml.attribute("id"))) {
                            scripts.addAll(vulners(xml));
                        } else {
                            xml.skip();
                        }
                    }
                    default -> xml.skip();
                }
            }
            if (state.equals("open")) {
                host.ports.add(new OpenPort(port, protocol, TextValues.optional(service),
                        TextValues.optional(product), TextValues.optional(version), cpes));
            }
            String title = TextValues.orEmpty(product)
                    + (version == null || version.isBlank() ? "" : " " + version.strip());
            for (FindingDraft draft : scripts) {
                draft.port = port;
                draft.protocol = protocol;
                draft.service = service;
                if (!title.isBlank()) {
                    draft.title = draft.title + " in " + title.strip();
                }
                host.findings.add(draft);
            }
        }
    }

    /** The vulners script element (at its start tag) as findings, one per CVE. */
    private static List<FindingDraft> vulners(XmlCursor xml) {
        String output = TextValues.orEmpty(xml.attribute("output"));
        List<VulnersEntry> entries = new ArrayList<>();
        int depth = xml.depth();
        while (xml.nextChild(depth)) {
            if (xml.name().equals("table")) {
                vulnersTable(xml, entries);
            } else {
                xml.skip();
            }
        }
        if (entries.isEmpty()) {
            vulnersOutput(output, entries);
        }
        List<FindingDraft> drafts = new ArrayList<>();
        for (VulnersEntry entry : entries) {
            String cve = TextValues.cve(entry.id());
            if (cve == null || !(entry.type().isEmpty() || entry.type().equalsIgnoreCase("cve"))) {
                continue; // exploit-db, packetstorm, ... entries repeat CVEs already listed
            }
            FindingDraft draft = new FindingDraft(ReportFormat.NMAP);
            draft.scannerId = VULNERS;
            draft.title = cve;
            draft.addCve(cve);
            draft.scannerScore = entry.cvss();
            draft.severity = entry.cvss() == null ? Severity.INFO : Severity.fromCvssScore(entry.cvss());
            draft.evidence = cve + (entry.cvss() == null ? "" : "\t" + entry.cvss());
            draft.description = "nmap vulners script: the detected product version is affected by " + cve + ".";
            draft.addReference("https://vulners.com/cve/" + cve);
            drafts.add(draft);
        }
        return drafts;
    }

    /** {@code <table>} nesting: entries are tables whose elems carry id, cvss, type. */
    private static void vulnersTable(XmlCursor xml, List<VulnersEntry> entries) {
        int depth = xml.depth();
        String id = null;
        String cvss = null;
        String type = "";
        while (xml.nextChild(depth)) {
            switch (xml.name()) {
                case "table" -> vulnersTable(xml, entries);
                case "elem" -> {
                    String key = TextValues.orEmpty(xml.attribute("key"));
                    String value = xml.text().strip();
                    switch (key) {
                        case "id" -> id = value;
                        case "cvss" -> cvss = value;
                        case "type" -> type = value;
                        default -> {
                            // is_exploit and friends
                        }
                    }
                }
                default -> xml.skip();
            }
        }
        if (id != null) {
            entries.add(new VulnersEntry(id, FindingDraft.parseScore(cvss), type));
        }
    }

    /** Older vulners output: lines {@code \tCVE-2018-15919\t5.0\thttps://vulners.com/cve/CVE-2018-15919}. */
    private static void vulnersOutput(String output, List<VulnersEntry> entries) {
        for (String line : output.split("\n")) {
            String[] fields = line.strip().split("\t");
            if (fields.length >= 2 && TextValues.cve(fields[0]) != null) {
                entries.add(new VulnersEntry(fields[0].strip(), FindingDraft.parseScore(fields[1]), "cve"));
            }
        }
    }
}
