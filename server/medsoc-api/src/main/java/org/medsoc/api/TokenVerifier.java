package org.medsoc.api;

/** Decides whether a bearer token grants access to the API. */
@FunctionalInterface
public interface TokenVerifier {
    /** True when the token is valid. Implementations compare in constant time and never log the token. */
    boolean verify(String token);
}
