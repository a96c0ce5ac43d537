package org.medsoc.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.helidon.webserver.http.ServerRequest;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.medsoc.spi.error.MedsocException;

/**
 * A JSON object request body with typed, precise access: a missing or mistyped property and any property the
 * operation does not know are 400s naming the property, so a typo never silently does nothing.
 */
final class JsonBody {
    static final int MAX_BYTES = 256 * 1024;

    private final JsonNode node;

    private JsonBody(JsonNode node) {
        this.node = node;
    }

    /** Reads the body as a JSON object whose properties are all in {@code allowed}. */
    static JsonBody read(ServerRequest req, Set<String> allowed) throws IOException {
        byte[] bytes = RequestBodies.read(req, MAX_BYTES, n -> new MedsocException(ApiErrorCode.BODY_TOO_LARGE,
                "request body of " + n + "+ bytes exceeds the limit of " + MAX_BYTES + " bytes"));
        JsonNode node;
        try {
            node = Json.MAPPER.readTree(bytes);
        } catch (IOException e) {
            throw new MedsocException(ApiErrorCode.INVALID_BODY, "body is not valid JSON: "
                    + String.valueOf(e.getMessage()).lines().findFirst().orElse(""));
        }
        if (node == null || !node.isObject()) {
            throw new MedsocException(ApiErrorCode.INVALID_BODY, "body must be a JSON object");
        }
        Iterator<String> names = node.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!allowed.contains(name)) {
                throw new MedsocException(ApiErrorCode.INVALID_BODY,
                        "unknown property '" + name + "'; allowed: " + new java.util.TreeSet<>(allowed));
            }
        }
        return new JsonBody(node);
    }

    boolean has(String name) {
        return node.has(name) && !node.get(name).isNull();
    }

    String string(String name) {
        return optionalString(name).orElseThrow(() -> missing(name, "a string"));
    }

    Optional<String> optionalString(String name) {
        if (!has(name)) {
            return Optional.empty();
        }
        JsonNode v = node.get(name);
        if (!v.isTextual()) {
            throw wrong(name, "a string");
        }
        return Optional.of(v.textValue());
    }

    long longValue(String name) {
        if (!has(name)) {
            throw missing(name, "an integer");
        }
        JsonNode v = node.get(name);
        if (!v.canConvertToLong() || !v.isIntegralNumber()) {
            throw wrong(name, "an integer");
        }
        return v.longValue();
    }

    Optional<Boolean> optionalBoolean(String name) {
        if (!has(name)) {
            return Optional.empty();
        }
        JsonNode v = node.get(name);
        if (!v.isBoolean()) {
            throw wrong(name, "true or false");
        }
        return Optional.of(v.booleanValue());
    }

    List<String> strings(String name) {
        if (!has(name)) {
            return List.of();
        }
        JsonNode v = node.get(name);
        if (!v.isArray()) {
            throw wrong(name, "an array of strings");
        }
        List<String> out = new ArrayList<>();
        for (JsonNode e : v) {
            if (!e.isTextual()) {
                throw wrong(name, "an array of strings");
            }
            out.add(e.textValue());
        }
        return out;
    }

    JsonNode node(String name) {
        if (!has(name)) {
            throw missing(name, "a value");
        }
        return node.get(name);
    }

    static MedsocException missing(String name, String expected) {
        return new MedsocException(ApiErrorCode.MISSING_PARAMETER,
                "property '" + name + "' is required (" + expected + ")");
    }

    static MedsocException wrong(String name, String expected) {
        return new MedsocException(ApiErrorCode.INVALID_BODY, "property '" + name + "' must be " + expected);
    }
}
