package org.medsoc.asset;

import static java.util.Objects.requireNonNull;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.medsoc.spi.event.Event;
import org.medsoc.spi.event.Fields;
import org.medsoc.spi.event.TenantId;

/**
 * Finds assets from the traffic and logs the platform already receives: every internal address (in the configured
 * networks) seen in {@code source.ip}, {@code destination.ip}, {@code host.ip} or {@code observer.ip} that is not in
 * the inventory becomes a {@link AssetStatus#CANDIDATE}, with the host name (and, for {@code host.ip}, the
 * {@code host.mac}) the same event gives for it; a known asset's last-seen time moves forward. {@code source.mac} and
 * {@code destination.mac} are not used: across a router they are the gateway's, and merging by them would fold every
 * host behind it into one asset. Writes are batched: new addresses are held (deduplicated) until
 * {@link PassiveDiscoveryConfig#batchSize()} of them are pending or {@link PassiveDiscoveryConfig#flushInterval()}
 * has passed, and an asset's last-seen time is written at most once per
 * {@link PassiveDiscoveryConfig#sightingInterval()}. The write runs on the thread whose event makes it due (at most
 * one per tenant at a time) or on {@link #flush()}; call {@link #flush()} on a schedule and at shutdown. Thread-safe.
 */
public final class PassiveDiscovery implements Consumer<Event> {
    /* Per tenant: `known` maps the inventory's IP texts to asset ids (reloaded after candidates are created and every
       refresh interval), `touched` remembers when a sighting of an asset was last queued, `pendingNew` holds unseen
       addresses with what the events said about them, `pendingSightings` the newest event time per asset. Event
       handling holds the tenant's monitor only for map operations; the database write swaps the pending maps out
       and runs under a separate try-lock, so events keep flowing while a batch is written. IPv4 text is checked
       against the networks without allocating; known addresses cost one hash lookup per address field. */

    /** Actor recorded in the history of candidates it creates. */
    public static final String ACTOR = "passive-discovery";

    private final AssetInventory inventory;
    private final PassiveDiscoveryConfig config;
    private final Clock clock;
    private final int[] v4Networks;
    private final int[] v4Masks;
    private final List<Cidr> v6Networks;
    private final ConcurrentHashMap<TenantId, TenantState> tenants = new ConcurrentHashMap<>();
    private final AtomicLong events = new AtomicLong();
    private final AtomicLong candidates = new AtomicLong();
    private final AtomicLong sightings = new AtomicLong();
    private final AtomicLong flushes = new AtomicLong();
    private final AtomicLong untracked = new AtomicLong();

    /**
     * What discovery has done since it was created.
     *
     * @param events events seen
     * @param candidatesCreated candidate assets created
     * @param sightingsWritten last-seen times written
     * @param flushes batches written
     * @param untrackedAddresses addresses not remembered in memory because a bound was reached (they are still
     *     deduplicated by the inventory when written)
     */
    public record Stats(long events, long candidatesCreated, long sightingsWritten, long flushes,
            long untrackedAddresses) {}

    private PassiveDiscovery(AssetInventory inventory, PassiveDiscoveryConfig config, Clock clock) {
        this.inventory = inventory;
        this.config = config;
        this.clock = clock;
        List<Cidr> v4 = config.internalNetworks().stream().filter(Cidr::isIpv4).toList();
        this.v4Networks = new int[v4.size()];
        this.v4Masks = new int[v4.size()];
        for (int i = 0; i < v4.size(); i++) {
            byte[] a = v4.get(i).address();
            int prefix = v4.get(i).prefix();
            v4Masks[i] = prefix == 0 ? 0 : -1 << (32 - prefix);
            v4Networks[i] = ((a[0] & 0xff) << 24 | (a[1] & 0xff) << 16 | (a[2] & 0xff) << 8 | (a[3] & 0xff))
                    & v4Masks[i];
        }
        this.v6Networks = config.internalNetworks().stream().filter(c -> !c.isIpv4()).toList();
    }

    /** Discovery into this inventory. */
    public static PassiveDiscovery create(AssetInventory inventory, PassiveDiscoveryConfig config, Clock clock) {
        requireNonNull(inventory, "inventory is null");
        requireNonNull(config, "config is null");
        requireNonNull(clock, "clock is null");
        return new PassiveDiscovery(inventory, config, clock);
    }

