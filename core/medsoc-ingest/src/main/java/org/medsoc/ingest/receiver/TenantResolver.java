package org.medsoc.ingest.receiver;

import static java.util.Objects.requireNonNull;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.medsoc.ingest.TenantMapping;
import org.medsoc.spi.event.TenantId;

/**
 * Decides the tenant of a message from its sender's address: the first matching {@link TenantMapping}, else the
 * receiver's tenant. Thread-safe; lookups are linear in the number of mappings (a handful in practice).
 */
public final class TenantResolver {
    private final TenantId fallback;
    private final List<CidrBlock> blocks;
    private final List<TenantId> tenants;

    public TenantResolver(TenantId fallback, List<TenantMapping> mappings) {
        this.fallback = requireNonNull(fallback, "fallback is null");
        requireNonNull(mappings, "mappings is null");
        List<CidrBlock> b = new ArrayList<>(mappings.size());
        List<TenantId> t = new ArrayList<>(mappings.size());
        for (TenantMapping m : mappings) {
            b.add(CidrBlock.parse(m.cidr()));
            t.add(m.tenant());
        }
        this.blocks = List.copyOf(b);
        this.tenants = List.copyOf(t);
    }

    /** The tenant for messages from {@code peer}. */
    public TenantId resolve(InetAddress peer) {
        for (int i = 0; i < blocks.size(); i++) {
            if (blocks.get(i).contains(peer)) {
                return tenants.get(i);
            }
        }
        return fallback;
    }

    /**
     * A per-thread memo from sender address to its text form and tenant, so a busy UDP reader does not format the
     * same address for every datagram. Not thread-safe; bounded (cleared when full).
     */
    public final class PeerCache {
        private static final int MAX_ENTRIES = 4096;
        private final Map<InetAddress, Peer> entries = new HashMap<>();

        /** The peer for an address. */
        public Peer lookup(InetAddress address) {
            Peer p = entries.get(address);
            if (p == null) {
                if (entries.size() >= MAX_ENTRIES) {
                    entries.clear();
                }
                p = new Peer(address.getHostAddress(), resolve(address));
                entries.put(address, p);
            }
            return p;
        }
    }

    /** A new memo for one thread. */
    public PeerCache newCache() {
        return new PeerCache();
    }

    /**
     * A sender as receivers record it.
     *
     * @param text the address as text
     * @param tenant the tenant of its messages
     */
    public record Peer(String text, TenantId tenant) {}
}
