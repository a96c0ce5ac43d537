package org.medsoc.ingest;

import static java.util.Objects.requireNonNull;

/**
 * The counters of one receiver since it started.
 *
 * @param receiver the receiver's name
 * @param messages messages the sink accepted
 * @param bytes payload bytes of the messages the sink accepted
 * @param batches batches the sink accepted
 * @param dropped messages medsoc read but did not hand to the sink: UDP queue overflow or sink refusal; TCP only for a
 *     batch still unaccepted when the receiver closes; file tail never (it re-reads). Kernel drops are not included,
 *     see {@code kernelDropped}
 * @param truncated messages cut at the size limit or by a disconnect in the middle of an octet-counted frame (their
 *     {@code RawMessage.truncated()} is true)
 * @param connections connections open now (TCP/TLS; 0 otherwise)
 * @param connectionsTotal connections accepted since start (TCP/TLS)
 * @param errors failures: I/O errors, TLS handshake failures, refused connections, sink errors, unreadable files
 * @param partial frames delivered because the peer disconnected before their end, or a rotated file's unterminated
 *     last line
 * @param refused connections refused because {@code maxConnections} were open (also counted in {@code errors})
 * @param kernelDropped datagrams the kernel discarded for this receiver's UDP socket before medsoc read them (its
 *     receive buffer was full), from the {@code drops} column of {@code /proc/net/udp[6]}; 0 when not readable or not
 *     UDP
 */
public record ReceiverStats(
        String receiver,
        long messages,
        long bytes,
        long batches,
        long dropped,
        long truncated,
        long connections,
        long connectionsTotal,
        long errors,
        long partial,
        long refused,
        long kernelDropped) {
    public ReceiverStats {
        requireNonNull(receiver, "receiver is null");
    }
}
