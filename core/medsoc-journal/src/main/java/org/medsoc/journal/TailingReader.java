package org.medsoc.journal;

import static org.medsoc.journal.RecordFormat.INT;
import static org.medsoc.journal.RecordFormat.LONG;
import static org.medsoc.journal.RecordFormat.PREFIX_BYTES;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.medsoc.spi.error.MedsocException;
import org.medsoc.spi.error.StandardErrorCode;
import org.medsoc.spi.event.RawMessage;
import org.medsoc.spi.event.TenantId;

/**
 * Reads durable records across segments, following the active segment as it grows. See the notes in
 * {@link Journal} for the durable limit; one-entry caches avoid re-decoding a repeated tenant, receiver or peer.
 */
final class TailingReader implements JournalReader {
    private static final System.Logger LOG = System.getLogger(TailingReader.class.getName());
    private static final byte[] EMPTY = new byte[0];

    private final Journal journal;
    /** Sequence of the last record returned (or skipped as already consumed). */
    private long lastSequence;

    private @Nullable Segment segment;
    private @Nullable FileChannel channel;
    private @Nullable SegmentCursor cursor;
    private boolean closed;

    private byte[] tenantBytes = EMPTY;
    private TenantId tenant = TenantId.DEFAULT;
    private byte[] receiverBytes = EMPTY;
    private String receiver = "";
    private byte[] peerBytes = EMPTY;
    private String peer = "";

    TailingReader(Journal journal, long afterSequence) {
        this.journal = journal;
        this.lastSequence = afterSequence;
    }

    @Override
    public List<JournalRecord> poll(int max, Duration wait) {
        if (max < 1) {
            throw new MedsocException(StandardErrorCode.INVALID_ARGUMENT, "max must be at least 1 but is " + max);
        }
        if (closed) {
            throw new MedsocException(JournalErrorCode.JOURNAL_CLOSED, "journal reader is closed");
        }
        long deadline = System.nanoTime() + Math.max(0, Math.min(wait.toNanos(), Long.MAX_VALUE / 4));
        try {
            while (true) {
                boolean journalClosed = journal.isClosed();
                DurablePoint point = journal.durablePoint();
                List<JournalRecord> records = read(max, point);
                if (!records.isEmpty()) {
                    return records;
                }
                if (journalClosed) {
                    throw new MedsocException(
                            JournalErrorCode.JOURNAL_CLOSED,
                            "journal in " + journal.directory() + " is closed and every durable record was read");
                }
                long remaining = deadline - System.nanoTime();
                if (remaining <= 0) {
                    return List.of();
                }
                journal.awaitDurableChange(point, remaining);
            }
        } catch (IOException e) {
            throw new MedsocException(
                    JournalErrorCode.JOURNAL_IO_FAILURE,
                    "reading journal segment " + (segment == null ? "?" : segment.path) + " failed: " + e,
                    e);
        }
    }

    private List<JournalRecord> read(int max, DurablePoint point) throws IOException {
        List<JournalRecord> out = new ArrayList<>(Math.min(max, 1024));
        while (out.size() < max) {
            if (cursor == null && !openSegment()) {
                return out;
            }
            Segment s = segment;
            SegmentCursor c = cursor;
            long limit = limit(s, point);
            switch (c.next(limit)) {
                case RECORD -> {
                    long sequence = c.recordSequence();
                    if (sequence > lastSequence) {
                        out.add(new JournalRecord(sequence, decode(c)));
                        lastSequence = sequence;
                    }
                }
                case END -> {
                    if (!s.sealed || c.position() < s.size || !nextSegment()) {
                        return out;
                    }
                }
                case INVALID -> skipCorrupt(s, c, limit, point);
            }
        }
        return out;
    }

    /** How far the reader may read in {@code s}: see the notes in {@link Journal}. */
    private static long limit(Segment s, DurablePoint point) {
        if (s.firstSequence < point.segmentFirstSequence()) {
            return s.size;
        }
        if (s.firstSequence == point.segmentFirstSequence()) {
            return point.position();
        }
        return RecordFormat.SEGMENT_HEADER_BYTES;
    }

