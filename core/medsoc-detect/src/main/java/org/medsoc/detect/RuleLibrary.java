package org.medsoc.detect;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.medsoc.detect.mapping.MappingPipeline;
import org.medsoc.spi.error.MedsocException;

/**
 * The rules a node runs and their state: medsoc's built-in rules, configured rule folders (read-only), and rule
 * packs uploaded at run time (kept under {@code <state dir>/packs/<name>/}); which rules are disabled (kept in
 * {@code <state dir>/disabled.txt}); and per-rule counters that survive reloads. {@link #build()} compiles the
 * enabled rules into a {@link Detector}; every change (enable, disable, upload, delete) rebuilds it and hands it to
 * the listener, which swaps it into the pipeline between batches, so rules change without a restart or a lost event.
 * A rule id defined twice is taken once (first source wins: built-in, folders, packs by name) and the duplicate is
 * reported. Thread-safe.
 */
public final class RuleLibrary {
    private static final Pattern PACK_NAME = Pattern.compile("[a-z0-9][a-z0-9_.-]{0,63}");
    private static final int MAX_PACK_FILES = 10_000;

    /**
     * One rule as the library knows it.
     *
     * @param kind {@code detection}, {@code filter} or {@code correlation}
     * @param logsource {@code product/category/service} ({@code *} for absent parts); for correlations
     *     {@code correlation/<type>}
     * @param counters evaluations, matches and time of a detection rule (zero for filters and correlations)
     * @param correlation the state of a correlation (groups and events held, evictions, matches), else null
     */
    public record Entry(
            String key, @Nullable String id, String kind, String title, @Nullable String level,
            @Nullable String status, List<String> tags, String logsource, String source, String origin,
            boolean enabled, @Nullable String refusal, RuleStatistics.Snapshot counters,
            CorrelationState.@Nullable Entry correlation) {}

    /** What an upload installed: rules taken, and rules kept but not runnable (with reasons). */
    public record UploadResult(String pack, int rules, List<Detector.Refusal> refused) {}

    private record Loaded(SigmaDocument doc, String source, String text) {
        String key() {
            return RuleLibrary.key(doc);
        }
    }

    private final Path stateDir;
    private final boolean builtin;
    private final List<Path> folders;
    private final Supplier<MappingPipeline> mappings;
    private Placeholders placeholders;
    private final CorrelationLimits limits;
    private final RuleStatistics statistics = new RuleStatistics();
    private final java.util.function.Consumer<ActiveRules> listener;
    private final Set<String> disabled = new TreeSet<>();
    private ActiveRules current;
    private List<Loaded> loaded = List.of();
    private List<Detector.Refusal> unreadable = List.of();

    private RuleLibrary(Path stateDir, boolean builtin, List<Path> folders, Supplier<MappingPipeline> mappings,
            Placeholders placeholders, CorrelationLimits limits, java.util.function.Consumer<ActiveRules> listener) {
        this.stateDir = stateDir;
        this.builtin = builtin;
        this.folders = List.copyOf(folders);
        this.mappings = mappings;
        this.placeholders = placeholders;
        this.limits = limits;
        this.listener = listener;
        this.current = ActiveRules.of(Detector.create(List.of(), MappingPipeline.loadDefaults()));
    }

    /**
     * Opens the library, reads its state and builds the first rule set (handed to {@code listener} before this
     * returns).
     *
     * @param stateDir where uploaded packs and the disabled list live (created if missing)
     * @param builtin whether medsoc's built-in rules are part of the library
     * @param folders rule folders from the configuration, read on every rebuild
     * @param placeholders values of {@code |expand} placeholders
     * @param limits bounds of correlation state
     * @param listener receives every new rule set
     */
    public static RuleLibrary open(Path stateDir, boolean builtin, List<Path> folders, MappingPipeline mappings,
            Placeholders placeholders, CorrelationLimits limits, java.util.function.Consumer<ActiveRules> listener) {
        requireNonNull(mappings, "mappings is null");
        RuleLibrary library = new RuleLibrary(requireNonNull(stateDir, "stateDir is null"), builtin, folders,
                () -> mappings, requireNonNull(placeholders, "placeholders is null"),
                requireNonNull(limits, "limits is null"), requireNonNull(listener, "listener is null"));
        library.readDisabled();
        library.rebuild();
        return library;
    }

    /** Opens a library without placeholders and with default correlation limits. */
    public static RuleLibrary open(Path stateDir, boolean builtin, List<Path> folders, MappingPipeline mappings,
            java.util.function.Consumer<ActiveRules> listener) {
        return open(stateDir, builtin, folders, mappings, Placeholders.none(), CorrelationLimits.defaults(), listener);
    }

