package org.medsoc.detect;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/** Resolves which meta filters apply to which rules, refusing filter references that resolve to nothing. */
final class FilterBinding {
    private FilterBinding() {}

    /** Filters by the rule (identity) they apply to; refusals for unknown references and log-source mismatches. */
    static Map<SigmaRule, List<SigmaFilter>> bind(List<SigmaRule> rules, List<SigmaFilter> filters,
            List<Detector.Refusal> refused) {
        Map<SigmaRule, List<SigmaFilter>> out = new IdentityHashMap<>();
        for (SigmaFilter filter : filters) {
            for (String reference : filter.rules()) {
                boolean found = false;
                for (SigmaRule rule : rules) {
                    if (!rule.isReferencedBy(reference)) {
                        continue;
                    }
                    found = true;
                    if (filter.appliesToLogSource(rule)) {
                        out.computeIfAbsent(rule, r -> new ArrayList<>()).add(filter);
                    } else {
                        refused.add(new Detector.Refusal(filter.label(), "filter '" + filter.title() + "' names rule "
                                + reference + " but its logsource " + filter.logsource() + " differs from the rule's "
                                + rule.logsource() + "; not applied — fix the filter's logsource"));
                    }
                }
                if (!found) {
                    refused.add(new Detector.Refusal(filter.label(), "filter '" + filter.title()
                            + "' names rule '" + reference + "', which is not loaded; check the id or name"));
                }
            }
        }
        return out;
    }
}