    /** Looks at one normalised event; may write a due batch of the event's tenant. */
    @Override
    public void accept(Event event) {
        events.incrementAndGet();
        TenantState st = tenants.computeIfAbsent(event.tenant(), this::load);
        long now = clock.millis();
        long seen = event.timestamp() > 0 ? event.timestamp() : now;
        boolean due;
        synchronized (st) {
            int n = event.size();
            for (int i = 0; i < n; i++) {
                int f = event.fieldIdAt(i);
                if (f == Fields.SOURCE_IP.id() || f == Fields.DESTINATION_IP.id()) {
                    observe(st, event.valueAt(i), null, null, AssetKind.HOST, seen, now);
                } else if (f == Fields.HOST_IP.id()) {
                    String name = event.value(Fields.HOST_HOSTNAME);
                    observe(st, event.valueAt(i), event.value(AssetFields.HOST_MAC),
                            name != null ? name : event.value(Fields.HOST_NAME), AssetKind.HOST, seen, now);
                } else if (f == Fields.OBSERVER_IP.id()) {
                    String name = event.value(Fields.OBSERVER_HOSTNAME);
                    observe(st, event.valueAt(i), null, name != null ? name : event.value(Fields.OBSERVER_NAME),
                            observerKind(event.value(Fields.OBSERVER_TYPE)), seen, now);
                }
            }
            due = st.pendingNew.size() >= config.batchSize()
                    || ((!st.pendingNew.isEmpty() || !st.pendingSightings.isEmpty())
                            && now - st.lastFlush >= config.flushInterval().toMillis());
        }
        if (due) {
            flush(event.tenant(), st, false);
        }
    }

    /** Writes everything pending for every tenant, waiting for a write in progress. */
    public void flush() {
        for (Map.Entry<TenantId, TenantState> e : tenants.entrySet()) {
            flush(e.getKey(), e.getValue(), true);
        }
    }

    /** What discovery has done so far. */
    public Stats stats() {
        return new Stats(events.get(), candidates.get(), sightings.get(), flushes.get(), untracked.get());
    }

    private void observe(TenantState st, String ip, @Nullable String mac, @Nullable String hostname, AssetKind kind,
            long seen, long now) {
        if (!isInternal(ip)) {
            return;
        }
        Long id = st.known.get(ip);
        if (id == null && ip.indexOf(':') >= 0) {
            String normal = Addresses.normalIp(ip);
            if (normal == null) {
                return;
            }
            ip = normal;
            id = st.known.get(ip);
        }
        if (id != null) {
            Long last = st.touched.get(id);
            if (last == null || now - last >= config.sightingInterval().toMillis()) {
                if (last != null || st.touched.size() < config.maxTrackedAddresses()) {
                    st.touched.put(id, now);
                } else {
                    untracked.incrementAndGet();
                }
                st.pendingSightings.merge(id, seen, Math::max);
            }
            return;
        }
        Pending p = st.pendingNew.get(ip);
        if (p == null) {
            p = new Pending(ip, kind, seen);
            st.pendingNew.put(ip, p);
        }
        p.firstSeen = Math.min(p.firstSeen, seen);
        if (p.mac == null && mac != null) {
            p.mac = Addresses.normalMac(mac);
        }
        if (p.hostname == null && hostname != null) {
            p.hostname = Addresses.normalHostname(hostname);
        }
        if (p.kind == AssetKind.HOST && kind != AssetKind.HOST) {
            p.kind = kind;
        }
    }

    private boolean isInternal(String ip) {
        long v4 = Addresses.ipv4(ip);
        if (v4 != Addresses.NOT_IPV4) {
            int a = (int) v4;
            for (int i = 0; i < v4Networks.length; i++) {
                if ((a & v4Masks[i]) == v4Networks[i]) {
                    return true;
                }
            }
            return false;
        }
        if (v6Networks.isEmpty() || ip.indexOf(':') < 0) {
            return false;
        }
        String normal = Addresses.normalIp(ip);
        if (normal == null || normal.indexOf(':') < 0) {
            return false;
        }
        try {
            byte[] bytes = InetAddress.getByName(normal).getAddress();
            for (Cidr c : v6Networks) {
                if (c.contains(bytes)) {
                    return true;
                }
            }
        } catch (UnknownHostException e) {
            return false;
        }
        return false;
    }

