package org.medsoc.vuln;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.medsoc.spi.error.MedsocException;

/**
 * Seeded mutation fuzzer (the "Jazzer or equivalent" of the style guide): random byte flips, inserts, deletions,
 * duplications and truncations of valid reports, plus random bytes, fed to every parser. Only
 * {@link MedsocException} may escape; a parsed report must satisfy the model invariants.
 */
class MutationFuzzTest {
    private static final int ITERATIONS = 30_000;
    private static final ParseLimits LIMITS = ParseLimits.DEFAULTS.withMaxFindings(500);

    private record Seed(ReportFormat format, byte[] bytes) {}

    @Test
    void parsersFailOnlyWithMedsocException() throws IOException {
        List<Seed> seeds = new ArrayList<>();
        seeds.add(new Seed(ReportFormat.NESSUS, Files.readAllBytes(TestReports.path("rich.nessus"))));
        seeds.add(new Seed(ReportFormat.NESSUS, Files.readAllBytes(TestReports.path("three-items.nessus"))));
        seeds.add(new Seed(ReportFormat.OPENVAS, Files.readAllBytes(TestReports.path("gmp22.xml"))));
        seeds.add(new Seed(ReportFormat.NUCLEI, Files.readAllBytes(TestReports.path("nuclei-current.jsonl"))));
        seeds.add(new Seed(ReportFormat.NUCLEI, Files.readAllBytes(TestReports.path("nuclei-array.json"))));
        seeds.add(new Seed(ReportFormat.NMAP, Files.readAllBytes(TestReports.path("nmap-vulners-text.xml"))));
        SplittableRandom random = new SplittableRandom(0x5eed_0b00L);
        int parsed = 0;
        int rejected = 0;
        for (int i = 0; i < ITERATIONS; i++) {
            Seed seed = seeds.get(random.nextInt(seeds.size()));
            byte[] input = i % 50 == 0 ? randomBytes(random) : mutate(seed.bytes(), random);
            ReportFormat format = i % 7 == 0 ? ReportFormat.values()[random.nextInt(4)] : seed.format();
            try {
                ScanReport report = ScanReports.parse(new ByteArrayInputStream(input), "fuzz#" + i, format, LIMITS);
                checkInvariants(report);
                parsed++;
            } catch (MedsocException e) {
                assertThat(e.getMessage()).isNotBlank();
                rejected++;
            } catch (RuntimeException | StackOverflowError e) {
                fail("iteration " + i + " (" + format + ") threw " + e + " for input:\n"
                        + new String(input, java.nio.charset.StandardCharsets.UTF_8), e);
            }
        }
        // both outcomes must really occur, or the fuzzer is not exercising anything
        assertThat(parsed).isGreaterThan(ITERATIONS / 20);
        assertThat(rejected).isGreaterThan(ITERATIONS / 20);
    }

    private static void checkInvariants(ScanReport report) {
        assertThat(report.findings().size()).isLessThanOrEqualTo(LIMITS.maxFindings());
        for (Finding finding : report.findings()) {
            assertThat(finding.fingerprint()).startsWith(finding.host().key() + "|");
            assertThat(finding.port()).isBetween(0, 65_535);
            assertThat(finding.evidence().length())
                    .isLessThanOrEqualTo(LIMITS.maxEvidenceLength() + "\n[... truncated by medsoc]".length());
            finding.cvss3().ifPresent(c -> assertThat(c.baseScore()).isBetween(0.0, 10.0));
        }
    }

    private static byte[] randomBytes(SplittableRandom random) {
        byte[] bytes = new byte[random.nextInt(1, 200)];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) random.nextInt(256);
        }
        if (random.nextBoolean()) {
            bytes[0] = (byte) "<[{".charAt(random.nextInt(3));
        }
        return bytes;
    }

    private static final byte[][] TOKENS = {
        "<".getBytes(), ">".getBytes(), "\"".getBytes(), "&amp;".getBytes(), "&lol;".getBytes(), "]]>".getBytes(),
        "<!DOCTYPE x [<!ENTITY a \"b\">]>".getBytes(), "{".getBytes(), "}".getBytes(), "[".getBytes(),
        ",".getBytes(), ":".getBytes(), "null".getBytes(), "-1".getBytes(), "99999".getBytes(), "CVE-".getBytes(),
        "CVSS:3.1/AV:N".getBytes(), "/tcp".getBytes(), "</ReportItem>".getBytes(), "<result>".getBytes(),
    };

    private static byte[] mutate(byte[] seed, SplittableRandom random) {
        byte[] data = Arrays.copyOf(seed, seed.length);
        int mutations = random.nextInt(1, 5);
        for (int m = 0; m < mutations && data.length > 0; m++) {
            int at = random.nextInt(data.length);
            switch (random.nextInt(6)) {
                case 0 -> data[at] = (byte) random.nextInt(256);
                case 1 -> data = Arrays.copyOf(data, at); // truncate
                case 2 -> data = splice(data, at, TOKENS[random.nextInt(TOKENS.length)]);
                case 3 -> { // delete a range
                    int end = Math.min(data.length, at + random.nextInt(1, 40));
                    byte[] out = new byte[data.length - (end - at)];
                    System.arraycopy(data, 0, out, 0, at);
                    System.arraycopy(data, end, out, at, data.length - end);
                    data = out;
                }
                case 4 -> { // duplicate a range
                    int end = Math.min(data.length, at + random.nextInt(1, 200));
                    data = splice(data, at, Arrays.copyOfRange(data, at, end));
                }
                default -> data[at] ^= (byte) (1 << random.nextInt(8));
            }
        }
        return data;
    }

    private static byte[] splice(byte[] data, int at, byte[] insert) {
        byte[] out = new byte[data.length + insert.length];
        System.arraycopy(data, 0, out, 0, at);
        System.arraycopy(insert, 0, out, at, insert.length);
        System.arraycopy(data, at, out, at + insert.length, data.length - at);
        return out;
    }
}