    /** The detector built from the enabled rules, as last handed to the listener. */
    public synchronized Detector detector() {
        return current.detector();
    }

    /** The rule set last handed to the listener. */
    public synchronized ActiveRules active() {
        return current;
    }

    /** The per-rule counters shared by every detector this library builds. */
    public RuleStatistics statistics() {
        return statistics;
    }

    /** Rereads every source and rebuilds the detector (e.g. after rule files changed on disk). */
    public synchronized Detector reload() {
        rebuild();
        return current.detector();
    }

    /** The values {@code |expand} placeholders resolve to in the current rule set. */
    public synchronized Placeholders placeholders() {
        return placeholders;
    }

    /**
     * Rebuilds the rule set with new placeholder values (e.g. from a hub policy); the new set goes to the listener
     * like every other rebuild, between two batches.
     */
    public synchronized Detector placeholders(Placeholders values) {
        this.placeholders = requireNonNull(values, "values is null");
        rebuild();
        return current.detector();
    }

    /** Every rule of every source, including disabled and refused ones, ordered by source then title. */
    public synchronized List<Entry> list() {
        Map<String, String> refusals = new LinkedHashMap<>();
        for (Detector.Refusal r : current.detector().refused()) {
            refusals.putIfAbsent(r.rule(), r.reason());
        }
        for (Detector.Refusal r : current.correlator().refused()) {
            refusals.putIfAbsent(r.rule(), r.reason());
        }
        Map<String, CorrelationState.Entry> states = new LinkedHashMap<>();
        for (CorrelationState.Entry e : current.correlator().stats().correlations()) {
            states.put(e.correlation(), e);
        }
        RuleStatistics.Snapshot zero = new RuleStatistics.Snapshot(0, 0, 0);
        List<Entry> entries = new ArrayList<>();
        for (Loaded l : loaded) {
            String key = l.key();
            boolean enabled = !disabled.contains(key);
            Entry entry = switch (l.doc()) {
                case SigmaRule r -> new Entry(key, r.id(), "detection", r.title(), r.level(), r.status(), r.tags(),
                        logsource(r.logsource()), l.source(), r.origin(), enabled, refusals.get(key),
                        statistics.snapshot(key).orElse(zero), null);
                case SigmaFilter f -> new Entry(key, f.id(), "filter", f.title(), null, null, List.of(),
                        logsource(f.logsource()), l.source(), f.origin(), enabled, refusals.get(key), zero, null);
                case SigmaCorrelation c -> new Entry(key, c.id(), "correlation", c.title(), c.level(), c.status(),
                        c.tags(), "correlation/" + c.type().name().toLowerCase(java.util.Locale.ROOT), l.source(),
                        c.origin(), enabled, refusals.get(key), zero, states.get(key));
            };
            entries.add(entry);
        }
        return entries;
    }

    private static String logsource(SigmaRule.LogSource ls) {
        return String.join("/", Stream.of(ls.product(), ls.category(), ls.service())
                .map(v -> v == null ? "*" : v).toList());
    }

    /** The key a document is managed under: a rule's id (else origin), a filter's or correlation's label. */
    static String key(SigmaDocument d) {
        return d instanceof SigmaRule r ? RuleStatistics.key(r) : d.label();
    }

    /** Files that could not be read as rules, with reasons (they are not part of {@link #list()}). */
    public synchronized List<Detector.Refusal> unreadable() {
        return unreadable;
    }

    /** One rule by key (id, or origin for rules without one). */
    public synchronized Optional<Entry> find(String key) {
        return list().stream().filter(e -> e.key().equals(key)).findFirst();
    }

    /** The YAML text of a rule. */
    public synchronized Optional<String> text(String key) {
        return loaded.stream().filter(l -> l.key().equals(key)).map(Loaded::text).findFirst();
    }

    /** Enables or disables a rule (persisted), rebuilding the detector; answers the rule's new entry. */
    public synchronized Entry enable(String key, boolean enabled) {
        if (loaded.stream().noneMatch(l -> l.key().equals(key))) {
            throw new MedsocException(DetectErrorCode.RULE_NOT_FOUND, "no rule has id '" + key + "'");
        }
        boolean changed = enabled ? disabled.remove(key) : disabled.add(key);
        if (changed) {
            writeDisabled();
            rebuild();
        }
        return find(key).orElseThrow();
    }

