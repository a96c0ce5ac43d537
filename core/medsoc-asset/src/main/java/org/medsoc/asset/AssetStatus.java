package org.medsoc.asset;

/** Where an asset is in its life. */
public enum AssetStatus {
    /** Discovered (passively from events, or by a scanner) and not yet confirmed in the ledger. */
    CANDIDATE,
    /** Confirmed: in the ledger and in service. */
    ACTIVE,
    /** Taken out of service; kept for history, ignored by discovery merges and enrichment. */
    RETIRED
}
