package org.medsoc.intel;

/** Who reported a sighting. */
public enum SightingOrigin {
    /** The ingest pipeline, when an event matched the indicator. */
    AUTOMATIC,
    /** An analyst, through the API or the console. */
    USER,
    /** Another system: a federated node, a polled feed, a TAXII partner. */
    NODE
}
