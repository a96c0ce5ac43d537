package org.medsoc.intel;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/** A TAXII answer: HTTP status, headers (always with {@code Content-Type}) and body. */
public record TaxiiResponse(int status, Map<String, String> headers, byte[] body) {
    public TaxiiResponse {
        headers = Map.copyOf(requireNonNull(headers, "headers is null"));
        requireNonNull(body, "body is null");
    }

    /** The body as UTF-8 text. */
    public String text() {
        return new String(body, StandardCharsets.UTF_8);
    }
}
