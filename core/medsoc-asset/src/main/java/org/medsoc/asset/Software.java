package org.medsoc.asset;

import static java.util.Objects.requireNonNull;

/**
 * A piece of software on an asset — middleware, a database or an open-source framework — with its version.
 *
 * @param name product name, for example {@code Tomcat}, {@code Oracle Database}, {@code log4j}
 * @param version version as reported, empty when unknown
 */
public record Software(String name, String version) {
    /** Strips the values and checks the name is not blank. */
    public Software {
        requireNonNull(name, "name is null");
        requireNonNull(version, "version is null");
        name = name.strip();
        version = version.strip();
        if (name.isEmpty()) {
            throw new IllegalArgumentException("software name is blank");
        }
    }

    /** {@code name version}, or the name alone when the version is unknown. */
    @Override
    public String toString() {
        return version.isEmpty() ? name : name + " " + version;
    }
}
