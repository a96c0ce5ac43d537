package org.medsoc.common;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import org.medsoc.spi.error.MedsocException;

/**
 * Flat configuration: kebab-case keys under a module prefix ({@code ingest.syslog.max-message-size}) mapped to string
 * values, read from a {@code .properties} file and overridden by command-line flags.
 *
 * <p>Typed accessors parse values and fail with {@link CommonErrorCode#INVALID_CONFIGURATION} naming the key and the
 * expected form. Sizes accept {@code B, KB, MB, GB, TB} (powers of 1024); durations accept {@code ms, s, m, h, d}.
 * Keys marked sensitive by callers are never printed by {@link #toString()}.
 */
public final class Settings {
    private final Map<String, String> values;

    private Settings(Map<String, String> values) {
        this.values = Collections.unmodifiableMap(new TreeMap<>(values));
    }

    /** Settings holding exactly these entries. */
    public static Settings of(Map<String, String> values) {
        return new Settings(requireNonNull(values, "values is null"));
    }

    /** No entries: every accessor answers its default. */
    public static Settings empty() {
        return new Settings(Map.of());
    }

    /** Reads a UTF-8 {@code .properties} file. */
    public static Settings load(Path file) {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (IOException e) {
            throw new MedsocException(
                    CommonErrorCode.CONFIGURATION_NOT_READABLE, "cannot read configuration " + file + ": " + e, e);
        }
        Map<String, String> m = new LinkedHashMap<>();
        p.stringPropertyNames().forEach(k -> m.put(k.trim(), p.getProperty(k).trim()));
        return new Settings(m);
    }

    /** These settings with the given entries added or replaced. */
    public Settings with(Map<String, String> overrides) {
        Map<String, String> m = new LinkedHashMap<>(values);
        m.putAll(overrides);
        return new Settings(m);
    }

    /** These settings with one entry added or replaced. */
    public Settings with(String key, String value) {
        return with(Map.of(key, value));
    }

    /** All entries whose key starts with {@code prefix + "."}, with the prefix and dot removed. */
    public Settings section(String prefix) {
        String p = prefix + ".";
        Map<String, String> m = new LinkedHashMap<>();
        values.forEach((k, v) -> {
            if (k.startsWith(p)) {
                m.put(k.substring(p.length()), v);
            }
        });
        return new Settings(m);
    }

    /** Every entry, sorted by key. */
    public Map<String, String> asMap() {
        return values;
    }

    public Optional<String> find(String key) {
        return Optional.ofNullable(values.get(key));
    }

    public String string(String key, String defaultValue) {
        return values.getOrDefault(key, defaultValue);
    }

    public boolean bool(String key, boolean defaultValue) {
        String v = values.get(key);
        if (v == null) {
            return defaultValue;
        }
        return switch (v.toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on" -> true;
            case "false", "no", "off" -> false;
            default -> throw invalid(key, v, "true or false");
        };
    }

    public int integer(String key, int defaultValue) {
        long v = longValue(key, defaultValue);
        if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
            throw invalid(key, values.get(key), "an integer within 32 bits");
        }
        return (int) v;
    }

    public long longValue(String key, long defaultValue) {
        String v = values.get(key);
        if (v == null) {
            return defaultValue;
        }
        try {
            return Long.parseLong(v.replace("_", ""));
        } catch (NumberFormatException e) {
            throw invalid(key, v, "an integer");
        }
    }

    /** A size in bytes, for example {@code 512MB} or {@code 10GB}. */
    public long bytes(String key, long defaultValue) {
        String v = values.get(key);
        return v == null ? defaultValue : parseBytes(key, v);
    }

    /** A duration, for example {@code 250ms}, {@code 30s}, {@code 5m}, {@code 12h} or {@code 90d}. */
    public Duration duration(String key, Duration defaultValue) {
        String v = values.get(key);
        return v == null ? defaultValue : parseDuration(key, v);
    }

    public Path path(String key, Path defaultValue) {
        String v = values.get(key);
        return v == null ? defaultValue : Path.of(v);
    }

    static long parseBytes(String key, String text) {
        String v = text.trim().toUpperCase(Locale.ROOT).replace("_", "");
        long unit = 1;
        String number = v;
        String[][] units = {{"TB", "1099511627776"}, {"GB", "1073741824"}, {"MB", "1048576"}, {"KB", "1024"}, {"B", "1"}
        };
        for (String[] u : units) {
            if (v.endsWith(u[0])) {
                unit = Long.parseLong(u[1]);
                number = v.substring(0, v.length() - u[0].length()).trim();
                break;
            }
        }
        try {
            long n = Long.parseLong(number);
            if (n < 0) {
                throw invalid(key, text, "a non-negative size such as 512MB");
            }
            return Math.multiplyExact(n, unit);
        } catch (NumberFormatException | ArithmeticException e) {
            throw invalid(key, text, "a size such as 512MB or 10GB");
        }
    }

    static Duration parseDuration(String key, String text) {
        String v = text.trim().toLowerCase(Locale.ROOT);
        try {
            if (v.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2).trim()));
            }
            long n = Long.parseLong(v.substring(0, v.length() - 1).trim());
            return switch (v.charAt(v.length() - 1)) {
                case 's' -> Duration.ofSeconds(n);
                case 'm' -> Duration.ofMinutes(n);
                case 'h' -> Duration.ofHours(n);
                case 'd' -> Duration.ofDays(n);
                default -> throw invalid(key, text, "a duration such as 30s, 5m, 12h or 90d");
            };
        } catch (NumberFormatException | StringIndexOutOfBoundsException e) {
            throw invalid(key, text, "a duration such as 30s, 5m, 12h or 90d");
        }
    }

    private static MedsocException invalid(String key, String value, String expected) {
        return new MedsocException(
                CommonErrorCode.INVALID_CONFIGURATION,
                "configuration key '" + key + "' has value '" + value + "'; expected " + expected);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("Settings{");
        values.forEach((k, v) -> sb.append(k).append('=').append(isSensitive(k) ? "***" : v).append(", "));
        return sb.append('}').toString();
    }

    /** Keys whose values must never be logged: anything naming a token, password, secret or key. */
    public static boolean isSensitive(String key) {
        String k = key.toLowerCase(Locale.ROOT);
        return k.contains("token") || k.contains("password") || k.contains("secret") || k.endsWith("key");
    }
}
