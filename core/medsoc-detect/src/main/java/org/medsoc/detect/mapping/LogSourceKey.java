package org.medsoc.detect.mapping;

import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * A Sigma {@code logsource}: product, category and service, each optional, compared case-insensitively (they are
 * stored lower-case; blank parts count as absent).
 *
 * @param product e.g. {@code windows}, or null for product-less rules such as {@code category: proxy}
 * @param category e.g. {@code process_creation}
 * @param service e.g. {@code security}
 */
public record LogSourceKey(@Nullable String product, @Nullable String category, @Nullable String service) {
    /** Normalises the parts: lower-case, trimmed, blank → null. */
    public LogSourceKey {
        product = normalise(product);
        category = normalise(category);
        service = normalise(service);
    }

    /** Shorthand for the canonical constructor. */
    public static LogSourceKey of(@Nullable String product, @Nullable String category, @Nullable String service) {
        return new LogSourceKey(product, category, service);
    }

    /** Whether every part is absent (an empty logsource, which no mapping can select). */
    public boolean isEmpty() {
        return product == null && category == null && service == null;
    }

    private static @Nullable String normalise(@Nullable String s) {
        if (s == null) {
            return null;
        }
        String t = s.strip();
        return t.isEmpty() ? null : t.toLowerCase(Locale.ROOT);
    }

    /** The form used in messages: {@code product=windows category=process_creation}. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        append(sb, "product", product);
        append(sb, "category", category);
        append(sb, "service", service);
        return sb.isEmpty() ? "(empty logsource)" : sb.toString();
    }

    private static void append(StringBuilder sb, String name, @Nullable String value) {
        if (value != null) {
            if (!sb.isEmpty()) {
                sb.append(' ');
            }
            sb.append(name).append('=').append(value);
        }
    }
}
