package org.medsoc.detect.mapping;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.medsoc.spi.event.Fields;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;

/** Reads one mapping file into a {@link MappingFile}, collecting every problem instead of stopping at the first. */
final class MappingReader {
    private static final Set<String> ROOT_KEYS = Set.of("name", "version", "description", "default_prefix", "fields",
            "logsources");
    private static final Set<String> ENTRY_KEYS = Set.of("product", "category", "service", "condition", "fields",
            "default_prefix", "description");
    /** Nesting limit of conditions, so hostile files cannot overflow the stack. */
    private static final int MAX_DEPTH = 32;

    private final String file;
    private final List<MappingProblem> problems;

    private MappingReader(String file, List<MappingProblem> problems) {
        this.file = file;
        this.problems = problems;
    }

    /** One log-source entry of a file, fields already merged with the file's global fields. */
    record Entry(LogSourceKey key, MappingCondition condition, Map<String, List<String>> fields,
            @Nullable String defaultPrefix, String file, String path) {}

    /** A parsed file. */
    record MappingFile(String name, String version, List<Entry> entries) {}

    /** Parses {@code text}; answers null (with problems added) when the file is unusable as a whole. */
    static @Nullable MappingFile read(String file, String text, List<MappingProblem> problems) {
        return new MappingReader(file, problems).read(text);
    }

    private @Nullable MappingFile read(String text) {
        Object root;
        try {
            root = new Load(LoadSettings.builder().setLabel(file).setAllowDuplicateKeys(false).build())
                    .loadFromString(text);
        } catch (YamlEngineException e) {
            problem("", "not valid YAML: " + e.getMessage().replace('\n', ' '));
            return null;
        }
        if (!(root instanceof Map<?, ?> map)) {
            problem("", "expected a map with name, version, fields and logsources at the top");
            return null;
        }
        unknownKeys(map, ROOT_KEYS, "");
        String name = requiredScalar(map, "name", "");
        String version = requiredScalar(map, "version", "");
        String prefix = prefix(map.get("default_prefix"), "default_prefix");
        Map<String, List<String>> global = fields(map.get("fields"), "fields");
        List<Entry> entries = new ArrayList<>();
        Object sources = map.get("logsources");
        if (!(sources instanceof List<?> list) || list.isEmpty()) {
            problem("logsources", "expected a non-empty list of log-source mappings");
        } else {
            for (int i = 0; i < list.size(); i++) {
                Entry e = entry(list.get(i), "logsources[" + i + "]", global, prefix);
                if (e != null) {
                    entries.add(e);
                }
            }
        }
        if (name == null || version == null) {
            return null;
        }
        return new MappingFile(name, version, entries);
    }

    private @Nullable Entry entry(@Nullable Object o, String path, Map<String, List<String>> global,
            @Nullable String filePrefix) {
        if (!(o instanceof Map<?, ?> map)) {
            problem(path, "expected a map with product/category/service, condition and optional fields");
            return null;
        }
        unknownKeys(map, ENTRY_KEYS, path);
        String product = optionalString(map, "product", path);
        String category = optionalString(map, "category", path);
        String service = optionalString(map, "service", path);
        LogSourceKey key = new LogSourceKey(product, category, service);
        if (key.isEmpty()) {
            problem(path, "a log source needs at least one of product, category, service");
        }
        MappingCondition condition = null;
        if (!map.containsKey("condition")) {
            problem(path + ".condition", "missing: say which events this log source selects");
        } else {
            condition = condition(map.get("condition"), path + ".condition", 0);
        }
        Map<String, List<String>> local = fields(map.get("fields"), path + ".fields");
        String prefix = map.containsKey("default_prefix") ? prefix(map.get("default_prefix"), path + ".default_prefix")
                : filePrefix;
        if (condition == null || key.isEmpty()) {
            return null;
        }
        Map<String, List<String>> merged = new LinkedHashMap<>(global);
        merged.putAll(local);
        return new Entry(key, condition, Map.copyOf(merged), prefix, file, path);
    }

    private @Nullable MappingCondition condition(@Nullable Object o, String path, int depth) {
        if (depth > MAX_DEPTH) {
            problem(path, "condition nested deeper than " + MAX_DEPTH + " levels");
            return null;
        }
        if (o instanceof List<?> list) {
            if (list.isEmpty()) {
                problem(path, "an OR list needs at least one condition");
                return null;
            }
            List<MappingCondition> parts = new ArrayList<>();
            for (int i = 0; i < list.size(); i++) {
                MappingCondition c = condition(list.get(i), path + "[" + i + "]", depth + 1);
                if (c != null) {
                    parts.add(c);
                }
            }
            if (parts.size() != list.size()) {
                return null;
            }
            return parts.size() == 1 ? parts.getFirst() : new MappingCondition.AnyOf(parts);
        }
        if (o instanceof Map<?, ?> map) {
            if (map.isEmpty()) {
                problem(path, "an AND map needs at least one entry");
                return null;
            }
            List<MappingCondition> parts = new ArrayList<>();
            boolean ok = true;
            for (Map.Entry<?, ?> e : map.entrySet()) {
                if (!(e.getKey() instanceof String k)) {
                    problem(path, "condition keys must be field names, 'not' or 'exists', got " + e.getKey());
                    ok = false;
                    continue;
                }
                String p = path + "." + k;
                MappingCondition c = switch (k) {
                    case "not" -> {
                        MappingCondition inner = condition(e.getValue(), p, depth + 1);
                        yield inner == null ? null : new MappingCondition.Not(inner);
                    }
                    case "exists" -> exists(e.getValue(), p);
                    default -> equals(k, e.getValue(), p);
                };
                if (c == null) {
                    ok = false;
                } else {
                    parts.add(c);
                }
            }
            if (!ok) {
                return null;
            }
            return parts.size() == 1 ? parts.getFirst() : new MappingCondition.AllOf(parts);
        }
        problem(path, "expected a condition: a map (AND), a list (OR), {not: ...} or {exists: field}; got "
                + describe(o));
        return null;
    }

