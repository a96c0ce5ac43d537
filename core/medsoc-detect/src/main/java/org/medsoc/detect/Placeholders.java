package org.medsoc.detect;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.medsoc.common.Settings;

/**
 * Values of Sigma placeholders: what {@code %name%} expands to in a value with the {@code expand} modifier.
 *
 * <p>A value containing a placeholder becomes one value per configured replacement (several placeholders in one value
 * give every combination). A placeholder without values leaves its item matching nothing; the rule still compiles
 * and {@link CompiledRule#unresolvedPlaceholders()} names it.
 *
 * @param values replacement values by placeholder name (without the percent signs)
 */
public record Placeholders(Map<String, List<String>> values) {
    /** The configuration key prefix: {@code detect.placeholder.<name> = value1,value2}. */
    public static final String SETTINGS_PREFIX = "detect.placeholder";

    /** Creates the placeholders; the map and its lists are copied. */
    public Placeholders {
        requireNonNull(values, "values is null");
        Map<String, List<String>> copy = new LinkedHashMap<>();
        values.forEach((name, list) -> copy.put(requireNonNull(name, "name is null"), List.copyOf(list)));
        values = java.util.Collections.unmodifiableMap(copy);
    }

    /** No placeholder has values. */
    public static Placeholders none() {
        return new Placeholders(Map.of());
    }

    /**
     * Reads {@code detect.placeholder.<name>} entries: comma-separated values, each stripped, empty ones dropped (an
     * entry with no value leaves the placeholder unresolved).
     */
    public static Placeholders fromSettings(Settings settings) {
        requireNonNull(settings, "settings is null");
        Map<String, List<String>> values = new LinkedHashMap<>();
        settings.section(SETTINGS_PREFIX).asMap().forEach((name, text) -> {
            List<String> list = new ArrayList<>();
            for (String part : text.split(",", -1)) {
                String value = part.strip();
                if (!value.isEmpty()) {
                    list.add(value);
                }
            }
            values.put(name, list);
        });
        return new Placeholders(values);
    }

    /** The values of placeholder {@code name} (without percent signs); empty when none are configured. */
    public List<String> valuesOf(String name) {
        return values.getOrDefault(name, List.of());
    }
}
