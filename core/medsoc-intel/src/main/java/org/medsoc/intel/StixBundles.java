package org.medsoc.intel;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.medsoc.intel.internal.StixPattern;
import org.medsoc.intel.internal.Uuids;
import org.medsoc.spi.error.MedsocException;

/**
 * Reads and writes STIX 2.1 bundles of indicators.
 *
 * <p>{@link #read} takes {@code indicator} objects whose STIX pattern names values (see {@link IndicatorType}),
 * SCOs ({@code ipv4-addr}, {@code ipv6-addr}, {@code domain-name}, {@code url}, {@code email-addr}, {@code file}
 * hashes) and {@code sighting} objects. TLP comes from {@code object_marking_refs}: the standard TLP 1.0 and TLP 2.0
 * marking definitions, and TLP marking definitions carried in the bundle. What cannot be read (a pattern with AND,
 * MATCHES or a temporal qualifier, a missing required property, a bad timestamp) is reported per object id in
 * {@link ImportResult#problems()}; the other objects are still read.
 *
 * <p>{@link #write} produces a bundle with deterministic ids: an indicator's id is the UUIDv5 of its type and value
 * under {@link #NAMESPACE}, so exporting the same indicators twice gives the same document. medsoc-only properties
 * travel as custom {@code x_medsoc_*} properties so that a bundle read back yields the same indicators.
 */
public final class StixBundles {
    /** The namespace of medsoc's deterministic STIX ids. */
    public static final UUID NAMESPACE = UUID.fromString("b7c1d3a4-5e6f-4a8b-9c0d-1e2f3a4b5c6d");

