package org.medsoc.intel;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medsoc.database.Database;
import org.medsoc.database.DatabaseConfig;
import org.medsoc.spi.event.TenantId;

/**
 * Seeded mutation fuzzing of the TAXII server: mutated envelopes, paths and query parameters never make
 * {@link TaxiiServer#handle} throw or answer anything but a TAXII document with a status the protocol defines.
 */
class TaxiiFuzzTest {
    private static final TenantId A = TenantId.of("hospital-a");
    private static final Set<Integer> STATUSES = Set.of(200, 202, 400, 403, 404, 405, 406, 413, 415);
    private static final String ENVELOPE = "{\"objects\":[{\"type\":\"indicator\",\"spec_version\":\"2.1\","
            + "\"id\":\"indicator--0d0d0d0d-0000-4000-8000-000000000001\",\"created\":\"2026-11-01T00:00:00.000Z\","
            + "\"modified\":\"2026-11-01T00:00:00.000Z\",\"pattern\":\"[ipv4-addr:value = '192.0.2.1']\","
            + "\"pattern_type\":\"stix\",\"valid_from\":\"2026-11-01T00:00:00Z\","
            + "\"object_marking_refs\":[\"marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da\"]}]}";
    private static final List<String> PATHS = List.of("/", "/hospital-a/", "/hospital-a/collections/",
            "/hospital-a/collections/inbox/", "/hospital-a/collections/inbox/objects/",
            "/hospital-a/collections/inbox/manifest/",
            "/hospital-a/collections/inbox/objects/indicator--0d0d0d0d-0000-4000-8000-000000000001/",
            "/hospital-a/collections/inbox/objects/indicator--0d0d0d0d-0000-4000-8000-000000000001/versions/",
            "/hospital-a/status/x/", "/hospital-a/collections/sightings/objects/");
    private static final List<String> PARAMETERS = List.of("added_after", "limit", "next", "match[id]", "match[type]",
            "match[version]", "match[spec_version]");
    private static final List<String> VALUES = List.of("2026-11-01T00:00:00Z", "0", "1", "-5", "99999999999", "all",
            "first", "last", "indicator", "2.1", "", ",", "MTIzfGF8Yg", "%%", "2026-11-01T00:00:00.000Z,last");

    @TempDir
    Path dir;

    @Test
    void mutatedRequestsAlwaysGetATaxiiAnswer() throws Exception {
        ObjectMapper json = new ObjectMapper();
        try (Database db = Database.open(DatabaseConfig.embedded(dir.resolve("db")))) {
            TaxiiServer server = new TaxiiServer(new TaxiiServer.Config("/taxii2", "fuzz", A, Tlp.AMBER,
                    () -> List.of(A)), db, new IntelLibrary(dir.resolve("bundles")),
                    Sightings.create(db, Clock.systemUTC()), Clock.systemUTC());
            TaxiiCaller caller = new TaxiiCaller() {
                @Override
                public boolean canRead(TenantId tenant) {
                    return tenant.equals(A);
                }

                @Override
                public boolean canWrite(TenantId tenant) {
                    return tenant.equals(A);
                }

                @Override
                public String name() {
                    return "fuzz";
                }
            };
            Random random = new Random(20261125L);
            byte[] seed = ENVELOPE.getBytes(StandardCharsets.UTF_8);
            for (int i = 0; i < 3_000; i++) {
                boolean post = random.nextInt(3) == 0;
                String path = PATHS.get(random.nextInt(PATHS.size()));
                if (random.nextInt(10) == 0) {
                    char[] p = path.toCharArray();
                    p[random.nextInt(p.length)] = (char) (32 + random.nextInt(95));
                    path = new String(p);
                }
                Map<String, List<String>> query = new HashMap<>();
                for (int k = random.nextInt(3); k > 0; k--) {
                    query.put(PARAMETERS.get(random.nextInt(PARAMETERS.size())),
                            List.of(VALUES.get(random.nextInt(VALUES.size()))));
                }
                byte[] body = post ? mutate(seed, random) : new byte[0];
                Map<String, String> headers = Map.of("Accept", random.nextInt(8) == 0 ? "text/html" : TaxiiServer.MEDIA_TYPE,
                        "Content-Type", random.nextInt(8) == 0 ? "application/json" : TaxiiServer.MEDIA_TYPE);
                TaxiiResponse r = server.handle(new TaxiiRequest(post ? "POST" : "GET", path, query, headers, body,
                        caller));
                assertThat(STATUSES).as("status of " + path + " " + query).contains(r.status());
                assertThat(r.headers().get("Content-Type")).isEqualTo(TaxiiServer.MEDIA_TYPE);
                assertThat(json.readTree(r.body()).isObject()).isTrue();
            }
        }
    }

    private static byte[] mutate(byte[] seed, Random random) {
        byte[] b = seed.clone();
        switch (random.nextInt(4)) {
            case 0 -> {
                for (int k = 1 + random.nextInt(4); k > 0; k--) {
                    b[random.nextInt(b.length)] = (byte) (32 + random.nextInt(95));
                }
            }
            case 1 -> b = java.util.Arrays.copyOf(b, random.nextInt(b.length));
            case 2 -> {
                byte[] r = new byte[random.nextInt(64)];
                random.nextBytes(r);
                b = r;
            }
            default -> {
                // valid
            }
        }
        return b;
    }
}
