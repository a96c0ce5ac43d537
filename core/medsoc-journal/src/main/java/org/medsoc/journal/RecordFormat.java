package org.medsoc.journal;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.util.zip.CRC32C;

/**
 * The on-disk layout of segments and records, and the checks that decide whether bytes are a valid record.
 *
 * <pre>
 * segment  = header record*
 * header   = magic u32 "MSJL" | version u16 (1) | reserved u16 (0) | firstSequence u64             (16 bytes)
 * record   = length u32 | crc32c u32 | body                       length = body bytes, crc32c over the body
 * body     = sequence u64 | receivedAt i64 | flags u8 (bit 0: truncated)
 *            | tenant u16-length UTF-8 | receiver u16-length UTF-8 | peer u16-length UTF-8
 *            | payload u32-length bytes
 * </pre>
 * All integers are big-endian. A body is valid when its CRC matches and its inner lengths add up to its length.
 */
final class RecordFormat {
    static final int SEGMENT_MAGIC = 0x4D534A4C;
    static final short VERSION = 1;
    static final int SEGMENT_HEADER_BYTES = 16;
    /** Length and CRC in front of each body. */
    static final int PREFIX_BYTES = 8;
    /** Sequence, receivedAt, flags, three string lengths, payload length. */
    static final int FIXED_BODY_BYTES = 8 + 8 + 1 + 2 + 2 + 2 + 4;
    /** The smallest possible record (tenant ids have at least one character). */
    static final int MIN_RECORD_BYTES = PREFIX_BYTES + FIXED_BODY_BYTES + 1;
    static final int MAX_PAYLOAD_BYTES = 16 << 20;
    static final int MAX_STRING_BYTES = 0xFFFF;
    static final int MAX_BODY_BYTES = FIXED_BODY_BYTES + 3 * MAX_STRING_BYTES + MAX_PAYLOAD_BYTES;
    static final int FLAG_TRUNCATED = 1;

    static final String SEGMENT_PREFIX = "journal-";
    static final String SEGMENT_SUFFIX = ".log";
    private static final int SEQUENCE_DIGITS = 20;

