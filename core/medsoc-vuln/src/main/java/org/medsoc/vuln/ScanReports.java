package org.medsoc.vuln;

import static java.util.Objects.requireNonNull;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.medsoc.spi.error.MedsocException;
import org.medsoc.vuln.internal.ReportReaders;

/**
 * Entry point for importing scanner reports: strict parsers for Nessus v2, OpenVAS/Greenbone XML, Nuclei JSON and
 * nmap XML, and format detection.
 *
 * <p>Parsing is strict: a report that is not well-formed, lacks an element the format requires, or breaks a
 * {@link ParseLimits} bound fails as a whole with a {@link MedsocException} whose message names the source, the
 * line and column when known, and the element or field. XML DTDs and entities are never processed.
 */
public final class ScanReports {
    private static final int DETECT_BYTES = 64 << 10;

    private ScanReports() {}

    /** Parses a report file of the given format with {@link ParseLimits#DEFAULTS}. */
    public static ScanReport parse(Path file, ReportFormat format) {
        return parse(file, format, ParseLimits.DEFAULTS);
    }

    /** Parses a report file of the given format. */
    public static ScanReport parse(Path file, ReportFormat format, ParseLimits limits) {
        requireNonNull(file, "file is null");
        requireNonNull(format, "format is null");
        requireNonNull(limits, "limits is null");
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            return parse(in, file.toString(), format, limits);
        } catch (IOException e) {
            throw notReadable(file, e);
        }
    }

    /** Parses a report stream of the given format with {@link ParseLimits#DEFAULTS}; the stream is not closed. */
    public static ScanReport parse(InputStream in, ReportFormat format) {
        return parse(in, "<stream>", format, ParseLimits.DEFAULTS);
    }

    /**
     * Parses a report stream of the given format; {@code source} names it in error messages. The stream is read to
     * its end and not closed.
     */
    public static ScanReport parse(InputStream in, String source, ReportFormat format, ParseLimits limits) {
        requireNonNull(in, "in is null");
        requireNonNull(source, "source is null");
        requireNonNull(format, "format is null");
        requireNonNull(limits, "limits is null");
        try {
            return ReportReaders.read(in, source, format, limits);
        } catch (UncheckedIOException e) {
            throw new MedsocException(VulnErrorCode.REPORT_NOT_READABLE,
                    source + ": cannot read the report: " + e.getCause().getMessage(), e);
        }
    }

    /** Detects the format of a report file from its first 64 KiB, then parses it. */
    public static ScanReport parse(Path file) {
        return parse(file, detect(file), ParseLimits.DEFAULTS);
    }

    /**
     * The format of a report file, decided from its first 64 KiB: JSON is Nuclei, XML is decided by the root
     * element. Fails with {@link VulnErrorCode#UNSUPPORTED_REPORT_FORMAT} when not recognised.
     */
    public static ReportFormat detect(Path file) {
        requireNonNull(file, "file is null");
        try (InputStream in = Files.newInputStream(file)) {
            byte[] head = in.readNBytes(DETECT_BYTES);
            return detect(head, file.toString());
        } catch (IOException e) {
            throw notReadable(file, e);
        }
    }

    /** The format of a report from its first bytes (64 KiB are enough); see {@link #detect(Path)}. */
    public static ReportFormat detect(byte[] head) {
        requireNonNull(head, "head is null");
        return detect(head, "<bytes>");
    }

    private static ReportFormat detect(byte[] head, String source) {
        ReportFormat format = ReportReaders.detect(head, head.length);
        if (format == null) {
            throw new MedsocException(
                    VulnErrorCode.UNSUPPORTED_REPORT_FORMAT,
                    source + ": not a recognised scanner report (expected Nessus v2 XML, OpenVAS/Greenbone XML,"
                            + " nmap XML or Nuclei JSON); pass the format explicitly if it is one of these");
        }
        return format;
    }

    private static MedsocException notReadable(Path file, IOException e) {
        String reason = e instanceof NoSuchFileException ? "no such file" : e.toString();
        return new MedsocException(
                VulnErrorCode.REPORT_NOT_READABLE, file + ": cannot read the report: " + reason, e);
    }
}
