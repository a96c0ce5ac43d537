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

/** Checks a directory of Sigma rules: which compile, which are unsupported (and why), which are invalid. */
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

    /** The outcomes of a whole directory, in path order. */
    public record Report(List<FileOutcome> files) {
        /** Creates the report; the list is copied. */
        public Report {
            files = List.copyOf(files);
        }

        /** Number of files with the given outcome type. */
        public long count(Class<? extends Outcome> type) {
            return files.stream().filter(f -> type.isInstance(f.outcome())).count();
        }

        /** {@code N rules: C compiled, U unsupported, I invalid}. */
        public String summary() {
            return files.size() + " rules: " + count(Outcome.Compiled.class) + " compiled, "
                    + count(Outcome.Unsupported.class) + " unsupported, " + count(Outcome.Invalid.class) + " invalid";
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
        for (Path file : files) {
            outcomes.add(new FileOutcome(file, check(file, mapper, readRule(file))));
        }
        return new Report(outcomes);
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
