package org.medsoc.notify;

import static java.util.Objects.requireNonNull;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A minimal, safe template language: {@code {{incident.title}}} is replaced by the variable's value escaped for the
 * target; {@code {{incident.link | url}}} percent-encodes characters that would break a Markdown link or an HTML
 * attribute instead. Variables are looked up first as a flat key ({@code "incident.title"}), then through nested
 * maps. Nothing else: no logic, no raw output. Rendering never throws: a missing variable shows as
 * {@code [missing: name]}, an unclosed {@code {{} stays as written, so an alert always goes out.
 */
public final class TemplateRenderer {
    private TemplateRenderer() {}

    /** How a value is escaped for its target. */
    public enum Escaping {
        /** Chat Markdown (DingTalk, WeCom, Feishu): formatting characters backslash-escaped, line breaks flattened. */
        MARKDOWN,
        /** HTML text and attribute values: {@code & < > " '} as entities. */
        HTML,
        /** Plain text (SMS, subjects): control characters other than line breaks removed. */
        PLAIN
    }

    /** The template with every placeholder replaced. */
    public static String render(String template, Map<String, ?> variables, Escaping escaping) {
        requireNonNull(template, "template is null");
        requireNonNull(variables, "variables is null");
        requireNonNull(escaping, "escaping is null");
        StringBuilder out = new StringBuilder(template.length() + 64);
        int i = 0;
        while (i < template.length()) {
            int open = template.indexOf("{{", i);
            if (open < 0) {
                break;
            }
            int close = template.indexOf("}}", open + 2);
            if (close < 0) {
                break;
            }
            out.append(template, i, open);
            String expression = template.substring(open + 2, close);
            String name = expression;
            boolean url = false;
            int bar = expression.indexOf('|');
            if (bar >= 0) {
                name = expression.substring(0, bar);
                url = expression.substring(bar + 1).strip().equals("url");
            }
            name = name.strip();
            Object value = lookup(variables, name);
            if (value == null) {
                out.append("[missing: ").append(escape(name, escaping)).append(']');
            } else if (url) {
                out.append(encodeUrl(value.toString()));
            } else {
                out.append(escape(value.toString(), escaping));
            }
            i = close + 2;
        }
        out.append(template, i, template.length());
        return out.toString();
    }

    /** The value escaped for the target. */
    public static String escape(String value, Escaping escaping) {
        StringBuilder sb = new StringBuilder(value.length() + 8);
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (escaping) {
                case MARKDOWN -> {
                    switch (c) {
                        case '\\', '`', '*', '_', '[', ']', '(', ')', '#', '|', '~', '>', '<' -> sb.append('\\')
                                .append(c);
                        case '\r', '\n', '\t' -> sb.append(' ');
                        default -> {
                            if (c >= 0x20 && c != 0x7f) {
                                sb.append(c);
                            }
                        }
                    }
                }
                case HTML -> {
                    switch (c) {
                        case '&' -> sb.append("&amp;");
                        case '<' -> sb.append("&lt;");
                        case '>' -> sb.append("&gt;");
                        case '"' -> sb.append("&quot;");
                        case '\'' -> sb.append("&#39;");
                        default -> {
                            if (c >= 0x20 && c != 0x7f || c == '\n' || c == '\t') {
                                sb.append(c);
                            }
                        }
                    }
                }
                case PLAIN -> {
                    if (c >= 0x20 && c != 0x7f || c == '\n' || c == '\t') {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.toString();
    }

    /** Percent-encodes characters unsafe inside a Markdown link target or an HTML attribute; keeps URL structure. */
    static String encodeUrl(String value) {
        StringBuilder sb = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c <= 0x20 || c == 0x7f || c == '(' || c == ')' || c == '<' || c == '>' || c == '"' || c == '\''
                    || c == '`' || c == '\\' || c == '[' || c == ']' || c == '{' || c == '}' || c == '|') {
                sb.append(URLEncoder.encode(String.valueOf(c), StandardCharsets.UTF_8).replace("+", "%20"));
            } else if (c > 0x7f) {
                int cp = value.codePointAt(i);
                sb.append(URLEncoder.encode(new String(Character.toChars(cp)), StandardCharsets.UTF_8));
                i += Character.charCount(cp) - 1;
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    private static @Nullable Object lookup(Map<String, ?> variables, String name) {
        if (name.isEmpty()) {
            return null;
        }
        Object flat = variables.get(name);
        if (flat != null) {
            return flat instanceof Map<?, ?> ? null : flat;
        }
        Object node = variables;
        int start = 0;
        while (true) {
            if (!(node instanceof Map<?, ?> map)) {
                return null;
            }
            int dot = name.indexOf('.', start);
            String part = dot < 0 ? name.substring(start) : name.substring(start, dot);
            node = map.get(part);
            if (node == null) {
                return null;
            }
            if (dot < 0) {
                return node instanceof Map<?, ?> ? null : node;
            }
            start = dot + 1;
        }
    }
}
