package org.medsoc.ingest;

import static java.util.Objects.requireNonNull;

import org.medsoc.ingest.receiver.CidrBlock;
import org.medsoc.spi.event.TenantId;

/**
 * Assigns messages from senders in one address block to a tenant (provider-hosted mode, where several hospitals send
 * to one receiver).
 *
 * @param cidr an IPv4 or IPv6 block such as {@code 10.1.0.0/16} or {@code 2001:db8::/32}; a bare address means one host
 * @param tenant the tenant of messages from that block
 */
public record TenantMapping(String cidr, TenantId tenant) {
    public TenantMapping {
        requireNonNull(cidr, "cidr is null");
        requireNonNull(tenant, "tenant is null");
        CidrBlock.parse(cidr); // fails with INVALID_TENANT_MAPPING
    }
}
