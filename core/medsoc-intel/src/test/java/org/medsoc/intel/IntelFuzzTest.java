package org.medsoc.intel;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.medsoc.intel.internal.StixPattern;
import org.medsoc.spi.error.MedsocException;
import org.medsoc.spi.event.Event;
import org.medsoc.spi.event.Field;
import org.medsoc.spi.event.Fields;
import org.medsoc.spi.event.TenantId;

/**
 * Seeded mutation fuzzing of everything that reads untrusted text (feed values, STIX patterns and bundles, event
 * fields): random flips, inserts, deletions and truncations of valid samples plus random strings. Nothing but
 * {@link MedsocException} may escape, and normalisation must be idempotent.
 */
class IntelFuzzTest {
    private static final String[] VALUES = {"203.0.113.77", "2001:db8::1", "::ffff:10.0.0.1", "fe80::1%eth0",
            "10.0.0.0/8", "2001:db8::/32", "Evil.Example.", "bücher.example", "http://EVIL.example:80/a?b#c",
            "https://[2001:db8::1]:8443/x", "user@Phish.Example", "Name <a@b.example>",
            "d41d8cd98f00b204e9800998ecf8427e", "3395856ce81f2b7382dee72602f798b642f14140",
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", "Mozilla/5.0"};
    private static final String[] PATTERNS = {"[ipv4-addr:value = '203.0.113.77']",
            "[domain-name:value = 'a.example'] OR [url:value = 'http://x.example/']",
            "([file:hashes.'SHA-256' = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'"
                    + " OR file:hashes.MD5 = 'd41d8cd98f00b204e9800998ecf8427e'])",
            "[ipv4-addr:value = '1.2.3.4' AND network-traffic:dst_port = 445] WITHIN 5 SECONDS"};
    private static final String SPECIALS = ":./[]'@%|\\ -xA0";
    private static final List<Field> FIELDS = List.of(Fields.SOURCE_IP, Fields.DNS_QUESTION_NAME,
            Fields.URL_ORIGINAL, Fields.FILE_HASH_SHA256, IntelFields.EMAIL_FROM, Fields.USER_AGENT_ORIGINAL);

    @Test
    void normalisersAndMatcherSurviveMutatedValues() {
        SplittableRandom random = new SplittableRandom(7);
        IndicatorIndex.Builder builder = IndicatorIndex.builder();
        for (String v : VALUES) {
            for (IndicatorType t : IndicatorType.values()) {
                try {
                    builder.add(Indicator.of(t, v, "seed"));
                } catch (MedsocException e) {
                    // not a value of this type
                }
            }
        }
        IndicatorIndex index = builder.build();
        int accepted = 0;
        for (int i = 0; i < 60_000; i++) {
            String s = mutate(VALUES[random.nextInt(VALUES.length)], random);
            IndicatorType type = IndicatorType.values()[random.nextInt(IndicatorType.values().length)];
            try {
                String canonical = type.normalise(s);
                assertThat(type.normalise(canonical)).as("%s %s", type, s).isEqualTo(canonical);
                accepted++;
            } catch (MedsocException e) {
                assertThat(e.getMessage()).contains(type.name());
            }
            Event event = new Event(TenantId.DEFAULT, 0, "").put(FIELDS.get(random.nextInt(FIELDS.size())), s);
            index.match(event);
        }
        assertThat(accepted).isGreaterThan(1000);
    }

    @Test
    void patternReaderSurvivesMutatedPatterns() {
        SplittableRandom random = new SplittableRandom(11);
        int readable = 0;
        for (int i = 0; i < 30_000; i++) {
            StixPattern.Parsed parsed = StixPattern.parse(mutate(PATTERNS[random.nextInt(PATTERNS.length)], random));
            assertThat(parsed.error() == null).isEqualTo(!parsed.keys().isEmpty());
            readable += parsed.error() == null ? 1 : 0;
        }
        assertThat(readable).isGreaterThan(100);
    }

    @Test
    void bundleReaderOnlyThrowsMedsocExceptions() throws IOException {
        String bundle;
        try (InputStream in = IntelFuzzTest.class.getResourceAsStream("/stix/commission-feed.json")) {
            bundle = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        SplittableRandom random = new SplittableRandom(13);
        int read = 0;
        for (int i = 0; i < 3_000; i++) {
            try {
                StixBundles.read(mutate(bundle, random), "fuzz", Tlp.AMBER);
                read++;
            } catch (MedsocException e) {
                assertThat(e.errorCode().name()).isEqualTo(IntelErrorCode.INVALID_STIX_BUNDLE.name());
            }
        }
        assertThat(read).isGreaterThan(100);
    }

    private static String mutate(String sample, SplittableRandom random) {
        if (random.nextInt(20) == 0) {
            StringBuilder sb = new StringBuilder();
            for (int n = random.nextInt(40); n > 0; n--) {
                sb.append((char) random.nextInt(0x20, 0x250));
            }
            return sb.toString();
        }
        StringBuilder sb = new StringBuilder(sample);
        for (int m = random.nextInt(1, 4); m > 0 && !sb.isEmpty(); m--) {
            int at = random.nextInt(sb.length());
            switch (random.nextInt(5)) {
                case 0 -> sb.setCharAt(at, (char) (sb.charAt(at) ^ (1 << random.nextInt(7))));
                case 1 -> sb.insert(at, SPECIALS.charAt(random.nextInt(SPECIALS.length())));
                case 2 -> sb.deleteCharAt(at);
                case 3 -> sb.setLength(at);
                default -> sb.insert(at, (char) random.nextInt(0x80, 0x3000));
            }
        }
        return sb.toString();
    }
}