    private @Nullable MappingCondition exists(@Nullable Object o, String path) {
        List<String> names = new ArrayList<>();
        if (o instanceof String s) {
            names.add(s);
        } else if (o instanceof List<?> list && !list.isEmpty()) {
            for (Object item : list) {
                if (item instanceof String s) {
                    names.add(s);
                } else {
                    problem(path, "exists takes field names, got " + describe(item));
                    return null;
                }
            }
        } else {
            problem(path, "exists takes a field name or a non-empty list of field names, got " + describe(o));
            return null;
        }
        List<MappingCondition> parts = new ArrayList<>();
        for (String name : names) {
            if (!validField(name, path)) {
                return null;
            }
            parts.add(new MappingCondition.Exists(name));
        }
        return parts.size() == 1 ? parts.getFirst() : new MappingCondition.AllOf(parts);
    }

    private @Nullable MappingCondition equals(String field, @Nullable Object o, String path) {
        boolean ok = validField(field, path);
        List<String> values = new ArrayList<>();
        if (o instanceof List<?> list) {
            if (list.isEmpty()) {
                problem(path, "a list of accepted values must not be empty");
                return null;
            }
            for (Object item : list) {
                String s = scalar(item);
                if (s == null) {
                    problem(path, "accepted values must be strings, numbers or booleans, got " + describe(item));
                    return null;
                }
                values.add(s);
            }
        } else {
            String s = scalar(o);
            if (s == null) {
                problem(path, "expected a value (string, number or boolean) or a list of values, got "
                        + describe(o) + "; use 'exists: " + field + "' to test presence");
                return null;
            }
            values.add(s);
        }
        return ok ? new MappingCondition.Equals(field, values) : null;
    }

    private Map<String, List<String>> fields(@Nullable Object o, String path) {
        if (o == null) {
            return Map.of();
        }
        if (!(o instanceof Map<?, ?> map)) {
            problem(path, "expected a map from Sigma field name to a medsoc field name or a list of them");
            return Map.of();
        }
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : map.entrySet()) {
            if (!(e.getKey() instanceof String sigma) || sigma.isBlank()) {
                problem(path, "Sigma field names must be non-empty strings, got " + describe(e.getKey()));
                continue;
            }
            String p = path + "." + sigma;
            List<String> targets = new ArrayList<>();
            Object v = e.getValue();
            if (v instanceof String s) {
                targets.add(s);
            } else if (v instanceof List<?> list && !list.isEmpty()) {
                for (Object item : list) {
                    if (item instanceof String s) {
                        targets.add(s);
                    } else {
                        problem(p, "candidates must be medsoc field names, got " + describe(item));
                    }
                }
            } else {
                problem(p, "expected a medsoc field name or a non-empty list of them, got " + describe(v));
                continue;
            }
            boolean ok = true;
            for (String t : targets) {
                ok &= validField(t, p);
            }
            if (ok && targets.size() == new java.util.HashSet<>(targets).size()) {
                out.put(sigma, List.copyOf(targets));
            } else if (ok) {
                problem(p, "a candidate is listed twice: " + targets);
            }
        }
        return out;
    }

    private @Nullable String prefix(@Nullable Object o, String path) {
        if (o == null) {
            return null;
        }
        if (!(o instanceof String s)) {
            problem(path, "expected a field-name prefix such as 'winlog.event_data.', got " + describe(o));
            return null;
        }
        if (!s.isEmpty() && !Fields.isValidName(s + "x")) {
            problem(path, "'" + s + "' cannot start a medsoc field name (letters, digits, _ - @ and single dots)");
            return null;
        }
        return s;
    }

    private boolean validField(String name, String path) {
        if (!Fields.isValidName(name)) {
            problem(path, "'" + name + "' is not a valid medsoc field name (1-" + Fields.MAX_NAME_LENGTH
                    + " letters, digits, _ - @ and single dots, not starting or ending with a dot)");
            return false;
        }
        return true;
    }

    private @Nullable String requiredScalar(Map<?, ?> map, String key, String path) {
        Object o = map.get(key);
        String s = scalar(o);
        if (s == null || s.isBlank()) {
            problem(path.isEmpty() ? key : path + "." + key, "missing or not a non-empty scalar");
            return null;
        }
        return s;
    }

    private @Nullable String optionalString(Map<?, ?> map, String key, String path) {
        Object o = map.get(key);
        if (o == null) {
            return null;
        }
        if (o instanceof String s && !s.isBlank()) {
            return s;
        }
        problem(path + "." + key, "expected a non-empty string, got " + describe(o));
        return null;
    }

    private void unknownKeys(Map<?, ?> map, Set<String> allowed, String path) {
        for (Object k : map.keySet()) {
            if (!(k instanceof String s) || !allowed.contains(s)) {
                problem(path.isEmpty() ? String.valueOf(k) : path + "." + k,
                        "unknown key; allowed here: " + new java.util.TreeSet<>(allowed));
            }
        }
    }

    private static @Nullable String scalar(@Nullable Object o) {
        return o instanceof String || o instanceof Number || o instanceof Boolean ? o.toString() : null;
    }

    private static String describe(@Nullable Object o) {
        if (o == null) {
            return "nothing (null)";
        }
        if (o instanceof Map<?, ?>) {
            return "a map";
        }
        if (o instanceof List<?>) {
            return "a list";
        }
        return "'" + o + "'";
    }

    private void problem(String path, String message) {
        problems.add(new MappingProblem(file, path, message));
    }
}
