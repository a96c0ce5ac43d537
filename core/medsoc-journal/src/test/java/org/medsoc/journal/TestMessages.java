package org.medsoc.journal;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.medsoc.spi.event.RawMessage;
import org.medsoc.spi.event.TenantId;

/** Deterministic messages whose payload is a function of an index, so tests can check exact content. */
final class TestMessages {
    static final TenantId TENANT = TenantId.of("hospital-1");

    private TestMessages() {}

    /** The payload of message {@code index}: its index in text plus {@code index % 97} filler bytes. */
    static byte[] payload(long index) {
        String text = "msg-" + index + "-" + "x".repeat((int) (index % 97));
        return text.getBytes(StandardCharsets.UTF_8);
    }

    static RawMessage message(long index) {
        return new RawMessage(TENANT, "syslog-tcp:6514", "10.1.2." + (index % 250), 1_700_000_000_000L + index,
                payload(index), index % 11 == 0);
    }

    /** Messages {@code from} to {@code from + count - 1}. */
    static List<RawMessage> batch(long from, int count) {
        List<RawMessage> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            out.add(message(from + i));
        }
        return out;
    }
}
