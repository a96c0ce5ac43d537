package org.medsoc.detect.sigma;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.medsoc.detect.Problem;
import org.medsoc.detect.SigmaRule;
import org.medsoc.detect.SigmaRule.DetectionItem;
import org.medsoc.detect.SigmaRule.SearchIdentifier;
import org.medsoc.detect.UnsupportedRuleException;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/** Reads Sigma rule YAML into a {@link SigmaRule}, collecting every structural problem. */
public final class RuleReader {
    private static final Set<String> LEVELS = Set.of("informational", "low", "medium", "high", "critical");
    private static final Set<String> STATUSES = Set.of("stable", "test", "experimental", "deprecated", "unsupported");

    private final String origin;
    private final List<Problem> problems;

    private RuleReader(String origin, List<Problem> problems) {
        this.origin = origin;
        this.problems = problems;
    }

    /**
     * Reads the rule; returns null when it lacks a required part. Problems are added to {@code problems}; the rule
     * may be returned even with problems so that its detection can be validated too.
     *
     * @throws UnsupportedRuleException for correlation rules, filters and multi-document collections
     */
    public static @Nullable SigmaRule read(String yaml, String origin, List<Problem> problems) {
        return new RuleReader(origin, problems).read(yaml);
    }

    private @Nullable SigmaRule read(String yaml) {
        List<Object> documents = new ArrayList<>();
        try {
            LoadSettings settings = LoadSettings.builder()
                    .setLabel(origin)
                    .setAllowDuplicateKeys(false)
                    .setMaxAliasesForCollections(20)
                    .setCodePointLimit(4 * 1024 * 1024)
                    .build();
            for (Object document : new Load(settings).loadAllFromString(yaml)) {
                documents.add(document);
            }
        } catch (RuntimeException | StackOverflowError e) {
            // snakeyaml-engine signals every syntax error with an unchecked exception
            String message = String.valueOf(e.getMessage()).replaceAll("\\s+", " ").strip();
            problems.add(new Problem("", "not valid YAML: " + message));
            return null;
        }
        documents.removeIf(d -> d == null);
        if (documents.isEmpty()) {
            problems.add(new Problem("", "empty document; a Sigma rule needs title, logsource and detection"));
            return null;
        }
        for (Object document : documents) {
            if (document instanceof Map<?, ?> map) {
                if (map.containsKey("correlation")) {
                    throw new UnsupportedRuleException(origin, "correlation rules are not supported yet");
                }
                if (map.containsKey("filter") && !map.containsKey("detection")) {
                    throw new UnsupportedRuleException(origin, "filter documents are not supported yet");
                }
                if ("global".equals(map.get("action"))) {
                    throw new UnsupportedRuleException(origin,
                            "rule collections (action: global) are not supported; split them into single rules");
                }
            }
        }
        if (documents.size() > 1) {
            throw new UnsupportedRuleException(origin,
                    "multi-document YAML (" + documents.size() + " documents) is not supported; one rule per file");
        }
        if (!(documents.getFirst() instanceof Map<?, ?> root)) {
            problems.add(new Problem("", "a Sigma rule must be a YAML mapping, not " + kind(documents.getFirst())));
            return null;
        }
        String title = string(root, "title", true);
        String id = string(root, "id", false);
        String status = string(root, "status", false);
        String level = string(root, "level", false);
        String description = string(root, "description", false);
        if (level != null && !LEVELS.contains(level)) {
            problems.add(new Problem("level", "unknown level '" + level + "'; use one of " + LEVELS));
        }
        if (status != null && !STATUSES.contains(status)) {
            problems.add(new Problem("status", "unknown status '" + status + "'; use one of " + STATUSES));
        }
        List<String> tags = strings(root, "tags");
        List<String> falsepositives = strings(root, "falsepositives");
        List<String> fields = strings(root, "fields");
        SigmaRule.LogSource logsource = logsource(root.get("logsource"));
        SigmaRule.Detection detection = detection(root.get("detection"));
        if (title == null || logsource == null || detection == null) {
            return null;
        }
        // other problems so far are kept; the caller also validates the detection items and conditions
        return new SigmaRule(id, title, status, level, description, tags, logsource, detection, falsepositives,
                fields, origin);
    }

    private static String kind(@Nullable Object value) {
        return value instanceof Map ? "a mapping" : value instanceof List ? "a list" : "a scalar";
    }

    private @Nullable String string(Map<?, ?> map, String key, boolean required) {
        Object value = map.get(key);
        if (value == null) {
            if (required) {
                problems.add(new Problem(key, "missing required '" + key + "'"));
            }
            return null;
        }
        if (value instanceof Map || value instanceof List) {
            problems.add(new Problem(key, "'" + key + "' must be a string, not " + kind(value)));
            return null;
        }
        return String.valueOf(value);
    }

    private List<String> strings(Map<?, ?> map, String key) {
        Object value = map.get(key);
        if (value == null) {
            return List.of();
        }
        if (value instanceof List<?> list) {
            List<String> out = new ArrayList<>();
            for (int i = 0; i < list.size(); i++) {
                Object item = list.get(i);
                if (item instanceof Map || item instanceof List) {
                    problems.add(new Problem(key + "[" + i + "]", "must be a string, not " + kind(item)));
                } else if (item != null) {
                    out.add(String.valueOf(item));
                }
            }
            return out;
        }
        if (value instanceof Map) {
            problems.add(new Problem(key, "'" + key + "' must be a list of strings, not a mapping"));
            return List.of();
        }
        return List.of(String.valueOf(value));
    }

