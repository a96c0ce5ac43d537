package org.medsoc.playbook;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.medsoc.notify.Severity;
import org.medsoc.notify.TemplateName;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;

/**
 * Reads and validates playbook YAML, reporting every problem at once. The format:
 *
 * <pre>{@code
 * id: contain-ransomware            # [a-z0-9][a-z0-9_.-]*, at most 100
 * name: Contain ransomware on imaging shares
 * version: 3                        # positive integer, raised on every change
 * enabled: true                     # default true
 * defaults: {timeout: 5m}           # optional; steps without timeout use it
 * trigger: {type: alert, rule_id: win-ransom-01, min_level: high}
 *   # or incident.opened | incident.escalated | incident.sla_breached | hub.warning | manual
 *   # or {type: schedule, every: 15m} | {type: schedule, cron: "0 8 * * 1-5"}
 * conditions:                       # all must hold; fields are paths of the run context
 *   - {field: trigger.alert.level, in: [high, critical]}
 * steps:
 *   - id: lookup                    # [a-z][a-z0-9_]*, unique
 *     type: enrich                  # enrich notify http block_ip unblock_ip isolate_host create_ticket approval set_incident wait
 *     timeout: 30s                  # required unless defaults.timeout; at most 1h (not for approval and wait)
 *     retries: {max_attempts: 3, backoff: 30s, max_backoff: 10m}
 *     when: [{field: trigger.source.ip, contains: "10."}]
 *     with: {kind: ip, value: "{{trigger.source.ip}}"}
 * }</pre>
 *
 * Durations are {@code <number><unit>} with unit {@code ms}, {@code s}, {@code m}, {@code h} or {@code d}, or ISO-8601
 * ({@code PT5M}). Templates may refer to {@code trigger.*}, {@code run.id} and {@code steps.<id>.output.*} of an
 * earlier step only.
 */
public final class PlaybookParser {
    /** The longest timeout of one step attempt. */
    public static final Duration MAX_TIMEOUT = Duration.ofHours(1);

    private static final Pattern PLAYBOOK_ID = Pattern.compile("[a-z0-9][a-z0-9_.-]{0,99}");
    private static final Pattern STEP_ID = Pattern.compile("[a-z][a-z0-9_]{0,63}");
    private static final Duration MAX_WAIT = Duration.ofDays(30);
    private static final Duration MAX_BLOCK = Duration.ofDays(365);
    private static final Set<String> TOP_KEYS =
            Set.of("id", "name", "description", "version", "enabled", "defaults", "trigger", "conditions", "steps");
    private static final Set<String> STEP_KEYS = Set.of("id", "type", "timeout", "retries", "when", "with", "description");
    private static final Set<String> STEP_TYPES = new TreeSet<>(List.of("enrich", "notify", "http", "block_ip",
            "unblock_ip", "isolate_host", "create_ticket", "approval", "set_incident", "wait"));
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String origin;
    private final List<Problem> problems = new ArrayList<>();

    private PlaybookParser(String origin) {
        this.origin = origin;
    }

    /**
     * Parses and validates a playbook.
     *
     * @param yaml the YAML text
     * @param origin where it came from (a file name), for messages
     * @throws PlaybookValidationException listing every problem
     */
    public static Playbook parse(String yaml, String origin) {
        requireNonNull(yaml, "yaml is null");
        requireNonNull(origin, "origin is null");
        PlaybookParser parser = new PlaybookParser(origin);
        Playbook playbook = parser.document(yaml);
        if (!parser.problems.isEmpty() || playbook == null) {
            throw new PlaybookValidationException(origin, parser.problems);
        }
        return playbook;
    }

