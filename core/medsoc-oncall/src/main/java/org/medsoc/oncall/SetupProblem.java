package org.medsoc.oncall;

import static java.util.Objects.requireNonNull;

/**
 * One finding of {@link OnCallDirectory#check}: an error prevents registering the setup, a warning does not.
 *
 * @param level error or warning
 * @param where what the problem is about ({@code roster.shifts[2]}, {@code contacts[li.wei].channels[0]})
 * @param message what is wrong and what to do
 */
public record SetupProblem(Level level, String where, String message) {
    /** How serious a problem is. */
    public enum Level {
        /** The setup cannot be used. */
        ERROR,
        /** The setup works but probably not as intended (for example a time nobody is on duty). */
        WARNING
    }

    /** Validates the values. */
    public SetupProblem {
        requireNonNull(level, "level is null");
        requireNonNull(where, "where is null");
        requireNonNull(message, "message is null");
    }

    @Override
    public String toString() {
        return level + " " + where + ": " + message;
    }
}
