package org.medsoc.detect;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Locates shared Sigma data and reads test resources. */
final class SigmaTestData {
    private SigmaTestData() {}

    static Path shared(String relative) {
        return Path.of(System.getProperty("medsoc.shared", "../../../shared")).resolve("sigma").resolve(relative);
    }

    static String resource(String name) {
        try (var in = SigmaTestData.class.getResourceAsStream("/sigma/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("missing test resource /sigma/" + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
