package org.medsoc.asset;

import static java.util.Objects.requireNonNull;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import org.medsoc.ingest.pipeline.EventEnricher;
import org.medsoc.spi.event.Event;
import org.medsoc.spi.event.Fields;
import org.medsoc.spi.event.TenantId;

/**
 * Stamps events with the inventory assets their addresses belong to: for the IPs in {@code source.ip},
 * {@code destination.ip} and {@code host.ip} it adds each matching asset's id to {@link AssetFields#ASSET_ID}, sets
 * {@link AssetFields#ASSET_CRITICALITY} to the highest criticality among them, and sets
 * {@code medsoc.business_system} from the first matching asset that has one (host, then destination, then source)
 * when the event has none yet. Retired assets are left out; when two assets share an address the lower id wins.
 *
 * <p>Lookups go to an in-memory snapshot per tenant, replaced whole by {@link #refresh(TenantId)} — called by the
 * inventory after every committed change when built with {@link #create(AssetInventory)}, and by
 * {@link #refreshAll()} on a schedule to pick up changes made by other nodes. Thread-safe.
 */
public final class AssetEnricher implements EventEnricher {
    /* Hot path: enrich() walks the event's pairs once (no list allocation), parses IPv4 text in place to an int and
       probes an open-addressing int table; nothing is allocated when no address matches. The strings it writes are
       precomputed per asset. IPv6 addresses (rare in hospital LANs) go through a HashMap keyed by the exact text
       and then by the normal form. A snapshot is immutable once published through the volatile map. */

    private static final String[] CRITICALITY_TEXT = {"0", "1", "2", "3", "4"};
    private static final int MAX_MATCHES = 8;

    private final AssetInventory inventory;
    private final ConcurrentHashMap<TenantId, Snapshot> snapshots = new ConcurrentHashMap<>();

    private AssetEnricher(AssetInventory inventory) {
        this.inventory = inventory;
    }

    /**
     * An enricher over the inventory, loaded for every tenant that has assets and refreshed after each change the
     * inventory commits.
     */
    public static AssetEnricher create(AssetInventory inventory) {
        requireNonNull(inventory, "inventory is null");
        AssetEnricher enricher = new AssetEnricher(inventory);
        inventory.addChangeListener(enricher::refresh);
        enricher.refreshAll();
        return enricher;
    }

    /**
     * Reloads the snapshot of one tenant. Serialised, so that a reload that read older rows never replaces one that
     * read newer rows.
     */
    public synchronized void refresh(TenantId tenant) {
        requireNonNull(tenant, "tenant is null");
        snapshots.put(tenant, Snapshot.of(inventory.addressOwners(tenant)));
    }

    /** Reloads the snapshots of every tenant that has assets. */
    public void refreshAll() {
        for (TenantId t : inventory.tenants()) {
            refresh(t);
        }
    }

    /** How many addresses the tenant's snapshot holds. */
    public int size(TenantId tenant) {
        Snapshot s = snapshots.get(tenant);
        return s == null ? 0 : s.size;
    }

    @Override
    public void enrich(Event event) {
        Snapshot s = snapshots.get(event.tenant());
        if (s == null || s.size == 0) {
            return;
        }
        int sourceId = Fields.SOURCE_IP.id();
        int destinationId = Fields.DESTINATION_IP.id();
        int hostId = Fields.HOST_IP.id();
        Entry first = null;
        Entry host = null;
        Entry destination = null;
        Entry source = null;
        Entry[] more = null;
        int count = 0;
        int n = event.size();
        for (int i = 0; i < n; i++) {
            int f = event.fieldIdAt(i);
            if (f != sourceId && f != destinationId && f != hostId) {
                continue;
            }
            Entry e = s.find(event.valueAt(i));
            if (e == null) {
                continue;
            }
            if (f == hostId && host == null) {
                host = e;
            } else if (f == destinationId && destination == null) {
                destination = e;
            } else if (f == sourceId && source == null) {
                source = e;
            }
            if (first == null) {
                first = e;
                count = 1;
            } else if (!contains(first, more, count, e) && count < MAX_MATCHES) {
                if (more == null) {
                    more = new Entry[MAX_MATCHES];
                    more[0] = first;
                }
                more[count++] = e;
            }
        }
        if (first == null) {
            return;
        }
        int criticality = 0;
        for (int i = 0; i < count; i++) {
            Entry e = count == 1 ? first : more[i];
            event.add(AssetFields.ASSET_ID, e.idText);
            criticality = Math.max(criticality, e.criticality);
        }
        event.put(AssetFields.ASSET_CRITICALITY, CRITICALITY_TEXT[criticality]);
        if (!event.has(AssetFields.BUSINESS_SYSTEM)) {
            for (Entry e : new Entry[] {host, destination, source}) {
                if (e != null && !e.businessSystem.isEmpty()) {
                    event.put(AssetFields.BUSINESS_SYSTEM, e.businessSystem);
                    break;
                }
            }
        }
    }

