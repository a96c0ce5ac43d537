package org.medsoc.intel;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.medsoc.intel.internal.IpAddresses;
import org.medsoc.intel.internal.TextSet;
import org.medsoc.intel.internal.ValueNormaliser;
import org.medsoc.intel.internal.ValueSets;
import org.medsoc.spi.error.MedsocException;
import org.medsoc.spi.event.Event;
import org.medsoc.spi.event.Field;

/**
 * An immutable, thread-safe snapshot of indicators and warning lists that matches events in constant time per
 * field. Build one with {@link #builder()}; on change, build a new snapshot and swap the reference.
 *
 * <p>{@link #match(Event)} makes one pass over the event's fields and looks at those of {@link IntelFields}: IP
 * fields against the exact IPv4/IPv6 sets and the CIDR networks (most specific network wins), domain fields against
 * the domain set for the name and each parent domain ({@code a.b.evil.com} hits {@code evil.com}), URL, hash, e-mail
 * and user-agent fields against their sets. A value on a warning list is skipped; an indicator whose
 * {@code validUntil} is at or before the event's timestamp does not match. When nothing matches, matching allocates
 * nothing and answers an immutable empty list.
 */
public final class IndicatorIndex {
    /*
     * Layout: indicators are numbered (ordinals) in insertion order; their metadata lives in parallel primitive
     * columns (times as unsigned epoch seconds, 0 = absent; source and tags as ids into small dictionaries), their
     * values only in the lookup structures of ValueSets, which map a value to its ordinal. A hit turns the ordinal
     * back into an Indicator (the only allocation). Field kinds are a byte table indexed by field id, so the match
     * loop does no map lookups. Times are kept to the second.
     */
    private static final byte NONE = 0;
    private static final byte IP = 1;
    private static final byte DOMAIN = 2;
    private static final byte URL = 3;
    private static final byte HASH = 4;
    private static final byte EMAIL = 5;
    private static final byte USER_AGENT = 6;
    private static final byte[] KINDS = kinds();
    private static final IndicatorType[] TYPES = IndicatorType.values();
    private static final Tlp[] TLPS = Tlp.values();
    private static final Distribution[] DISTRIBUTIONS = Distribution.values();

    private final ValueSets values;
    private final ValueSets warnings;
    private final int size;
    private final byte[] types;
    private final byte[] confidences;
    private final byte[] tlps;
    private final byte[] distributions;
    private final int[] firstSeen;
    private final int[] lastSeen;
    private final int[] validUntil;
    private final int[] sources;
    private final int[] tagSets;
    private final int[] refs;
    private final List<String> sourceNames;
    private final List<List<String>> tagLists;
    private final @Nullable String[] stixIds;
    private final Map<Integer, String> wideValues;
    private final int warningEntries;

    private IndicatorIndex(Builder b) {
        this.values = b.values;
        this.warnings = b.warnings;
        this.size = b.size;
        this.types = b.types;
        this.confidences = b.confidences;
        this.tlps = b.tlps;
        this.distributions = b.distributions;
        this.firstSeen = b.firstSeen;
        this.lastSeen = b.lastSeen;
        this.validUntil = b.validUntil;
        this.sources = b.sources;
        this.tagSets = b.tagSets;
        this.refs = b.refs;
        this.sourceNames = List.copyOf(b.sourceNames);
        this.tagLists = List.copyOf(b.tagLists);
        this.stixIds = b.stixIds;
        this.wideValues = Map.copyOf(b.wideValues);
        this.warningEntries = b.warningEntries;
    }

    /** A builder for a new snapshot. */
    public static Builder builder() {
        return new Builder();
    }

    /** An index with no indicators. */
    public static IndicatorIndex empty() {
        return builder().build();
    }

    /** Number of distinct indicators (by type and value; a later duplicate replaces an earlier one). */
    public int size() {
        return size;
    }

    /** Number of warning-list entries. */
    public int warningEntries() {
        return warningEntries;
    }

