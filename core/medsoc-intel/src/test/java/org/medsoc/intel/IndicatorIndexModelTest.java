package org.medsoc.intel;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.medsoc.spi.event.Event;
import org.medsoc.spi.event.Fields;
import org.medsoc.spi.event.TenantId;

/**
 * Cross-checks {@link IndicatorIndex} against a brute-force model on random small universes where values collide
 * often: nested CIDRs, parent domains, duplicates, expiry and warning lists.
 */
class IndicatorIndexModelTest {
    private static final String[] LABELS = {"a", "b", "evil", "cdn", "example", "com"};
    private static final long NOW = Instant.parse("2026-11-01T00:00:00Z").toEpochMilli();

    @Test
    void agreesWithBruteForceOnRandomUniverses() {
        SplittableRandom random = new SplittableRandom(20261125);
        int hits = 0;
        for (int round = 0; round < 300; round++) {
            Map<IndicatorKey, Indicator> model = new LinkedHashMap<>();
            IndicatorIndex.Builder builder = IndicatorIndex.builder();
            List<IndicatorKey> warned = new ArrayList<>();
            for (int w = random.nextInt(4); w > 0; w--) {
                warned.add(randomKey(random));
            }
            builder.warningList(new WarningList("w", warned));
            for (int i = random.nextInt(1, 40); i > 0; i--) {
                IndicatorKey key = randomKey(random);
                Indicator indicator = Indicator.of(key.type(), key.value(), "s" + i);
                if (random.nextInt(5) == 0) {
                    indicator = indicator.withValidUntil(Instant.ofEpochMilli(NOW + random.nextInt(-5, 5) * 1000L));
                }
                model.put(key, indicator);
                builder.add(indicator);
            }
            IndicatorIndex index = builder.build();
            assertThat(index.size()).isEqualTo(model.size());
            for (int e = 0; e < 30; e++) {
                String ip = randomIp(random);
                String domain = randomDomain(random);
                Event event = new Event(TenantId.DEFAULT, NOW, "")
                        .put(Fields.SOURCE_IP, ip)
                        .put(Fields.DNS_QUESTION_NAME, mangle(domain, random));
                List<String> actual = index.match(event).stream()
                        .map(m -> m.field().name() + " " + m.indicator().key() + " " + m.indicator().source())
                        .sorted().toList();
                List<String> expected = new ArrayList<>();
                expectedIp(model, warned, ip).forEach(i -> expected.add("source.ip " + i.key() + " " + i.source()));
                expectedDomain(model, warned, domain)
                        .forEach(i -> expected.add("dns.question.name " + i.key() + " " + i.source()));
                assertThat(actual).as("round %d, ip %s, domain %s, model %s, warned %s", round, ip, domain,
                        model.keySet(), warned).isEqualTo(expected.stream().sorted().toList());
                hits += actual.size();
            }
        }
        assertThat(hits).as("the universes are small enough that matches are common").isGreaterThan(3000);
    }

    private static List<Indicator> expectedIp(Map<IndicatorKey, Indicator> model, List<IndicatorKey> warned, String ip) {
        long address = parse(ip);
        for (IndicatorKey w : warned) {
            if ((w.type() == IndicatorType.IPV4 && w.value().equals(ip))
                    || (w.type() == IndicatorType.CIDR && contains(w.value(), address))) {
                return List.of();
            }
        }
        List<Indicator> out = new ArrayList<>();
        Indicator exact = model.get(new IndicatorKey(IndicatorType.IPV4, ip));
        if (exact != null && valid(exact)) {
            out.add(exact);
        }
        Indicator best = null;
        int bestPrefix = -1;
        for (Indicator i : model.values()) {
            if (i.type() == IndicatorType.CIDR && contains(i.value(), address)) {
                int prefix = Integer.parseInt(i.value().substring(i.value().indexOf('/') + 1));
                if (prefix > bestPrefix) {
                    best = i;
                    bestPrefix = prefix;
                }
            }
        }
        if (best != null && valid(best)) {
            out.add(best);
        }
        return out;
    }

    private static List<Indicator> expectedDomain(
            Map<IndicatorKey, Indicator> model, List<IndicatorKey> warned, String domain) {
        for (IndicatorKey w : warned) {
            if (w.type() == IndicatorType.DOMAIN && covers(w.value(), domain)) {
                return List.of();
            }
        }
        List<Indicator> out = new ArrayList<>();
        for (Indicator i : model.values()) {
            if (i.type() == IndicatorType.DOMAIN && covers(i.value(), domain) && valid(i)) {
                out.add(i);
            }
        }
        return out;
    }

    private static boolean valid(Indicator i) {
        return !i.expiredAt(Instant.ofEpochMilli(NOW));
    }

    private static boolean covers(String parent, String domain) {
        return domain.equals(parent) || domain.endsWith("." + parent);
    }

    private static boolean contains(String cidr, long address) {
        int slash = cidr.indexOf('/');
        int prefix = Integer.parseInt(cidr.substring(slash + 1));
        long network = parse(cidr.substring(0, slash));
        long mask = prefix == 0 ? 0 : (0xFFFF_FFFFL << (32 - prefix)) & 0xFFFF_FFFFL;
        return (address & mask) == network;
    }

    private static long parse(String ip) {
        String[] p = ip.split("\\.");
        return Long.parseLong(p[0]) << 24 | Long.parseLong(p[1]) << 16 | Long.parseLong(p[2]) << 8
                | Long.parseLong(p[3]);
    }

    private static IndicatorKey randomKey(SplittableRandom random) {
        return switch (random.nextInt(3)) {
            case 0 -> new IndicatorKey(IndicatorType.IPV4, randomIp(random));
            case 1 -> new IndicatorKey(IndicatorType.CIDR, randomIp(random) + "/" + random.nextInt(20, 33));
            default -> new IndicatorKey(IndicatorType.DOMAIN, randomDomain(random));
        };
    }

    private static String randomIp(SplittableRandom random) {
        return "10.0." + random.nextInt(0, 4) + "." + (random.nextBoolean() ? random.nextInt(0, 4) : 252 + random.nextInt(4));
    }

    private static String randomDomain(SplittableRandom random) {
        StringBuilder sb = new StringBuilder();
        for (int n = random.nextInt(1, 4); n > 0; n--) {
            if (!sb.isEmpty()) {
                sb.append('.');
            }
            sb.append(LABELS[random.nextInt(LABELS.length)]);
        }
        return sb.toString();
    }

    private static String mangle(String domain, SplittableRandom random) {
        String d = random.nextBoolean() ? domain.toUpperCase(Locale.ROOT) : domain;
        return random.nextInt(4) == 0 ? d + "." : d;
    }
}