    private static boolean contains(Entry first, Entry @Nullable [] more, int count, Entry e) {
        if (more == null) {
            return first.assetId == e.assetId;
        }
        for (int i = 0; i < count; i++) {
            if (more[i].assetId == e.assetId) {
                return true;
            }
        }
        return false;
    }

    /** What the enricher writes for one asset. */
    private record Entry(long assetId, String idText, String businessSystem, int criticality) {}

    /** The addresses of one tenant: an open-addressing table of IPv4 ints and a map of IPv6 texts. */
    private static final class Snapshot {
        private final int[] keys;
        private final @Nullable Entry[] values;
        private final int mask;
        private final Map<String, Entry> ipv6;
        private final int size;

        private Snapshot(int[] keys, @Nullable Entry[] values, Map<String, Entry> ipv6, int size) {
            this.keys = keys;
            this.values = values;
            this.mask = keys.length - 1;
            this.ipv6 = ipv6;
            this.size = size;
        }

        static Snapshot of(List<AssetInventory.AddressOwner> owners) {
            int capacity = Integer.highestOneBit(Math.max(16, owners.size() * 2) - 1) << 1;
            int[] keys = new int[capacity];
            Entry[] values = new Entry[capacity];
            Map<String, Entry> ipv6 = new HashMap<>();
            Map<Long, Entry> byAsset = new HashMap<>();
            int size = 0;
            for (AssetInventory.AddressOwner o : owners) {
                Entry e = byAsset.computeIfAbsent(o.assetId(),
                        id -> new Entry(id, Long.toString(id), o.businessSystem(), o.criticality()));
                long v4 = Addresses.ipv4(o.ip());
                if (v4 == Addresses.NOT_IPV4) {
                    if (ipv6.putIfAbsent(o.ip(), e) == null) {
                        size++;
                    }
                    continue;
                }
                int key = (int) v4;
                int slot = mix(key) & (capacity - 1);
                while (values[slot] != null && keys[slot] != key) {
                    slot = (slot + 1) & (capacity - 1);
                }
                if (values[slot] == null) {
                    keys[slot] = key;
                    values[slot] = e;
                    size++;
                }
            }
            return new Snapshot(keys, values, Map.copyOf(ipv6), size);
        }

        @Nullable Entry find(String ip) {
            long v4 = Addresses.ipv4(ip);
            if (v4 == Addresses.NOT_IPV4) {
                if (ipv6.isEmpty() || ip.indexOf(':') < 0) {
                    return null;
                }
                Entry e = ipv6.get(ip);
                if (e == null) {
                    String normal = Addresses.normalIp(ip);
                    e = normal == null ? null : ipv6.get(normal);
                }
                return e;
            }
            int key = (int) v4;
            for (int slot = mix(key) & mask; ; slot = (slot + 1) & mask) {
                Entry e = values[slot];
                if (e == null) {
                    return null;
                }
                if (keys[slot] == key) {
                    return e;
                }
            }
        }

        private static int mix(int x) {
            int h = x * 0x9E3779B9;
            return h ^ (h >>> 16);
        }
    }
}
