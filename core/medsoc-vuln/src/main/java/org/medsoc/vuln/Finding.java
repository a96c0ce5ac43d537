package org.medsoc.vuln;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.medsoc.spi.error.MedsocException;
import org.medsoc.spi.error.StandardErrorCode;

/**
 * One vulnerability (or informational observation) a scanner reported on one host and port.
 *
 * @param scanner the scanner the finding came from
 * @param scannerId the scanner's plugin / NVT / template id (for nuclei {@code template-id:matcher-name})
 * @param title short human-readable name
 * @param severity severity as rated by the scanner (or derived from its score)
 * @param cves CVE ids, upper-case, in report order, no duplicates
 * @param cwes CWE ids in the form {@code CWE-79}
 * @param cvss3 the CVSS 3.x vector and base score when the report carries one
 * @param cvss4 the CVSS 4.0 vector and base score when the report carries one
 * @param scannerScore the scanner's own numeric score when it has one (OpenVAS severity, vulners CVSS, ...)
 * @param detectionQuality the scanner's confidence in percent when it reports one (OpenVAS QoD)
 * @param host the host addresses
 * @param port the port, {@code 0} when the finding is not bound to a port
 * @param protocol lower-case transport protocol ({@code tcp}, {@code udp}, {@code icmp}), empty when unknown
 * @param service the service name at the port when known
 * @param location a finer location on the port (the URL a web scanner matched) when present
 * @param evidence the scanner's output for this finding, bounded by {@link ParseLimits#maxEvidenceLength()}
 * @param description what the weakness is
 * @param solution how to remediate, empty when the report has none
 * @param references reference URLs
 * @param firstSeen when the report says the finding was first observed
 * @param lastSeen when the report says the finding was last observed
 */
public record Finding(
        ReportFormat scanner,
        String scannerId,
        String title,
        Severity severity,
        List<String> cves,
        List<String> cwes,
        Optional<CvssScore> cvss3,
        Optional<CvssScore> cvss4,
        Optional<Double> scannerScore,
        Optional<Integer> detectionQuality,
        HostAddress host,
        int port,
        String protocol,
        Optional<String> service,
        Optional<String> location,
        String evidence,
        String description,
        String solution,
        List<String> references,
        Optional<Instant> firstSeen,
        Optional<Instant> lastSeen) {

    private static final char SEPARATOR = '|';

    public Finding {
        requireNonNull(scanner, "scanner is null");
        requireNonNull(scannerId, "scannerId is null");
        requireNonNull(title, "title is null");
        requireNonNull(severity, "severity is null");
        cves = List.copyOf(requireNonNull(cves, "cves is null"));
        cwes = List.copyOf(requireNonNull(cwes, "cwes is null"));
        requireNonNull(cvss3, "cvss3 is null");
        requireNonNull(cvss4, "cvss4 is null");
        requireNonNull(scannerScore, "scannerScore is null");
        requireNonNull(detectionQuality, "detectionQuality is null");
        requireNonNull(host, "host is null");
        requireNonNull(protocol, "protocol is null");
        requireNonNull(service, "service is null");
        requireNonNull(location, "location is null");
        requireNonNull(evidence, "evidence is null");
        requireNonNull(description, "description is null");
        requireNonNull(solution, "solution is null");
        references = List.copyOf(requireNonNull(references, "references is null"));
        requireNonNull(firstSeen, "firstSeen is null");
        requireNonNull(lastSeen, "lastSeen is null");
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
    }

    /**
     * The stable identity of this finding across imports: {@code <host key>|<32 hex digits>}, the digits being a
     * SHA-256 prefix over host key, port, protocol, location and the vulnerability key. The vulnerability key is the
     * sorted CVE list when the finding has CVEs (so the same CVE on the same port matches across scanners), else
     * scanner and scanner id. The host key prefix lets {@link ReimportPlan} scope by host; see {@link #hostKeyOf}.
     */
    public String fingerprint() {
        StringBuilder key = new StringBuilder(96);
        String hostKey = host.key();
        key.append(hostKey).append('\n').append(port).append('\n').append(protocol).append('\n');
        key.append(location.orElse("")).append('\n');
        if (cves.isEmpty()) {
            key.append(scanner.name()).append(':').append(scannerId);
        } else {
            List<String> sorted = new ArrayList<>(cves);
            sorted.sort(null);
            key.append(String.join(",", sorted));
        }
        byte[] digest = sha256().digest(key.toString().getBytes(StandardCharsets.UTF_8));
        return hostKey + SEPARATOR + HexFormat.of().formatHex(digest, 0, 16);
    }

    /** The host key a {@link #fingerprint()} starts with. */
    public static String hostKeyOf(String fingerprint) {
        int separator = fingerprint.lastIndexOf(SEPARATOR);
        if (separator <= 0) {
            throw new MedsocException(
                    VulnErrorCode.INVALID_POLICY,
                    "not a finding fingerprint (expected <host>|<hex>): '" + fingerprint + "'");
        }
        return fingerprint.substring(0, separator);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new MedsocException(StandardErrorCode.GENERIC_INTERNAL_ERROR, "JDK without SHA-256", e);
        }
    }
}
