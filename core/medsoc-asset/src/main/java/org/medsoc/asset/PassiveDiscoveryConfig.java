package org.medsoc.asset;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.medsoc.common.CommonErrorCode;
import org.medsoc.common.Settings;
import org.medsoc.spi.error.MedsocException;

/**
 * How passive discovery runs.
 *
 * @param internalNetworks addresses in these networks are the hospital's own; others are ignored
 * @param flushInterval pending candidates and sightings are written at least this often
 * @param batchSize pending new addresses that force a write before the interval ends (bounds memory)
 * @param sightingInterval a known asset's last-seen time is written at most once per this interval
 * @param refreshInterval the known addresses are reloaded from the inventory this often (ledger edits)
 * @param maxTrackedAddresses the most known addresses and sighting times kept in memory per tenant
 * @param maxPendingAddresses the most unseen addresses waiting for the background writer per tenant; more are
 *     counted as dropped instead of slowing ingest (at least {@code batchSize})
 */
public record PassiveDiscoveryConfig(
        List<Cidr> internalNetworks, Duration flushInterval, int batchSize, Duration sightingInterval,
        Duration refreshInterval, int maxTrackedAddresses, int maxPendingAddresses) {
    /** Key of the internal networks: comma-separated CIDR notations. */
    public static final String INTERNAL_NETWORKS_KEY = "asset.discovery.internal-networks";
    /** Key of {@link #flushInterval()}. */
    public static final String FLUSH_INTERVAL_KEY = "asset.discovery.flush-interval";
    /** Key of {@link #batchSize()}. */
    public static final String BATCH_SIZE_KEY = "asset.discovery.batch-size";
    /** Key of {@link #sightingInterval()}. */
    public static final String SIGHTING_INTERVAL_KEY = "asset.discovery.sighting-interval";
    /** Key of {@link #refreshInterval()}. */
    public static final String REFRESH_INTERVAL_KEY = "asset.discovery.refresh-interval";
    /** Key of {@link #maxTrackedAddresses()}. */
    public static final String MAX_TRACKED_KEY = "asset.discovery.max-tracked-addresses";
    /** Key of {@link #maxPendingAddresses()}. */
    public static final String MAX_PENDING_KEY = "asset.discovery.max-pending-addresses";
    /** Default of {@link #maxPendingAddresses()}. */
    public static final int DEFAULT_MAX_PENDING_ADDRESSES = 50_000;

    /** Checks the values. */
    public PassiveDiscoveryConfig {
        internalNetworks = List.copyOf(internalNetworks);
        requireNonNull(flushInterval, "flushInterval is null");
        requireNonNull(sightingInterval, "sightingInterval is null");
        requireNonNull(refreshInterval, "refreshInterval is null");
        if (internalNetworks.isEmpty()) {
            throw invalid(INTERNAL_NETWORKS_KEY + " must name at least one network");
        }
        if (batchSize < 1 || batchSize > 100_000) {
            throw invalid(BATCH_SIZE_KEY + " must be 1 to 100000, was " + batchSize);
        }
        if (maxPendingAddresses < batchSize) {
            throw invalid(MAX_PENDING_KEY + " must be at least " + BATCH_SIZE_KEY + " (" + batchSize + "), was "
                    + maxPendingAddresses);
        }
        if (maxTrackedAddresses < 1) {
            throw invalid(MAX_TRACKED_KEY + " must be at least 1, was " + maxTrackedAddresses);
        }
        if (flushInterval.isNegative() || sightingInterval.isNegative() || refreshInterval.isNegative()) {
            throw invalid("asset.discovery intervals must not be negative");
        }
    }

    /** A configuration with {@link #maxPendingAddresses()} the larger of its default and {@code batchSize}. */
    public PassiveDiscoveryConfig(List<Cidr> internalNetworks, Duration flushInterval, int batchSize,
            Duration sightingInterval, Duration refreshInterval, int maxTrackedAddresses) {
        this(internalNetworks, flushInterval, batchSize, sightingInterval, refreshInterval, maxTrackedAddresses,
                Math.max(DEFAULT_MAX_PENDING_ADDRESSES, batchSize));
    }

    /** RFC 1918 and ULA networks, flush every 10 s or 500 new addresses, sightings every 5 min. */
    public static PassiveDiscoveryConfig defaults() {
        return new PassiveDiscoveryConfig(Cidr.PRIVATE_NETWORKS, Duration.ofSeconds(10), 500, Duration.ofMinutes(5),
                Duration.ofMinutes(5), 200_000);
    }

    /** Reads the {@code asset.discovery.*} keys, defaulting to {@link #defaults()}. */
    public static PassiveDiscoveryConfig fromSettings(Settings settings) {
        requireNonNull(settings, "settings is null");
        PassiveDiscoveryConfig d = defaults();
        List<Cidr> networks = d.internalNetworks();
        String text = settings.string(INTERNAL_NETWORKS_KEY, "").strip();
        if (!text.isEmpty()) {
            networks = new ArrayList<>();
            for (String part : text.split(",")) {
                if (!part.isBlank()) {
                    networks.add(Cidr.parse(part));
                }
            }
        }
        return new PassiveDiscoveryConfig(networks, settings.duration(FLUSH_INTERVAL_KEY, d.flushInterval()),
                settings.integer(BATCH_SIZE_KEY, d.batchSize()),
                settings.duration(SIGHTING_INTERVAL_KEY, d.sightingInterval()),
                settings.duration(REFRESH_INTERVAL_KEY, d.refreshInterval()),
                settings.integer(MAX_TRACKED_KEY, d.maxTrackedAddresses()),
                settings.integer(MAX_PENDING_KEY, Math.max(DEFAULT_MAX_PENDING_ADDRESSES,
                        settings.integer(BATCH_SIZE_KEY, d.batchSize()))));
    }

    private static MedsocException invalid(String message) {
        return new MedsocException(CommonErrorCode.INVALID_CONFIGURATION, message);
    }
}
