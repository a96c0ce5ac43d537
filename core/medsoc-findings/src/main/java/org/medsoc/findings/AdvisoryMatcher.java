package org.medsoc.findings;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.medsoc.spi.error.MedsocException;

/**
 * Finds the inventory items an advisory affects. An item is affected when one of its CPEs or products matches one
 * of the advisory's {@link Affected} entries:
 *
 * <ul>
 *   <li>CPE criterion against an inventory CPE: every attribute but the version matches ({@link
 *       Cpe#matchesIgnoringVersion}); with a bounded range the inventory version must be a concrete version inside
 *       it, without one the version attribute matches as in {@link Cpe#matches} except that concrete versions are
 *       compared as {@link Version}s ({@code 2.4 == 2.4.0});
 *   <li>CPE criterion against an inventory product, when the criterion names vendor and product literally: vendor
 *       and product equal (ignoring case, spaces, '-' and '_') and the version decided as above;
 *   <li>vendor/product entry against an inventory product or CPE: vendor and product equal the same way and the
 *       version inside the range (any version when the range is unbounded).
 * </ul>
 *
 * Inventory CPEs that are not valid CPE 2.3 formatted strings are skipped. One match is reported per asset: the
 * first entry, in advisory order, that matches its first CPE or product.
 */
public final class AdvisoryMatcher {
    private AdvisoryMatcher() {}

    /** The items of {@code inventory} the advisory affects, with the reason, in inventory order. */
    public static AdvisoryMatches match(Advisory advisory, List<InventoryItem> inventory) {
        requireNonNull(advisory, "advisory is null");
        requireNonNull(inventory, "inventory is null");
        List<Compiled> entries = new ArrayList<>(advisory.affected().size());
        for (Affected a : advisory.affected()) {
            entries.add(compile(a));
        }
        Map<String, Optional<Cpe>> parsed = new HashMap<>();
        List<AssetMatch> matches = new ArrayList<>();
        for (InventoryItem item : inventory) {
            AssetMatch m = matchItem(advisory, entries, item, parsed);
            if (m != null) {
                matches.add(m);
            }
        }
        return new AdvisoryMatches(advisory.id(), matches);
    }

    private static @Nullable AssetMatch matchItem(
            Advisory advisory, List<Compiled> entries, InventoryItem item, Map<String, Optional<Cpe>> parsed) {
        for (String text : item.cpes()) {
            Optional<Cpe> cpe = parsed.computeIfAbsent(text, AdvisoryMatcher::tryParse);
            if (cpe.isEmpty()) {
                continue;
            }
            Cpe target = cpe.get();
            String version = Cpe.unquote(target.version());
            for (Compiled e : entries) {
                if (e.matches(target)) {
                    return new AssetMatch(item.tenant(), item.assetId(), item.name(), text, version,
                            "inventory CPE " + text + " matches " + e.describe() + " of " + advisory.id());
                }
            }
        }
        for (Product p : item.products()) {
            for (Compiled e : entries) {
                if (e.matches(p)) {
                    String what = p.vendor() + " " + p.product() + " " + p.version();
                    return new AssetMatch(item.tenant(), item.assetId(), item.name(), what, p.version(),
                            "inventory product " + what + " matches " + e.describe() + " of " + advisory.id());
                }
            }
        }
        return null;
    }

    private static Optional<Cpe> tryParse(String text) {
        try {
            return Optional.of(Cpe.parse(text));
        } catch (MedsocException e) {
            return Optional.empty();
        }
    }

    private static Compiled compile(Affected affected) {
        return switch (affected) {
            case AffectedCpe c -> new CompiledCpe(c.criteria(), c.range(),
                    Cpe.isLiteral(c.criteria().vendor()) ? name(Cpe.unquote(c.criteria().vendor())) : null,
                    Cpe.isLiteral(c.criteria().product()) ? name(Cpe.unquote(c.criteria().product())) : null);
            case AffectedProduct p -> new CompiledProduct(name(p.vendor()), name(p.product()), p.range(),
                    p.vendor() + " " + p.product());
        };
    }

