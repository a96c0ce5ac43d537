package org.medsoc.vuln;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/** Locates the third-party scanner samples under {@code shared/samples/scans}, read in place (never copied). */
final class SharedSamples {
    private SharedSamples() {}

    static Path scan(String relative) {
        Path root = Path.of(System.getProperty("medsoc.shared", "../../../shared"), "samples", "scans");
        Path file = root.resolve(relative);
        assumeTrue(Files.isRegularFile(file),
                "scanner sample " + file + " not found (set -Dmedsoc.shared=DIR to the shared data folder); skipped");
        return file;
    }
}
