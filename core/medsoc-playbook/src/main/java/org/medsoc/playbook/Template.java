package org.medsoc.playbook;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.medsoc.spi.error.MedsocException;

/**
 * A text with {@code {{path}}} placeholders, for example {@code "block {{trigger.source.ip}}"} or {@code
 * "{{steps.lookup.output.owner}}"}. Paths are dot-separated; the roots are {@code trigger} (the trigger payload),
 * {@code steps.<id>.output} (the output of an earlier, confirmed step) and {@code run.id}. There is no logic, no
 * escaping and no default: a path that is not defined fails the rendering with {@link
 * PlaybookErrorCode#TEMPLATE_VARIABLE_MISSING} naming the missing part, so a step never runs with a half-filled value.
 */
public final class Template {
    private final String source;
    private final List<String> literals;
    private final List<List<String>> paths;

    private Template(String source, List<String> literals, List<List<String>> paths) {
        this.source = source;
        this.literals = literals;
        this.paths = paths;
    }

    /**
     * Parses a template.
     *
     * @throws IllegalArgumentException with a precise message when a placeholder is unclosed or empty
     */
    public static Template parse(String source) {
        requireNonNull(source, "source is null");
        List<String> literals = new ArrayList<>();
        List<List<String>> paths = new ArrayList<>();
        int from = 0;
        while (true) {
            int open = source.indexOf("{{", from);
            if (open < 0) {
                literals.add(source.substring(from));
                break;
            }
            int close = source.indexOf("}}", open + 2);
            if (close < 0) {
                throw new IllegalArgumentException("placeholder opened at character " + open + " is not closed with }}");
            }
            String path = source.substring(open + 2, close).strip();
            if (path.isEmpty()) {
                throw new IllegalArgumentException("empty placeholder {{}} at character " + open);
            }
            List<String> segments = List.of(path.split("\\.", -1));
            for (String s : segments) {
                if (s.isEmpty() || s.contains(" ")) {
                    throw new IllegalArgumentException("placeholder {{" + path + "}} is not a dotted path like trigger.source.ip");
                }
            }
            literals.add(source.substring(from, open));
            paths.add(segments);
            from = close + 2;
        }
        return new Template(source, List.copyOf(literals), List.copyOf(paths));
    }

    /** The template as written. */
    public String source() {
        return source;
    }

    /** The placeholder paths, each as its dot-separated segments, in order. */
    public List<List<String>> paths() {
        return paths;
    }

    /** Whether the template has no placeholders. */
    public boolean isConstant() {
        return paths.isEmpty();
    }

    /**
     * Renders against a context object with the roots {@code trigger}, {@code steps} and {@code run}. Text values are
     * inserted as they are, numbers and booleans in JSON form, objects and arrays as JSON text.
     *
     * @throws MedsocException with {@link PlaybookErrorCode#TEMPLATE_VARIABLE_MISSING} when a path is not defined
     */
    public String render(JsonNode context) {
        StringBuilder out = new StringBuilder(source.length() + 32);
        for (int i = 0; i < paths.size(); i++) {
            out.append(literals.get(i));
            JsonNode value = resolve(context, paths.get(i));
            out.append(value.isTextual() ? value.textValue() : value.toString());
        }
        out.append(literals.get(literals.size() - 1));
        return out.toString();
    }

    /**
     * The value at a path of the context.
     *
     * @throws MedsocException with {@link PlaybookErrorCode#TEMPLATE_VARIABLE_MISSING} naming the first missing segment
     */
    public static JsonNode resolve(JsonNode context, List<String> path) {
        JsonNode node = context;
        for (int i = 0; i < path.size(); i++) {
            String segment = path.get(i);
            JsonNode next = node.isArray() && isIndex(segment) ? node.get(Integer.parseInt(segment)) : node.get(segment);
            if (next == null || next.isNull() || next.isMissingNode()) {
                String where = i == 0 ? "the run context" : String.join(".", path.subList(0, i));
                throw new MedsocException(PlaybookErrorCode.TEMPLATE_VARIABLE_MISSING,
                        "{{" + String.join(".", path) + "}} is not defined: " + where + " has no '" + segment + "'"
                                + (i == 0 ? " (roots are trigger, steps, run)" : ""));
            }
            node = next;
        }
        return node;
    }

    private static boolean isIndex(String s) {
        if (s.isEmpty() || s.length() > 6) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Template t && t.source.equals(source);
    }

    @Override
    public int hashCode() {
        return source.hashCode();
    }

    @Override
    public String toString() {
        return source;
    }
}
