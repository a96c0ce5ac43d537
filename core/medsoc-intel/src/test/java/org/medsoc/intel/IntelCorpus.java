package org.medsoc.intel;

import java.util.HexFormat;
import org.medsoc.spi.event.Event;
import org.medsoc.spi.event.Fields;
import org.medsoc.spi.event.TenantId;

/**
 * A generated, reproducible indicator corpus: indicator {@code i} is always the same, all are distinct. Mix by
 * count: 40% IPv4, 5% CIDR (/24 networks in 11.0.0.0 upwards), 25% domains, 10% SHA-256, 10% MD5, 5% SHA-1,
 * 5% URLs. IPv4 addresses are spread over the whole space (some fall inside a generated network).
 */
final class IntelCorpus {
    private static final HexFormat HEX = HexFormat.of();

    private IntelCorpus() {}

    static IndicatorIndex build(int count) {
        IndicatorIndex.Builder builder = IndicatorIndex.builder();
        for (int i = 0; i < count; i++) {
            builder.add(indicator(i));
        }
        return builder.build();
    }

    static Indicator indicator(int i) {
        int bucket = i % 20;
        int n = i / 20;
        if (bucket < 8) {
            // a bijection of a dense counter: distinct, spread over the whole address space
            return Indicator.of(IndicatorType.IPV4, ipv4(mix(n * 8 + bucket) & 0xFFFF_FFFFL), "bench");
        }
        if (bucket == 8) {
            long network = 0x0B00_0000L + ((long) n << 8);
            return Indicator.of(IndicatorType.CIDR, ipv4(network) + "/24", "bench");
        }
        if (bucket < 14) {
            return Indicator.of(IndicatorType.DOMAIN, "h" + Integer.toString(i, 36) + ".c" + (i % 977) + ".example",
                    "bench");
        }
        if (bucket < 16) {
            return Indicator.of(IndicatorType.SHA256, digest(i, 32), "bench");
        }
        if (bucket < 18) {
            return Indicator.of(IndicatorType.MD5, digest(i, 16), "bench");
        }
        if (bucket == 18) {
            return Indicator.of(IndicatorType.SHA1, digest(i, 20), "bench");
        }
        return Indicator.of(IndicatorType.URL, "http://dl" + (i % 5003) + ".example/p/" + Integer.toString(i, 36)
                + ".bin", "bench");
    }

    /** An event whose field holds the indicator's value (a subdomain for domains, an address for networks). */
    static Event eventFor(Indicator indicator) {
        Event e = new Event(TenantId.DEFAULT, 0, "");
        return switch (indicator.type()) {
            case IPV4, IPV6 -> e.put(Fields.DESTINATION_IP, indicator.value());
            case CIDR -> e.put(Fields.DESTINATION_IP, indicator.value().replace(".0/24", ".77"));
            case DOMAIN -> e.put(Fields.DNS_QUESTION_NAME, "www." + indicator.value());
            case URL -> e.put(Fields.URL_ORIGINAL, indicator.value());
            case MD5 -> e.put(Fields.PROCESS_HASH_MD5, indicator.value());
            case SHA1 -> e.put(IntelFields.FILE_HASH_SHA1, indicator.value());
            case SHA256 -> e.put(Fields.FILE_HASH_SHA256, indicator.value());
            case EMAIL -> e.put(IntelFields.EMAIL_FROM, indicator.value());
            case USER_AGENT -> e.put(Fields.USER_AGENT_ORIGINAL, indicator.value());
        };
    }

    private static String ipv4(long a) {
        return ((a >>> 24) & 0xFF) + "." + ((a >>> 16) & 0xFF) + "." + ((a >>> 8) & 0xFF) + "." + (a & 0xFF);
    }

    private static String digest(int i, int bytes) {
        byte[] b = new byte[bytes];
        long x = i * 0x9E3779B97F4A7C15L + bytes;
        for (int k = 0; k < bytes; k++) {
            if (k % 8 == 0) {
                x = mix64(x + k);
            }
            b[k] = (byte) (x >>> (8 * (k % 8)));
        }
        b[0] = (byte) i;
        b[1] = (byte) (i >>> 8);
        b[2] = (byte) (i >>> 16);
        b[3] = (byte) (i >>> 24);
        return HEX.formatHex(b);
    }

    private static int mix(int x) {
        // multiplication by an odd constant and xor-shifts are bijections on 32 bits
        x *= 0x9E3779B1;
        x ^= x >>> 15;
        x *= 0x85EBCA77;
        return x ^ (x >>> 13);
    }

    private static long mix64(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
