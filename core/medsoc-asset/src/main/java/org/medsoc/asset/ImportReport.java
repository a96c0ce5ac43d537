package org.medsoc.asset;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * What an import did, or why it did nothing. Imports are all-or-nothing: when any row is rejected, nothing is
 * written ({@link #applied()} is false, the counts are zero) and every rejected row is listed.
 *
 * @param applied whether the import was written
 * @param created assets created
 * @param updated assets changed
 * @param unchanged rows that matched an asset and changed nothing
 * @param rejected rows refused, with the reason, in file order
 * @param ignoredColumns header columns that are not ledger columns (kept out of the import)
 * @param charset the character set the file was read in ({@code UTF-8} or {@code GB18030}); empty for
 *     non-file imports
 */
public record ImportReport(
        boolean applied, int created, int updated, int unchanged, List<RejectedRow> rejected,
        List<String> ignoredColumns, String charset) {
    /** Copies the lists. */
    public ImportReport {
        rejected = List.copyOf(rejected);
        ignoredColumns = List.copyOf(ignoredColumns);
        requireNonNull(charset, "charset is null");
    }

    /**
     * One refused row.
     *
     * @param row the row number in the file, counting the header as row 1 (for discovered hosts, the 1-based
     *     position in the list)
     * @param column the column header as written in the file, empty when the row as a whole is wrong
     * @param reason what is wrong and what is expected
     */
    public record RejectedRow(long row, String column, String reason) {
        /** Checks the values are present. */
        public RejectedRow {
            requireNonNull(column, "column is null");
            requireNonNull(reason, "reason is null");
        }

        @Override
        public String toString() {
            return "row " + row + (column.isEmpty() ? "" : ", column " + column) + ": " + reason;
        }
    }
}