    /** An estimate of the heap bytes this snapshot holds (arrays and dictionaries, not the JVM object headers). */
    public long estimatedBytes() {
        long columns = 4L * size + 6L * 4 * size + (stixIds == null ? 0 : 4L * size);
        long stix = 0;
        if (stixIds != null) {
            for (String s : stixIds) {
                stix += s == null ? 0 : 56 + s.length();
            }
        }
        long dictionaries = 64L * sourceNames.size() + 64L * tagLists.size() + 120L * wideValues.size();
        return values.estimatedBytes() + warnings.estimatedBytes() + columns + stix + dictionaries + 256;
    }

    /** The indicator with this key, if present (expired or not). */
    public Optional<Indicator> find(IndicatorKey key) {
        int ordinal = values.find(key.type(), key.value());
        return ordinal < 0 ? Optional.empty() : Optional.of(indicator(ordinal));
    }

    /** Calls {@code action} with every indicator, in insertion order. */
    public void forEach(Consumer<Indicator> action) {
        for (int i = 0; i < size; i++) {
            action.accept(indicator(i));
        }
    }

    /** Whether a value is on a warning list (for CIDRs: the network itself; for domains: it or a parent). */
    public boolean isWarned(IndicatorKey key) {
        String v = key.value();
        return switch (key.type()) {
            case IPV4 -> ipv4Warned(IpAddresses.ipv4(v));
            case IPV6 -> {
                int n = v.length();
                long hi = IpAddresses.ipv6(v, 0, n, IpAddresses.HIGH);
                long lo = IpAddresses.ipv6(v, 0, n, IpAddresses.LOW);
                yield warnings.ipv6(hi, lo) >= 0 || warnings.ipv6Network(hi, lo) >= 0;
            }
            case CIDR -> warnings.find(IndicatorType.CIDR, v) >= 0;
            case DOMAIN -> domainWarned(v, 0, v.length());
            case EMAIL -> warnings.find(IndicatorType.EMAIL, v) >= 0
                    || domainWarned(v, v.lastIndexOf('@') + 1, v.length());
            case URL, MD5, SHA1, SHA256, USER_AGENT -> warnings.find(key.type(), v) >= 0;
        };
    }

    /**
     * The indicators that match fields of an event, one {@link IndicatorMatch} per (field value, indicator); an
     * immutable empty list, allocated once, when none does.
     */
    public List<IndicatorMatch> match(Event event) {
        requireNonNull(event, "event is null");
        long seconds = Math.floorDiv(event.timestamp(), 1000L);
        @Nullable ArrayList<IndicatorMatch> hits = null;
        byte[] kinds = KINDS;
        int n = event.size();
        for (int i = 0; i < n; i++) {
            int id = event.fieldIdAt(i);
            if (id >= kinds.length) {
                continue;
            }
            byte kind = kinds[id];
            if (kind == NONE) {
                continue;
            }
            String v = event.valueAt(i);
            if (v.isEmpty()) {
                continue;
            }
            switch (kind) {
                case IP -> hits = matchIp(hits, id, v, seconds);
                case DOMAIN -> hits = matchDomain(hits, id, v, seconds);
                case URL -> hits = matchUrl(hits, id, v, seconds);
                case HASH -> hits = matchHash(hits, id, v, seconds);
                case EMAIL -> hits = matchEmail(hits, id, v, seconds);
                case USER_AGENT -> {
                    String ua = v.strip();
                    hits = exact(hits, id, v, warnings.userAgents(), values.userAgents(), ua, ua.length(), 0, seconds);
                }
                default -> {}
            }
        }
        return hits == null ? List.of() : hits;
    }

