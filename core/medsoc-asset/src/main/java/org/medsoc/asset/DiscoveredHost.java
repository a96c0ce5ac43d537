package org.medsoc.asset;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.List;

/**
 * A host as a scanner (nmap) or passive discovery saw it, neutral of the report format. Empty strings mean
 * unknown. At least one of {@code ip} and {@code mac} is needed to merge it with the inventory.
 *
 * @param ip the address it was seen at (empty when only the MAC is known)
 * @param mac its MAC address, empty when unknown
 * @param hostname its host name, empty when unknown
 * @param osName operating system the scanner guessed, empty when unknown
 * @param osVersion operating system version, empty when unknown
 * @param ports its open ports (for an active scan, all open ports it found)
 * @param cpes CPE names identified
 * @param kind the kind it should get if it becomes a new asset (existing assets keep theirs)
 * @param seenAt when it was seen
 */
public record DiscoveredHost(
        String ip, String mac, String hostname, String osName, String osVersion, List<OpenPort> ports,
        List<String> cpes, AssetKind kind, Instant seenAt) {
    /** Copies the lists and checks the values are present. */
    public DiscoveredHost {
        requireNonNull(ip, "ip is null");
        requireNonNull(mac, "mac is null");
        requireNonNull(hostname, "hostname is null");
        requireNonNull(osName, "osName is null");
        requireNonNull(osVersion, "osVersion is null");
        ports = List.copyOf(ports);
        cpes = List.copyOf(cpes);
        requireNonNull(kind, "kind is null");
        requireNonNull(seenAt, "seenAt is null");
    }

    /** A host known only by its address, as passive discovery sees it. */
    public static DiscoveredHost address(String ip, Instant seenAt) {
        return new DiscoveredHost(ip, "", "", "", "", List.of(), List.of(), AssetKind.HOST, seenAt);
    }
}