    private static AssetKind observerKind(@Nullable String type) {
        if (type == null) {
            return AssetKind.HOST;
        }
        return switch (type.toLowerCase(Locale.ROOT)) {
            case "firewall", "ids", "ips", "waf", "utm", "vpn", "proxy", "audit" -> AssetKind.SECURITY_DEVICE;
            case "router", "switch", "wireless", "access-point", "load-balancer" -> AssetKind.NETWORK_DEVICE;
            default -> AssetKind.HOST;
        };
    }

    private void flush(TenantId tenant, TenantState st, boolean wait) {
        if (wait) {
            st.writing.lock();
        } else if (!st.writing.tryLock()) {
            return;
        }
        try {
            List<DiscoveredHost> hosts;
            Map<Long, Instant> seen;
            boolean reload;
            long now = clock.millis();
            synchronized (st) {
                if (st.pendingNew.isEmpty() && st.pendingSightings.isEmpty()) {
                    st.lastFlush = now;
                    return;
                }
                hosts = new ArrayList<>(st.pendingNew.size());
                for (Pending p : st.pendingNew.values()) {
                    hosts.add(new DiscoveredHost(p.ip, p.mac == null ? "" : p.mac,
                            p.hostname == null ? "" : p.hostname, "", "", List.of(), List.of(), p.kind,
                            Instant.ofEpochMilli(p.firstSeen)));
                }
                seen = new HashMap<>();
                for (Map.Entry<Long, Long> e : st.pendingSightings.entrySet()) {
                    seen.put(e.getKey(), Instant.ofEpochMilli(e.getValue()));
                }
                st.pendingNew.clear();
                st.pendingSightings.clear();
                st.lastFlush = now;
                reload = now - st.loadedAt >= config.refreshInterval().toMillis();
            }
            if (!hosts.isEmpty()) {
                ImportReport report = inventory.importDiscovered(tenant, hosts, ChangeSource.PASSIVE, ACTOR);
                candidates.addAndGet(report.created());
                reload |= report.created() > 0;
            }
            sightings.addAndGet(inventory.recordSightings(tenant, seen));
            flushes.incrementAndGet();
            if (reload) {
                Map<String, Long> known = knownAddresses(tenant);
                synchronized (st) {
                    st.known = known;
                    st.loadedAt = now;
                }
            }
        } finally {
            st.writing.unlock();
        }
    }

    private TenantState load(TenantId tenant) {
        return new TenantState(knownAddresses(tenant), clock.millis());
    }

    private Map<String, Long> knownAddresses(TenantId tenant) {
        Map<String, Long> known = new HashMap<>();
        for (AssetInventory.AddressOwner o : inventory.addressOwners(tenant)) {
            if (known.size() >= config.maxTrackedAddresses()) {
                untracked.incrementAndGet();
                continue;
            }
            known.putIfAbsent(o.ip(), o.assetId());
        }
        return known;
    }

    /** An unseen address and what events said about it. */
    private static final class Pending {
        final String ip;
        AssetKind kind;
        long firstSeen;
        @Nullable String mac;
        @Nullable String hostname;

        Pending(String ip, AssetKind kind, long firstSeen) {
            this.ip = ip;
            this.kind = kind;
            this.firstSeen = firstSeen;
        }
    }

    /** What discovery holds for one tenant; guarded by its monitor, writes by {@link #writing}. */
    private static final class TenantState {
        Map<String, Long> known;
        long loadedAt;
        long lastFlush;
        final Map<Long, Long> touched = new HashMap<>();
        final Map<Long, Long> pendingSightings = new HashMap<>();
        final Map<String, Pending> pendingNew = new LinkedHashMap<>();
        final ReentrantLock writing = new ReentrantLock();

        TenantState(Map<String, Long> known, long now) {
            this.known = known;
            this.loadedAt = now;
            this.lastFlush = now;
        }
    }
}
