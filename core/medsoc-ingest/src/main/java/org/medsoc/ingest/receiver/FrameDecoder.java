package org.medsoc.ingest.receiver;

import java.util.Arrays;

/**
 * Splits a syslog TCP byte stream into messages, detecting the framing of each frame as RFC 6587 allows.
 *
 * <pre>
 * A frame that starts with a digit 1-9 followed by at most 7 more digits and a space, whose value does not exceed
 * the octet-count limit, is octet-counted ("&lt;len&gt; &lt;msg&gt;"). Anything else, including an invalid prefix
 * such as "99999999999 x", is non-transparent: the message runs to the next LF or NUL, a CR before the LF is dropped.
 * Empty frames (blank lines, stray CR/LF/NUL between frames) are skipped. Trailing LF/CR/NUL inside an octet-counted
 * frame are dropped as well (many senders add them).
 *
 * Memory is bounded: one buffer of maxMessageBytes + 1 bytes per decoder, whatever the input. A message longer than
 * maxMessageBytes keeps its first maxMessageBytes bytes and is flagged truncated; the rest of the frame is skipped
 * (to the end of the octet count, or to the next LF/NUL). A non-transparent message is emitted as soon as it
 * overflows, so a sender streaming without newlines still gets its data through.
 *
 * A decoder belongs to one connection and is not thread-safe.
 * </pre>
 */
public final class FrameDecoder {
    /** Receives decoded messages. */
    @FunctionalInterface
    public interface Output {
        /**
         * One message.
         *
         * @param payload the message bytes, owned by the receiver of the call
         * @param truncated true when bytes of the message were cut off
         * @param partial true when the stream ended before the frame did
         */
        void message(byte[] payload, boolean truncated, boolean partial);
    }

    private static final int MAX_PREFIX_DIGITS = 8;
    private static final long MIN_OCTET_COUNT_LIMIT = 64L * 1024 * 1024;

    private static final int START = 0;
    private static final int PREFIX = 1;
    private static final int LINE = 2;
    private static final int LINE_SKIP = 3;
    private static final int OCTET = 4;

    private final int maxMessageBytes;
    private final long octetCountLimit;
    private final byte[] buffer;
    private int length;
    private int state = START;
    private long prefixValue;
    private int prefixDigits;
    private long octetTotal;
    private long octetRemaining;

    /** A decoder keeping at most {@code maxMessageBytes} (at least 16) of each message. */
    public FrameDecoder(int maxMessageBytes) {
        if (maxMessageBytes < 16) {
            throw new IllegalArgumentException("maxMessageBytes must be at least 16: " + maxMessageBytes);
        }
        this.maxMessageBytes = maxMessageBytes;
        this.octetCountLimit = Math.max(MIN_OCTET_COUNT_LIMIT, maxMessageBytes);
        this.buffer = new byte[maxMessageBytes + 1];
    }

    /** Decodes {@code len} bytes of {@code data} from {@code off}, emitting every message completed by them. */
    public void feed(byte[] data, int off, int len, Output out) {
        int i = off;
        int end = off + len;
        while (i < end) {
            switch (state) {
                case START -> {
                    byte c = data[i];
                    if (c == '\n' || c == '\r' || c == 0) {
                        i++;
                    } else if (c >= '1' && c <= '9') {
                        state = PREFIX;
                        prefixValue = 0;
                        prefixDigits = 0;
                    } else {
                        state = LINE;
                    }
                }
                case PREFIX -> {
                    byte c = data[i];
                    if (c >= '0' && c <= '9' && prefixDigits < MAX_PREFIX_DIGITS) {
                        prefixValue = prefixValue * 10 + (c - '0');
                        prefixDigits++;
                        buffer[length++] = c;
                        i++;
                    } else if (c == ' ' && prefixValue <= octetCountLimit) {
                        i++;
                        length = 0;
                        octetTotal = prefixValue;
                        octetRemaining = prefixValue;
                        state = OCTET;
                    } else {
                        state = LINE; // not an octet count: the digits start a non-transparent message
                    }
                }
                case LINE -> i = line(data, i, end, out);
                case LINE_SKIP -> {
                    int j = terminator(data, i, end);
                    if (j < end) {
                        state = START;
                        i = j + 1;
                    } else {
                        i = end;
                    }
                }
                case OCTET -> {
                    int take = (int) Math.min(octetRemaining, end - i);
                    int keep = Math.min(take, buffer.length - length);
                    System.arraycopy(data, i, buffer, length, keep);
                    length += keep;
                    octetRemaining -= take;
                    i += take;
                    if (octetRemaining == 0) {
                        emitOctetFrame(out, false);
                    }
                }
                default -> throw new IllegalStateException("decoder state " + state);
            }
        }
    }

    /** Ends the stream: emits a message cut by the disconnect, if any, flagged partial. */
    public void endOfStream(Output out) {
        switch (state) {
            case PREFIX, LINE -> {
                if (length > 0) {
                    emitLine(buffer, 0, length, out, true);
                }
            }
            case OCTET -> emitOctetFrame(out, true);
            default -> {}
        }
        reset();
    }

    /** Bytes held for an incomplete message; at most {@code maxMessageBytes + 1}. */
    public int buffered() {
        return length;
    }

    private int line(byte[] data, int i, int end, Output out) {
        int j = terminator(data, i, end);
        int n = j - i;
        if (j < end && length == 0) {
            // whole line within this read: copy once, straight from the read buffer
            emitLine(data, i, n, out, false);
            return j + 1;
        }
        int room = buffer.length - length;
        if (n > room) {
            System.arraycopy(data, i, buffer, length, room);
            out.message(Arrays.copyOf(buffer, maxMessageBytes), true, false);
            length = 0;
            state = LINE_SKIP;
            return i + room;
        }
        System.arraycopy(data, i, buffer, length, n);
        length += n;
        if (j < end) {
            emitLine(buffer, 0, length, out, false);
            length = 0;
            return j + 1;
        }
        return end;
    }

    private void emitLine(byte[] src, int off, int n, Output out, boolean partial) {
        if (n > 0 && src[off + n - 1] == '\r') {
            n--;
        }
        if (n > maxMessageBytes) {
            out.message(Arrays.copyOfRange(src, off, off + maxMessageBytes), true, partial);
        } else if (n > 0) {
            out.message(Arrays.copyOfRange(src, off, off + n), false, partial);
        }
        length = 0;
        state = START;
    }

    private void emitOctetFrame(Output out, boolean partial) {
        boolean complete = !partial && octetTotal == length;
        int n = length;
        if (complete) {
            while (n > 0 && (buffer[n - 1] == '\n' || buffer[n - 1] == '\r' || buffer[n - 1] == 0)) {
                n--;
            }
        }
        boolean truncated = !complete || n > maxMessageBytes;
        n = Math.min(n, maxMessageBytes);
        if (n > 0) {
            out.message(Arrays.copyOf(buffer, n), truncated, partial);
        }
        reset();
    }

    private void reset() {
        length = 0;
        state = START;
        octetRemaining = 0;
        octetTotal = 0;
    }

    private static int terminator(byte[] data, int i, int end) {
        while (i < end) {
            byte c = data[i];
            if (c == '\n' || c == 0) {
                return i;
            }
            i++;
        }
        return end;
    }
}
