package org.medsoc.journal;

/**
 * A point-in-time view of a journal's counters; counters count since {@link Journal#open}.
 *
 * @param bytesOnDisk bytes of all segment files
 * @param segments number of segment files
 * @param lastSequence sequence of the last appended record
 * @param durableSequence sequence through which records are fsynced (readable)
 * @param checkpoint the consumer's persisted position
 * @param appendedRecords records appended
 * @param appendedBytes record bytes appended (with framing)
 * @param fsyncs data syncs of segment files
 * @param fullRejections batches rejected with {@link JournalErrorCode#JOURNAL_FULL}
 * @param corruptRecordsSkipped corrupt regions readers skipped (each counted once per reader that met it)
 * @param truncatedTailBytes bytes of a torn tail cut off when the journal was opened
 */
public record JournalStats(
        long bytesOnDisk,
        int segments,
        long lastSequence,
        long durableSequence,
        long checkpoint,
        long appendedRecords,
        long appendedBytes,
        long fsyncs,
        long fullRejections,
        long corruptRecordsSkipped,
        long truncatedTailBytes) {}
