package org.medsoc.detect.mapping;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;
import org.medsoc.detect.FieldNameMapper;
import org.medsoc.detect.mapping.MappingReader.Entry;
import org.medsoc.detect.mapping.MappingReader.MappingFile;
import org.medsoc.spi.error.MedsocException;
import org.medsoc.spi.event.Fields;

/**
 * A set of Sigma-to-medsoc mappings: for each Sigma log source (product, category, service) the condition that
 * selects its events and the medsoc fields that hold each Sigma field, read from versioned YAML files (one per
 * product family, like pySigma processing pipelines).
 *
 * <p>Field lookup for a log source: its own {@code fields}, then the file's global {@code fields}, then — if the
 * entry or file sets {@code default_prefix} — the prefix plus the Sigma name (Windows keeps every EventData item
 * under {@code winlog.event_data.}, so Sigma's Sysmon names map by prefix), then the Sigma name itself when it is
 * already a known medsoc field. Immutable and thread-safe.
 */
public final class MappingPipeline {
    /** The mapping resources shipped with medsoc, under {@code /mappings/}. */
    public static final List<String> DEFAULT_RESOURCES =
            List.of("windows.yml", "linux.yml", "macos.yml", "network.yml", "webserver.yml", "medsoc.yml",
                    "cloud.yml");

    private final Map<LogSourceKey, Entry> entries;
    private final Map<String, String> versions;

    private MappingPipeline(Map<LogSourceKey, Entry> entries, Map<String, String> versions) {
        this.entries = entries;
        this.versions = versions;
    }

