package org.medsoc.parse;

import static java.util.Objects.requireNonNull;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;
import org.medsoc.common.Settings;
import org.medsoc.parse.internal.AddressMatcher;
import org.medsoc.spi.error.MedsocException;

/**
 * How messages from a set of sources are parsed: which receivers and peers it matches, the payload format, the
 * vendor and product of the devices, their time zone and the hospital business system they belong to.
 *
 * @param name the profile name: lowercase letters, digits, '-' and '_'
 * @param receivers receiver names matched exactly, or by prefix when ending with '*'; empty matches any
 * @param peers sender IP addresses or CIDR blocks; empty matches any
 * @param format the payload format, {@link Format#AUTO} to detect
 * @param vendor the device vendor (recorded as {@code observer.vendor}; selects key=value dialects)
 * @param product the device product (recorded as {@code observer.product})
 * @param zone the time zone of timestamps without offset; empty for the node's default zone
 * @param businessSystem the business system (HIS, PACS, EMR...) recorded as {@code medsoc.business_system}
 */
public record SourceProfile(
        String name,
        List<String> receivers,
        List<String> peers,
        Format format,
        @Nullable String vendor,
        @Nullable String product,
        Optional<ZoneId> zone,
        @Nullable String businessSystem) {
    private static final String PREFIX = "ingest.profile";
    private static final String ORDER_KEY = "ingest.profiles";
    private static final Set<String> PROPERTIES =
            Set.of("receivers", "peers", "format", "vendor", "product", "timezone", "business-system");

    public SourceProfile {
        requireNonNull(name, "name is null");
        requireNonNull(receivers, "receivers is null");
        requireNonNull(peers, "peers is null");
        requireNonNull(format, "format is null");
        requireNonNull(zone, "zone is null");
        if (!validName(name)) {
            throw invalid("source profile name '" + name
                    + "' is invalid: use 1 to 64 lowercase letters, digits, '-' and '_'");
        }
        receivers = List.copyOf(receivers);
        peers = List.copyOf(peers);
        for (String r : receivers) {
            if (r.isEmpty() || r.indexOf('*') >= 0 && r.indexOf('*') != r.length() - 1) {
                throw invalid("source profile '" + name + "' has receiver pattern '" + r
                        + "': use an exact receiver name or a prefix ending with '*', such as syslog-udp*");
            }
        }
        for (String p : peers) {
            if (AddressMatcher.parse(p) == null) {
                throw invalid("source profile '" + name + "' has peer '" + p
                        + "' that is neither an IP address nor a CIDR block such as 10.0.0.0/8");
            }
        }
    }

    /** A profile matching any source, with the given name and format and no other settings. */
    public static SourceProfile of(String name, Format format) {
        return new SourceProfile(name, List.of(), List.of(), format, null, null, Optional.empty(), null);
    }

    /** Whether a receiver name matches this profile's receiver patterns. */
    public boolean matchesReceiver(String receiver) {
        if (receivers.isEmpty()) {
            return true;
        }
        for (String r : receivers) {
            if (r.endsWith("*") ? receiver.startsWith(r.substring(0, r.length() - 1)) : receiver.equals(r)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Reads the profiles under {@code ingest.profile.<name>.*}: {@code receivers} and {@code peers}
     * (comma-separated), {@code format} (auto, cef, leef, kv, json, linux-auth, access-log, plain), {@code vendor},
     * {@code product}, {@code timezone} (a zone id such as Asia/Shanghai) and {@code business-system}.
     *
     * <p>Profiles are matched in the order listed by {@code ingest.profiles} (comma-separated names) when given,
     * else in alphabetical order of their names (configuration keys carry no order).
     *
     * @throws MedsocException with {@link ParseErrorCode#INVALID_SOURCE_PROFILE} naming the key and the expected form
     */
    public static List<SourceProfile> fromSettings(Settings settings) {
        Settings section = settings.section(PREFIX);
        Map<String, Map<String, String>> byName = new TreeMap<>();
        section.asMap().forEach((key, value) -> {
            int dot = key.indexOf('.');
            if (dot <= 0 || dot == key.length() - 1) {
                throw invalid("configuration key '" + PREFIX + "." + key
                        + "' is not of the form ingest.profile.<name>.<property>");
            }
            String name = key.substring(0, dot);
            String property = key.substring(dot + 1);
            if (!PROPERTIES.contains(property)) {
                throw invalid("configuration key '" + PREFIX + "." + key + "' names unknown property '" + property
                        + "'; expected one of " + new java.util.TreeSet<>(PROPERTIES));
            }
            byName.computeIfAbsent(name, n -> new LinkedHashMap<>()).put(property, value);
        });
        List<String> order = new ArrayList<>();
        String listed = settings.find(ORDER_KEY).orElse("");
        if (!listed.isBlank()) {
            for (String n : split(listed)) {
                if (!byName.containsKey(n)) {
                    throw invalid("configuration key '" + ORDER_KEY + "' lists profile '" + n
                            + "' but no key ingest.profile." + n + ".* defines it");
                }
                if (order.contains(n)) {
                    throw invalid("configuration key '" + ORDER_KEY + "' lists profile '" + n + "' twice");
                }
                order.add(n);
            }
            for (String n : byName.keySet()) {
                if (!order.contains(n)) {
                    throw invalid("profile '" + n + "' is defined but missing from '" + ORDER_KEY
                            + "', which must list every profile in matching order");
                }
            }
        } else {
            order.addAll(byName.keySet());
        }
        List<SourceProfile> out = new ArrayList<>(order.size());
        for (String name : order) {
            out.add(fromProperties(name, byName.get(name)));
        }
        return List.copyOf(out);
    }

    private static SourceProfile fromProperties(String name, Map<String, String> p) {
        String keyBase = PREFIX + "." + name + ".";
        Format format = Format.AUTO;
        String f = p.get("format");
        if (f != null) {
            try {
                format = Format.valueOf(f.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
            } catch (IllegalArgumentException e) {
                throw invalid("configuration key '" + keyBase + "format' has value '" + f
                        + "'; expected one of auto, cef, leef, kv, json, linux-auth, access-log, plain");
            }
        }
        Optional<ZoneId> zone = Optional.empty();
        String tz = p.get("timezone");
        if (tz != null) {
            try {
                zone = Optional.of(ZoneId.of(tz.trim()));
            } catch (DateTimeException e) {
                throw invalid("configuration key '" + keyBase + "timezone' has value '" + tz
                        + "'; expected a zone id such as Asia/Shanghai, UTC or +08:00");
            }
        }
        List<String> peers = split(p.getOrDefault("peers", ""));
        for (String peer : peers) {
            if (AddressMatcher.parse(peer) == null) {
                throw invalid("configuration key '" + keyBase + "peers' has value '" + peer
                        + "'; expected IP addresses or CIDR blocks such as 10.0.0.0/8, separated by commas");
            }
        }
        List<String> receivers = split(p.getOrDefault("receivers", ""));
        try {
            return new SourceProfile(name, receivers, peers, format, blankToNull(p.get("vendor")),
                    blankToNull(p.get("product")), zone, blankToNull(p.get("business-system")));
        } catch (MedsocException e) {
            throw invalid("in configuration keys '" + keyBase + "*': " + e.getMessage());
        }
    }

    private static @Nullable String blankToNull(@Nullable String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    private static List<String> split(String s) {
        List<String> out = new ArrayList<>();
        for (String part : s.split(",")) {
            String t = part.trim();
            if (!t.isEmpty()) {
                out.add(t);
            }
        }
        return out;
    }

    private static boolean validName(String name) {
        if (name.isEmpty() || name.length() > 64) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_')) {
                return false;
            }
        }
        return true;
    }

    private static MedsocException invalid(String message) {
        return new MedsocException(ParseErrorCode.INVALID_SOURCE_PROFILE, message);
    }
}