    private @Nullable Playbook document(String yaml) {
        Object root;
        try {
            root = new Load(LoadSettings.builder().setLabel(origin).setAllowDuplicateKeys(false).build())
                    .loadFromString(yaml);
        } catch (YamlEngineException e) {
            problem("(yaml)", "not valid YAML: " + e.getMessage().replace('\n', ' ').strip());
            return null;
        }
        if (!(root instanceof Map<?, ?> top)) {
            problem("(root)", "a playbook is a YAML mapping with id, name, version, trigger and steps");
            return null;
        }
        unknownKeys(top, TOP_KEYS, "");
        String id = text(top, "id", "id", true);
        if (id != null && !PLAYBOOK_ID.matcher(id).matches()) {
            problem("id", "'" + id + "' must match " + PLAYBOOK_ID);
        }
        String name = text(top, "name", "name", true);
        int version = 0;
        Object v = top.get("version");
        if (v instanceof Integer i && i > 0) {
            version = i;
        } else {
            problem("version", v == null ? "is required: a positive integer raised on every change"
                    : "must be a positive integer, was '" + v + "'");
        }
        boolean enabled = true;
        Object e = top.get("enabled");
        if (e instanceof Boolean b) {
            enabled = b;
        } else if (e != null) {
            problem("enabled", "must be true or false, was '" + e + "'");
        }
        Duration defaultTimeout = null;
        Object defaults = top.get("defaults");
        if (defaults instanceof Map<?, ?> d) {
            unknownKeys(d, Set.of("timeout"), "defaults.");
            defaultTimeout = duration(d.get("timeout"), "defaults.timeout", MAX_TIMEOUT);
        } else if (defaults != null) {
            problem("defaults", "must be a mapping like {timeout: 5m}");
        }
        Trigger trigger = trigger(top.get("trigger"));
        List<Condition> conditions = conditions(top.get("conditions"), "conditions", Set.of(), true);
        List<Step> steps = steps(top.get("steps"), defaultTimeout);
        if (!problems.isEmpty() || id == null || name == null || trigger == null) {
            return null;
        }
        return new Playbook(id, name, version, enabled, trigger, conditions, steps, yaml);
    }

    private @Nullable Trigger trigger(@Nullable Object node) {
        if (node instanceof String s) {
            node = Map.of("type", s);
        }
        if (!(node instanceof Map<?, ?> map)) {
            problem("trigger", node == null ? "is required" : "must be a type name or a mapping with type");
            return null;
        }
        String typeName = text(map, "type", "trigger.type", true);
        if (typeName == null) {
            return null;
        }
        Optional<TriggerType> type = TriggerType.fromYamlName(typeName);
        if (type.isEmpty()) {
            List<String> names = new ArrayList<>();
            for (TriggerType t : TriggerType.values()) {
                names.add(t.yamlName());
            }
            problem("trigger.type", "unknown trigger '" + typeName + "'; expected one of " + names);
            return null;
        }
        return switch (type.get()) {
            case INCIDENT_OPENED, INCIDENT_ESCALATED, INCIDENT_SLA_BREACHED, HUB_WARNING -> {
                unknownKeys(map, Set.of("type"), "trigger.");
                yield new Trigger.OnEvent(type.get());
            }
            case MANUAL -> {
                unknownKeys(map, Set.of("type"), "trigger.");
                yield new Trigger.Manual();
            }
            case ALERT -> {
                unknownKeys(map, Set.of("type", "rule_id", "min_level"), "trigger.");
                Optional<String> ruleId = Optional.ofNullable(text(map, "rule_id", "trigger.rule_id", false));
                Optional<AlertLevel> level = Optional.empty();
                String levelName = text(map, "min_level", "trigger.min_level", false);
                if (levelName != null) {
                    level = AlertLevel.parse(levelName);
                    if (level.isEmpty()) {
                        problem("trigger.min_level", "unknown level '" + levelName
                                + "'; expected informational, low, medium, high or critical");
                    }
                }
                yield new Trigger.OnAlert(ruleId, level);
            }
            case SCHEDULE -> {
                unknownKeys(map, Set.of("type", "every", "cron"), "trigger.");
                Object every = map.get("every");
                Object cron = map.get("cron");
                if ((every == null) == (cron == null)) {
                    problem("trigger", "a schedule needs exactly one of every (e.g. 15m) or cron (e.g. \"*/5 * * * *\")");
                    yield null;
                }
                if (every != null) {
                    Duration d = duration(every, "trigger.every", Duration.ofDays(31));
                    if (d != null && d.compareTo(Duration.ofMinutes(1)) < 0) {
                        problem("trigger.every", "must be at least 1m");
                        yield null;
                    }
                    yield d == null ? null : new Trigger.OnSchedule(Optional.of(d), Optional.empty());
                }
                try {
                    yield new Trigger.OnSchedule(Optional.empty(), Optional.of(Cron.parse(String.valueOf(cron))));
                } catch (IllegalArgumentException ex) {
                    problem("trigger.cron", ex.getMessage());
                    yield null;
                }
            }
        };
    }

