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
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
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
 * host behind it into one asset.
 *
 * <p>{@link #accept} never touches the database: it only updates in-memory, deduplicated pending observations of the
 * event's tenant (new addresses, and the newest sighting per known asset). A single background writer thread writes
 * them when {@link PassiveDiscoveryConfig#batchSize()} new addresses are pending or
 * {@link PassiveDiscoveryConfig#flushInterval()} has passed; an asset's last-seen time is written at most once per
 * {@link PassiveDiscoveryConfig#sightingInterval()}. The pending new addresses of a tenant are bounded by
 * {@link PassiveDiscoveryConfig#maxPendingAddresses()}: further unseen addresses are counted as dropped
 * ({@link Stats#droppedAddresses()}) rather than slowing ingest; they are proposed when traffic shows them again.
 * {@link #flush()} writes everything pending at once; {@link #close()} stops the writer and flushes. Thread-safe.
 */
public final class PassiveDiscovery implements Consumer<Event>, AutoCloseable {
    /* Per tenant: `known` maps the inventory's IP texts to asset ids (loaded by the writer on its first round, then
       reloaded after candidates are created and every refresh interval), `touched` remembers when a sighting of an
       asset was last queued, `pendingNew` holds unseen addresses with what the events said about them (the bounded,
       coalescing queue), `pendingSightings` the newest event time per asset. Event handling holds the tenant's
       monitor only for map operations and wakes the writer (LockSupport.unpark, never blocking) when a batch is due;
       the writer swaps the pending maps out under the monitor and writes outside it, holding `writing` so that
       flush() from another thread and the writer never write the same tenant at once. Addresses queued before the
       known set was loaded (or while a just-created candidate was not yet reloaded) are sorted at write time: known
       ones become sightings. IPv4 text is checked against the networks without allocating; known addresses cost one
       hash lookup per address field. */

    private static final System.Logger LOG = System.getLogger(PassiveDiscovery.class.getName());
    /** Longest real-time pause of the writer between looks at the pending observations. */
    private static final long MAX_IDLE_NANOS = TimeUnit.SECONDS.toNanos(1);

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
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    /** Serialises database writes: the background writer and {@link #flush()}. */
    private final ReentrantLock writing = new ReentrantLock();
    private final Thread writer;
    private volatile boolean wanted;
    private volatile boolean running = true;

    /**
     * What discovery has done since it was created.
     *
     * @param events events seen
     * @param candidatesCreated candidate assets created
     * @param sightingsWritten last-seen times written
     * @param flushes batches written
     * @param untrackedAddresses addresses not remembered in memory because a bound was reached (they are still
     *     deduplicated by the inventory when written)
     * @param droppedAddresses observations of unseen addresses not queued because
     *     {@link PassiveDiscoveryConfig#maxPendingAddresses()} were already waiting for the writer
     * @param writeFailures background writes that failed (logged; their observations are lost)
     */
    public record Stats(long events, long candidatesCreated, long sightingsWritten, long flushes,
            long untrackedAddresses, long droppedAddresses, long writeFailures) {}

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
        this.writer = new Thread(this::writeLoop, "medsoc-discovery-writer");
        writer.setDaemon(true);
    }

    /** Discovery into this inventory, with its background writer started; {@link #close()} it. */
    public static PassiveDiscovery create(AssetInventory inventory, PassiveDiscoveryConfig config, Clock clock) {
        requireNonNull(inventory, "inventory is null");
        requireNonNull(config, "config is null");
        requireNonNull(clock, "clock is null");
        PassiveDiscovery discovery = new PassiveDiscovery(inventory, config, clock);
        discovery.writer.start();
        return discovery;
    }

    /** Looks at one normalised event: queues what it shows in memory and wakes the writer when a batch is due. */
    @Override
    public void accept(Event event) {
        events.incrementAndGet();
        TenantState st = tenants.computeIfAbsent(event.tenant(), t -> new TenantState(clock.millis()));
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
            due = isDue(st, now);
        }
        if (due && !wanted) {
            wanted = true;
            LockSupport.unpark(writer);
        }
    }

    /**
     * Writes everything observed so far for every tenant, on the calling thread, waiting for a background write in
     * progress. Not for ingest threads: it is for tests, tools and shutdown.
     */
    public void flush() {
        writing.lock();
        try {
            for (Map.Entry<TenantId, TenantState> e : tenants.entrySet()) {
                write(e.getKey(), e.getValue());
            }
        } finally {
            writing.unlock();
        }
    }

    /** Stops the background writer (waiting for its write in progress) and writes what is still pending. */
    @Override
    public void close() {
        running = false;
        LockSupport.unpark(writer);
        try {
            writer.join(TimeUnit.SECONDS.toMillis(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        flush();
    }

    /** What discovery has done so far. */
    public Stats stats() {
        return new Stats(events.get(), candidates.get(), sightings.get(), flushes.get(), untracked.get(),
                dropped.get(), failures.get());
    }

    /** Caller holds the tenant's monitor. */
    private boolean isDue(TenantState st, long now) {
        return !st.loaded
                || st.pendingNew.size() >= config.batchSize()
                || ((!st.pendingNew.isEmpty() || !st.pendingSightings.isEmpty())
                        && now - st.lastFlush >= config.flushInterval().toMillis());
    }

    private void writeLoop() {
        long idle = Math.max(TimeUnit.MILLISECONDS.toNanos(10), Math.min(MAX_IDLE_NANOS,
                config.flushInterval().toNanos()));
        while (running) {
            if (!wanted) {
                LockSupport.parkNanos(this, idle);
            }
            wanted = false;
            if (!running) {
                break;
            }
            boolean failed = false;
            writing.lock();
            try {
                long now = clock.millis();
                for (Map.Entry<TenantId, TenantState> e : tenants.entrySet()) {
                    TenantState st = e.getValue();
                    boolean due;
                    synchronized (st) {
                        due = isDue(st, now);
                    }
                    if (due) {
                        write(e.getKey(), st);
                    }
                }
            } catch (RuntimeException e) {
                failed = true;
                String message = "passive discovery could not write observed assets: " + e.getMessage()
                        + "; retrying with the next observations";
                if (failures.incrementAndGet() == 1) {
                    LOG.log(System.Logger.Level.WARNING, message, e);
                } else {
                    LOG.log(System.Logger.Level.WARNING, message);
                }
            } finally {
                writing.unlock();
            }
            if (failed) {
                LockSupport.parkNanos(this, idle); // a failing database is not retried in a busy loop
            }
        }
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
            if (st.pendingNew.size() >= config.maxPendingAddresses()) {
                dropped.incrementAndGet();
                return;
            }
            p = new Pending(ip, kind, seen);
            st.pendingNew.put(ip, p);
        }
        p.firstSeen = Math.min(p.firstSeen, seen);
        p.lastSeen = Math.max(p.lastSeen, seen);
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

    /** Writes what is pending for a tenant. Caller holds {@link #writing}. */
    private void write(TenantId tenant, TenantState st) {
        long now = clock.millis();
        boolean loaded;
        synchronized (st) {
            loaded = st.loaded;
        }
        if (!loaded) {
            Map<String, Long> known = knownAddresses(tenant);
            synchronized (st) {
                st.known = known;
                st.loadedAt = now;
                st.loaded = true;
            }
        }
        List<DiscoveredHost> hosts;
        Map<Long, Instant> seen;
        boolean reload;
        synchronized (st) {
            if (st.pendingNew.isEmpty() && st.pendingSightings.isEmpty()) {
                st.lastFlush = now;
                return;
            }
            hosts = new ArrayList<>(st.pendingNew.size());
            for (Pending p : st.pendingNew.values()) {
                Long id = st.known.get(p.ip);
                if (id != null) {
                    // queued before the known set was loaded, or before a just-created candidate was reloaded
                    Long last = st.touched.get(id);
                    if (last == null || now - last >= config.sightingInterval().toMillis()) {
                        if (last != null || st.touched.size() < config.maxTrackedAddresses()) {
                            st.touched.put(id, now);
                        }
                        st.pendingSightings.merge(id, p.lastSeen, Math::max);
                    }
                    continue;
                }
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
        long lastSeen;
        @Nullable String mac;
        @Nullable String hostname;

        Pending(String ip, AssetKind kind, long firstSeen) {
            this.ip = ip;
            this.kind = kind;
            this.firstSeen = firstSeen;
            this.lastSeen = firstSeen;
        }
    }

    /** What discovery holds for one tenant; guarded by its monitor. */
    private static final class TenantState {
        /** Empty until the writer has loaded the inventory's addresses ({@link #loaded}). */
        Map<String, Long> known = Map.of();
        boolean loaded;
        long loadedAt;
        long lastFlush;
        final Map<Long, Long> touched = new HashMap<>();
        final Map<Long, Long> pendingSightings = new HashMap<>();
        final Map<String, Pending> pendingNew = new LinkedHashMap<>();

        TenantState(long now) {
            this.loadedAt = now;
            this.lastFlush = now;
        }
    }
}