    private SigmaRule.@Nullable LogSource logsource(@Nullable Object value) {
        if (value == null) {
            problems.add(new Problem("logsource", "missing required 'logsource'; give product, category or service"));
            return null;
        }
        if (!(value instanceof Map<?, ?> map)) {
            problems.add(new Problem("logsource", "'logsource' must be a mapping, not " + kind(value)));
            return null;
        }
        return new SigmaRule.LogSource(sub(map, "product"), sub(map, "category"), sub(map, "service"),
                sub(map, "definition"));
    }

    private @Nullable String sub(Map<?, ?> map, String key) {
        Object value = map.get(key);
        if (value instanceof Map || value instanceof List) {
            problems.add(new Problem("logsource." + key, "must be a string, not " + kind(value)));
            return null;
        }
        return value == null ? null : String.valueOf(value);
    }

    private SigmaRule.@Nullable Detection detection(@Nullable Object value) {
        if (value == null) {
            problems.add(new Problem("detection", "missing required 'detection' with search identifiers and a condition"));
            return null;
        }
        if (!(value instanceof Map<?, ?> map)) {
            problems.add(new Problem("detection", "'detection' must be a mapping, not " + kind(value)));
            return null;
        }
        Map<String, SearchIdentifier> identifiers = new LinkedHashMap<>();
        List<String> conditions = new ArrayList<>();
        for (Map.Entry<?, ?> e : map.entrySet()) {
            String name = String.valueOf(e.getKey());
            String path = "detection." + name;
            if (name.equals("condition")) {
                Object c = e.getValue();
                if (c instanceof List<?> list && !list.isEmpty()) {
                    for (int i = 0; i < list.size(); i++) {
                        if (list.get(i) instanceof String s) {
                            conditions.add(s);
                        } else {
                            problems.add(new Problem(path + "[" + i + "]", "a condition must be a string"));
                        }
                    }
                } else if (c instanceof String s) {
                    conditions.add(s);
                } else {
                    problems.add(new Problem(path, "'condition' must be a string or a list of strings"));
                }
                continue;
            }
            if (name.equals("timeframe")) {
                continue; // Sigma 1 aggregation leftover; ignored without correlation
            }
            SearchIdentifier identifier = identifier(e.getValue(), path);
            if (identifier != null) {
                identifiers.put(name, identifier);
            }
        }
        if (!map.containsKey("condition")) {
            problems.add(new Problem("detection.condition", "missing required 'condition', e.g. 'condition: selection'"));
        }
        if (identifiers.isEmpty() && problems.isEmpty()) {
            problems.add(new Problem("detection", "no search identifiers defined"));
        }
        return new SigmaRule.Detection(identifiers, conditions);
    }

    private @Nullable SearchIdentifier identifier(@Nullable Object value, String path) {
        if (value instanceof Map<?, ?> map) {
            List<DetectionItem> items = items(map, path);
            return items == null ? null : new SearchIdentifier(List.of(items));
        }
        if (value instanceof List<?> list) {
            if (list.isEmpty()) {
                problems.add(new Problem(path, "empty list; give values or mappings"));
                return null;
            }
            List<List<DetectionItem>> alternatives = new ArrayList<>();
            List<@Nullable Object> keywords = new ArrayList<>();
            for (int i = 0; i < list.size(); i++) {
                Object element = list.get(i);
                if (element instanceof Map<?, ?> m) {
                    List<DetectionItem> items = items(m, path + "[" + i + "]");
                    if (items != null) {
                        alternatives.add(items);
                    }
                } else if (element instanceof List) {
                    problems.add(new Problem(path + "[" + i + "]", "nested lists are not allowed"));
                } else {
                    keywords.add(element);
                }
            }
            if (!keywords.isEmpty()) {
                alternatives.add(List.of(new DetectionItem(null, List.of(), keywords)));
            }
            return new SearchIdentifier(alternatives);
        }
        if (value == null) {
            problems.add(new Problem(path, "search identifier has no content"));
            return null;
        }
        // a single keyword
        return new SearchIdentifier(List.of(List.of(new DetectionItem(null, List.of(), List.of(value)))));
    }

    private @Nullable List<DetectionItem> items(Map<?, ?> map, String path) {
        if (map.isEmpty()) {
            problems.add(new Problem(path, "empty mapping; give at least one field"));
            return null;
        }
        List<DetectionItem> items = new ArrayList<>();
        for (Map.Entry<?, ?> e : map.entrySet()) {
            String key = String.valueOf(e.getKey());
            String itemPath = path + "." + key;
            String[] parts = key.split("\\|", -1);
            String field = parts[0].isEmpty() ? null : parts[0];
            List<String> modifiers = new ArrayList<>();
            for (int i = 1; i < parts.length; i++) {
                if (parts[i].isEmpty()) {
                    problems.add(new Problem(itemPath, "empty modifier between '|' separators"));
                } else {
                    modifiers.add(parts[i]);
                }
            }
            Object value = e.getValue();
            List<@Nullable Object> values = new ArrayList<>();
            if (value instanceof List<?> list) {
                values.addAll(list);
            } else if (value instanceof Map) {
                problems.add(new Problem(itemPath, "a field value must be a scalar or a list, not a mapping"));
                continue;
            } else {
                values.add(value);
            }
            items.add(new DetectionItem(field, modifiers, values));
        }
        return items;
    }
}