    private List<Condition> conditions(@Nullable Object node, String path, Set<String> earlierSteps, boolean triggerOnly) {
        if (node == null) {
            return List.of();
        }
        if (node instanceof Map<?, ?>) {
            node = List.of(node);
        }
        if (!(node instanceof List<?> list)) {
            problem(path, "must be a list of conditions like {field: trigger.x, equals: y}");
            return List.of();
        }
        List<Condition> out = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            String at = path + "[" + i + "]";
            if (!(list.get(i) instanceof Map<?, ?> map)) {
                problem(at, "must be a mapping like {field: trigger.x, equals: y}");
                continue;
            }
            unknownKeys(map, Set.of("field", "equals", "in", "gte", "contains"), at + ".");
            String field = text(map, "field", at + ".field", true);
            List<Condition.Operator> ops = new ArrayList<>();
            for (Condition.Operator op : Condition.Operator.values()) {
                if (map.containsKey(op.name().toLowerCase(Locale.ROOT))) {
                    ops.add(op);
                }
            }
            if (ops.size() != 1) {
                problem(at, "needs exactly one of equals, in, gte, contains; has " + ops.size());
                continue;
            }
            if (field == null) {
                continue;
            }
            checkPath(List.of(field.split("\\.", -1)), at + ".field", earlierSteps, triggerOnly);
            Condition.Operator op = ops.get(0);
            Object value = map.get(op.name().toLowerCase(Locale.ROOT));
            List<Object> values = new ArrayList<>();
            if (op == Condition.Operator.IN) {
                if (value instanceof List<?> l && !l.isEmpty()) {
                    for (Object o : l) {
                        if (scalar(o, at + ".in")) {
                            values.add(o);
                        }
                    }
                } else {
                    problem(at + ".in", "must be a non-empty list");
                    continue;
                }
            } else if (scalar(value, at + "." + op.name().toLowerCase(Locale.ROOT))) {
                if (op == Condition.Operator.GTE && !(value instanceof Number)) {
                    problem(at + ".gte", "must be a number, was '" + value + "'");
                    continue;
                }
                values.add(requireNonNull(value));
            } else {
                continue;
            }
            out.add(new Condition(field, op, values));
        }
        return out;
    }

    private boolean scalar(@Nullable Object o, String path) {
        if (o instanceof String || o instanceof Number || o instanceof Boolean) {
            return true;
        }
        problem(path, "must be text, a number or a boolean, was " + (o == null ? "empty" : "'" + o + "'"));
        return false;
    }

    private List<Step> steps(@Nullable Object node, @Nullable Duration defaultTimeout) {
        if (!(node instanceof List<?> list) || list.isEmpty()) {
            problem("steps", "is required: a non-empty list of steps");
            return List.of();
        }
        List<Step> steps = new ArrayList<>();
        Set<String> earlier = new HashSet<>();
        Set<String> all = new HashSet<>();
        for (Object item : list) {
            if (item instanceof Map<?, ?> m && m.get("id") instanceof String s) {
                all.add(s);
            }
        }
        for (int i = 0; i < list.size(); i++) {
            String at = "steps[" + i + "]";
            if (!(list.get(i) instanceof Map<?, ?> map)) {
                problem(at, "must be a mapping with id, type and with");
                continue;
            }
            String id = text(map, "id", at + ".id", true);
            if (id != null) {
                at = "steps[" + i + "](" + id + ")";
                if (!STEP_ID.matcher(id).matches()) {
                    problem(at + ".id", "'" + id + "' must match " + STEP_ID);
                } else if (earlier.contains(id)) {
                    problem(at + ".id", "duplicate step id '" + id + "'");
                }
            }
            unknownKeys(map, STEP_KEYS, at + ".");
            String type = text(map, "type", at + ".type", true);
            boolean waits = "approval".equals(type) || "wait".equals(type);
            Duration timeout = null;
            if (map.containsKey("timeout")) {
                timeout = duration(map.get("timeout"), at + ".timeout", MAX_TIMEOUT);
            } else if (defaultTimeout != null) {
                timeout = defaultTimeout;
            } else if (waits) {
                timeout = Duration.ofMinutes(1);
            } else {
                problem(at + ".timeout", "is required (or set defaults.timeout): the longest one attempt may take, e.g. 30s");
            }
            RetryPolicy retries = retries(map.get("retries"), at + ".retries");
            List<Condition> when = conditions(map.get("when"), at + ".when", earlier, false);
            Object with = map.get("with");
            if (with != null && !(with instanceof Map<?, ?>)) {
                problem(at + ".with", "must be a mapping");
                with = null;
            }
            Map<?, ?> w = with == null ? Map.of() : (Map<?, ?>) with;
            StepAction action = null;
            if (type != null) {
                if (!STEP_TYPES.contains(type)) {
                    problem(at + ".type", "unknown step type '" + type + "'; expected one of " + STEP_TYPES);
                } else {
                    action = action(type, w, at + ".with.");
                }
            }
            if (action != null) {
                for (Template t : action.templates()) {
                    for (List<String> path : t.paths()) {
                        checkTemplatePath(path, at + ".with", earlier, all);
                    }
                }
            }
            if (id != null) {
                earlier.add(id);
            }
            if (id != null && action != null && timeout != null && retries != null) {
                steps.add(new Step(id, action, timeout, retries, when));
            }
        }
        return steps;
    }

    private void checkTemplatePath(List<String> path, String at, Set<String> earlier, Set<String> all) {
        if (path.get(0).equals("steps") && path.size() >= 2 && !earlier.contains(path.get(1))) {
            String ref = "{{" + String.join(".", path) + "}}";
            problem(at, ref + (all.contains(path.get(1))
                    ? " refers to step '" + path.get(1) + "', which does not run before this one"
                    : " refers to unknown step '" + path.get(1) + "'; known steps: " + new TreeSet<>(earlier)));
            return;
        }
        checkPath(path, at, earlier, false);
    }

    private void checkPath(List<String> path, String at, Set<String> earlier, boolean triggerOnly) {
        String joined = String.join(".", path);
        switch (path.get(0)) {
            case "trigger" -> {
                if (path.size() < 2) {
                    problem(at, "'" + joined + "' must name a field of the trigger, e.g. trigger.incident.id");
                }
            }
            case "run" -> {
                if (triggerOnly || !joined.equals("run.id")) {
                    problem(at, "'" + joined + "' is not available here; only run.id is defined under run");
                }
            }
            case "steps" -> {
                if (triggerOnly) {
                    problem(at, "'" + joined + "': playbook conditions see only trigger.*");
                } else if (path.size() < 4 || !path.get(2).equals("output")) {
                    problem(at, "'" + joined + "' must have the form steps.<id>.output.<field>");
                } else if (!earlier.contains(path.get(1))) {
                    problem(at, "'" + joined + "' refers to step '" + path.get(1) + "', which does not run before this one");
                }
            }
            default -> problem(at, "'" + joined + "' must start with trigger, steps or run");
        }
    }

    private @Nullable RetryPolicy retries(@Nullable Object node, String at) {
        if (node == null) {
            return RetryPolicy.DEFAULT;
        }
        if (!(node instanceof Map<?, ?> map)) {
            problem(at, "must be a mapping like {max_attempts: 3, backoff: 30s, max_backoff: 10m}");
            return null;
        }
        unknownKeys(map, Set.of("max_attempts", "backoff", "max_backoff"), at + ".");
        Object max = map.containsKey("max_attempts") ? map.get("max_attempts") : (Object) RetryPolicy.DEFAULT.maxAttempts();
        Duration backoff = map.containsKey("backoff")
                ? duration(map.get("backoff"), at + ".backoff", Duration.ofDays(1))
                : RetryPolicy.DEFAULT.backoff();
        Duration maxBackoff = map.containsKey("max_backoff")
                ? duration(map.get("max_backoff"), at + ".max_backoff", Duration.ofDays(1))
                : null;
        if (!(max instanceof Integer attempts) || attempts < 1 || attempts > 100) {
            problem(at + ".max_attempts", "must be an integer from 1 to 100, was '" + max + "'");
            return null;
        }
        if (backoff == null) {
            return null;
        }
        if (maxBackoff == null) {
            maxBackoff = backoff.compareTo(RetryPolicy.DEFAULT.maxBackoff()) > 0 ? backoff : RetryPolicy.DEFAULT.maxBackoff();
        }
        if (maxBackoff.compareTo(backoff) < 0) {
            problem(at + ".max_backoff", "must not be shorter than backoff");
            return null;
        }
        return new RetryPolicy(attempts, backoff, maxBackoff);
    }

    private @Nullable StepAction action(String type, Map<?, ?> w, String at) {
        return switch (type) {
            case "enrich" -> {
                unknownKeys(w, Set.of("kind", "value"), at);
                String kind = text(w, "kind", at + "kind", true);
                Template value = template(w, "value", at, true);
                yield kind == null || value == null ? null : new StepAction.Enrich(kind, value);
            }
            case "notify" -> notify(w, at);
            case "http" -> http(w, at);
            case "block_ip" -> {
                unknownKeys(w, Set.of("ip", "expires_after", "reason"), at);
                Template ip = template(w, "ip", at, true);
                Template reason = template(w, "reason", at, false);
                Optional<Duration> expires = Optional.empty();
                if (w.containsKey("expires_after")) {
                    Duration d = duration(w.get("expires_after"), at + "expires_after", MAX_BLOCK);
                    if (d == null) {
                        yield null;
                    }
                    expires = Optional.of(d);
                }
                yield ip == null ? null
                        : new StepAction.BlockIp(ip, expires, reason == null ? Template.parse("playbook {{run.id}}") : reason);
            }
            case "unblock_ip" -> {
                unknownKeys(w, Set.of("ip"), at);
                Template ip = template(w, "ip", at, true);
                yield ip == null ? null : new StepAction.UnblockIp(ip);
            }
            case "isolate_host" -> {
                unknownKeys(w, Set.of("host", "reason"), at);
                Template host = template(w, "host", at, true);
                Template reason = template(w, "reason", at, false);
                yield host == null ? null
                        : new StepAction.IsolateHost(host, reason == null ? Template.parse("playbook {{run.id}}") : reason);
            }
            case "create_ticket" -> {
                unknownKeys(w, Set.of("title", "body", "fields"), at);
                Template title = template(w, "title", at, true);
                Template body = template(w, "body", at, false);
                Map<String, Template> fields = templateMap(w.get("fields"), at + "fields");
                yield title == null ? null
                        : new StepAction.CreateTicket(title, body == null ? Template.parse("") : body, fields);
            }
            case "approval" -> {
                unknownKeys(w, Set.of("prompt", "deadline", "on_deadline"), at);
                Template prompt = template(w, "prompt", at, true);
                Duration deadline = duration(w.get("deadline"), at + "deadline", MAX_WAIT);
                String outcome = text(w, "on_deadline", at + "on_deadline", false);
                StepAction.DeadlineOutcome onDeadline = StepAction.DeadlineOutcome.REJECT;
                if (outcome != null) {
                    try {
                        onDeadline = StepAction.DeadlineOutcome.valueOf(outcome.toUpperCase(Locale.ROOT));
                    } catch (IllegalArgumentException ex) {
                        problem(at + "on_deadline", "must be approve, reject or fail, was '" + outcome + "'");
                        yield null;
                    }
                }
                yield prompt == null || deadline == null ? null : new StepAction.Approval(prompt, deadline, onDeadline);
            }
            case "set_incident" -> {
                unknownKeys(w, Set.of("incident", "changes"), at);
                Template incident = template(w, "incident", at, true);
                Map<String, Template> changes = templateMap(w.get("changes"), at + "changes");
                if (changes.isEmpty()) {
                    problem(at + "changes", "is required: a mapping like {state: containing, comment: ...}");
                }
                yield incident == null || changes.isEmpty() ? null : new StepAction.SetIncident(incident, changes);
            }
            case "wait" -> {
                unknownKeys(w, Set.of("duration"), at);
                Duration d = duration(w.get("duration"), at + "duration", MAX_WAIT);
                yield d == null ? null : new StepAction.Wait(d);
            }
            default -> null;
        };
    }

    private @Nullable StepAction notify(Map<?, ?> w, String at) {
        unknownKeys(w, Set.of("channel", "template", "title", "text", "severity", "variables"), at);
        String channel = text(w, "channel", at + "channel", true);
        Optional<TemplateName> template = Optional.empty();
        String templateName = text(w, "template", at + "template", false);
        if (templateName != null) {
            for (TemplateName t : TemplateName.values()) {
                if (t.resourceName().equals(templateName)) {
                    template = Optional.of(t);
                }
            }
            if (template.isEmpty()) {
                List<String> names = new ArrayList<>();
                for (TemplateName t : TemplateName.values()) {
                    names.add(t.resourceName());
                }
                problem(at + "template", "unknown template '" + templateName + "'; expected one of " + names);
                return null;
            }
        }
        Template title = template(w, "title", at, template.isEmpty());
        Template text = template(w, "text", at, template.isEmpty());
        Severity severity = Severity.MEDIUM;
        String s = text(w, "severity", at + "severity", false);
        if (s != null) {
            try {
                severity = Severity.valueOf(s.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                problem(at + "severity", "must be info, low, medium, high or critical, was '" + s + "'");
            }
        }
        Map<String, Template> variables = templateMap(w.get("variables"), at + "variables");
        if (channel == null || (template.isEmpty() && (title == null || text == null))) {
            return null;
        }
        return new StepAction.Notify(channel, template, title == null ? Template.parse("") : title,
                text == null ? Template.parse("") : text, severity, variables);
    }

    private @Nullable StepAction http(Map<?, ?> w, String at) {
        unknownKeys(w, Set.of("method", "url", "headers", "body", "expect"), at);
        String method = text(w, "method", at + "method", false);
        method = method == null ? "POST" : method.toUpperCase(Locale.ROOT);
        if (!Set.of("GET", "POST", "PUT", "PATCH", "DELETE").contains(method)) {
            problem(at + "method", "must be GET, POST, PUT, PATCH or DELETE, was '" + method + "'");
        }
        Template url = template(w, "url", at, true);
        if (url != null) {
            String u = url.source().toLowerCase(Locale.ROOT);
            if (!u.startsWith("http://") && !u.startsWith("https://") && !u.startsWith("{{")) {
                problem(at + "url", "must start with http://, https:// or a placeholder such as {{trigger.base_url}}");
            }
        }
        Map<String, Template> headers = templateMap(w.get("headers"), at + "headers");
        Optional<JsonNode> body = Optional.empty();
        if (w.get("body") != null) {
            try {
                body = Optional.of(JSON.valueToTree(w.get("body")));
                for (Template t : new StepAction.Http("POST", Template.parse(""), Map.of(), body, Set.of()).templates()) {
                    requireNonNull(t);
                }
            } catch (IllegalArgumentException e) {
                problem(at + "body", e.getMessage());
                return null;
            }
        }
        Set<Integer> expect = new HashSet<>();
        Object ex = w.get("expect");
        if (ex == null) {
            for (int s = 200; s < 300; s++) {
                expect.add(s);
            }
        } else if (ex instanceof List<?> list && !list.isEmpty()) {
            for (Object o : list) {
                if (o instanceof Integer i && i >= 100 && i <= 599) {
                    expect.add(i);
                } else {
                    problem(at + "expect", "must list HTTP statuses (100-599), has '" + o + "'");
                }
            }
        } else {
            problem(at + "expect", "must be a non-empty list of HTTP statuses, e.g. [200, 201]");
        }
        return url == null ? null : new StepAction.Http(method, url, headers, body, expect);
    }

    private Map<String, Template> templateMap(@Nullable Object node, String at) {
        if (node == null) {
            return Map.of();
        }
        if (!(node instanceof Map<?, ?> map)) {
            problem(at, "must be a mapping of names to texts");
            return Map.of();
        }
        Map<String, Template> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : map.entrySet()) {
            Object value = e.getValue();
            if (!(value instanceof String || value instanceof Number || value instanceof Boolean)) {
                problem(at + "." + e.getKey(), "must be text");
                continue;
            }
            try {
                out.put(String.valueOf(e.getKey()), Template.parse(String.valueOf(value)));
            } catch (IllegalArgumentException ex) {
                problem(at + "." + e.getKey(), ex.getMessage());
            }
        }
        return out;
    }

    private @Nullable Template template(Map<?, ?> map, String key, String at, boolean required) {
        String text = text(map, key, at + key, required);
        if (text == null) {
            return null;
        }
        try {
            return Template.parse(text);
        } catch (IllegalArgumentException e) {
            problem(at + key, e.getMessage());
            return null;
        }
    }

    private @Nullable String text(Map<?, ?> map, String key, String path, boolean required) {
        Object value = map.get(key);
        if (value == null) {
            if (required) {
                problem(path, "is required");
            }
            return null;
        }
        if (value instanceof String || value instanceof Number || value instanceof Boolean) {
            String s = String.valueOf(value);
            if (s.isBlank() && required) {
                problem(path, "must not be empty");
                return null;
            }
            return s;
        }
        problem(path, "must be text, was a " + (value instanceof Map ? "mapping" : "list"));
        return null;
    }

    private @Nullable Duration duration(@Nullable Object value, String path, Duration max) {
        if (value == null) {
            problem(path, "is required, e.g. 30s, 5m, 2h");
            return null;
        }
        Duration d = parseDuration(String.valueOf(value).strip());
        if (d == null) {
            problem(path, "'" + value + "' is not a duration; write e.g. 500ms, 30s, 5m, 2h, 1d");
            return null;
        }
        if (d.isNegative() || d.isZero()) {
            problem(path, "must be positive");
            return null;
        }
        if (d.compareTo(max) > 0) {
            problem(path, value + " is longer than the maximum of " + max.toString().substring(2).toLowerCase(Locale.ROOT));
            return null;
        }
        return d;
    }

    /** Parses {@code 500ms}, {@code 30s}, {@code 5m}, {@code 2h}, {@code 1d} or ISO-8601; null when not a duration. */
    static @Nullable Duration parseDuration(String s) {
        if (s.startsWith("P") || s.startsWith("p")) {
            try {
                return Duration.parse(s);
            } catch (DateTimeParseException e) {
                return null;
            }
        }
        int i = 0;
        while (i < s.length() && Character.isDigit(s.charAt(i))) {
            i++;
        }
        if (i == 0 || i > 9) {
            return null;
        }
        long n = Long.parseLong(s.substring(0, i));
        return switch (s.substring(i).strip()) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            case "d" -> Duration.ofDays(n);
            default -> null;
        };
    }

    private void unknownKeys(Map<?, ?> map, Set<String> known, String prefix) {
        for (Object key : map.keySet()) {
            if (!known.contains(String.valueOf(key))) {
                problem(prefix + key, "unknown key; expected one of " + new TreeSet<>(known));
            }
        }
    }

    private void problem(String path, String message) {
        problems.add(new Problem(path, message));
    }
}
