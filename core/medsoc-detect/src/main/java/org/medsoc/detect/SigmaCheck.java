package org.medsoc.detect;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.medsoc.spi.error.MedsocException;

/**
 * Checks a directory of Sigma files: which rules compile, which are unsupported (and why), which are invalid; meta
 * filters and correlations that validate count as compiled.
 */
public final class SigmaCheck {
    private SigmaCheck() {}

    /** What happened to one rule file. */
    public sealed interface Outcome {
        /** The rule parsed and compiled. */
        record Compiled(CompiledRule rule) implements Outcome {}

        /** The rule is valid but uses an unsupported feature. */
        record Unsupported(String reason) implements Outcome {}

        /** The rule is invalid. */
        record Invalid(List<Problem> problems) implements Outcome {}
    }

    /** The outcome for one file. */
    public record FileOutcome(Path file, Outcome outcome) {}

    /** A meta filter or correlation rule that parsed and validated (its references are resolved at load time). */
    public record MetaOutcome(Path file, SigmaDocument document) {}

    /**
     * The outcomes of a whole directory, in path order: one {@link FileOutcome} per detection rule (several for a
     * multi-document file) or per file that failed as a whole, and the valid meta filters and correlations.
     */
    public record Report(List<FileOutcome> files, List<MetaOutcome> meta) {
        /** Creates the report; the lists are copied. */
        public Report {
            files = List.copyOf(files);
            meta = List.copyOf(meta);
        }

        /** A report without meta documents. */
        public Report(List<FileOutcome> files) {
            this(files, List.of());
        }

        /** Number of detection-rule outcomes of the given type (meta documents are counted by {@link #meta()}). */
        public long count(Class<? extends Outcome> type) {
            return files.stream().filter(f -> type.isInstance(f.outcome())).count();
        }

        /** {@code N rules: C compiled, U unsupported, I invalid}; valid filters and correlations count as compiled. */
        public String summary() {
            return (files.size() + meta.size()) + " rules: " + (count(Outcome.Compiled.class) + meta.size())
                    + " compiled, " + count(Outcome.Unsupported.class) + " unsupported, "
                    + count(Outcome.Invalid.class) + " invalid";
        }
    }

    /** Compiles every {@code .yml}/{@code .yaml} file under {@code directory} with {@code mapper}. */
    public static Report check(Path directory, FieldNameMapper mapper) {
        requireNonNull(directory, "directory is null");
        requireNonNull(mapper, "mapper is null");
        List<Path> files;
        try (Stream<Path> walk = Files.walk(directory)) {
            files = walk.filter(Files::isRegularFile)
                    .filter(p -> p.toString().endsWith(".yml") || p.toString().endsWith(".yaml"))
                    .sorted()
                    .toList();
        } catch (IOException | UncheckedIOException e) {
            throw new MedsocException(DetectErrorCode.RULE_NOT_READABLE,
                    "cannot list Sigma rules under " + directory + "; check the path and permissions", e);
        }
        List<FileOutcome> outcomes = new ArrayList<>(files.size());
        List<MetaOutcome> meta = new ArrayList<>();
        for (Path file : files) {
            checkDocuments(file, mapper, readRule(file), outcomes, meta);
        }
        return new Report(outcomes, meta);
    }

    private static void checkDocuments(Path file, FieldNameMapper mapper, String yaml, List<FileOutcome> outcomes,
            List<MetaOutcome> meta) {
        SigmaDocuments documents;
        try {
            documents = SigmaRules.parseDocuments(yaml, file.toString());
        } catch (ValidationException e) {
            outcomes.add(new FileOutcome(file, new Outcome.Invalid(e.problems())));
            return;
        } catch (UnsupportedRuleException e) {
            outcomes.add(new FileOutcome(file, new Outcome.Unsupported(e.reason())));
            return;
        }
        for (SigmaDocument document : documents.documents()) {
            switch (document) {
                case SigmaRule rule -> outcomes.add(new FileOutcome(file, compile(rule, mapper)));
                case SigmaFilter filter -> meta.add(new MetaOutcome(file, filter));
                case SigmaCorrelation correlation -> meta.add(new MetaOutcome(file, correlation));
            }
        }
    }

    private static Outcome compile(SigmaRule rule, FieldNameMapper mapper) {
        try {
            return new Outcome.Compiled(SigmaRules.compile(rule, mapper));
        } catch (ValidationException e) {
            return new Outcome.Invalid(e.problems());
        } catch (UnsupportedRuleException e) {
            return new Outcome.Unsupported(e.reason());
        }
    }

    /** Parses and compiles one rule text. */
    public static Outcome check(Path origin, FieldNameMapper mapper, String yaml) {
        try {
            return new Outcome.Compiled(SigmaRules.compile(SigmaRules.parse(yaml, origin.toString()), mapper));
        } catch (ValidationException e) {
            return new Outcome.Invalid(e.problems());
        } catch (UnsupportedRuleException e) {
            return new Outcome.Unsupported(e.reason());
        }
    }

    private static String readRule(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new MedsocException(DetectErrorCode.RULE_NOT_READABLE,
                    "cannot read Sigma rule " + file + "; check that it is readable UTF-8", e);
        }
    }
}