    static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
    static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
    static final VarHandle SHORT = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.BIG_ENDIAN);

    private RecordFormat() {}

    static String segmentFileName(long firstSequence) {
        String digits = Long.toString(firstSequence);
        return SEGMENT_PREFIX + "0".repeat(SEQUENCE_DIGITS - digits.length()) + digits + SEGMENT_SUFFIX;
    }

    /** The first sequence a segment file name carries, or -1 when the name is not a segment's. */
    static long parseSegmentFileName(String name) {
        if (name.length() != SEGMENT_PREFIX.length() + SEQUENCE_DIGITS + SEGMENT_SUFFIX.length()
                || !name.startsWith(SEGMENT_PREFIX)
                || !name.endsWith(SEGMENT_SUFFIX)) {
            return -1;
        }
        long value = 0;
        for (int i = SEGMENT_PREFIX.length(); i < SEGMENT_PREFIX.length() + SEQUENCE_DIGITS; i++) {
            char c = name.charAt(i);
            if (c < '0' || c > '9' || value > (Long.MAX_VALUE - 9) / 10) {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value >= 1 ? value : -1;
    }

    static ByteBuffer segmentHeader(long firstSequence) {
        ByteBuffer b = ByteBuffer.allocate(SEGMENT_HEADER_BYTES);
        b.putInt(SEGMENT_MAGIC).putShort(VERSION).putShort((short) 0).putLong(firstSequence);
        return b.flip();
    }

    /** True when the 16 bytes at {@code offset} are a header of version 1 naming {@code firstSequence}. */
    static boolean validHeader(byte[] bytes, long firstSequence) {
        return bytes.length >= SEGMENT_HEADER_BYTES
                && (int) INT.get(bytes, 0) == SEGMENT_MAGIC
                && (short) SHORT.get(bytes, 4) == VERSION
                && (long) LONG.get(bytes, 8) == firstSequence;
    }

    static boolean plausibleBodyLength(int length) {
        return length >= FIXED_BODY_BYTES + 1 && length <= MAX_BODY_BYTES;
    }

    /**
     * True when {@code total} bytes at {@code offset} hold exactly one record whose CRC matches and whose inner
     * lengths add up.
     */
    static boolean validRecord(byte[] a, int offset, int total, CRC32C crc) {
        if (total < MIN_RECORD_BYTES) {
            return false;
        }
        int length = (int) INT.get(a, offset);
        if (!plausibleBodyLength(length) || length != total - PREFIX_BYTES) {
            return false;
        }
        crc.reset();
        crc.update(a, offset + PREFIX_BYTES, length);
        if ((int) crc.getValue() != (int) INT.get(a, offset + 4)) {
            return false;
        }
        int end = offset + total;
        int p = offset + PREFIX_BYTES + 8 + 8 + 1;
        int tenant = u16(a, p);
        if (tenant == 0) {
            return false;
        }
        p += 2 + tenant;
        if (p + 2 > end) {
            return false;
        }
        p += 2 + u16(a, p);
        if (p + 2 > end) {
            return false;
        }
        p += 2 + u16(a, p);
        if (p + 4 > end) {
            return false;
        }
        int payload = (int) INT.get(a, p);
        return payload >= 0 && payload <= MAX_PAYLOAD_BYTES && p + 4 + payload == end;
    }

    static int u16(byte[] a, int offset) {
        return ((short) SHORT.get(a, offset)) & 0xFFFF;
    }

    /** Bytes of {@code s} in UTF-8, an unpaired surrogate counting as one byte ('?') as in {@code String#getBytes}. */
    static int utf8Length(String s) {
        int n = s.length();
        int bytes = n;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c >= 0x80) {
                if (c < 0x800) {
                    bytes += 1;
                } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                    bytes += 2; // 4 bytes for 2 chars
                    i++;
                } else if (Character.isSurrogate(c)) {
                    // unpaired surrogate: replaced by '?'
                } else {
                    bytes += 2;
                }
            }
        }
        return bytes;
    }

    /** Writes {@code s} as UTF-8 without allocating; must agree with {@link #utf8Length}. */
    static void putUtf8(ByteBuffer b, String s) {
        int n = s.length();
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                b.put((byte) c);
            } else if (c < 0x800) {
                b.put((byte) (0xC0 | (c >> 6))).put((byte) (0x80 | (c & 0x3F)));
            } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                int cp = Character.toCodePoint(c, s.charAt(++i));
                b.put((byte) (0xF0 | (cp >> 18)))
                        .put((byte) (0x80 | ((cp >> 12) & 0x3F)))
                        .put((byte) (0x80 | ((cp >> 6) & 0x3F)))
                        .put((byte) (0x80 | (cp & 0x3F)));
            } else if (Character.isSurrogate(c)) {
                b.put((byte) '?');
            } else {
                b.put((byte) (0xE0 | (c >> 12)))
                        .put((byte) (0x80 | ((c >> 6) & 0x3F)))
                        .put((byte) (0x80 | (c & 0x3F)));
            }
        }
    }

    /**
     * The file position of the first valid record in {@code [from, limit)} whose sequence lies in {@code [minSequence,
     * maxSequence]}, or -1. Used to resynchronise after corrupt bytes; slow (tries every offset), so only for that.
     */
    static long findNextValid(FileChannel channel, long from, long limit, long minSequence, long maxSequence)
            throws IOException {
        int headBytes = PREFIX_BYTES + 8;
        byte[] window = new byte[64 * 1024];
        ByteBuffer windowBuffer = ByteBuffer.wrap(window);
        long windowStart = from;
        int windowLength = 0;
        CRC32C crc = new CRC32C();
        for (long p = from; p + MIN_RECORD_BYTES <= limit; p++) {
            if (p + headBytes > windowStart + windowLength) {
                windowStart = p;
                windowBuffer.clear().limit((int) Math.min(window.length, limit - p));
                windowLength = readFully(channel, windowBuffer, p);
                if (windowLength < headBytes) {
                    return -1;
                }
            }
            int off = (int) (p - windowStart);
            int length = (int) INT.get(window, off);
            if (!plausibleBodyLength(length) || p + PREFIX_BYTES + length > limit) {
                continue;
            }
            long sequence = (long) LONG.get(window, off + PREFIX_BYTES);
            if (sequence < minSequence || sequence > maxSequence) {
                continue;
            }
            byte[] candidate = new byte[PREFIX_BYTES + length];
            if (readFully(channel, ByteBuffer.wrap(candidate), p) == candidate.length
                    && validRecord(candidate, 0, candidate.length, crc)) {
                return p;
            }
        }
        return -1;
    }

    /** Reads from {@code position} until {@code target} is full or the file ends; returns the bytes read. */
    static int readFully(FileChannel channel, ByteBuffer target, long position) throws IOException {
        int start = target.position();
        while (target.hasRemaining()) {
            int n = channel.read(target, position + target.position() - start);
            if (n < 0) {
                break;
            }
        }
        return target.position() - start;
    }
}