    private void skipCorrupt(Segment s, SegmentCursor c, long limit, DurablePoint point) throws IOException {
        long bad = c.position();
        long next = RecordFormat.findNextValid(channel, bad + 1, limit, lastSequence + 1, point.sequence());
        journal.countCorruptSkip();
        if (next < 0) {
            LOG.log(
                    Level.ERROR,
                    "journal segment " + s.path + ": corrupt data from offset " + bad + " to " + limit
                            + " after sequence " + lastSequence + "; skipped (records in it are lost)");
            c.seek(limit);
        } else {
            c.seek(next);
            LOG.log(
                    Level.ERROR,
                    "journal segment " + s.path + ": " + (next - bad) + " corrupt bytes at offset " + bad
                            + " after sequence " + lastSequence + "; skipped to the next valid record");
        }
    }

    /** Opens the segment to read next (the one holding lastSequence + 1, else the oldest). */
    private boolean openSegment() throws IOException {
        Map<Long, Segment> segments = journal.segments();
        if (segment == null) {
            Map.Entry<Long, Segment> start = journal.segments().floorEntry(lastSequence + 1);
            if (start == null) {
                start = journal.segments().firstEntry();
            }
            if (start == null) {
                return false;
            }
            segment = start.getValue();
        }
        while (true) {
            try {
                channel = FileChannel.open(segment.path, StandardOpenOption.READ);
                cursor = new SegmentCursor(channel, RecordFormat.SEGMENT_HEADER_BYTES);
                return true;
            } catch (NoSuchFileException e) {
                Map.Entry<Long, Segment> next = journal.segments().higherEntry(segment.firstSequence);
                LOG.log(
                        Level.WARNING,
                        "journal segment " + segment.path + " was deleted by a checkpoint before this reader"
                                + " reached it; continuing with " + (next == null ? "none" : next.getValue().path));
                if (next == null || segments.isEmpty()) {
                    return false;
                }
                segment = next.getValue();
            }
        }
    }

    private boolean nextSegment() {
        Map.Entry<Long, Segment> next = journal.segments().higherEntry(segment.firstSequence);
        if (next == null) {
            return false;
        }
        closeChannel();
        segment = next.getValue();
        return true;
    }

    private RawMessage decode(SegmentCursor c) {
        byte[] a = c.buffer();
        int p = c.recordOffset() + PREFIX_BYTES + 8;
        long receivedAt = (long) LONG.get(a, p);
        p += 8;
        boolean truncated = (a[p++] & RecordFormat.FLAG_TRUNCATED) != 0;
        int n = RecordFormat.u16(a, p);
        p += 2;
        if (!Arrays.equals(a, p, p + n, tenantBytes, 0, tenantBytes.length)) {
            tenantBytes = Arrays.copyOfRange(a, p, p + n);
            tenant = TenantId.of(new String(tenantBytes, StandardCharsets.UTF_8));
        }
        p += n;
        n = RecordFormat.u16(a, p);
        p += 2;
        if (!Arrays.equals(a, p, p + n, receiverBytes, 0, receiverBytes.length)) {
            receiverBytes = Arrays.copyOfRange(a, p, p + n);
            receiver = new String(receiverBytes, StandardCharsets.UTF_8);
        }
        p += n;
        n = RecordFormat.u16(a, p);
        p += 2;
        if (!Arrays.equals(a, p, p + n, peerBytes, 0, peerBytes.length)) {
            peerBytes = Arrays.copyOfRange(a, p, p + n);
            peer = new String(peerBytes, StandardCharsets.UTF_8);
        }
        p += n;
        n = (int) INT.get(a, p);
        p += 4;
        byte[] payload = Arrays.copyOfRange(a, p, p + n);
        return new RawMessage(tenant, receiver, peer, receivedAt, payload, truncated);
    }

    private void closeChannel() {
        FileChannel ch = channel;
        channel = null;
        cursor = null;
        if (ch != null) {
            try {
                ch.close();
            } catch (IOException ignored) {
                // read-only handle, nothing to flush
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        closeChannel();
    }
}
