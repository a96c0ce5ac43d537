package org.medsoc.detect.mapping;

import static java.util.Objects.requireNonNull;

import org.medsoc.spi.event.Event;

/**
 * Selects the medsoc events a Sigma log source applies to: the compiled condition of one mapping entry.
 *
 * <p>Thread-safe; {@link #matches} allocates nothing, so the detection engine can call it for every event.
 */
public final class LogSourceMatcher {
    private final LogSourceKey key;
    private final MappingCondition condition;
    private final String file;

    LogSourceMatcher(LogSourceKey key, MappingCondition condition, String file) {
        this.key = requireNonNull(key, "key is null");
        this.condition = requireNonNull(condition, "condition is null");
        this.file = requireNonNull(file, "file is null");
    }

    /** The log source this matcher was defined for. */
    public LogSourceKey key() {
        return key;
    }

    /** The condition over medsoc fields. */
    public MappingCondition condition() {
        return condition;
    }

    /** The mapping file that defines it. */
    public String file() {
        return file;
    }

    /** Whether the event belongs to this log source. */
    public boolean matches(Event event) {
        return condition.matches(event);
    }

    @Override
    public String toString() {
        return key + " → " + condition + " (" + file + ")";
    }
}
