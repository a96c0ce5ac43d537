package org.medsoc.intel;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A TAXII request as any HTTP server hands it over.
 *
 * @param method the HTTP method
 * @param path the path below the TAXII mount point, starting with '/' ({@code /} is discovery,
 *     {@code /hospital-a/collections/} a collection list)
 * @param query the decoded query parameters, each with all its values
 * @param headers the headers (first value of each); looked up case-insensitively
 * @param body the body bytes, empty when none
 * @param caller who is calling, as authenticated by the server
 */
public record TaxiiRequest(
        String method, String path, Map<String, List<String>> query, Map<String, String> headers, byte[] body,
        TaxiiCaller caller) {
    public TaxiiRequest {
        requireNonNull(method, "method is null");
        requireNonNull(path, "path is null");
        query = Map.copyOf(requireNonNull(query, "query is null"));
        TreeMap<String, String> h = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        h.putAll(requireNonNull(headers, "headers is null"));
        headers = java.util.Collections.unmodifiableMap(h);
        requireNonNull(body, "body is null");
        requireNonNull(caller, "caller is null");
    }

    /** A header's value (names compared without case). */
    public Optional<String> header(String name) {
        return Optional.ofNullable(headers.get(name));
    }

    /** The first value of a query parameter. */
    public Optional<String> parameter(String name) {
        List<String> v = query.get(name);
        return v == null || v.isEmpty() ? Optional.empty() : Optional.of(v.get(0));
    }
}