    /** A vendor or product name reduced for comparison: lower case, spaces and '-' as '_'. */
    static String name(String s) {
        StringBuilder b = new StringBuilder(s.length());
        String t = s.strip().toLowerCase(Locale.ROOT);
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            b.append(c == ' ' || c == '-' ? '_' : c);
        }
        return b.toString();
    }

    /** Whether a concrete inventory version satisfies an entry: inside a bounded range or equal to the version. */
    private static boolean versionMatches(String criteriaVersion, VersionRange range, String targetVersion) {
        if (range.bounded()) {
            if (!Cpe.isLiteral(targetVersion)) {
                return false;
            }
            Version v = Version.of(Cpe.unquote(targetVersion));
            return range.contains(v) && (criteriaVersion.equals(Cpe.ANY) || sameVersion(criteriaVersion, v));
        }
        if (Cpe.isLiteral(criteriaVersion) && Cpe.isLiteral(targetVersion)) {
            return sameVersion(criteriaVersion, Version.of(Cpe.unquote(targetVersion)));
        }
        return Cpe.attributeMatches(criteriaVersion, targetVersion);
    }

    private static boolean sameVersion(String criteriaVersion, Version v) {
        return Cpe.isLiteral(criteriaVersion)
                ? Version.of(Cpe.unquote(criteriaVersion)).compareTo(v) == 0
                : Cpe.attributeMatches(criteriaVersion, v.text());
    }

    private sealed interface Compiled permits CompiledCpe, CompiledProduct {
        boolean matches(Cpe target);

        boolean matches(Product product);

        String describe();
    }

    private record CompiledCpe(Cpe criteria, VersionRange range, @Nullable String vendor, @Nullable String product)
            implements Compiled {
        @Override
        public boolean matches(Cpe target) {
            return criteria.matchesIgnoringVersion(target)
                    && versionMatches(criteria.version(), range, target.version());
        }

        @Override
        public boolean matches(Product p) {
            if (vendor == null || product == null || !vendor.equals(name(p.vendor()))
                    || !product.equals(name(p.product())) || p.version().isBlank()) {
                return false;
            }
            return versionMatches(criteria.version(), range, quote(p.version()));
        }

        @Override
        public String describe() {
            return "criterion " + criteria + (range.bounded() ? " versions " + range : "");
        }
    }

    private record CompiledProduct(String vendor, String product, VersionRange range, String label)
            implements Compiled {
        @Override
        public boolean matches(Cpe target) {
            return Cpe.isLiteral(target.vendor()) && Cpe.isLiteral(target.product())
                    && vendor.equals(name(Cpe.unquote(target.vendor())))
                    && product.equals(name(Cpe.unquote(target.product())))
                    && (!range.bounded() || (Cpe.isLiteral(target.version())
                            && range.contains(Version.of(Cpe.unquote(target.version())))));
        }

        @Override
        public boolean matches(Product p) {
            return vendor.equals(name(p.vendor())) && product.equals(name(p.product()))
                    && (!range.bounded() || (!p.version().isBlank() && range.contains(Version.of(p.version()))));
        }

        @Override
        public String describe() {
            return "product " + label + " versions " + range;
        }
    }

    /** Quotes a plain version so it reads as a literal CPE attribute. */
    private static String quote(String version) {
        StringBuilder b = new StringBuilder(version.length() + 4);
        for (int i = 0; i < version.length(); i++) {
            char c = version.charAt(i);
            if (!(Character.isLetterOrDigit(c) || c == '_' || c == '.' || c == '-')) {
                b.append('\\');
            }
            b.append(c);
        }
        String s = b.toString();
        return s.equals(Cpe.NA) ? "\\-" : s;
    }
}
