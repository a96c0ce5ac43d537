package org.medsoc.identity;

/** How a principal proved who it is. */
public enum AuthenticationMethod {
    /** A session token from a password login. */
    SESSION,
    /** A personal API token (possibly narrowed to a subset of the user's permissions). */
    API_TOKEN,
    /** The node's bootstrap bearer token ({@code MEDSOC_BOOTSTRAP_TOKEN}). */
    BOOTSTRAP
}
