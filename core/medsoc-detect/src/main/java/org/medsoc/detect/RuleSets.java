package org.medsoc.detect;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.medsoc.spi.error.MedsocException;

/** Loads Sigma rule sets: medsoc's built-in rules and folders of rule files. */
public final class RuleSets {
    private static final String BUILTIN = "/rules/builtin/";

    private RuleSets() {}

    /** A loaded set: the detection rules, meta filters and correlation rules that parsed and, per refused file, why. */
    public record Loaded(List<SigmaRule> rules, List<SigmaFilter> filters, List<SigmaCorrelation> correlations,
            List<Detector.Refusal> refused) {
        public Loaded {
            rules = List.copyOf(rules);
            filters = List.copyOf(filters);
            correlations = List.copyOf(correlations);
            refused = List.copyOf(refused);
        }

        /** A set of detection rules only. */
        public Loaded(List<SigmaRule> rules, List<Detector.Refusal> refused) {
            this(rules, List.of(), List.of(), refused);
        }

        /** Every document of the set. */
        public List<SigmaDocument> documents() {
            List<SigmaDocument> all = new ArrayList<>(rules);
            all.addAll(filters);
            all.addAll(correlations);
            return all;
        }
    }

    /** medsoc's own rules shipped in the jar (listed in {@code rules/builtin/index.txt}). */
    public static Loaded builtin() {
        List<SigmaDocument> docs = new ArrayList<>();
        List<Detector.Refusal> refused = new ArrayList<>();
        try (InputStream index = RuleSets.class.getResourceAsStream(BUILTIN + "index.txt")) {
            if (index == null) {
                return loaded(docs, refused);
            }
            for (String name : new String(index.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                String file = name.strip();
                if (file.isEmpty()) {
                    continue;
                }
                try (InputStream in = RuleSets.class.getResourceAsStream(BUILTIN + file)) {
                    if (in == null) {
                        refused.add(new Detector.Refusal(file, "listed in index.txt but missing from the jar"));
                        continue;
                    }
                    add(new String(in.readAllBytes(), StandardCharsets.UTF_8), "builtin:" + file, docs, refused);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return loaded(docs, refused);
    }

    /** Every {@code .yml}/{@code .yaml} file under a folder, recursively. */
    public static Loaded folder(Path dir) {
        List<SigmaDocument> docs = new ArrayList<>();
        List<Detector.Refusal> refused = new ArrayList<>();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".yml") || p.toString().endsWith(".yaml"))
                    .sorted()
                    .toList()) {
                add(Files.readString(f, StandardCharsets.UTF_8), f.toString(), docs, refused);
            }
        } catch (IOException e) {
            throw new MedsocException(DetectErrorCode.RULE_NOT_READABLE, "cannot read rules under " + dir + ": " + e, e);
        }
        return loaded(docs, refused);
    }

    private static Loaded loaded(List<SigmaDocument> docs, List<Detector.Refusal> refused) {
        List<SigmaRule> rules = new ArrayList<>();
        List<SigmaFilter> filters = new ArrayList<>();
        List<SigmaCorrelation> correlations = new ArrayList<>();
        for (SigmaDocument d : docs) {
            switch (d) {
                case SigmaRule r -> rules.add(r);
                case SigmaFilter f -> filters.add(f);
                case SigmaCorrelation c -> correlations.add(c);
            }
        }
        return new Loaded(rules, filters, correlations, refused);
    }

    private static void add(String yaml, String origin, List<SigmaDocument> docs, List<Detector.Refusal> refused) {
        try {
            docs.addAll(SigmaRules.parseDocuments(yaml, origin).documents());
        } catch (MedsocException e) {
            refused.add(new Detector.Refusal(origin, String.valueOf(e.getMessage())));
        }
    }
}
