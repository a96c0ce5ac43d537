package org.medsoc.federation;

import static java.util.Objects.requireNonNull;

import java.security.SecureRandom;
import java.util.HexFormat;

/** The identity of an enrolled node at its hub: {@code node-} followed by 20 lowercase hex digits. */
public record NodeId(String value) {
    private static final SecureRandom RANDOM = new SecureRandom();

    /** Validates the form: 1 to 64 characters of a-z, 0-9 and '-'. */
    public NodeId {
        requireNonNull(value, "value is null");
        if (value.isEmpty() || value.length() > 64) {
            throw new IllegalArgumentException("node id must be 1 to 64 characters: '" + value + "'");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) {
                throw new IllegalArgumentException("node id may hold only a-z, 0-9 and '-': '" + value + "'");
            }
        }
    }

    /** A new random node id. */
    public static NodeId random() {
        byte[] b = new byte[10];
        RANDOM.nextBytes(b);
        return new NodeId("node-" + HexFormat.of().formatHex(b));
    }

    @Override
    public String toString() {
        return value;
    }
}
