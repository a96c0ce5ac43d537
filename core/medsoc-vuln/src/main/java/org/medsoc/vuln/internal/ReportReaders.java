package org.medsoc.vuln.internal;

import java.io.InputStream;
import org.medsoc.spi.error.MedsocException;
import org.medsoc.vuln.ParseLimits;
import org.medsoc.vuln.ReportFormat;
import org.medsoc.vuln.ScanReport;
import org.medsoc.vuln.VulnErrorCode;

/** Dispatches a report stream to the parser of its format. */
public final class ReportReaders {
    private ReportReaders() {}

    /** Parses the whole stream as a report of the given format. */
    public static ScanReport read(InputStream in, String source, ReportFormat format, ParseLimits limits) {
        InputStream bounded = new CountingInputStream(in, limits.maxReportBytes(), source);
        ReportAssembly report = new ReportAssembly(format, source, limits);
        switch (format) {
            case NUCLEI -> NucleiParser.parse(bounded, report);
            case NESSUS, OPENVAS, NMAP -> {
                try (XmlCursor xml = XmlCursor.open(bounded, source, limits)) {
                    switch (format) {
                        case NESSUS -> NessusParser.parse(xml, report);
                        case OPENVAS -> OpenVasParser.parse(xml, report);
                        case NMAP -> NmapParser.parse(xml, report);
                        case NUCLEI -> throw new MedsocException(VulnErrorCode.UNSUPPORTED_REPORT_FORMAT,
                                "nuclei reports are JSON");
                    }
                }
            }
        }
        return report.build();
    }

    /**
     * The format of a report from its first bytes: JSON ({@code [} or <code>{</code>) is nuclei; for XML the root
     * element decides ({@code NessusClientData_v2}, {@code report}, {@code nmaprun}). Null when unrecognised.
     */
    public static @org.jspecify.annotations.Nullable ReportFormat detect(byte[] head, int length) {
        int i = 0;
        if (length >= 3 && (head[0] & 0xFF) == 0xEF && (head[1] & 0xFF) == 0xBB && (head[2] & 0xFF) == 0xBF) {
            i = 3;
        }
        while (i < length && isSpace(head[i])) {
            i++;
        }
        if (i >= length) {
            return null;
        }
        if (head[i] == '[' || head[i] == '{') {
            return ReportFormat.NUCLEI;
        }
        while (i < length && head[i] == '<') {
            if (i + 1 >= length) {
                return null;
            }
            byte next = head[i + 1];
            if (next == '?') {
                i = skipPast(head, length, i, "?>");
            } else if (next == '!') {
                i = startsWith(head, length, i, "<!--") ? skipPast(head, length, i, "-->") : skipPast(head, length, i, ">");
            } else {
                int start = i + 1;
                int end = start;
                while (end < length && !isSpace(head[end]) && head[end] != '>' && head[end] != '/') {
                    end++;
                }
                String name = new String(head, start, end - start, java.nio.charset.StandardCharsets.UTF_8);
                int colon = name.indexOf(':');
                String local = colon >= 0 ? name.substring(colon + 1) : name;
                return switch (local) {
                    case "NessusClientData_v2" -> ReportFormat.NESSUS;
                    case "nmaprun" -> ReportFormat.NMAP;
                    case "report" -> ReportFormat.OPENVAS;
                    default -> null;
                };
            }
            if (i < 0) {
                return null;
            }
            while (i < length && isSpace(head[i])) {
                i++;
            }
        }
        return null;
    }

    private static boolean isSpace(byte b) {
        return b == ' ' || b == '\n' || b == '\r' || b == '\t';
    }

    private static boolean startsWith(byte[] data, int length, int at, String prefix) {
        if (at + prefix.length() > length) {
            return false;
        }
        for (int k = 0; k < prefix.length(); k++) {
            if (data[at + k] != prefix.charAt(k)) {
                return false;
            }
        }
        return true;
    }

    /** Index just past the next occurrence of {@code end} from {@code from}, or -1. */
    private static int skipPast(byte[] data, int length, int from, String end) {
        for (int i = from; i + end.length() <= length; i++) {
            if (startsWith(data, length, i, end)) {
                return i + end.length();
            }
        }
        return -1;
    }
}
