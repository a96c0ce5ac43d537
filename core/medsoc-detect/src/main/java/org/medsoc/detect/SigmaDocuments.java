package org.medsoc.detect;

import java.util.ArrayList;
import java.util.List;

/**
 * The documents of one Sigma YAML file in order: detection rules, meta filters and correlations.
 *
 * @param documents every document, in file order
 */
public record SigmaDocuments(List<SigmaDocument> documents) {
    /** Creates the result; the list is copied. */
    public SigmaDocuments {
        documents = List.copyOf(documents);
    }

    /** The detection rules, in file order. */
    public List<SigmaRule> rules() {
        return of(SigmaRule.class);
    }

    /** The meta filters, in file order. */
    public List<SigmaFilter> filters() {
        return of(SigmaFilter.class);
    }

    /** The correlations, in file order. */
    public List<SigmaCorrelation> correlations() {
        return of(SigmaCorrelation.class);
    }

    private <T extends SigmaDocument> List<T> of(Class<T> type) {
        List<T> out = new ArrayList<>();
        for (SigmaDocument d : documents) {
            if (type.isInstance(d)) {
                out.add(type.cast(d));
            }
        }
        return List.copyOf(out);
    }
}
