package org.medsoc.parse.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.io.JsonEOFException;
import java.io.IOException;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * One JSON object flattened into (dotted path, scalar text) pairs, in document order. Array elements share the
 * array's path; {@code null} values and empty strings are skipped. Instances are per-thread scratch space, reused
 * across events ({@link #forThread()}).
 */
public final class FlatJson {
    /** Maximum nesting depth of objects and arrays. */
    public static final int MAX_DEPTH = 32;
    /** Maximum number of scalar values (including nulls) read from one payload. */
    public static final int MAX_VALUES = 512;

    private static final JsonFactory FACTORY = JsonFactory.builder()
            .disable(JsonFactory.Feature.INTERN_FIELD_NAMES)
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(MAX_DEPTH + 8)
                    .maxNumberLength(400)
                    .build())
            .build();

    private static final ThreadLocal<FlatJson> SCRATCH = ThreadLocal.withInitial(FlatJson::new);

    private String[] paths = new String[64];
    private String[] values = new String[64];
    private int size;
    private final String[] containerPaths = new String[MAX_DEPTH + 2];
    private final boolean[] inArray = new boolean[MAX_DEPTH + 2];

    private FlatJson() {}

    /** This thread's scratch instance, cleared. */
    public static FlatJson forThread() {
        FlatJson flat = SCRATCH.get();
        flat.clear();
        return flat;
    }

    /** Number of pairs. */
    public int size() {
        return size;
    }

    /** Dotted path of pair {@code i}. */
    public String path(int i) {
        return paths[i];
    }

    /** Scalar text of pair {@code i} (numbers as written, booleans as {@code true}/{@code false}). */
    public String value(int i) {
        return values[i];
    }

    /** The first value at exactly {@code path}, or null. */
    public @Nullable String first(String path) {
        for (int i = 0; i < size; i++) {
            if (paths[i].equals(path)) {
                return values[i];
            }
        }
        return null;
    }

    /** Drops references to the last event's strings. */
    public void clear() {
        Arrays.fill(paths, 0, size, null);
        Arrays.fill(values, 0, size, null);
        size = 0;
    }

    /**
     * Reads {@code payload}, which must be exactly one JSON object (surrounding whitespace allowed), into this
     * instance; answers null on success or the reason it is not acceptable.
     */
    public @Nullable String read(String payload) {
        clear();
        try (JsonParser parser = FACTORY.createParser(payload)) {
            JsonToken token = parser.nextToken();
            if (token != JsonToken.START_OBJECT) {
                return token == null
                        ? "json: payload is empty"
                        : "json: payload is " + describe(token) + ", expected an object starting with '{'";
            }
            int depth = 1;
            int scalars = 0;
            containerPaths[1] = "";
            inArray[1] = false;
            String pending = "";
            while (depth > 0) {
                token = parser.nextToken();
                if (token == null) {
                    return "json: truncated: input ended inside an object at depth " + depth;
                }
                switch (token) {
                    case FIELD_NAME -> {
                        String parent = containerPaths[depth];
                        String name = parser.currentName();
                        pending = parent.isEmpty() ? name : parent + '.' + name;
                    }
                    case START_OBJECT, START_ARRAY -> {
                        if (depth == MAX_DEPTH) {
                            return "json: nesting deeper than " + MAX_DEPTH + " levels at " + where(parser);
                        }
                        String path = inArray[depth] ? containerPaths[depth] : pending;
                        depth++;
                        containerPaths[depth] = path;
                        inArray[depth] = token == JsonToken.START_ARRAY;
                    }
                    case END_OBJECT, END_ARRAY -> depth--;
                    default -> {
                        if (++scalars > MAX_VALUES) {
                            return "json: more than " + MAX_VALUES + " values (the per-event limit) at "
                                    + where(parser);
                        }
                        if (token != JsonToken.VALUE_NULL) {
                            String text = parser.getText();
                            if (text != null && !text.isEmpty()) {
                                add(inArray[depth] ? containerPaths[depth] : pending, text);
                            }
                        }
                    }
                }
            }
            JsonToken trailing = parser.nextToken();
            if (trailing != null) {
                return "json: trailing content (" + describe(trailing) + ") after the object at " + where(parser);
            }
            return null;
        } catch (JsonEOFException e) {
            return "json: truncated: input ended inside " + (e.getTokenBeingDecoded() == JsonToken.VALUE_STRING
                            ? "a string"
                            : "an object or array")
                    + location(e.getLocation());
        } catch (JsonProcessingException e) {
            return "json: invalid JSON: " + firstLine(e.getOriginalMessage()) + location(e.getLocation());
        } catch (IOException e) {
            return "json: cannot read payload: " + firstLine(e.getMessage());
        }
    }

    private void add(String path, String value) {
        if (size == paths.length) {
            paths = Arrays.copyOf(paths, size * 2);
            values = Arrays.copyOf(values, size * 2);
        }
        paths[size] = path;
        values[size] = value;
        size++;
    }

    private static String describe(JsonToken token) {
        return switch (token) {
            case START_ARRAY -> "an array";
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NULL -> "null";
            case START_OBJECT -> "an object";
            default -> "token " + token;
        };
    }

    private static String where(JsonParser parser) {
        JsonLocation l = parser.currentLocation();
        return "line " + l.getLineNr() + " column " + l.getColumnNr();
    }

    private static String location(@Nullable JsonLocation l) {
        return l == null ? "" : " at line " + l.getLineNr() + " column " + l.getColumnNr();
    }

    private static String firstLine(@Nullable String message) {
        if (message == null || message.isEmpty()) {
            return "unknown error";
        }
        int nl = message.indexOf('\n');
        String line = nl < 0 ? message : message.substring(0, nl);
        return line.length() > 200 ? line.substring(0, 200) + "..." : line;
    }
}