    private @Nullable ArrayList<IndicatorMatch> matchHash(
            @Nullable ArrayList<IndicatorMatch> hits, int field, String v, long seconds) {
        int n = v.length();
        if (n != 32 && n != 40 && n != 64) {
            return hits;
        }
        // one pass: parse the words and collect invalid digits (negative) in bad
        int bad = 0;
        long a = 0;
        long b = 0;
        long c = 0;
        long d = 0;
        for (int i = 0; i < 16; i++) {
            int x = ValueSets.hexDigit(v.charAt(i));
            bad |= x;
            a = a << 4 | (x & 0xF);
        }
        for (int i = 16; i < 32; i++) {
            int x = ValueSets.hexDigit(v.charAt(i));
            bad |= x;
            b = b << 4 | (x & 0xF);
        }
        for (int i = 32; i < Math.min(n, 48); i++) {
            int x = ValueSets.hexDigit(v.charAt(i));
            bad |= x;
            c = c << 4 | (x & 0xF);
        }
        for (int i = 48; i < n; i++) {
            int x = ValueSets.hexDigit(v.charAt(i));
            bad |= x;
            d = d << 4 | (x & 0xF);
        }
        if (bad < 0) {
            return hits;
        }
        if (!warnings.isEmpty() && warnings.hash(n, a, b, c, d) >= 0) {
            return hits;
        }
        return hit(hits, field, v, values.hash(n, a, b, c, d), seconds);
    }

    /** Exact lookup of {@code s[0, to)} (ASCII case folded below {@code fold}) in a text set, unless warned. */
    private @Nullable ArrayList<IndicatorMatch> exact(@Nullable ArrayList<IndicatorMatch> hits, int field,
            String observed, TextSet warned, TextSet set, String s, int to, int fold, long seconds) {
        int h = TextSet.exactHash(s, fold);
        if (!warned.isEmpty() && warned.findValue(h, s, 0, to, fold) >= 0) {
            return hits;
        }
        return hit(hits, field, observed, set.findValue(h, s, 0, to, fold), seconds);
    }

    private @Nullable ArrayList<IndicatorMatch> matchIp(
            @Nullable ArrayList<IndicatorMatch> hits, int field, String v, long seconds) {
        int n = v.length();
        long v4 = IpAddresses.ipv4(v, 0, n);
        if (v4 < 0) {
            if (v.indexOf(':') < 0 || IpAddresses.ipv6(v, 0, n, IpAddresses.VALID) != 1) {
                return hits;
            }
            long hi = IpAddresses.ipv6(v, 0, n, IpAddresses.HIGH);
            long lo = IpAddresses.ipv6(v, 0, n, IpAddresses.LOW);
            if (hi == 0 && (lo >>> 32) == 0xFFFFL) {
                v4 = lo & 0xFFFF_FFFFL;
            } else {
                if (warnings.ipv6(hi, lo) >= 0 || warnings.ipv6Network(hi, lo) >= 0) {
                    return hits;
                }
                hits = hit(hits, field, v, values.ipv6(hi, lo), seconds);
                return hit(hits, field, v, values.ipv6Network(hi, lo), seconds);
            }
        }
        if (ipv4Warned(v4)) {
            return hits;
        }
        hits = hit(hits, field, v, values.ipv4(v4), seconds);
        return hit(hits, field, v, values.ipv4Network(v4), seconds);
    }

    private boolean ipv4Warned(long v4) {
        return !warnings.isEmpty() && (warnings.ipv4(v4) >= 0 || warnings.ipv4Network(v4) >= 0);
    }

    private @Nullable ArrayList<IndicatorMatch> matchDomain(
            @Nullable ArrayList<IndicatorMatch> hits, int field, String v, long seconds) {
        int to = v.length();
        if (v.charAt(to - 1) == '.') {
            to--;
        }
        for (int i = 0; i < to; i++) {
            if (v.charAt(i) >= 0x80) {
                String canonical;
                try {
                    canonical = ValueNormaliser.normalise(IndicatorType.DOMAIN, v);
                } catch (MedsocException e) {
                    return hits;
                }
                return domainHits(hits, field, v, canonical, 0, canonical.length(), seconds);
            }
        }
        return domainHits(hits, field, v, v, 0, to, seconds);
    }

