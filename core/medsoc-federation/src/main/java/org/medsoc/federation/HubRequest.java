package org.medsoc.federation;

import static java.util.Objects.requireNonNull;

import java.util.Map;

/**
 * A request to the hub as any HTTP server hands it over.
 *
 * @param method the HTTP method
 * @param pathWithQuery the request target exactly as received (path and raw query), which the node signed
 * @param headers the headers (first value of each; names in any case)
 * @param body the body bytes, empty when none
 */
public record HubRequest(String method, String pathWithQuery, Map<String, String> headers, byte[] body) {
    /** Checks the parts. */
    public HubRequest {
        requireNonNull(method, "method is null");
        requireNonNull(pathWithQuery, "pathWithQuery is null");
        headers = Map.copyOf(requireNonNull(headers, "headers is null"));
        requireNonNull(body, "body is null");
    }
}
