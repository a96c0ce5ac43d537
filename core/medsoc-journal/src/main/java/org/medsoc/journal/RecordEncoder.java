package org.medsoc.journal;

import static org.medsoc.journal.RecordFormat.FIXED_BODY_BYTES;
import static org.medsoc.journal.RecordFormat.MAX_PAYLOAD_BYTES;
import static org.medsoc.journal.RecordFormat.MAX_STRING_BYTES;
import static org.medsoc.journal.RecordFormat.PREFIX_BYTES;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.zip.CRC32C;
import org.medsoc.spi.error.MedsocException;
import org.medsoc.spi.event.RawMessage;

/**
 * Encodes records into one reused direct buffer that is written to the segment in as few calls as possible. Strings
 * are encoded straight into the buffer (no byte[] per string); the payload is copied once, into the buffer. Used
 * only under the journal's write lock.
 */
final class RecordEncoder {
    private static final int DEFAULT_BUFFER_BYTES = 1 << 20;

    private final CRC32C crc = new CRC32C();
    private ByteBuffer buffer = ByteBuffer.allocateDirect(DEFAULT_BUFFER_BYTES);
    private ByteBuffer crcView = buffer.duplicate();
    private int[] sizes = new int[256];

    /** Room for the record sizes of a batch of {@code n}. */
    int[] sizes(int n) {
        if (sizes.length < n) {
            sizes = new int[Math.max(n, sizes.length * 2)];
        }
        return sizes;
    }

    /** The encoded size of {@code m}, or a precise error naming message {@code index} when it cannot be a record. */
    static int recordSize(RawMessage m, int index) {
        int payload = m.payload().length;
        if (payload > MAX_PAYLOAD_BYTES) {
            throw new MedsocException(
                    JournalErrorCode.JOURNAL_RECORD_TOO_LARGE,
                    "message " + index + " of the batch (tenant " + m.tenant() + ", receiver " + m.receiver()
                            + ") has a payload of " + payload + " bytes; the journal accepts at most "
                            + MAX_PAYLOAD_BYTES + " bytes per message; lower the receiver's maximum message size"
                            + " so it truncates longer messages; nothing of the batch was written");
        }
        int tenant = RecordFormat.utf8Length(m.tenant().value());
        int receiver = checkString(RecordFormat.utf8Length(m.receiver()), "receiver name", index);
        int peer = checkString(RecordFormat.utf8Length(m.peer()), "peer", index);
        return PREFIX_BYTES + FIXED_BODY_BYTES + tenant + receiver + peer + payload;
    }

    private static int checkString(int bytes, String what, int index) {
        if (bytes > MAX_STRING_BYTES) {
            throw new MedsocException(
                    JournalErrorCode.JOURNAL_RECORD_TOO_LARGE,
                    "message " + index + " of the batch has a " + what + " of " + bytes
                            + " bytes in UTF-8; the journal accepts at most " + MAX_STRING_BYTES
                            + " bytes; nothing of the batch was written");
        }
        return bytes;
    }

    /** Bytes encoded and not yet written. */
    int pending() {
        return buffer.position();
    }

    /** Makes room for a record of {@code size} bytes; call only with nothing pending. */
    void reserve(int size) {
        if (buffer.remaining() >= size) {
            return;
        }
        if (buffer.position() != 0) {
            throw new IllegalStateException("reserve with pending bytes");
        }
        if (buffer.capacity() < size) {
            buffer = ByteBuffer.allocateDirect(Math.max(size, buffer.capacity() * 2));
            crcView = buffer.duplicate();
        }
    }

    boolean fits(int size) {
        return buffer.remaining() >= size;
    }

    /** Encodes {@code m} with {@code sequence}; {@code size} is {@link #recordSize} of it and must fit. */
    void encode(long sequence, RawMessage m, int size) {
        ByteBuffer b = buffer;
        int start = b.position();
        b.putInt(size - PREFIX_BYTES).putInt(0).putLong(sequence).putLong(m.receivedAt());
        b.put(m.truncated() ? (byte) RecordFormat.FLAG_TRUNCATED : 0);
        putString(b, m.tenant().value());
        putString(b, m.receiver());
        putString(b, m.peer());
        byte[] payload = m.payload();
        b.putInt(payload.length).put(payload);
        int end = b.position();
        if (end - start != size) {
            throw new IllegalStateException("encoded " + (end - start) + " bytes, expected " + size);
        }
        crcView.limit(end).position(start + PREFIX_BYTES);
        crc.reset();
        crc.update(crcView);
        b.putInt(start + 4, (int) crc.getValue());
    }

    private static void putString(ByteBuffer b, String s) {
        int lengthAt = b.position();
        b.putShort((short) 0);
        RecordFormat.putUtf8(b, s);
        b.putShort(lengthAt, (short) (b.position() - lengthAt - 2));
    }

    /** Writes the pending bytes to {@code channel}; returns how many. */
    int writeTo(FileChannel channel) throws IOException {
        buffer.flip();
        int n = buffer.remaining();
        try {
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
        } finally {
            buffer.clear();
        }
        if (buffer.capacity() > 4 * DEFAULT_BUFFER_BYTES) {
            buffer = ByteBuffer.allocateDirect(DEFAULT_BUFFER_BYTES);
            crcView = buffer.duplicate();
        }
        return n;
    }

    /** Drops pending bytes (after a failed write). */
    void discard() {
        buffer.clear();
    }
}