    private @Nullable ArrayList<IndicatorMatch> domainHits(@Nullable ArrayList<IndicatorMatch> hits, int field,
            String observed, String s, int from, int to, long seconds) {
        if (to <= from || (!warnings.domains().isEmpty() && domainWarned(s, from, to))) {
            return hits;
        }
        TextSet set = values.domains();
        long labelMask = values.domainLabels();
        int h = 0;
        int labels = 0;
        for (int i = to - 1; ; i--) {
            if (i < from || s.charAt(i) == '.') {
                labels++;
                if (i + 1 < to && (labelMask >>> Math.min(labels, 63) & 1) != 0) {
                    int e = set.find(h, s, i + 1, to, to);
                    if (e >= 0) {
                        hits = hit(hits, field, observed, set.value(e), seconds);
                    }
                }
                if (i < from) {
                    return hits;
                }
            }
            char c = s.charAt(i);
            h = TextSet.step(h, c >= 'A' && c <= 'Z' ? (char) (c + 32) : c);
        }
    }

    private boolean domainWarned(String s, int from, int to) {
        TextSet set = warnings.domains();
        if (set.size() == 0) {
            return false;
        }
        long labelMask = warnings.domainLabels();
        int h = 0;
        int labels = 0;
        for (int i = to - 1; ; i--) {
            if (i < from || s.charAt(i) == '.') {
                labels++;
                if (i + 1 < to && (labelMask >>> Math.min(labels, 63) & 1) != 0
                        && set.find(h, s, i + 1, to, to) >= 0) {
                    return true;
                }
                if (i < from) {
                    return false;
                }
            }
            char c = s.charAt(i);
            h = TextSet.step(h, c >= 'A' && c <= 'Z' ? (char) (c + 32) : c);
        }
    }

    private @Nullable ArrayList<IndicatorMatch> matchUrl(
            @Nullable ArrayList<IndicatorMatch> hits, int field, String v, long seconds) {
        int hostEnd = canonicalHostEnd(v);
        String s = v;
        int fold = hostEnd;
        if (hostEnd < 0) {
            if (v.indexOf("://") < 0) {
                return hits; // a bare path: nothing to compare with full URLs
            }
            try {
                s = ValueNormaliser.normalise(IndicatorType.URL, v);
            } catch (MedsocException e) {
                return hits;
            }
            fold = 0;
        }
        return exact(hits, field, v, warnings.urls(), values.urls(), s, s.length(), fold, seconds);
    }