    /** TLP 1.0 marking definitions of the STIX 2.1 specification (section 7.2.1.4). */
    private static final Map<String, Tlp> TLP1 = Map.of(
            "marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9", Tlp.CLEAR,
            "marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da", Tlp.GREEN,
            "marking-definition--f88d31f6-486f-44da-b317-01333bde0b82", Tlp.AMBER,
            "marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed", Tlp.RED);
    /** TLP 2.0 marking definitions of the OASIS TLP 2.0 extension. */
    private static final Map<Tlp, String> TLP2 = Map.of(
            Tlp.CLEAR, "marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487",
            Tlp.GREEN, "marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb",
            Tlp.AMBER, "marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421",
            Tlp.AMBER_STRICT, "marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003",
            Tlp.RED, "marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1");
    private static final String TLP2_EXTENSION = "extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d";
    private static final Pattern ID = Pattern.compile(
            "[a-z0-9][a-z0-9-]*--[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private StixBundles() {}

    /** The deterministic STIX id of the indicator with this key. */
    public static String indicatorId(IndicatorKey key) {
        return "indicator--" + Uuids.v5(NAMESPACE, "indicator:" + key.type().name() + ":" + key.value());
    }

    /**
     * Reads a bundle. {@code source} names the feed (used unless an object carries {@code x_medsoc_source});
     * {@code defaultTlp} applies to objects without a TLP marking.
     *
     * @throws MedsocException with {@link IntelErrorCode#INVALID_STIX_BUNDLE} when the document is not a bundle
     */
    public static ImportResult read(InputStream in, String source, Tlp defaultTlp) {
        requireNonNull(in, "in is null");
        JsonNode root;
        try {
            root = JSON.readTree(in);
        } catch (JsonProcessingException e) {
            throw new MedsocException(IntelErrorCode.INVALID_STIX_BUNDLE,
                    "the STIX document is not valid JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new MedsocException(IntelErrorCode.FEED_UNAVAILABLE, "could not read the STIX document", e);
        }
        return read(root, source, defaultTlp);
    }

    /** Reads a bundle from text; see {@link #read(InputStream, String, Tlp)}. */
    public static ImportResult read(String json, String source, Tlp defaultTlp) {
        try {
            return read(JSON.readTree(json), source, defaultTlp);
        } catch (JsonProcessingException e) {
            throw new MedsocException(IntelErrorCode.INVALID_STIX_BUNDLE,
                    "the STIX document is not valid JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static ImportResult read(@Nullable JsonNode root, String source, Tlp defaultTlp) {
        requireNonNull(source, "source is null");
        requireNonNull(defaultTlp, "defaultTlp is null");
        if (root == null || !root.isObject()) {
            throw new MedsocException(IntelErrorCode.INVALID_STIX_BUNDLE, "the STIX document is not a JSON object");
        }
        if (!"bundle".equals(root.path("type").asText())) {
            throw new MedsocException(IntelErrorCode.INVALID_STIX_BUNDLE,
                    "the STIX document has type '" + root.path("type").asText() + "', expected 'bundle'");
        }
        if (!root.path("objects").isArray()) {
            throw new MedsocException(IntelErrorCode.INVALID_STIX_BUNDLE,
                    "the bundle " + root.path("id").asText("(no id)") + " has no 'objects' array");
        }
        List<ImportProblem> problems = new ArrayList<>();
        String bundleId = root.path("id").asText("");
        if (!bundleId.startsWith("bundle--") || !ID.matcher(bundleId).matches()) {
            problems.add(new ImportProblem(bundleId.isEmpty() ? "bundle" : bundleId,
                    "the bundle id must be 'bundle--' followed by a UUID"));
        }
        Map<String, Tlp> markings = new HashMap<>(TLP1);
        TLP2.forEach((tlp, id) -> markings.put(id, tlp));
        for (JsonNode o : root.path("objects")) {
            if ("marking-definition".equals(o.path("type").asText())) {
                tlpOfMarking(o).ifPresent(tlp -> markings.put(o.path("id").asText(), tlp));
            }
        }
        List<Indicator> indicators = new ArrayList<>();
        Map<String, List<IndicatorKey>> byStixId = new HashMap<>();
        List<JsonNode> sightings = new ArrayList<>();
        int index = 0;
        for (JsonNode o : root.path("objects")) {
            String where = o.path("id").isTextual() ? o.path("id").asText() : "objects[" + index + "]";
            index++;
            if (!o.isObject()) {
                problems.add(new ImportProblem(where, "is not a JSON object"));
                continue;
            }
            String type = o.path("type").asText("");
            if (type.isEmpty()) {
                problems.add(new ImportProblem(where, "missing required property 'type'"));
                continue;
            }
            if (!o.path("id").isTextual() || !ID.matcher(o.path("id").asText()).matches()
                    || !o.path("id").asText().startsWith(type + "--")) {
                problems.add(new ImportProblem(where, "the id must be '" + type + "--' followed by a UUID"));
                continue;
            }
            try {
                switch (type) {
                    case "indicator" -> {
                        List<Indicator> read = indicator(o, source, defaultTlp, markings);
                        indicators.addAll(read);
                        byStixId.put(where, read.stream().map(Indicator::key).toList());
                    }
                    case "ipv4-addr", "ipv6-addr", "domain-name", "url", "email-addr", "file" -> {
                        List<Indicator> read = observable(o, type, where, source, defaultTlp, markings, problems);
                        indicators.addAll(read);
                        byStixId.put(where, read.stream().map(Indicator::key).toList());
                    }
                    case "sighting" -> sightings.add(o);
                    default -> {
                        // other objects (identity, marking-definition, report, malware, relationship) carry no values
                    }
                }
            } catch (Invalid e) {
                problems.add(new ImportProblem(where, e.getMessage()));
            }
        }
        List<Sighting> readSightings = new ArrayList<>();
        for (JsonNode s : sightings) {
            String where = s.path("id").asText();
            try {
                readSightings.addAll(sighting(s, where, source, byStixId));
            } catch (Invalid e) {
                problems.add(new ImportProblem(where, e.getMessage()));
            }
        }
        return new ImportResult(indicators, readSightings, problems);
    }

    private static List<Indicator> indicator(JsonNode o, String source, Tlp defaultTlp, Map<String, Tlp> markings) {
        String where = o.path("id").asText();
        requireSdo(o);
        String patternType = text(o, "pattern_type");
        if (!patternType.equals("stix")) {
            throw new Invalid("pattern_type '" + patternType + "' is not supported; only 'stix' is");
        }
        String pattern = text(o, "pattern");
        Instant validFrom = time(o, "valid_from");
        Optional<Instant> validUntil = optionalTime(o, "valid_until");
        if (validUntil.isPresent() && !validUntil.get().isAfter(validFrom)) {
            throw new Invalid("valid_until " + validUntil.get() + " is not after valid_from " + validFrom);
        }
        StixPattern.Parsed parsed = StixPattern.parse(pattern);
        if (parsed.error() != null) {
            throw new Invalid("pattern " + pattern + " cannot be matched as values: " + parsed.error());
        }
        Common c = common(o, source, defaultTlp, markings);
        Optional<Instant> lastSeen = optionalTime(o, "x_medsoc_last_seen");
        List<Indicator> out = new ArrayList<>();
        for (IndicatorKey key : parsed.keys()) {
            out.add(new Indicator(key.type(), key.value(), c.source, c.confidence, c.tlp, c.distribution,
                    Optional.of(validFrom), lastSeen, validUntil, c.tags, Optional.of(where)));
        }
        return out;
    }

    private static List<Indicator> observable(JsonNode o, String type, String where, String source, Tlp defaultTlp,
            Map<String, Tlp> markings, List<ImportProblem> problems) {
        Common c = common(o, source, defaultTlp, markings);
        List<IndicatorKey> keys = new ArrayList<>();
        if (type.equals("file")) {
            JsonNode hashes = o.path("hashes");
            if (!hashes.isObject() || hashes.isEmpty()) {
                throw new Invalid("file has no 'hashes'; only hashes of files can be matched");
            }
            for (Map.Entry<String, JsonNode> h : hashes.properties()) {
                IndicatorType t = StixPattern.hashType(h.getKey());
                if (t == null) {
                    problems.add(new ImportProblem(where, "hash algorithm '" + h.getKey() + "' is not supported"));
                    continue;
                }
                keys.add(key(t, h.getValue().asText()));
            }
        } else {
            String value = text(o, "value");
            IndicatorType t = StixPattern.scoType(type, value);
            keys.add(key(requireNonNull(t), value));
        }
        List<Indicator> out = new ArrayList<>();
        for (IndicatorKey key : keys) {
            out.add(new Indicator(key.type(), key.value(), c.source, c.confidence, c.tlp, c.distribution,
                    Optional.empty(), Optional.empty(), Optional.empty(), c.tags, Optional.of(where)));
        }
        return out;
    }

    private static List<Sighting> sighting(
            JsonNode o, String where, String source, Map<String, List<IndicatorKey>> byStixId) {
        requireSdo(o);
        String of = text(o, "sighting_of_ref");
        List<IndicatorKey> keys = byStixId.get(of);
        if (keys == null) {
            throw new Invalid("sighting_of_ref " + of + " is not an indicator read from this bundle");
        }
        Instant time = optionalTime(o, "last_seen").or(() -> optionalTime(o, "first_seen"))
                .orElseGet(() -> time(o, "created"));
        SightingKind kind = SightingKind.SEEN;
        if (o.has("x_medsoc_kind")) {
            try {
                kind = SightingKind.valueOf(o.path("x_medsoc_kind").asText());
            } catch (IllegalArgumentException e) {
                throw new Invalid("x_medsoc_kind '" + o.path("x_medsoc_kind").asText() + "' is not one of "
                        + List.of(SightingKind.values()));
            }
        }
        String by = o.path("x_medsoc_source").asText(source);
        long count = 1;
        if (o.has("count")) {
            JsonNode c = o.get("count");
            if (!c.isIntegralNumber() || c.asLong() < 1 || c.asLong() > 999_999_999) {
                throw new Invalid("count " + c + " is not an integer 1..999999999");
            }
            count = c.asLong();
        }
        Instant first = optionalTime(o, "first_seen").orElse(time);
        if (first.isAfter(time)) {
            throw new Invalid("first_seen " + first + " is after last_seen " + time);
        }
        String note = o.path("description").asText("");
        List<Sighting> out = new ArrayList<>();
        for (IndicatorKey key : keys) {
            out.add(new Sighting(key, time, kind, by, count, note, first));
        }
        return out;
    }

    private record Common(String source, int confidence, Tlp tlp, Distribution distribution, List<String> tags) {}

    private static Common common(JsonNode o, String source, Tlp defaultTlp, Map<String, Tlp> markings) {
        int confidence = Indicator.DEFAULT_CONFIDENCE;
        if (o.has("confidence")) {
            JsonNode c = o.get("confidence");
            if (!c.isInt() || c.asInt() < 0 || c.asInt() > 100) {
                throw new Invalid("confidence " + c + " is not an integer 0..100");
            }
            confidence = c.asInt();
        }
        Tlp tlp = null;
        for (JsonNode ref : o.path("object_marking_refs")) {
            Tlp t = markings.get(ref.asText());
            if (t != null) {
                tlp = tlp == null ? t : tlp.max(t);
            }
        }
        List<String> tags = new ArrayList<>();
        for (JsonNode label : o.path("labels")) {
            tags.add(label.asText());
        }
        Distribution distribution = Distribution.COMMUNITY;
        if (o.has("x_medsoc_distribution")) {
            try {
                distribution = Distribution.valueOf(o.path("x_medsoc_distribution").asText());
            } catch (IllegalArgumentException e) {
                throw new Invalid("x_medsoc_distribution '" + o.path("x_medsoc_distribution").asText()
                        + "' is not one of " + List.of(Distribution.values()));
            }
        }
        return new Common(o.path("x_medsoc_source").asText(source), confidence, tlp == null ? defaultTlp : tlp,
                distribution, tags);
    }

    private static Optional<Tlp> tlpOfMarking(JsonNode o) {
        JsonNode ext = o.path("extensions").path(TLP2_EXTENSION).path("tlp_2_0");
        if (ext.isTextual()) {
            return Tlp.parse(ext.asText());
        }
        if ("tlp".equals(o.path("definition_type").asText()) && o.path("definition").path("tlp").isTextual()) {
            return Tlp.parse(o.path("definition").path("tlp").asText());
        }
        String name = o.path("name").asText("");
        return name.toUpperCase(Locale.ROOT).startsWith("TLP:") ? Tlp.parse(name) : Optional.empty();
    }

    private static void requireSdo(JsonNode o) {
        if (!"2.1".equals(o.path("spec_version").asText())) {
            throw new Invalid(o.has("spec_version")
                    ? "spec_version '" + o.path("spec_version").asText() + "' is not supported; expected '2.1'"
                    : "missing required property 'spec_version'");
        }
        Instant created = time(o, "created");
        Instant modified = time(o, "modified");
        if (modified.isBefore(created)) {
            throw new Invalid("modified " + modified + " is before created " + created);
        }
    }

    private static IndicatorKey key(IndicatorType type, String value) {
        try {
            return new IndicatorKey(type, value);
        } catch (MedsocException e) {
            throw new Invalid(e.getMessage());
        }
    }

    private static String text(JsonNode o, String property) {
        JsonNode v = o.get(property);
        if (v == null || v.isNull()) {
            throw new Invalid("missing required property '" + property + "'");
        }
        if (!v.isTextual()) {
            throw new Invalid("property '" + property + "' must be a string, found " + v.getNodeType());
        }
        return v.asText();
    }

    private static Instant time(JsonNode o, String property) {
        String t = text(o, property);
        try {
            return Instant.parse(t);
        } catch (DateTimeParseException e) {
            throw new Invalid("property '" + property + "' is not an RFC 3339 UTC timestamp: '" + t + "'");
        }
    }

    private static Optional<Instant> optionalTime(JsonNode o, String property) {
        return o.has(property) ? Optional.of(time(o, property)) : Optional.empty();
    }

    /**
     * Writes indicators and sightings as a STIX 2.1 bundle (pretty-printed JSON). {@code created} stamps indicators
     * without a first-seen time; ids are deterministic, so the same input gives the same text. Indicators with the
     * same key are written once (the last one wins). Sightings of indicators not in the list are written with a
     * {@code sighting_of_ref} to the deterministic id of their key.
     */
    public static String write(List<Indicator> indicators, List<Sighting> sightings, Instant created) {
        requireNonNull(created, "created is null");
        Map<String, Indicator> byId = new TreeMap<>();
        for (Indicator i : indicators) {
            byId.put(indicatorId(i.key()), i);
        }
        ObjectNode bundle = JSON.createObjectNode();
        bundle.put("type", "bundle");
        ArrayNode objects = JSON.createArrayNode();
        Map<Tlp, Boolean> used = new TreeMap<>();
        List<ObjectNode> written = new ArrayList<>();
        for (Map.Entry<String, Indicator> e : byId.entrySet()) {
            Indicator i = e.getValue();
            used.put(i.tlp(), true);
            String stamp = i.firstSeen().orElse(created).toString();
            ObjectNode o = JSON.createObjectNode();
            o.put("type", "indicator");
            o.put("spec_version", "2.1");
            o.put("id", e.getKey());
            o.put("created", stamp);
            o.put("modified", stamp);
            o.put("name", i.type().name() + " " + i.value());
            o.put("pattern", StixPattern.format(i.key()));
            o.put("pattern_type", "stix");
            o.put("valid_from", stamp);
            i.validUntil().ifPresent(t -> o.put("valid_until", t.toString()));
            o.put("confidence", i.confidence());
            if (!i.tags().isEmpty()) {
                ArrayNode labels = o.putArray("labels");
                i.tags().forEach(labels::add);
            }
            o.putArray("object_marking_refs").add(TLP2.get(i.tlp()));
            o.put("x_medsoc_source", i.source());
            o.put("x_medsoc_distribution", i.distribution().name());
            i.lastSeen().ifPresent(t -> o.put("x_medsoc_last_seen", t.toString()));
            written.add(o);
        }
        List<ObjectNode> sightingNodes = new ArrayList<>();
        for (Sighting s : sightings) {
            String id = "sighting--" + Uuids.v5(NAMESPACE, "sighting:" + indicatorId(s.indicator()) + ":"
                    + s.firstSeen() + ":" + s.time() + ":" + s.kind() + ":" + s.source() + ":" + s.count());
            sightingNodes.add(sighting(s, id, s.firstSeen(), s.time()));
        }
        sightingNodes.sort(Comparator.comparing(n -> n.path("id").asText()));
        for (Tlp tlp : used.keySet()) {
            objects.add(marking(tlp));
        }
        written.forEach(objects::add);
        sightingNodes.forEach(objects::add);
        StringBuilder ids = new StringBuilder();
        for (JsonNode o : objects) {
            ids.append(o.path("id").asText()).append('\n');
        }
        bundle.put("id", "bundle--" + Uuids.v5(NAMESPACE, "bundle:" + ids));
        bundle.set("objects", objects);
        try {
            return JSON.writeValueAsString(bundle) + "\n";
        } catch (JsonProcessingException e) {
            throw new MedsocException(IntelErrorCode.INVALID_STIX_BUNDLE, "could not write the bundle", e);
        }
    }

    /**
     * One STIX 2.1 {@code sighting} object: {@code sighting_of_ref} is the deterministic id of the indicator's key,
     * {@code count}, {@code first_seen}/{@code last_seen} and the note (as {@code description}) come from the
     * sighting, its kind and source travel as {@code x_medsoc_kind} and {@code x_medsoc_source}.
     */
    public static ObjectNode sighting(Sighting s, String id, Instant created, Instant modified) {
        ObjectNode o = JSON.createObjectNode();
        o.put("type", "sighting");
        o.put("spec_version", "2.1");
        o.put("id", id);
        o.put("created", stamp(created));
        o.put("modified", stamp(modified.isBefore(created) ? created : modified));
        o.put("first_seen", stamp(s.firstSeen()));
        o.put("last_seen", stamp(s.time()));
        o.put("count", Math.min(s.count(), 999_999_999L));
        o.put("sighting_of_ref", indicatorId(s.indicator()));
        if (!s.note().isEmpty()) {
            o.put("description", s.note());
        }
        o.put("x_medsoc_kind", s.kind().name());
        o.put("x_medsoc_source", s.source());
        return o;
    }

    /** The id of the TLP 2.0 marking definition of a label. */
    public static String tlpMarkingId(Tlp tlp) {
        return TLP2.get(tlp);
    }

    /** A STIX timestamp: RFC 3339 UTC with millisecond precision. */
    public static String stamp(Instant t) {
        return java.time.format.DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'")
                .withZone(java.time.ZoneOffset.UTC).format(t);
    }

    /**
     * The TLP of a STIX object from its {@code object_marking_refs} (the standard TLP 1.0 and 2.0 marking
     * definitions and those in {@code local}, a map of marking-definition id to TLP); empty when it names none.
     */
    public static Optional<Tlp> tlpOf(JsonNode object, Map<String, Tlp> local) {
        Tlp tlp = null;
        for (JsonNode ref : object.path("object_marking_refs")) {
            String id = ref.asText();
            Tlp t = TLP1.get(id);
            if (t == null) {
                for (Map.Entry<Tlp, String> e : TLP2.entrySet()) {
                    if (e.getValue().equals(id)) {
                        t = e.getKey();
                    }
                }
            }
            if (t == null) {
                t = local.get(id);
            }
            if (t != null) {
                tlp = tlp == null ? t : tlp.max(t);
            }
        }
        return Optional.ofNullable(tlp);
    }

    /** The TLP a marking-definition object defines (TLP 2.0 extension, TLP 1.0 definition or name), if any. */
    public static Optional<Tlp> tlpDefinedBy(JsonNode markingDefinition) {
        return tlpOfMarking(markingDefinition);
    }

    private static ObjectNode marking(Tlp tlp) {
        ObjectNode m = JSON.createObjectNode();
        m.put("type", "marking-definition");
        m.put("spec_version", "2.1");
        m.put("id", TLP2.get(tlp));
        m.put("created", "2022-10-01T00:00:00.000Z");
        m.put("name", tlp.label());
        ObjectNode ext = m.putObject("extensions").putObject(TLP2_EXTENSION);
        ext.put("extension_type", "property-extension");
        ext.put("tlp_2_0", tlp.label().substring(4).toLowerCase(Locale.ROOT));
        return m;
    }

    /**
     * Checks a bundle against the rules this module relies on (bundle shape, ids, required properties of
     * indicators and sightings, timestamps, patterns, references between objects of the bundle) and answers every
     * problem found, each naming the object; empty when the bundle is valid.
     */
    public static List<ImportProblem> validate(String json) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            return List.of(new ImportProblem("bundle", "not valid JSON: " + e.getOriginalMessage()));
        }
        List<ImportProblem> problems = new ArrayList<>(read(root, "validate", Tlp.AMBER).problems());
        Map<String, Boolean> ids = new LinkedHashMap<>();
        for (JsonNode o : root.path("objects")) {
            String id = o.path("id").asText();
            if (ids.put(id, true) != null) {
                problems.add(new ImportProblem(id, "the id occurs more than once in the bundle"));
            }
        }
        for (JsonNode o : root.path("objects")) {
            for (JsonNode ref : o.path("object_marking_refs")) {
                if (!ids.containsKey(ref.asText()) && !TLP1.containsKey(ref.asText())) {
                    problems.add(new ImportProblem(o.path("id").asText(),
                            "object_marking_refs names " + ref.asText() + ", which is neither in the bundle nor a"
                                    + " TLP 1.0 marking of the specification"));
                }
            }
        }
        return problems;
    }

    /** Internal control flow: an object that cannot be read; its message becomes an {@link ImportProblem}. */
    private static final class Invalid extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Invalid(String message) {
            super(message, null, false, false);
        }
    }
}
