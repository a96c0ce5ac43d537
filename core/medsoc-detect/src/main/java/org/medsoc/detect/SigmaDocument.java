package org.medsoc.detect;

import org.jspecify.annotations.Nullable;

/** One document of a Sigma YAML file: a detection rule, a meta filter or a correlation rule. */
public sealed interface SigmaDocument permits SigmaRule, SigmaFilter, SigmaCorrelation {
    /** The document's {@code id}, or null when it has none. */
    @Nullable String id();

    /** The document's {@code name} (how correlations and filters may reference it), or null. */
    @Nullable String name();

    /** The title. */
    String title();

    /** Where the document came from (file path or other label, with the document index in multi-document files). */
    String origin();

    /** How messages and refusals name this document: its id, else its name, else its origin. */
    default String label() {
        String id = id();
        if (id != null) {
            return id;
        }
        String name = name();
        return name != null ? name : origin();
    }

    /** Whether {@code reference} (from a correlation's or filter's {@code rules}) designates this document. */
    default boolean isReferencedBy(String reference) {
        return reference.equals(id()) || reference.equals(name());
    }
}