    /** Names of the uploaded packs. */
    public synchronized List<String> packs() {
        Path dir = stateDir.resolve("packs");
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(Files::isDirectory).map(p -> p.getFileName().toString())
                    .filter(n -> PACK_NAME.matcher(n).matches()).sorted().toList();
        } catch (IOException e) {
            throw new MedsocException(DetectErrorCode.RULE_NOT_READABLE, "cannot list rule packs in " + dir + ": " + e, e);
        }
    }

    /**
     * Installs (or replaces) a rule pack: {@code files} maps relative file names to YAML text. Every file is parsed
     * first; if any is invalid nothing is installed and the exception lists every problem of every file. Rules whose
     * log source or fields have no mapping are installed but reported as refused (they show in {@link #list()} with
     * their reason).
     */
    public synchronized UploadResult upload(String pack, Map<String, String> files) {
        validatePackName(pack);
        if (files.isEmpty()) {
            throw new MedsocException(DetectErrorCode.RULE_PACK_INVALID, "rule pack '" + pack + "' holds no .yml file");
        }
        if (files.size() > MAX_PACK_FILES) {
            throw new MedsocException(DetectErrorCode.RULE_PACK_INVALID,
                    "rule pack '" + pack + "' holds " + files.size() + " files; at most " + MAX_PACK_FILES);
        }
        List<String> problems = new ArrayList<>();
        List<SigmaDocument> parsed = new ArrayList<>();
        Map<String, String> ids = new LinkedHashMap<>();
        files.forEach((name, text) -> {
            String safe = safeName(name);
            if (safe == null) {
                problems.add(name + ": not a safe relative .yml/.yaml file name");
                return;
            }
            try {
                for (SigmaDocument doc : SigmaRules.parseDocuments(text, "pack:" + pack + "/" + safe).documents()) {
                    String previous = ids.put(key(doc), safe);
                    if (previous != null) {
                        problems.add(safe + ": rule id " + key(doc) + " is also defined in " + previous);
                    }
                    parsed.add(doc);
                }
            } catch (MedsocException e) {
                problems.add(safe + ": " + e.getMessage());
            }
        });
        if (!problems.isEmpty()) {
            throw new MedsocException(DetectErrorCode.RULE_PACK_INVALID, "rule pack '" + pack + "' was not installed: "
                    + problems.size() + " file(s) invalid: " + String.join("; ", problems));
        }
        Path packs = stateDir.resolve("packs");
        Path target = packs.resolve(pack);
        Path staging = packs.resolve("." + pack + ".staging");
        try {
            Files.createDirectories(packs);
            deleteTree(staging);
            for (Map.Entry<String, String> f : files.entrySet()) {
                Path file = staging.resolve(safeName(f.getKey()));
                Files.createDirectories(file.getParent());
                Files.writeString(file, f.getValue(), StandardCharsets.UTF_8);
            }
            Path old = packs.resolve("." + pack + ".old");
            deleteTree(old);
            if (Files.exists(target)) {
                Files.move(target, old, StandardCopyOption.ATOMIC_MOVE);
            }
            move(staging, target);
            deleteTree(old);
        } catch (IOException e) {
            throw new MedsocException(DetectErrorCode.RULE_STATE_NOT_WRITABLE,
                    "cannot install rule pack '" + pack + "' under " + packs + ": " + e, e);
        }
        rebuild();
        Set<String> keys = new TreeSet<>();
        parsed.forEach(d -> keys.add(key(d)));
        List<Detector.Refusal> refused = new ArrayList<>();
        Stream.concat(current.detector().refused().stream(), current.correlator().refused().stream())
                .filter(r -> keys.contains(r.rule())).forEach(refused::add);
        return new UploadResult(pack, parsed.size(), refused);
    }

    /** Removes an uploaded pack and its rules. */
    public synchronized void deletePack(String pack) {
        validatePackName(pack);
        Path target = stateDir.resolve("packs").resolve(pack);
        if (!Files.isDirectory(target)) {
            throw new MedsocException(DetectErrorCode.RULE_NOT_FOUND, "no rule pack is named '" + pack + "'");
        }
        try {
            deleteTree(target);
        } catch (IOException e) {
            throw new MedsocException(DetectErrorCode.RULE_STATE_NOT_WRITABLE, "cannot delete rule pack " + target + ": " + e, e);
        }
        rebuild();
    }

    private void rebuild() {
        List<Loaded> all = new ArrayList<>();
        List<Detector.Refusal> bad = new ArrayList<>();
        Set<String> seen = new TreeSet<>();
        if (builtin) {
            RuleSets.Loaded b = RuleSets.builtin();
            bad.addAll(b.refused());
            add(b.documents(), "builtin", all, bad, seen);
        }
        for (Path folder : folders) {
            RuleSets.Loaded f = RuleSets.folder(folder);
            bad.addAll(f.refused());
            add(f.documents(), "folder:" + folder, all, bad, seen);
        }
        for (String pack : packs()) {
            RuleSets.Loaded p = RuleSets.folder(stateDir.resolve("packs").resolve(pack));
            bad.addAll(p.refused());
            add(p.documents(), "pack:" + pack, all, bad, seen);
        }
        all.sort(Comparator.comparing(Loaded::source).thenComparing(l -> l.doc().title()));
        List<SigmaRule> rules = new ArrayList<>();
        List<SigmaFilter> filters = new ArrayList<>();
        List<SigmaCorrelation> correlations = new ArrayList<>();
        for (Loaded l : all) {
            if (disabled.contains(l.key())) {
                continue;
            }
            switch (l.doc()) {
                case SigmaRule r -> rules.add(r);
                case SigmaFilter f -> filters.add(f);
                case SigmaCorrelation c -> correlations.add(c);
            }
        }
        Detector detector = Detector.create(rules, filters, mappings.get(), placeholders).withStatistics(statistics);
        Correlator correlator = Correlator.create(correlations, rules, limits);
        this.loaded = List.copyOf(all);
        this.unreadable = List.copyOf(bad);
        this.current = new ActiveRules(detector, correlator);
        listener.accept(current);
    }

    private static void add(List<SigmaDocument> docs, String source, List<Loaded> into, List<Detector.Refusal> bad,
            Set<String> seen) {
        for (SigmaDocument d : docs) {
            String key = key(d);
            if (!seen.add(key)) {
                bad.add(new Detector.Refusal(d.origin(), "rule id " + key + " is already defined by another rule; "
                        + "this copy from " + source + " is ignored"));
                continue;
            }
            into.add(new Loaded(d, source, text(d)));
        }
    }

    private static String text(SigmaDocument doc) {
        String origin = doc.origin();
        int hash = origin.lastIndexOf('#');
        if (hash > 0 && origin.substring(hash + 1).chars().allMatch(Character::isDigit)) {
            origin = origin.substring(0, hash); // a document of a multi-document file: the whole file
        }
        if (origin.startsWith("builtin:")) {
            try (var in = RuleLibrary.class.getResourceAsStream("/rules/builtin/" + origin.substring(8))) {
                return in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "";
            }
        }
        try {
            return Files.readString(Path.of(origin), StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    private void readDisabled() {
        Path file = stateDir.resolve("disabled.txt");
        if (!Files.exists(file)) {
            return;
        }
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                String key = line.strip();
                if (!key.isEmpty() && !key.startsWith("#")) {
                    disabled.add(key);
                }
            }
        } catch (IOException e) {
            throw new MedsocException(DetectErrorCode.RULE_NOT_READABLE, "cannot read " + file + ": " + e, e);
        }
    }

    private void writeDisabled() {
        Path file = stateDir.resolve("disabled.txt");
        Path tmp = stateDir.resolve("disabled.txt.tmp");
        try {
            Files.createDirectories(stateDir);
            StringBuilder sb = new StringBuilder("# rules disabled through the API, one id per line\n");
            disabled.forEach(k -> sb.append(k).append('\n'));
            Files.writeString(tmp, sb, StandardCharsets.UTF_8);
            move(tmp, file);
        } catch (IOException e) {
            throw new MedsocException(DetectErrorCode.RULE_STATE_NOT_WRITABLE, "cannot write " + file + ": " + e, e);
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static void validatePackName(String pack) {
        if (!PACK_NAME.matcher(pack).matches()) {
            throw new MedsocException(DetectErrorCode.RULE_PACK_INVALID, "rule pack name '" + pack
                    + "' must be 1 to 64 characters of a-z, 0-9, '_', '.', '-' starting with a letter or digit");
        }
    }

    /** The normalised relative name, or null when the name could escape the pack folder or is not YAML. */
    private static @Nullable String safeName(String name) {
        String n = name.replace('\\', '/');
        while (n.startsWith("./")) {
            n = n.substring(2);
        }
        if (n.isEmpty() || n.startsWith("/") || n.contains("\0") || !(n.endsWith(".yml") || n.endsWith(".yaml"))) {
            return null;
        }
        for (String part : n.split("/")) {
            if (part.isEmpty() || part.equals("..") || part.equals(".") || part.startsWith(".")) {
                return null;
            }
        }
        return n;
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
