package org.medsoc.detect.sigma;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.medsoc.detect.FieldNameMapper;
import org.medsoc.detect.Problem;
import org.medsoc.detect.SigmaRule;
import org.medsoc.detect.SigmaRule.DetectionItem;
import org.medsoc.detect.SigmaRule.SearchIdentifier;

/** Compiles a rule's detection block into one matcher tree, collecting problems. */
public final class RuleCompiler {
    /** The compiled tree, the mapped fields it reads and the first unsupported feature (or null). */
    public record Result(Matcher root, Set<String> fields, @Nullable String unsupported) {}

    private RuleCompiler() {}

    /** Compiles {@code rule}; problems go to {@code problems} (the result is then meaningless). */
    public static Result compile(SigmaRule rule, FieldNameMapper mapper, List<Problem> problems, AtomicLong regexAborts) {
        ItemCompiler items = new ItemCompiler(mapper, problems, regexAborts);
        Map<String, Matcher> identifiers = new LinkedHashMap<>();
        for (Map.Entry<String, SearchIdentifier> e : rule.detection().identifiers().entrySet()) {
            String path = "detection." + e.getKey();
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
        List<String> texts = rule.detection().conditions();
        for (int i = 0; i < texts.size(); i++) {
            String path = texts.size() == 1 ? "detection.condition" : "detection.condition[" + i + "]";
            Matcher m = ConditionParser.parse(texts.get(i), path, identifiers, problems);
            if (m != null) {
                conditions.add(m);
            }
        }
        Matcher root = conditions.isEmpty() ? event -> false : Logic.or(conditions);
        return new Result(root, Set.copyOf(items.fields()), items.unsupported());
    }

    private static String key(DetectionItem item) {
        StringBuilder b = new StringBuilder(item.field() == null ? "" : item.field());
        for (String m : item.modifiers()) {
            b.append('|').append(m);
        }
        return b.toString();
    }
}
