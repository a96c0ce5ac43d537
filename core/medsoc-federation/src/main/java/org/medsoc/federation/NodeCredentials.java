package org.medsoc.federation;

import static java.util.Objects.requireNonNull;

import org.medsoc.spi.event.TenantId;

/**
 * What a node receives when it enrols and uses to sign every later request.
 *
 * @param nodeId the node's identity at the hub
 * @param tenant the tenant the hub files the node's data under
 * @param secret the HMAC-SHA256 signing secret (base64url, 32 random bytes); never logged
 */
public record NodeCredentials(NodeId nodeId, TenantId tenant, String secret) {
    /** Checks the parts. */
    public NodeCredentials {
        requireNonNull(nodeId, "nodeId is null");
        requireNonNull(tenant, "tenant is null");
        requireNonNull(secret, "secret is null");
        if (secret.isEmpty()) {
            throw new IllegalArgumentException("secret is empty");
        }
    }

    @Override
    public String toString() {
        return "NodeCredentials[nodeId=" + nodeId + ", tenant=" + tenant + ", secret=***]";
    }
}
