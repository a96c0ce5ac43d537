package org.medsoc.detect.sigma;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.medsoc.detect.FieldNameMapper;
import org.medsoc.detect.Placeholders;
import org.medsoc.detect.Problem;
import org.medsoc.detect.SigmaRule;
import org.medsoc.detect.SigmaRule.DetectionItem;
import org.medsoc.detect.SigmaRule.SearchIdentifier;

/** Compiles a rule's detection block into one matcher tree, collecting problems. */
public final class RuleCompiler {
    /**
     * The compiled tree, the mapped fields it reads, the first unsupported feature (or null) and the placeholders
     * without values.
     */
    public record Result(Matcher root, Set<String> fields, @Nullable String unsupported,
            Set<String> unresolvedPlaceholders) {}

    private RuleCompiler() {}

    /** Compiles {@code rule}; problems go to {@code problems} (the result is then meaningless). */
    public static Result compile(SigmaRule rule, FieldNameMapper mapper, List<Problem> problems, AtomicLong regexAborts) {
        return compile(rule.detection(), "detection", mapper, Placeholders.none(), problems, regexAborts);
    }

    /** Compiles {@code rule} expanding placeholders; problems go to {@code problems}. */
    public static Result compile(SigmaRule rule, FieldNameMapper mapper, Placeholders placeholders,
            List<Problem> problems, AtomicLong regexAborts) {
        return compile(rule.detection(), "detection", mapper, placeholders, problems, regexAborts);
    }

    /** Compiles a detection block (of a rule or a filter); problem paths start with {@code root.}. */
    public static Result compile(SigmaRule.Detection detection, String root, FieldNameMapper mapper,
            Placeholders placeholders, List<Problem> problems, AtomicLong regexAborts) {
        ItemCompiler items = new ItemCompiler(mapper, placeholders, problems, regexAborts);
        Map<String, Matcher> identifiers = new LinkedHashMap<>();
        for (Map.Entry<String, SearchIdentifier> e : detection.identifiers().entrySet()) {
            String path = root + "." + e.getKey();
            List<List<DetectionItem>> alternatives = e.getValue().alternatives();
            List<Matcher> ors = new ArrayList<>();
            for (int a = 0; a < alternatives.size(); a++) {
                String altPath = alternatives.size() == 1 ? path : path + "[" + a + "]";
                List<Matcher> ands = new ArrayList<>();
                for (DetectionItem item : alternatives.get(a)) {
                    String itemPath = item.field() == null && item.modifiers().isEmpty()
                            ? altPath : altPath + "." + key(item);
                    ands.add(items.compile(item, itemPath));
                }
                ors.add(Logic.and(ands));
            }
            identifiers.put(e.getKey(), ors.isEmpty() ? event -> false : Logic.or(ors));
        }
        List<Matcher> conditions = new ArrayList<>();
        List<String> texts = detection.conditions();
        for (int i = 0; i < texts.size(); i++) {
            String path = texts.size() == 1 ? root + ".condition" : root + ".condition[" + i + "]";
            Matcher m = ConditionParser.parse(texts.get(i), path, identifiers, problems);
            if (m != null) {
                conditions.add(m);
            }
        }
        Matcher tree = conditions.isEmpty() ? event -> false : Logic.or(conditions);
        return new Result(tree, Set.copyOf(items.fields()), items.unsupported(),
                Set.copyOf(items.unresolvedPlaceholders()));
    }

    private static String key(DetectionItem item) {
        StringBuilder b = new StringBuilder(item.field() == null ? "" : item.field());
        for (String m : item.modifiers()) {
            b.append('|').append(m);
        }
        return b.toString();
    }
}
