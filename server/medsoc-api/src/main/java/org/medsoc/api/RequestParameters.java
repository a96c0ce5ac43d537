package org.medsoc.api;

import io.helidon.common.uri.UriQuery;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;
import java.util.function.LongSupplier;
import org.medsoc.spi.error.MedsocException;
import org.medsoc.spi.event.TenantId;

/**
 * Typed access to query parameters with precise errors. Times accept ISO-8601 instants
 * ({@code 2026-11-25T08:00:00Z}), epoch milliseconds, {@code now}, and {@code now-<n><unit>} with units
 * {@code s, m, h, d} (for example {@code now-15m}).
 */
final class RequestParameters {
    private final UriQuery query;
    private final LongSupplier clock;

    RequestParameters(UriQuery query, LongSupplier clock) {
        this.query = query;
        this.clock = clock;
    }

    Optional<String> find(String name) {
        return query.first(name).asOptional();
    }

    String string(String name, String defaultValue) {
        return find(name).orElse(defaultValue);
    }

    String required(String name) {
        return find(name)
                .filter(v -> !v.isBlank())
                .orElseThrow(() -> new MedsocException(
                        ApiErrorCode.MISSING_PARAMETER, "query parameter '" + name + "' is required"));
    }

    int integer(String name, int defaultValue, int min, int max) {
        Optional<String> v = find(name);
        if (v.isEmpty()) {
            return defaultValue;
        }
        try {
            int n = Integer.parseInt(v.get().trim());
            if (n < min || n > max) {
                throw invalid(name, v.get(), "an integer within " + min + ".." + max);
            }
            return n;
        } catch (NumberFormatException e) {
            throw invalid(name, v.get(), "an integer within " + min + ".." + max);
        }
    }

    long time(String name, long defaultValue) {
        Optional<String> v = find(name);
        return v.isEmpty() || v.get().isBlank() ? defaultValue : parseTime(name, v.get().trim());
    }

    Duration duration(String name, Duration defaultValue) {
        Optional<String> v = find(name);
        if (v.isEmpty()) {
            return defaultValue;
        }
        Duration d = parseDuration(name, v.get().trim());
        if (d.isZero() || d.isNegative()) {
            throw invalid(name, v.get(), "a positive duration such as 30s, 5m, 1h or 1d");
        }
        return d;
    }

    private long parseTime(String name, String v) {
        if (v.equals("now")) {
            return clock.getAsLong();
        }
        if (v.startsWith("now-")) {
            return clock.getAsLong() - parseDuration(name, v.substring(4)).toMillis();
        }
        if (!v.isEmpty() && (Character.isDigit(v.charAt(0)) || v.charAt(0) == '-') && v.chars().skip(1).allMatch(Character::isDigit)) {
            try {
                return Long.parseLong(v);
            } catch (NumberFormatException e) {
                throw invalid(name, v, "an ISO-8601 instant, epoch milliseconds, now or now-15m");
            }
        }
        try {
            return Instant.parse(v).toEpochMilli();
        } catch (DateTimeParseException e) {
            throw invalid(name, v, "an ISO-8601 instant such as 2026-11-25T08:00:00Z, epoch milliseconds, now or now-15m");
        }
    }

    private static Duration parseDuration(String name, String v) {
        String s = v.toLowerCase(Locale.ROOT);
        try {
            if (s.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(s.substring(0, s.length() - 2)));
            }
            long n = Long.parseLong(s.substring(0, s.length() - 1));
            return switch (s.charAt(s.length() - 1)) {
                case 's' -> Duration.ofSeconds(n);
                case 'm' -> Duration.ofMinutes(n);
                case 'h' -> Duration.ofHours(n);
                case 'd' -> Duration.ofDays(n);
                default -> throw invalid(name, v, "a duration such as 30s, 5m, 1h or 1d");
            };
        } catch (NumberFormatException | StringIndexOutOfBoundsException e) {
            throw invalid(name, v, "a duration such as 30s, 5m, 1h or 1d");
        }
    }

    static TenantId tenant(String value) {
        try {
            return TenantId.of(value);
        } catch (IllegalArgumentException e) {
            throw new MedsocException(ApiErrorCode.INVALID_PARAMETER, "invalid tenant: " + e.getMessage());
        }
    }

    static MedsocException invalid(String name, String value, String expected) {
        return new MedsocException(
                ApiErrorCode.INVALID_PARAMETER,
                "query parameter '" + name + "' has value '" + value + "'; expected " + expected);
    }
}
