package org.medsoc.detect;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.medsoc.spi.error.MedsocException;

/**
 * An {@link EventView} over one JSON object: nested objects are flattened to dotted names ({@code a.b.c}), arrays give
 * multiple values, JSON null counts as absent.
 *
 * <p>The evtx_dump layout ({@code {"Event":{"System":{...},"EventData":{...}}}}) additionally exposes Sigma's Windows
 * names: EventData/UserData keys directly ({@code Image}, {@code CommandLine}), System keys directly ({@code EventID},
 * {@code Channel}, {@code Computer}) and System attributes as {@code Tag_Attribute} ({@code Provider_Name},
 * {@code Execution_ProcessID}); a {@code #text} value is exposed under its element's name.
 */
public final class JsonEventView implements EventView {
    private static final JsonFactory FACTORY = new JsonFactory();

    private final Map<String, List<String>> fields;
    private final List<String> allValues;

    private JsonEventView(Map<String, List<String>> fields, List<String> allValues) {
        this.fields = fields;
        this.allValues = allValues;
    }

    /**
     * Parses a single JSON object.
     *
     * @throws MedsocException with {@link DetectErrorCode#INVALID_EVENT_JSON} when the text is not one JSON object
     */
    public static JsonEventView of(String json) {
        List<JsonEventView> events = ofAll(json);
        if (events.size() != 1) {
            throw new MedsocException(DetectErrorCode.INVALID_EVENT_JSON,
                    "expected one JSON event object, found " + events.size() + "; use ofAll for event streams");
        }
        return events.getFirst();
    }

    /**
     * Parses a stream of JSON objects (concatenated or newline-delimited, as evtx_dump writes them) or a JSON array of
     * objects.
     *
     * @throws MedsocException with {@link DetectErrorCode#INVALID_EVENT_JSON} when the text is not such a stream
     */
    public static List<JsonEventView> ofAll(String json) {
        List<JsonEventView> events = new ArrayList<>();
        try (JsonParser parser = FACTORY.createParser(json)) {
            JsonToken token = parser.nextToken();
            boolean array = token == JsonToken.START_ARRAY;
            if (array) {
                token = parser.nextToken();
            }
            while (token != null && !(array && token == JsonToken.END_ARRAY)) {
                if (token != JsonToken.START_OBJECT) {
                    throw new MedsocException(DetectErrorCode.INVALID_EVENT_JSON,
                            "an event must be a JSON object; got " + token + " at " + parser.currentLocation());
                }
                events.add(readEvent(parser));
                token = parser.nextToken();
            }
            if (array && parser.nextToken() != null) {
                throw new MedsocException(DetectErrorCode.INVALID_EVENT_JSON,
                        "trailing content after the event array at " + parser.currentLocation());
            }
        } catch (IOException e) {
            throw new MedsocException(DetectErrorCode.INVALID_EVENT_JSON,
                    "event is not valid JSON: " + e.getMessage(), e);
        }
        return events;
    }

    private static JsonEventView readEvent(JsonParser parser) throws IOException {
        Map<String, List<String>> fields = new HashMap<>();
        List<String> all = new ArrayList<>();
        readObject(parser, new ArrayDeque<>(), fields, all);
        Map<String, List<String>> frozen = new HashMap<>();
        fields.forEach((k, v) -> frozen.put(k, List.copyOf(v)));
        return new JsonEventView(frozen, List.copyOf(all));
    }

    private static void readObject(JsonParser parser, Deque<String> path, Map<String, List<String>> fields,
            List<String> all) throws IOException {
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            path.addLast(parser.currentName());
            readValue(parser, parser.nextToken(), path, fields, all);
            path.removeLast();
        }
    }

    private static void readValue(JsonParser parser, JsonToken token, Deque<String> path,
            Map<String, List<String>> fields, List<String> all) throws IOException {
        switch (token) {
            case START_OBJECT -> readObject(parser, path, fields, all);
            case START_ARRAY -> {
                JsonToken t;
                while ((t = parser.nextToken()) != JsonToken.END_ARRAY) {
                    readValue(parser, t, path, fields, all);
                }
            }
            case VALUE_NULL -> { }
            default -> {
                String value = parser.getText();
                all.add(value);
                List<String> segments = new ArrayList<>(path);
                add(fields, String.join(".", segments), value);
                for (String alias : aliases(segments)) {
                    add(fields, alias, value);
                }
            }
        }
    }

    private static List<String> aliases(List<String> p) {
        if (p.size() < 3 || !p.get(0).equals("Event")) {
            return List.of();
        }
        String section = p.get(1);
        String last = p.getLast();
        if (section.equals("EventData") || section.equals("UserData")) {
            return List.of(last.equals("#text") ? p.get(p.size() - 2) : last);
        }
        if (section.equals("System")) {
            // Event.System.EventID | Event.System.EventID.#text | Event.System.Provider.#attributes.Name
            if (p.size() == 3) {
                return List.of(last);
            }
            if (p.size() == 4 && last.equals("#text")) {
                return List.of(p.get(2));
            }
            if (p.size() == 5 && p.get(3).equals("#attributes")) {
                return List.of(p.get(2) + "_" + last);
            }
        }
        return List.of();
    }

    private static void add(Map<String, List<String>> fields, String name, String value) {
        fields.computeIfAbsent(name, k -> new ArrayList<>(1)).add(value);
    }

    @Override
    public @Nullable String value(String field) {
        List<String> values = fields.get(field);
        return values == null ? null : values.getFirst();
    }

    @Override
    public List<String> values(String field) {
        List<String> values = fields.get(field);
        return values == null ? List.of() : values;
    }

    @Override
    public List<String> allValues() {
        return allValues;
    }

    /** Every field name known to this view, including aliases. */
    public java.util.Set<String> fieldNames() {
        return fields.keySet();
    }
}
