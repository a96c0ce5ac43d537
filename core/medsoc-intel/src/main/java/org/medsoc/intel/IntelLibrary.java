package org.medsoc.intel;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.medsoc.spi.error.MedsocException;
import org.medsoc.spi.error.StandardErrorCode;
import org.medsoc.spi.event.Event;
import org.medsoc.spi.event.Field;
import org.medsoc.spi.event.FieldType;
import org.medsoc.spi.event.Fields;

/**
 * The node's threat-intelligence indicators: STIX 2.1 bundles imported through the API are kept verbatim under
 * {@code <data>/intel/bundles/<name>.json} and compiled into one {@link IndicatorIndex} (plus the shipped warning
 * list of public resolvers), swapped atomically on every change. As an enricher it stamps every event one of whose
 * addresses, domains, URLs, hashes or e-mail addresses is a live indicator with {@code medsoc.intel.*} fields, which
 * the built-in rule "Threat-intelligence indicator observed" turns into alerts. Thread-safe; {@link #enrich} runs on
 * the ingest workers and allocates nothing for an event without a hit.
 */
public final class IntelLibrary {
    private static final System.Logger LOG = System.getLogger(IntelLibrary.class.getName());
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_.-]{0,63}");
    private static final ObjectMapper MERGE_JSON = new ObjectMapper();

    /** The indicator value an event matched. */
    public static final Field INDICATOR = Fields.declare("medsoc.intel.indicator", FieldType.KEYWORD);
    public static final Field TYPE = Fields.declare("medsoc.intel.type", FieldType.KEYWORD);
    public static final Field SOURCE = Fields.declare("medsoc.intel.source", FieldType.KEYWORD);
    public static final Field TLP = Fields.declare("medsoc.intel.tlp", FieldType.KEYWORD);
    public static final Field CONFIDENCE = Fields.declare("medsoc.intel.confidence", FieldType.LONG);
    public static final Field MATCHED_FIELD = Fields.declare("medsoc.intel.field", FieldType.KEYWORD);

    /** A stored bundle, what it holds and when it was last stored (imported or merged into). */
    public record Bundle(String name, int indicators, int problems, Instant stored) {}

    private final Path dir;
    private final AtomicReference<IndicatorIndex> index = new AtomicReference<>(IndicatorIndex.empty());
    private volatile List<Bundle> bundles = List.of();
    private static final String WARNING_LISTS = "warning-lists";
    private static final String SHIPPED_LIST = "public-resolvers";
    private volatile List<WarningList> warningLists = List.of();
    private volatile @Nullable Sightings sightings;

    /** Opens the library kept in {@code dir} (created on first import) and builds its index. */
    public IntelLibrary(Path dir) {
        this.dir = requireNonNull(dir, "dir is null");
        rebuild();
    }

    /**
     * Counts every match in {@code sightings} from now on (automatic SEEN sightings) and leaves out of the stamping
     * the indicators a tenant's analysts judged benign there (see {@link Sightings}).
     */
    public void sightings(Sightings sink) {
        this.sightings = requireNonNull(sink, "sink is null");
    }

    /**
     * Stamps the event with every live indicator it holds (nothing when none), except those suppressed for the
     * event's tenant; every match is counted as a sighting when {@link #sightings(Sightings)} was set.
     */
    public void enrich(Event event) {
        IndicatorIndex current = index.get();
        if (current.size() == 0) {
            return;
        }
        List<IndicatorMatch> hits = current.match(event);
        if (hits.isEmpty()) {
            return;
        }
        Sightings sink = sightings;
        int best = 0;
        boolean stamped = false;
        for (IndicatorMatch m : hits) {
            Indicator i = m.indicator();
            if (sink != null && sink.observed(event.tenant(), i.type(), i.value(), event.timestamp())) {
                continue;
            }
            stamped = true;
            event.add(INDICATOR, i.value());
            event.add(TYPE, i.type().name().toLowerCase(Locale.ROOT));
            event.add(SOURCE, i.source());
            event.add(TLP, i.tlp().label());
            event.add(MATCHED_FIELD, m.field().name());
            best = Math.max(best, i.confidence());
        }
        if (stamped) {
            event.put(CONFIDENCE, Integer.toString(best));
            event.add(Fields.TAGS, "intel_match");
        }
    }

    /** The current index. */
    public IndicatorIndex index() {
        return index.get();
    }

    /** The stored bundles. */
    public List<Bundle> bundles() {
        return bundles;
    }

    /**
     * Imports (or replaces) a STIX bundle. Objects that cannot be used are reported with their ids; a bundle with
     * no usable indicator at all is refused and nothing is stored.
     */
    public synchronized ImportResult importStix(String name, String json) {
        checkName(name);
        ImportResult r = StixBundles.read(json, "stix:" + name, Tlp.AMBER);
        if (r.indicators().isEmpty() && r.sightings().isEmpty()) {
            throw new MedsocException(IntelErrorCode.INVALID_STIX_BUNDLE, "bundle '" + name
                    + "' holds no usable indicator" + (r.problems().isEmpty() ? "" : "; problems: " + r.problems()));
        }
        try {
            Files.createDirectories(dir);
            Path tmp = dir.resolve("." + name + ".json.tmp");
            Files.writeString(tmp, json, StandardCharsets.UTF_8);
            try {
                Files.move(tmp, dir.resolve(name + ".json"), StandardCopyOption.ATOMIC_MOVE,
                        StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, dir.resolve(name + ".json"), StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new MedsocException(StandardErrorCode.IO_FAILURE, "cannot store intel bundle in " + dir + ": " + e, e);
        }
        rebuild();
        return r;
    }

    /** Removes a stored bundle and its indicators. */
    public synchronized void delete(String name) {
        checkName(name);
        try {
            if (!Files.deleteIfExists(dir.resolve(name + ".json"))) {
                throw new MedsocException(StandardErrorCode.NOT_FOUND, "no intel bundle is named '" + name + "'");
            }
        } catch (IOException e) {
            throw new MedsocException(StandardErrorCode.IO_FAILURE, "cannot delete intel bundle " + name + ": " + e, e);
        }
        rebuild();
    }

    // ---- warning lists kept by the operators (console issue: known-benign values) ----

    /**
     * The warning lists in force: the shipped list of public resolvers first, then those stored with
     * {@link #putWarningList} (kept as text under {@code <dir>/warning-lists/<name>.txt}), by name.
     */
    public List<WarningList> warningLists() {
        return warningLists;
    }

    /**
     * Stores (or replaces) a warning list in its text form (see {@link WarningList#read}) and rebuilds the index, so
     * that its values stop matching at once. The shipped list cannot be replaced.
     *
     * @throws MedsocException with {@link IntelErrorCode#INVALID_INDICATOR} naming every bad line
     */
    public synchronized WarningList putWarningList(String name, String text) {
        checkWarningListName(name);
        WarningList list = WarningList.read(name, new java.io.ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
        Path lists = dir.resolve(WARNING_LISTS);
        try {
            Files.createDirectories(lists);
            Path tmp = lists.resolve("." + name + ".txt.tmp");
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            try {
                Files.move(tmp, lists.resolve(name + ".txt"), StandardCopyOption.ATOMIC_MOVE,
                        StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, lists.resolve(name + ".txt"), StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new MedsocException(StandardErrorCode.IO_FAILURE, "cannot store warning list in " + lists + ": " + e, e);
        }
        rebuild();
        return list;
    }

    /** Removes a stored warning list; its values match again. The shipped list cannot be removed. */
    public synchronized void deleteWarningList(String name) {
        checkWarningListName(name);
        try {
            if (!Files.deleteIfExists(dir.resolve(WARNING_LISTS).resolve(name + ".txt"))) {
                throw new MedsocException(StandardErrorCode.NOT_FOUND, "no warning list is named '" + name + "'");
            }
        } catch (IOException e) {
            throw new MedsocException(StandardErrorCode.IO_FAILURE, "cannot delete warning list " + name + ": " + e, e);
        }
        rebuild();
    }

    private static void checkWarningListName(String name) {
        if (!NAME.matcher(name).matches()) {
            throw new MedsocException(IntelErrorCode.INVALID_INDICATOR, "warning list name '" + name
                    + "' must be 1 to 64 characters of a-z, 0-9, '_', '.', '-'");
        }
        if (name.equals(SHIPPED_LIST)) {
            throw new MedsocException(IntelErrorCode.INVALID_INDICATOR, "the warning list '" + SHIPPED_LIST
                    + "' ships with medsoc and cannot be changed; store your entries under another name");
        }
    }

    /** The shipped list, then the stored lists by name (an unreadable file is skipped with a warning). */
    private List<WarningList> readWarningLists() {
        List<WarningList> out = new ArrayList<>();
        out.add(WarningList.publicResolvers());
        Path lists = dir.resolve(WARNING_LISTS);
        if (Files.isDirectory(lists)) {
            try (Stream<Path> files = Files.list(lists)) {
                for (Path f : files.filter(p -> p.getFileName().toString().endsWith(".txt")
                        && !p.getFileName().toString().startsWith(".")).sorted().toList()) {
                    String name = f.getFileName().toString().replaceFirst("\\.txt$", "");
                    try (var in = Files.newInputStream(f)) {
                        out.add(WarningList.read(name, in));
                    } catch (IOException | MedsocException e) {
                        LOG.log(Level.WARNING, "warning list " + f + " skipped: " + e.getMessage());
                    }
                }
            } catch (IOException e) {
                throw new MedsocException(StandardErrorCode.IO_FAILURE, "cannot list warning lists in " + lists + ": " + e, e);
            }
        }
        return List.copyOf(out);
    }

    /** Every live indicator as a STIX 2.1 bundle. */
    public String exportStix() {
        return exportStix(List.of());
    }

    /** Every live indicator and the given sightings (for example a tenant's) as one STIX 2.1 bundle. */
    public String exportStix(List<Sighting> withSightings) {
        List<Indicator> all = new ArrayList<>();
        index.get().forEach(all::add);
        return StixBundles.write(all, withSightings, Instant.now());
    }

    /** The text of a stored bundle, if there is one of this name. */
    public Optional<String> bundleText(String name) {
        checkName(name);
        Path f = dir.resolve(name + ".json");
        try {
            return Files.exists(f) ? Optional.of(Files.readString(f, StandardCharsets.UTF_8)) : Optional.empty();
        } catch (IOException e) {
            throw new MedsocException(StandardErrorCode.IO_FAILURE, "cannot read intel bundle " + f + ": " + e, e);
        }
    }

    /**
     * Adds STIX objects to a stored bundle (creating it): an object replaces a stored one with the same id when its
     * {@code modified} (else {@code created}) is not older; the merged bundle is stored and imported like
     * {@link #importStix}. This is how polled feeds accumulate what each poll brings.
     */
    public synchronized ImportResult mergeStix(String name, List<JsonNode> objects) {
        checkName(name);
        Map<String, JsonNode> byId = new LinkedHashMap<>();
        Optional<String> existing = bundleText(name);
        if (existing.isPresent()) {
            try {
                for (JsonNode o : MERGE_JSON.readTree(existing.get()).path("objects")) {
                    byId.put(o.path("id").asText(), o);
                }
            } catch (IOException e) {
                LOG.log(Level.WARNING, "intel bundle " + name + " is unreadable and is replaced: " + e.getMessage());
            }
        }
        for (JsonNode o : objects) {
            String id = o.path("id").asText("");
            if (id.isEmpty()) {
                continue;
            }
            JsonNode old = byId.get(id);
            if (old == null || version(o).compareTo(version(old)) >= 0) {
                byId.put(id, o);
            }
        }
        ObjectNode bundle = MERGE_JSON.createObjectNode();
        bundle.put("type", "bundle");
        bundle.put("id", "bundle--" + org.medsoc.intel.internal.Uuids.v5(StixBundles.NAMESPACE, "merged:" + name));
        ArrayNode array = bundle.putArray("objects");
        byId.values().forEach(array::add);
        try {
            return importStix(name, MERGE_JSON.writeValueAsString(bundle));
        } catch (JsonProcessingException e) {
            throw new MedsocException(IntelErrorCode.INVALID_STIX_BUNDLE, "cannot write merged bundle " + name, e);
        }
    }

    private static String version(JsonNode o) {
        // RFC 3339 UTC timestamps of equal precision compare as text; normalise through Instant to be safe
        String t = o.path("modified").asText(o.path("created").asText(""));
        try {
            return Instant.parse(t).toString();
        } catch (java.time.format.DateTimeParseException e) {
            return t;
        }
    }

    private synchronized void rebuild() {
        List<WarningList> lists = readWarningLists();
        IndicatorIndex.Builder b = IndicatorIndex.builder();
        for (WarningList w : lists) {
            b.warningList(w);
        }
        warningLists = lists;
        List<Bundle> found = new ArrayList<>();
        if (Files.isDirectory(dir)) {
            try (Stream<Path> files = Files.list(dir)) {
                for (Path f : files.filter(p -> p.getFileName().toString().endsWith(".json")
                        && !p.getFileName().toString().startsWith(".")).sorted().toList()) {
                    String name = f.getFileName().toString().replaceFirst("\\.json$", "");
                    try {
                        ImportResult r = StixBundles.read(Files.readString(f, StandardCharsets.UTF_8),
                                "stix:" + name, Tlp.AMBER);
                        b.addAll(r.indicators());
                        found.add(new Bundle(name, r.indicators().size(), r.problems().size(),
                                Files.getLastModifiedTime(f).toInstant().truncatedTo(ChronoUnit.MILLIS)));
                    } catch (IOException | MedsocException e) {
                        LOG.log(Level.WARNING, "intel bundle " + f + " skipped: " + e.getMessage());
                    }
                }
            } catch (IOException e) {
                throw new MedsocException(StandardErrorCode.IO_FAILURE, "cannot list intel bundles in " + dir + ": " + e, e);
            }
        }
        index.set(b.build());
        bundles = List.copyOf(found);
        LOG.log(Level.INFO, "threat intel: " + index.get().size() + " indicators from " + found.size() + " bundles");
    }

    private static void checkName(String name) {
        if (!NAME.matcher(name).matches()) {
            throw new MedsocException(IntelErrorCode.INVALID_STIX_BUNDLE, "bundle name '" + name
                    + "' must be 1 to 64 characters of a-z, 0-9, '_', '.', '-'");
        }
    }
}
