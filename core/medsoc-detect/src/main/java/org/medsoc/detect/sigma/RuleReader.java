package org.medsoc.detect.sigma;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;
import org.medsoc.detect.Problem;
import org.medsoc.detect.SigmaCorrelation;
import org.medsoc.detect.SigmaDocument;
import org.medsoc.detect.SigmaFilter;
import org.medsoc.detect.SigmaRule;
import org.medsoc.detect.SigmaRule.DetectionItem;
import org.medsoc.detect.SigmaRule.SearchIdentifier;
import org.medsoc.detect.UnsupportedRuleException;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/** Reads Sigma YAML into rules, meta filters and correlations, collecting every structural problem. */
public final class RuleReader {
    private static final Set<String> LEVELS = Set.of("informational", "low", "medium", "high", "critical");
    private static final Set<String> STATUSES = Set.of("stable", "test", "experimental", "deprecated", "unsupported");

    private String origin;
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
        RuleReader reader = new RuleReader(origin, problems);
        List<Object> documents = reader.load(yaml);
        if (documents == null) {
            return null;
        }
        for (Object document : documents) {
            if (document instanceof Map<?, ?> map) {
                if (map.containsKey("correlation")) {
                    throw new UnsupportedRuleException(origin,
                            "a correlation rule, not a detection rule; load it with SigmaRules.parseDocuments");
                }
                if (map.containsKey("filter") && !map.containsKey("detection")) {
                    throw new UnsupportedRuleException(origin,
                            "a meta filter, not a detection rule; load it with SigmaRules.parseDocuments");
                }
                reader.refuseGlobal(map);
            }
        }
        if (documents.size() > 1) {
            throw new UnsupportedRuleException(origin, "multi-document YAML (" + documents.size()
                    + " documents); load rule collections with SigmaRules.parseDocuments");
        }
        return reader.rule(documents.getFirst());
    }

    /**
     * Reads every document of a (possibly multi-document) file: detection rules, meta filters and correlations, in
     * order. A document that lacks a required part is skipped; every problem goes to {@code problems}, its path
     * prefixed with {@code [n].} (n counting from 0) when the file has several documents.
     *
     * @throws UnsupportedRuleException for Sigma 1 collections ({@code action: global})
     */
    public static List<SigmaDocument> readAll(String yaml, String origin, List<Problem> problems) {
        RuleReader reader = new RuleReader(origin, problems);
        List<Object> documents = reader.load(yaml);
        if (documents == null) {
            return List.of();
        }
        for (Object document : documents) {
            if (document instanceof Map<?, ?> map) {
                reader.refuseGlobal(map);
            }
        }
        List<SigmaDocument> out = new ArrayList<>();
        for (int i = 0; i < documents.size(); i++) {
            if (documents.size() > 1) {
                reader.prefix = "[" + i + "].";
                reader.origin = origin + "#" + (i + 1);
            }
            Object document = documents.get(i);
            SigmaDocument read;
            if (document instanceof Map<?, ?> map && map.containsKey("correlation")) {
                read = reader.correlation(map);
            } else if (document instanceof Map<?, ?> map && map.containsKey("filter") && !map.containsKey("detection")) {
                read = reader.filter(map);
            } else {
                read = reader.rule(document);
            }
            if (read != null) {
                out.add(read);
            }
        }
        return out;
    }

    private String prefix = "";

    private void problem(String path, String message) {
        problems.add(new Problem(prefix + path, message));
    }

    private void refuseGlobal(Map<?, ?> map) {
        if ("global".equals(map.get("action"))) {
            throw new UnsupportedRuleException(origin,
                    "rule collections (action: global) are not supported; split them into single rules");
        }
    }

    private @Nullable List<Object> load(String yaml) {
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
            problem("", "not valid YAML: " + message);
            return null;
        }
        documents.removeIf(d -> d == null);
        if (documents.isEmpty()) {
            problem("", "empty document; a Sigma rule needs title, logsource and detection");
            return null;
        }
        return documents;
    }

    private @Nullable SigmaRule rule(Object document) {
        if (!(document instanceof Map<?, ?> root)) {
            problem("", "a Sigma rule must be a YAML mapping, not " + kind(document));
            return null;
        }
        String title = string(root, "title", true);
        String id = string(root, "id", false);
        String name = string(root, "name", false);
        String status = string(root, "status", false);
        String level = string(root, "level", false);
        String description = string(root, "description", false);
        checkLevelAndStatus(level, status);
        List<String> tags = strings(root, "tags");
        List<String> falsepositives = strings(root, "falsepositives");
        List<String> fields = strings(root, "fields");
        SigmaRule.LogSource logsource = logsource(root.get("logsource"));
        SigmaRule.Detection detection = detection(root.get("detection"), "detection");
        if (title == null || logsource == null || detection == null) {
            return null;
        }
        // other problems so far are kept; the caller also validates the detection items and conditions
        return new SigmaRule(id, name, title, status, level, description, tags, logsource, detection, falsepositives,
                fields, origin);
    }

    private void checkLevelAndStatus(@Nullable String level, @Nullable String status) {
        if (level != null && !LEVELS.contains(level)) {
            problem("level", "unknown level '" + level + "'; use one of " + LEVELS);
        }
        if (status != null && !STATUSES.contains(status)) {
            problem("status", "unknown status '" + status + "'; use one of " + STATUSES);
        }
    }

    private @Nullable SigmaFilter filter(Map<?, ?> root) {
        String title = string(root, "title", true);
        String id = string(root, "id", false);
        String name = string(root, "name", false);
        String description = string(root, "description", false);
        SigmaRule.LogSource logsource = logsource(root.get("logsource"));
        Object value = root.get("filter");
        if (!(value instanceof Map<?, ?> filter)) {
            problem("filter", "'filter' must be a mapping with rules, search identifiers and a condition, not "
                    + kind(value));
            return null;
        }
        List<String> rules = strings(filter, "rules");
        if (rules.isEmpty()) {
            problem("filter.rules", "missing required 'rules': the ids or names of the rules to filter");
        }
        Map<Object, Object> detectionPart = new LinkedHashMap<>(filter);
        detectionPart.remove("rules");
        SigmaRule.Detection detection = detection(detectionPart, "filter");
        if (title == null || logsource == null || detection == null) {
            return null;
        }
        return new SigmaFilter(id, name, title, description, logsource, rules, detection, origin);
    }

    private static final Set<String> CORRELATION_KEYS =
            Set.of("type", "rules", "group-by", "timespan", "condition", "aliases", "generate");

    private @Nullable SigmaCorrelation correlation(Map<?, ?> root) {
        String title = string(root, "title", true);
        String id = string(root, "id", false);
        String name = string(root, "name", false);
        String status = string(root, "status", false);
        String level = string(root, "level", false);
        String description = string(root, "description", false);
        checkLevelAndStatus(level, status);
        List<String> tags = strings(root, "tags");
        List<String> falsepositives = strings(root, "falsepositives");
        boolean generate = false;
        Object generateValue = root.get("generate");
        if (generateValue instanceof Boolean b) {
            generate = b;
        } else if (generateValue != null) {
            problem("generate", "'generate' must be true or false");
        }
        Object value = root.get("correlation");
        if (!(value instanceof Map<?, ?> c)) {
            problem("correlation", "'correlation' must be a mapping with type, rules, group-by, timespan and "
                    + "condition, not " + kind(value));
            return null;
        }
        for (Object key : c.keySet()) {
            if (!CORRELATION_KEYS.contains(String.valueOf(key))) {
                problem("correlation." + key, "unknown correlation attribute; known: " + new TreeSet<>(CORRELATION_KEYS));
            }
        }
        if (c.containsKey("generate")) {
            // some writers nest it; accept it in both places
            if (c.get("generate") instanceof Boolean b) {
                generate = b;
            } else {
                problem("correlation.generate", "'generate' must be true or false");
            }
        }
        SigmaCorrelation.Type type = null;
        String typeName = string(c, "type", false);
        if (typeName == null) {
            if (!c.containsKey("type")) {
                problem("correlation.type", "missing required 'type'; use one of " + typeNames());
            }
        } else {
            for (SigmaCorrelation.Type t : SigmaCorrelation.Type.values()) {
                if (t.sigmaName().equals(typeName)) {
                    type = t;
                }
            }
            if (type == null) {
                problem("correlation.type", "unknown correlation type '" + typeName + "'; use one of " + typeNames());
            }
        }
        String savedPrefix = prefix;
        prefix = savedPrefix + "correlation.";
        List<String> rules = strings(c, "rules");
        List<String> groupBy = strings(c, "group-by");
        prefix = savedPrefix;
        if (rules.isEmpty()) {
            problem("correlation.rules", "missing required 'rules': ids or names of the correlated rules");
        } else if (new java.util.HashSet<>(rules).size() != rules.size()) {
            problem("correlation.rules", "a rule is referenced twice; list each rule once");
        }
        long timespan = timespan(c.get("timespan"));
        Map<String, Map<String, String>> aliases = aliases(c.get("aliases"));
        SigmaCorrelation.Condition condition = condition(c.get("condition"), type, rules.size());
        if (type != null && (type == SigmaCorrelation.Type.TEMPORAL || type == SigmaCorrelation.Type.TEMPORAL_ORDERED)
                && rules.size() < 2) {
            problem("correlation.rules", "a " + type.sigmaName() + " correlation needs at least two rules");
        }
        if (title == null || type == null || rules.isEmpty() || timespan <= 0 || condition == null) {
            return null;
        }
        return new SigmaCorrelation(id, name, title, status, level, description, tags, falsepositives, type, rules,
                groupBy, timespan, condition, aliases, generate, origin);
    }

    private static List<String> typeNames() {
        List<String> names = new ArrayList<>();
        for (SigmaCorrelation.Type t : SigmaCorrelation.Type.values()) {
            names.add(t.sigmaName());
        }
        return names;
    }

    /** Milliseconds of a timespan such as {@code 90s}, {@code 5m}, {@code 1h}, {@code 2d}, {@code 1w}; 0 if invalid. */
    private long timespan(@Nullable Object value) {
        String path = "correlation.timespan";
        if (value == null) {
            problem(path, "missing required 'timespan', e.g. '5m' (s, m, h, d or w)");
            return 0;
        }
        String text = String.valueOf(value).strip();
        if (text.length() < 2) {
            problem(path, "invalid timespan '" + text + "'; write a number and a unit, e.g. '5m' (s, m, h, d or w)");
            return 0;
        }
        char unit = text.charAt(text.length() - 1);
        long factor = switch (unit) {
            case 's' -> 1_000L;
            case 'm' -> 60_000L;
            case 'h' -> 3_600_000L;
            case 'd' -> 86_400_000L;
            case 'w' -> 604_800_000L;
            default -> 0L;
        };
        String digits = text.substring(0, text.length() - 1);
        long amount = 0;
        boolean ok = factor > 0 && !digits.isEmpty() && digits.length() <= 9;
        for (int i = 0; ok && i < digits.length(); i++) {
            char d = digits.charAt(i);
            ok = d >= '0' && d <= '9';
            amount = amount * 10 + (d - '0');
        }
        if (!ok || amount == 0) {
            problem(path, "invalid timespan '" + text + "'; write a positive number and a unit, e.g. '5m' (s, m, h,"
                    + " d or w)");
            return 0;
        }
        return amount * factor;
    }

    private Map<String, Map<String, String>> aliases(@Nullable Object value) {
        Map<String, Map<String, String>> out = new LinkedHashMap<>();
        if (value == null) {
            return out;
        }
        if (!(value instanceof Map<?, ?> map)) {
            problem("correlation.aliases", "'aliases' must map alias names to {rule name: field}, not " + kind(value));
            return out;
        }
        for (Map.Entry<?, ?> e : map.entrySet()) {
            String alias = String.valueOf(e.getKey());
            String path = "correlation.aliases." + alias;
            if (!(e.getValue() instanceof Map<?, ?> byRule) || byRule.isEmpty()) {
                problem(path, "an alias must map rule names to field names, e.g. 'failed_login: TargetUserName'");
                continue;
            }
            Map<String, String> fields = new LinkedHashMap<>();
            for (Map.Entry<?, ?> f : byRule.entrySet()) {
                if (f.getValue() == null || f.getValue() instanceof Map || f.getValue() instanceof List) {
                    problem(path + "." + f.getKey(), "must be a field name");
                } else {
                    fields.put(String.valueOf(f.getKey()), String.valueOf(f.getValue()));
                }
            }
            out.put(alias, fields);
        }
        return out;
    }

    private SigmaCorrelation.@Nullable Condition condition(@Nullable Object value,
            SigmaCorrelation.@Nullable Type type, int ruleCount) {
        String path = "correlation.condition";
        boolean temporal = type == SigmaCorrelation.Type.TEMPORAL || type == SigmaCorrelation.Type.TEMPORAL_ORDERED;
        if (value == null) {
            if (temporal) {
                return new SigmaCorrelation.Condition(
                        List.of(new SigmaCorrelation.Bound(SigmaCorrelation.Operator.GTE, ruleCount)), List.of());
            }
            problem(path, "missing required 'condition', e.g. 'condition: {gte: 10}'");
            return null;
        }
        if (!(value instanceof Map<?, ?> map) || map.isEmpty()) {
            problem(path, "'condition' must be a mapping of gt, gte, lt, lte, eq, neq (and field), e.g. {gte: 10}");
            return null;
        }
        int before = problems.size();
        List<SigmaCorrelation.Bound> bounds = new ArrayList<>();
        List<String> fields = new ArrayList<>();
        for (Map.Entry<?, ?> e : map.entrySet()) {
            String key = String.valueOf(e.getKey());
            Object v = e.getValue();
            if (key.equals("field")) {
                if (v instanceof List<?> list && !list.isEmpty()) {
                    for (Object f : list) {
                        if (f instanceof String s) {
                            fields.add(s);
                        } else {
                            problem(path + ".field", "field names must be strings");
                        }
                    }
                } else if (v instanceof String s && !s.isEmpty()) {
                    fields.add(s);
                } else {
                    problem(path + ".field", "'field' must be a field name or a list of field names");
                }
                continue;
            }
            SigmaCorrelation.Operator op = switch (key) {
                case "gt" -> SigmaCorrelation.Operator.GT;
                case "gte" -> SigmaCorrelation.Operator.GTE;
                case "lt" -> SigmaCorrelation.Operator.LT;
                case "lte" -> SigmaCorrelation.Operator.LTE;
                case "eq" -> SigmaCorrelation.Operator.EQ;
                case "neq" -> SigmaCorrelation.Operator.NEQ;
                default -> null;
            };
            if (op == null) {
                problem(path + "." + key, "unknown condition operator; use gt, gte, lt, lte, eq, neq or field");
            } else if (v instanceof Number n && Double.isFinite(n.doubleValue())) {
                bounds.add(new SigmaCorrelation.Bound(op, n.doubleValue()));
            } else {
                problem(path + "." + key, "'" + key + "' needs a number, got " + (v == null ? "nothing" : "'" + v + "'"));
            }
        }
        if (bounds.isEmpty() && problems.size() == before) {
            problem(path, "no comparison given; add one of gt, gte, lt, lte, eq, neq");
        }
        if (type != null) {
            if (type.needsField() && fields.isEmpty() && problems.size() == before) {
                problem(path + ".field", "a " + type.sigmaName() + " correlation needs 'field' in its condition");
            }
            if (!type.needsField() && !fields.isEmpty()) {
                problem(path + ".field", "'field' is only used by value_* correlations, not " + type.sigmaName());
            }
            if (type.needsField() && type != SigmaCorrelation.Type.VALUE_COUNT && fields.size() > 1) {
                problem(path + ".field", "a " + type.sigmaName() + " correlation aggregates one numeric field");
            }
        }
        return problems.size() > before ? null : new SigmaCorrelation.Condition(bounds, fields);
    }

    private static String kind(@Nullable Object value) {
        return value instanceof Map ? "a mapping" : value instanceof List ? "a list" : "a scalar";
    }

    private @Nullable String string(Map<?, ?> map, String key, boolean required) {
        Object value = map.get(key);
        if (value == null) {
            if (required) {
                problem(key, "missing required '" + key + "'");
            }
            return null;
        }
        if (value instanceof Map || value instanceof List) {
            problem(key, "'" + key + "' must be a string, not " + kind(value));
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
                    problem(key + "[" + i + "]", "must be a string, not " + kind(item));
                } else if (item != null) {
                    out.add(String.valueOf(item));
                }
            }
            return out;
        }
        if (value instanceof Map) {
            problem(key, "'" + key + "' must be a list of strings, not a mapping");
            return List.of();
        }
        return List.of(String.valueOf(value));
    }

    private SigmaRule.@Nullable LogSource logsource(@Nullable Object value) {
        if (value == null) {
            problem("logsource", "missing required 'logsource'; give product, category or service");
            return null;
        }
        if (!(value instanceof Map<?, ?> map)) {
            problem("logsource", "'logsource' must be a mapping, not " + kind(value));
            return null;
        }
        return new SigmaRule.LogSource(sub(map, "product"), sub(map, "category"), sub(map, "service"),
                sub(map, "definition"));
    }

    private @Nullable String sub(Map<?, ?> map, String key) {
        Object value = map.get(key);
        if (value instanceof Map || value instanceof List) {
            problem("logsource." + key, "must be a string, not " + kind(value));
            return null;
        }
        return value == null ? null : String.valueOf(value);
    }

    private SigmaRule.@Nullable Detection detection(@Nullable Object value, String root) {
        if (value == null) {
            problem(root, "missing required '" + root + "' with search identifiers and a condition");
            return null;
        }
        if (!(value instanceof Map<?, ?> map)) {
            problem(root, "'" + root + "' must be a mapping, not " + kind(value));
            return null;
        }
        Map<String, SearchIdentifier> identifiers = new LinkedHashMap<>();
        List<String> conditions = new ArrayList<>();
        for (Map.Entry<?, ?> e : map.entrySet()) {
            String name = String.valueOf(e.getKey());
            String path = root + "." + name;
            if (name.equals("condition")) {
                Object c = e.getValue();
                if (c instanceof List<?> list && !list.isEmpty()) {
                    for (int i = 0; i < list.size(); i++) {
                        if (list.get(i) instanceof String s) {
                            conditions.add(s);
                        } else {
                            problem(path + "[" + i + "]", "a condition must be a string");
                        }
                    }
                } else if (c instanceof String s) {
                    conditions.add(s);
                } else {
                    problem(path, "'condition' must be a string or a list of strings");
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
            problem(root + ".condition", "missing required 'condition', e.g. 'condition: selection'");
        }
        if (identifiers.isEmpty() && problems.isEmpty()) {
            problem(root, "no search identifiers defined");
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
                problem(path, "empty list; give values or mappings");
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
                    problem(path + "[" + i + "]", "nested lists are not allowed");
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
            problem(path, "search identifier has no content");
            return null;
        }
        // a single keyword
        return new SearchIdentifier(List.of(List.of(new DetectionItem(null, List.of(), List.of(value)))));
    }

    private @Nullable List<DetectionItem> items(Map<?, ?> map, String path) {
        if (map.isEmpty()) {
            problem(path, "empty mapping; give at least one field");
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
                    problem(itemPath, "empty modifier between '|' separators");
                } else {
                    modifiers.add(parts[i]);
                }
            }
            Object value = e.getValue();
            List<@Nullable Object> values = new ArrayList<>();
            if (value instanceof List<?> list) {
                values.addAll(list);
            } else if (value instanceof Map) {
                problem(itemPath, "a field value must be a scalar or a list, not a mapping");
                continue;
            } else {
                values.add(value);
            }
            items.add(new DetectionItem(field, modifiers, values));
        }
        return items;
    }
}