    /** Loads and validates the mappings shipped with medsoc; fails with every problem found. */
    public static MappingPipeline loadDefaults() {
        Map<String, String> texts = new LinkedHashMap<>();
        for (String name : DEFAULT_RESOURCES) {
            String resource = "/mappings/" + name;
            try (InputStream in = MappingPipeline.class.getResourceAsStream(resource)) {
                if (in == null) {
                    throw new MedsocException(MappingErrorCode.MAPPING_NOT_READABLE,
                            "mapping resource " + resource + " is missing from the classpath; rebuild medsoc-detect");
                }
                texts.put(resource, new String(in.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new MedsocException(MappingErrorCode.MAPPING_NOT_READABLE,
                        "cannot read mapping resource " + resource + ": " + e.getMessage(), e);
            }
        }
        return fromTexts(texts);
    }

    /** Loads and validates mapping files (UTF-8 YAML); fails with every problem found across all of them. */
    public static MappingPipeline load(List<Path> files) {
        requireNonNull(files, "files is null");
        Map<String, String> texts = new LinkedHashMap<>();
        for (Path file : files) {
            try {
                texts.put(file.toString(), Files.readString(file, StandardCharsets.UTF_8));
            } catch (IOException | UncheckedIOException e) {
                throw new MedsocException(MappingErrorCode.MAPPING_NOT_READABLE,
                        "cannot read mapping file " + file + ": " + e.getMessage()
                                + "; check the path and its permissions",
                        e);
            }
        }
        return fromTexts(texts);
    }

    /** Parses already-read mapping texts keyed by file label; fails with every problem found. */
    static MappingPipeline fromTexts(Map<String, String> texts) {
        List<MappingProblem> problems = new ArrayList<>();
        Map<LogSourceKey, Entry> entries = new LinkedHashMap<>();
        Map<String, String> versions = new TreeMap<>();
        Map<String, String> nameToFile = new LinkedHashMap<>();
        for (Map.Entry<String, String> t : texts.entrySet()) {
            MappingFile file = MappingReader.read(t.getKey(), t.getValue(), problems);
            if (file == null) {
                continue;
            }
            String previousFile = nameToFile.putIfAbsent(file.name(), t.getKey());
            if (previousFile != null) {
                problems.add(new MappingProblem(t.getKey(), "name",
                        "mapping name '" + file.name() + "' is already used by " + previousFile
                                + "; give each file its own name"));
            }
            versions.put(file.name(), file.version());
            for (Entry e : file.entries()) {
                Entry previous = entries.putIfAbsent(e.key(), e);
                if (previous != null) {
                    problems.add(new MappingProblem(e.file(), e.path(), "log source " + e.key()
                            + " is already mapped in " + previous.file() + " at " + previous.path()
                            + "; keep one definition"));
                }
            }
        }
        if (texts.isEmpty()) {
            problems.add(new MappingProblem("(none)", "", "no mapping files given"));
        }
        if (!problems.isEmpty()) {
            throw new MappingValidationException(problems);
        }
        return new MappingPipeline(Map.copyOf(entries), java.util.Collections.unmodifiableMap(versions));
    }

    /**
     * The matcher for a Sigma log source, or empty when no mapping exists (the rule is then unsupported: "no mapping
     * for logsource product=… category=…"). Parts are compared case-insensitively; absent parts must be absent in
     * the mapping too.
     */
    public Optional<LogSourceMatcher> logSource(@Nullable String product, @Nullable String category,
            @Nullable String service) {
        return logSource(new LogSourceKey(product, category, service));
    }

    /** The matcher for a Sigma log source, or empty when no mapping exists. */
    public Optional<LogSourceMatcher> logSource(LogSourceKey key) {
        Entry e = entries.get(requireNonNull(key, "key is null"));
        return e == null ? Optional.empty() : Optional.of(new LogSourceMatcher(e.key(), e.condition(), e.file()));
    }

    /** Every mapped log source. */
    public Set<LogSourceKey> logSources() {
        return entries.keySet();
    }

    /**
     * The medsoc fields that may hold a Sigma field under a log source, in order of preference; empty when the log
     * source or the field is unmapped (the engine should report the rule as unsupported). Alternatives exist because
     * one Sigma field lives under different names in different events of the same log source (Sysmon's
     * {@code Image} is {@code NewProcessName} in Security 4688); an event's values for the Sigma field are those of
     * the candidates it has, and an event normally has only one of them.
     */
    public List<String> fieldsFor(LogSourceKey key, String sigmaField) {
        requireNonNull(sigmaField, "sigmaField is null");
        Entry e = entries.get(requireNonNull(key, "key is null"));
        if (e == null) {
            return List.of();
        }
        List<String> explicit = e.fields().get(sigmaField);
        if (explicit != null) {
            return explicit;
        }
        String prefix = e.defaultPrefix();
        if (prefix != null) {
            String name = prefix + sigmaField;
            if (Fields.isValidName(name)) {
                return List.of(name);
            }
        }
        if (Fields.isValidName(sigmaField) && Fields.find(sigmaField).isPresent()) {
            return List.of(sigmaField);
        }
        return List.of();
    }

    /**
     * The medsoc field for a Sigma field: the first of {@link #fieldsFor}, or the Sigma name itself when nothing maps
     * it (which then is either already a medsoc field name or will simply not occur in events).
     */
    public String map(LogSourceKey key, String sigmaField) {
        List<String> candidates = fieldsFor(key, sigmaField);
        return candidates.isEmpty() ? sigmaField : candidates.getFirst();
    }

    /**
     * A {@link FieldNameMapper} for rules of one log source: {@link #map} bound to {@code key}, for compiling a
     * rule's field names to medsoc names.
     */
    public FieldNameMapper fieldNameMapper(LogSourceKey key) {
        requireNonNull(key, "key is null");
        return sigmaField -> map(key, sigmaField);
    }

    /** The version of this set: {@code name@version} of every file, sorted by name and joined with {@code +}. */
    public String version() {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, String> v : versions.entrySet()) {
            if (!sb.isEmpty()) {
                sb.append('+');
            }
            sb.append(v.getKey()).append('@').append(v.getValue());
        }
        return sb.toString();
    }

    /** Version of each mapping file by its {@code name}. */
    public Map<String, String> versions() {
        return versions;
    }

    @Override
    public String toString() {
        return "MappingPipeline{" + version() + ", " + entries.size() + " log sources}";
    }
}
