package org.medsoc.notify.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** The module's one JSON mapper: building request bodies and reading provider answers. */
public final class Json {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {}

    /** A new empty JSON object. */
    public static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    /** The UTF-8 bytes of a JSON tree. */
    public static byte[] bytes(JsonNode node) {
        try {
            return MAPPER.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always serializes", e);
        }
    }

    /** The text as a JSON string literal without the surrounding quotes, for substitution into a JSON template. */
    public static String escapeString(String text) {
        String quoted = new String(bytes(MAPPER.getNodeFactory().textNode(text)), StandardCharsets.UTF_8);
        return quoted.substring(1, quoted.length() - 1);
    }

    /** The answer parsed as a JSON object, or empty when it is not one. */
    public static Optional<JsonNode> parseObject(String text) {
        try {
            JsonNode node = MAPPER.readTree(text);
            return node != null && node.isObject() ? Optional.of(node) : Optional.empty();
        } catch (JsonProcessingException e) {
            return Optional.empty();
        }
    }

    /**
     * The value at {@code path} in {@code root}: a JSON pointer ({@code /result/code}) or dotted names
     * ({@code result.code}). Empty when missing.
     */
    public static Optional<JsonNode> at(JsonNode root, String path) {
        JsonNode node;
        if (path.startsWith("/")) {
            node = root.at(path);
        } else {
            node = root;
            int start = 0;
            while (node != null && start <= path.length()) {
                int dot = path.indexOf('.', start);
                String name = dot < 0 ? path.substring(start) : path.substring(start, dot);
                node = node.get(name);
                if (dot < 0) {
                    break;
                }
                start = dot + 1;
            }
        }
        return node == null || node.isMissingNode() ? Optional.empty() : Optional.of(node);
    }
}
