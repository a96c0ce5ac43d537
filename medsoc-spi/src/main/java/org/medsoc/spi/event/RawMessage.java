package org.medsoc.spi.event;

import static java.util.Objects.requireNonNull;

/**
 * A message exactly as a receiver took it off the wire, before parsing: the unit the journal stores.
 *
 * @param tenant the tenant the receiver assigned
 * @param receiver the receiver's name, for example {@code syslog-udp:514}, {@code http}, {@code file:/var/log/x}
 * @param peer the sender's IP address as text, or an empty string when unknown (file tail)
 * @param receivedAt when medsoc received it, epoch milliseconds
 * @param payload the raw bytes of one message (one syslog frame, one line); not copied, do not modify
 * @param truncated true when the receiver cut the message at its size limit (the parser then dead-letters it with
 *     that reason, keeping what was received)
 */
public record RawMessage(
        TenantId tenant, String receiver, String peer, long receivedAt, byte[] payload, boolean truncated) {
    public RawMessage {
        requireNonNull(tenant, "tenant is null");
        requireNonNull(receiver, "receiver is null");
        requireNonNull(peer, "peer is null");
        requireNonNull(payload, "payload is null");
    }

    /** A message received whole. */
    public RawMessage(TenantId tenant, String receiver, String peer, long receivedAt, byte[] payload) {
        this(tenant, receiver, peer, receivedAt, payload, false);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RawMessage m
                && tenant.equals(m.tenant)
                && receiver.equals(m.receiver)
                && peer.equals(m.peer)
                && receivedAt == m.receivedAt
                && truncated == m.truncated
                && java.util.Arrays.equals(payload, m.payload);
    }

    @Override
    public int hashCode() {
        return ((tenant.hashCode() * 31 + receiver.hashCode()) * 31 + peer.hashCode()) * 31
                + java.util.Arrays.hashCode(payload);
    }

    @Override
    public String toString() {
        return "RawMessage[tenant=" + tenant + ", receiver=" + receiver + ", peer=" + peer + ", receivedAt="
                + receivedAt + ", payload=" + payload.length + " bytes" + (truncated ? ", truncated" : "") + "]";
    }
}
