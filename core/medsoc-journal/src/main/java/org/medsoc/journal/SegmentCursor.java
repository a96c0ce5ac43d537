package org.medsoc.journal;

import static org.medsoc.journal.RecordFormat.INT;
import static org.medsoc.journal.RecordFormat.LONG;
import static org.medsoc.journal.RecordFormat.PREFIX_BYTES;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.zip.CRC32C;

/**
 * Steps through the records of one segment file with large positional reads, never reading past a caller-given
 * limit (bytes beyond the durable limit may be half written and must not be buffered).
 */
final class SegmentCursor {
    /** What {@link #next} found. */
    enum Step {
        /** A valid record; see {@link #recordOffset()}, {@link #recordLength()}, {@link #recordSequence()}. */
        RECORD,
        /** The position reached the limit. */
        END,
        /** The bytes at {@link #position()} are not a valid record ending at or before the limit. */
        INVALID
    }

    static final int DEFAULT_BUFFER_BYTES = 256 * 1024;

    private final FileChannel channel;
    private final CRC32C crc = new CRC32C();
    private byte[] buffer;
    private ByteBuffer view;
    /** File position of buffer[0]. */
    private long bufferStart;
    /** Next unparsed byte in the buffer. */
    private int start;
    /** End of the valid bytes in the buffer. */
    private int end;

    private int recordOffset;
    private int recordLength;
    private long recordSequence;

    SegmentCursor(FileChannel channel, long position) {
        this.channel = channel;
        this.buffer = new byte[DEFAULT_BUFFER_BYTES];
        this.view = ByteBuffer.wrap(buffer);
        this.bufferStart = position;
    }

    /** The file position of the next record. */
    long position() {
        return bufferStart + start;
    }

    /** Moves to {@code position}, dropping buffered bytes. */
    void seek(long position) {
        bufferStart = position;
        start = 0;
        end = 0;
    }

    Step next(long limit) throws IOException {
        long position = position();
        if (position >= limit) {
            return Step.END;
        }
        if (!ensure(PREFIX_BYTES, limit)) {
            return Step.INVALID;
        }
        int length = (int) INT.get(buffer, start);
        if (!RecordFormat.plausibleBodyLength(length) || position + PREFIX_BYTES + length > limit) {
            return Step.INVALID;
        }
        int total = PREFIX_BYTES + length;
        if (!ensure(total, limit) || !RecordFormat.validRecord(buffer, start, total, crc)) {
            return Step.INVALID;
        }
        recordOffset = start;
        recordLength = total;
        recordSequence = (long) LONG.get(buffer, start + PREFIX_BYTES);
        start += total;
        return Step.RECORD;
    }

    /** The buffer holding the last record returned; valid until the next call of {@link #next}. */
    byte[] buffer() {
        return buffer;
    }

    int recordOffset() {
        return recordOffset;
    }

    int recordLength() {
        return recordLength;
    }

    long recordSequence() {
        return recordSequence;
    }

    /** Makes at least {@code bytes} unparsed bytes available without reading past {@code limit}. */
    private boolean ensure(int bytes, long limit) throws IOException {
        if (end - start >= bytes) {
            return true;
        }
        int pending = end - start;
        if (buffer.length < bytes || (buffer.length > 4 * DEFAULT_BUFFER_BYTES && bytes <= DEFAULT_BUFFER_BYTES)) {
            byte[] resized = new byte[Math.max(bytes, DEFAULT_BUFFER_BYTES)];
            System.arraycopy(buffer, start, resized, 0, pending);
            buffer = resized;
            view = ByteBuffer.wrap(buffer);
        } else {
            System.arraycopy(buffer, start, buffer, 0, pending);
        }
        bufferStart += start;
        start = 0;
        end = pending;
        long readable = Math.min(buffer.length, limit - bufferStart);
        view.clear().limit((int) readable).position(end);
        end += RecordFormat.readFully(channel, view, bufferStart + end);
        return end - start >= bytes;
    }
}
