package org.medsoc.vuln;

import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;

/** Report files of this module's own under {@code src/test/resources/reports}. */
final class TestReports {
    private TestReports() {}

    static Path path(String name) {
        URL url = TestReports.class.getResource("/reports/" + name);
        if (url == null) {
            throw new IllegalArgumentException("test report not found: " + name);
        }
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
