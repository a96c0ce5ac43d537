package org.medsoc.asset;

/** What made a change to an asset. */
public enum ChangeSource {
    /** A person, through the API or UI. */
    MANUAL,
    /** A CSV ledger import. */
    CSV,
    /** An nmap (or other active scanner) import. */
    NMAP,
    /** Passive discovery from events. */
    PASSIVE
}