    /**
     * The end of the host when a URL is canonical up to ASCII case in scheme and host (so it can be looked up as
     * is), else -1: scheme letters, "://", a host of letters, digits, '-', '.', '_', then a '/' and printable ASCII
     * without '#'.
     */
    private static int canonicalHostEnd(String v) {
        int n = v.length();
        int p = v.indexOf("://");
        if (p <= 0 || p > 10) {
            return -1;
        }
        for (int i = 0; i < p; i++) {
            char c = v.charAt(i);
            if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))) {
                return -1;
            }
        }
        int i = p + 3;
        int hostStart = i;
        while (i < n) {
            char c = v.charAt(i);
            if (c == '/') {
                break;
            }
            if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-'
                    || c == '.' || c == '_')) {
                return -1;
            }
            i++;
        }
        if (i == n || i == hostStart || v.charAt(i - 1) == '.') {
            return -1;
        }
        int hostEnd = i;
        for (; i < n; i++) {
            char c = v.charAt(i);
            if (c <= 0x20 || c >= 0x7F || c == '#') {
                return -1;
            }
        }
        return hostEnd;
    }

    private @Nullable ArrayList<IndicatorMatch> matchEmail(
            @Nullable ArrayList<IndicatorMatch> hits, int field, String v, long seconds) {
        String s = v;
        int n = v.length();
        boolean plain = true;
        for (int i = 0; i < n && plain; i++) {
            char c = v.charAt(i);
            plain = c > 0x20 && c < 0x7F && c != '<' && c != ':';
        }
        if (!plain) {
            try {
                s = ValueNormaliser.normalise(IndicatorType.EMAIL, v);
            } catch (MedsocException e) {
                return hits;
            }
            n = s.length();
        }
        int at = s.lastIndexOf('@');
        if (at <= 0 || at == n - 1) {
            return hits;
        }
        if (domainWarned(s, at + 1, n)) {
            return hits;
        }
        int h = TextSet.exactHash(s, n);
        if (!warnings.emails().isEmpty() && warnings.emails().findValue(h, s, 0, n, n) >= 0) {
            return hits;
        }
        hits = hit(hits, field, v, values.emails().findValue(h, s, 0, n, n), seconds);
        return domainHits(hits, field, v, s, at + 1, n, seconds);
    }

    private @Nullable ArrayList<IndicatorMatch> hit(
            @Nullable ArrayList<IndicatorMatch> hits, int field, String observed, int ordinal, long seconds) {
        if (ordinal < 0) {
            return hits;
        }
        long until = Integer.toUnsignedLong(validUntil[ordinal]);
        if (until != 0 && seconds >= until) {
            return hits;
        }
        ArrayList<IndicatorMatch> out = hits == null ? new ArrayList<>(2) : hits;
        out.add(new IndicatorMatch(org.medsoc.spi.event.Fields.byId(field), observed, this, ordinal));
        return out;
    }

    IndicatorType type(int ordinal) {
        return TYPES[types[ordinal]];
    }

    int confidence(int ordinal) {
        return confidences[ordinal];
    }

    Tlp tlp(int ordinal) {
        return TLPS[tlps[ordinal]];
    }

    long expiresAt(int ordinal) {
        return Integer.toUnsignedLong(validUntil[ordinal]);
    }

    Indicator indicator(int ordinal) {
        IndicatorType type = TYPES[types[ordinal]];
        int ref = refs[ordinal];
        String value = ref < 0 ? wideValues.get(ordinal) : values.value(type, ref);
        String stix = stixIds == null ? null : stixIds[ordinal];
        return new Indicator(type, value, sourceNames.get(sources[ordinal]), confidences[ordinal],
                TLPS[tlps[ordinal]], DISTRIBUTIONS[distributions[ordinal]], time(firstSeen[ordinal]),
                time(lastSeen[ordinal]), time(validUntil[ordinal]), tagLists.get(tagSets[ordinal]),
                Optional.ofNullable(stix));
    }

    private static Optional<Instant> time(int seconds) {
        return seconds == 0 ? Optional.empty() : Optional.of(Instant.ofEpochSecond(Integer.toUnsignedLong(seconds)));
    }

    private static byte[] kinds() {
        int max = 0;
        List<List<Field>> groups = List.of(IntelFields.IP, IntelFields.DOMAIN, IntelFields.URL, IntelFields.HASH,
                IntelFields.EMAIL, IntelFields.USER_AGENT);
        for (List<Field> g : groups) {
            for (Field f : g) {
                max = Math.max(max, f.id());
            }
        }
        byte[] kinds = new byte[max + 1];
        byte kind = IP;
        for (List<Field> g : groups) {
            for (Field f : g) {
                kinds[f.id()] = kind;
            }
            kind++;
        }
        return kinds;
    }

    /**
     * Collects indicators and warning lists for one {@link IndicatorIndex}. Adding an indicator whose type and
     * value are already present replaces the earlier one. Not thread-safe; {@link #build} may be called once.
     */
    public static final class Builder {
        private final ValueSets values = new ValueSets();
        private final ValueSets warnings = new ValueSets();
        private int size;
        private byte[] types = new byte[64];
        private byte[] confidences = new byte[64];
        private byte[] tlps = new byte[64];
        private byte[] distributions = new byte[64];
        private int[] firstSeen = new int[64];
        private int[] lastSeen = new int[64];
        private int[] validUntil = new int[64];
        private int[] sources = new int[64];
        private int[] tagSets = new int[64];
        private int[] refs = new int[64];
        private @Nullable String[] stixIds;
        private final List<String> sourceNames = new ArrayList<>();
        private final Map<String, Integer> sourceIds = new HashMap<>();
        private final List<List<String>> tagLists = new ArrayList<>();
        private final Map<List<String>, Integer> tagIds = new HashMap<>();
        private final Map<Integer, String> wideValues = new HashMap<>();
        private int warningEntries;
        private boolean built;

        private Builder() {}

        /** Adds (or replaces) an indicator. */
        public Builder add(Indicator indicator) {
            requireNonNull(indicator, "indicator is null");
            checkNotBuilt();
            int existing = values.find(indicator.type(), indicator.value());
            int ordinal = existing >= 0 ? existing : size;
            if (existing < 0) {
                if (size == types.length) {
                    grow();
                }
                size++;
            }
            int ref = values.put(indicator.type(), indicator.value(), ordinal);
            if (ref < 0) {
                wideValues.put(ordinal, indicator.value());
            }
            refs[ordinal] = ref;
            types[ordinal] = (byte) indicator.type().ordinal();
            confidences[ordinal] = (byte) indicator.confidence();
            tlps[ordinal] = (byte) indicator.tlp().ordinal();
            distributions[ordinal] = (byte) indicator.distribution().ordinal();
            firstSeen[ordinal] = seconds(indicator.firstSeen());
            lastSeen[ordinal] = seconds(indicator.lastSeen());
            validUntil[ordinal] = seconds(indicator.validUntil());
            sources[ordinal] = sourceIds.computeIfAbsent(indicator.source(), s -> {
                sourceNames.add(s);
                return sourceNames.size() - 1;
            });
            tagSets[ordinal] = tagIds.computeIfAbsent(indicator.tags(), t -> {
                tagLists.add(t);
                return tagLists.size() - 1;
            });
            if (indicator.stixId().isPresent() || stixIds != null) {
                if (stixIds == null) {
                    stixIds = new String[types.length];
                }
                stixIds[ordinal] = indicator.stixId().orElse(null);
            }
            return this;
        }

        /** Adds (or replaces) indicators. */
        public Builder addAll(Collection<Indicator> indicators) {
            for (Indicator i : indicators) {
                add(i);
            }
            return this;
        }

        /** Adds the entries of a warning list: observed values on it never match. */
        public Builder warningList(WarningList list) {
            requireNonNull(list, "list is null");
            checkNotBuilt();
            for (IndicatorKey key : list.entries()) {
                warnings.put(key.type(), key.value(), warningEntries++);
            }
            return this;
        }

        /** Number of indicators added so far (distinct by type and value). */
        public int size() {
            return size;
        }

        /** The immutable snapshot; the builder cannot be used afterwards. */
        public IndicatorIndex build() {
            checkNotBuilt();
            built = true;
            values.freeze();
            warnings.freeze();
            // trim one column at a time so that at most one spare copy is alive
            types = Arrays.copyOf(types, size);
            confidences = Arrays.copyOf(confidences, size);
            tlps = Arrays.copyOf(tlps, size);
            distributions = Arrays.copyOf(distributions, size);
            firstSeen = Arrays.copyOf(firstSeen, size);
            lastSeen = Arrays.copyOf(lastSeen, size);
            validUntil = Arrays.copyOf(validUntil, size);
            sources = Arrays.copyOf(sources, size);
            tagSets = Arrays.copyOf(tagSets, size);
            refs = Arrays.copyOf(refs, size);
            if (stixIds != null) {
                stixIds = Arrays.copyOf(stixIds, size);
            }
            return new IndicatorIndex(this);
        }

        private void checkNotBuilt() {
            if (built) {
                throw new IllegalStateException("this builder has already built its index; start a new builder");
            }
        }

        private void grow() {
            int capacity = types.length * 2;
            types = Arrays.copyOf(types, capacity);
            confidences = Arrays.copyOf(confidences, capacity);
            tlps = Arrays.copyOf(tlps, capacity);
            distributions = Arrays.copyOf(distributions, capacity);
            firstSeen = Arrays.copyOf(firstSeen, capacity);
            lastSeen = Arrays.copyOf(lastSeen, capacity);
            validUntil = Arrays.copyOf(validUntil, capacity);
            sources = Arrays.copyOf(sources, capacity);
            tagSets = Arrays.copyOf(tagSets, capacity);
            refs = Arrays.copyOf(refs, capacity);
            if (stixIds != null) {
                stixIds = Arrays.copyOf(stixIds, capacity);
            }
        }

        private static int seconds(Optional<Instant> time) {
            if (time.isEmpty()) {
                return 0;
            }
            long s = time.get().getEpochSecond();
            return (int) Math.max(1, Math.min(0xFFFF_FFFFL, s));
        }
    }
}
