package org.medsoc.asset;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * One recorded change of one field of an asset. Values are in the display form of the ledger (lists joined with
 * {@code "; "}); creation records every non-empty field with an empty old value.
 *
 * @param id increasing id of the change
 * @param assetId the asset
 * @param field the ledger column name of the field ({@code owner}, {@code ip}, {@code status}, …)
 * @param oldValue the value before, empty when there was none
 * @param newValue the value after, empty when removed
 * @param actor who made the change (a user name, or the import that did)
 * @param source what made it
 * @param changedAt when
 */
public record AssetChange(
        long id, long assetId, String field, String oldValue, String newValue, String actor, ChangeSource source,
        Instant changedAt) {
    /** Checks the values are present. */
    public AssetChange {
        requireNonNull(field, "field is null");
        requireNonNull(oldValue, "oldValue is null");
        requireNonNull(newValue, "newValue is null");
        requireNonNull(actor, "actor is null");
        requireNonNull(source, "source is null");
        requireNonNull(changedAt, "changedAt is null");
    }
}
