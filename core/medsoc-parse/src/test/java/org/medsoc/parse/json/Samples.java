package org.medsoc.parse.json;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.assertj.core.api.SoftAssertions;
import org.jspecify.annotations.Nullable;
import org.medsoc.parse.ParseContext;
import org.medsoc.spi.event.Event;
import org.medsoc.spi.event.Field;
import org.medsoc.spi.event.Fields;
import org.medsoc.spi.event.TenantId;

/**
 * Test samples under {@code src/test/resources/samples}: reading them, and checking an event against expectation
 * lines ({@code field=value}: the field has that value among its values; {@code !field}: the field is absent;
 * {@code @timestamp=<ISO instant>}: the event time).
 *
 * <p>Case files ({@code cases.txt}) hold blocks: {@code == name}, optional {@code app: NAME}, {@code line: PAYLOAD},
 * optional {@code reason: TEXT} (the parser must answer a reason containing TEXT), then expectation lines.
 */
public final class Samples {
    /** The context of the tests: UTC, no app name. */
    public static final ParseContext UTC = new ParseContext(ZoneOffset.UTC, 1_700_000_000_000L, null, null, null);

    private Samples() {}

    /** The context with an APP-NAME. */
    public static ParseContext withApp(String appName) {
        return new ParseContext(ZoneOffset.UTC, 1_700_000_000_000L, appName, null, null);
    }

    /** A fresh event of the default tenant whose original is the payload. */
    public static Event event(String payload) {
        return new Event(TenantId.DEFAULT, 0, payload);
    }

    /** A classpath resource as UTF-8 text. */
    public static String read(String resource) {
        try (InputStream in = Samples.class.getResourceAsStream("/" + resource)) {
            assertThat(in).as("resource %s", resource).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Non-empty, non-comment lines of a resource. */
    public static List<String> lines(String resource) {
        List<String> out = new ArrayList<>();
        for (String line : read(resource).split("\n", -1)) {
            if (!line.isBlank() && !line.startsWith("#")) {
                out.add(line);
            }
        }
        return out;
    }

    /** Asserts every expectation line against the event. */
    public static void assertExpected(Event event, List<String> expectations, String label) {
        SoftAssertions softly = new SoftAssertions();
        for (String expectation : expectations) {
            if (expectation.startsWith("!")) {
                String name = expectation.substring(1);
                Optional<Field> field = Fields.find(name);
                softly.assertThat(field.map(event::values).orElse(List.of()))
                        .as("%s: %s must be absent in %s", label, name, event)
                        .isEmpty();
                continue;
            }
            int eq = expectation.indexOf('=');
            assertThat(eq).as("%s: expectation '%s' has no '='", label, expectation).isPositive();
            String name = expectation.substring(0, eq);
            String value = expectation.substring(eq + 1);
            if (name.equals("@timestamp")) {
                softly.assertThat(Instant.ofEpochMilli(event.timestamp()))
                        .as("%s: @timestamp", label)
                        .isEqualTo(Instant.parse(value));
                continue;
            }
            Optional<Field> field = Fields.find(name);
            softly.assertThat(field).as("%s: field %s is not interned (event %s)", label, name, event).isPresent();
            field.ifPresent(f -> softly.assertThat(event.values(f))
                    .as("%s: values of %s in %s", label, name, event)
                    .contains(value));
        }
        softly.assertAll();
    }

    /** One block of a case file. */
    public record Case(
            String name, @Nullable String app, String line, @Nullable String reason, List<String> expectations) {
        @Override
        public String toString() {
            return name;
        }
    }

    /** The blocks of a case file. */
    public static List<Case> cases(String resource) {
        List<Case> out = new ArrayList<>();
        String name = null;
        String app = null;
        String line = null;
        String reason = null;
        List<String> expectations = new ArrayList<>();
        for (String raw : read(resource).split("\n", -1)) {
            if (raw.startsWith("#") || raw.isBlank()) {
                continue;
            }
            if (raw.startsWith("== ")) {
                if (name != null) {
                    out.add(new Case(name, app, requireLine(name, line), reason, List.copyOf(expectations)));
                }
                name = raw.substring(3).trim();
                app = null;
                line = null;
                reason = null;
                expectations.clear();
            } else if (raw.startsWith("app: ")) {
                app = raw.substring(5).trim();
            } else if (raw.startsWith("line: ")) {
                line = raw.substring(6);
            } else if (raw.startsWith("reason: ")) {
                reason = raw.substring(8);
            } else {
                expectations.add(raw);
            }
        }
        if (name != null) {
            out.add(new Case(name, app, requireLine(name, line), reason, List.copyOf(expectations)));
        }
        return out;
    }

    private static String requireLine(String name, @Nullable String line) {
        assertThat(line).as("case %s has no 'line: '", name).isNotNull();
        return line;
    }
}
