package org.medsoc.parse.internal;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.jspecify.annotations.Nullable;

/**
 * Turns the bytes of one message into text: strict UTF-8 (validated by hand, no replacement characters), else
 * GB18030 (Chinese devices sending GBK), else nothing; and detects binary payloads.
 */
public final class Decoder {
    /** GB18030, a superset of GBK and GB2312. */
    public static final Charset GB18030 = Charset.forName("GB18030");

    private Decoder() {}

    /** Length of the payload without trailing CR, LF and NUL bytes. */
    public static int trimmedLength(byte[] b, int length) {
        int n = length;
        while (n > 0 && (b[n - 1] == '\n' || b[n - 1] == '\r' || b[n - 1] == 0)) {
            n--;
        }
        return n;
    }

    /**
     * Why b[0,n) is binary rather than text (a NUL byte, or more than one control byte in ten), or null if it is
     * text. Tab, CR, LF, ESC and form feed count as text.
     */
    public static @Nullable String binaryReason(byte[] b, int n) {
        int controls = 0;
        for (int i = 0; i < n; i++) {
            int c = b[i];
            if (c >= 0 && c < 0x20) {
                if (c == 0) {
                    return "binary payload: NUL byte at offset " + i;
                }
                if (c != '\t' && c != '\n' && c != '\r' && c != 0x1b && c != 0x0c) {
                    controls++;
                }
            }
        }
        if (controls > 0 && controls * 10 > n) {
            return "binary payload: " + controls + " control bytes in " + n;
        }
        return null;
    }

    /** Whether b[0,n) is all 7-bit ASCII. */
    public static boolean isAscii(byte[] b, int n) {
        for (int i = 0; i < n; i++) {
            if (b[i] < 0) {
                return false;
            }
        }
        return true;
    }

    /** Whether b[0,n) is well-formed UTF-8 (RFC 3629: no overlong forms, no surrogates, at most U+10FFFF). */
    public static boolean isUtf8(byte[] b, int n) {
        int i = 0;
        while (i < n) {
            int c = b[i] & 0xff;
            if (c < 0x80) {
                i++;
                continue;
            }
            int need;
            int min;
            if (c >= 0xc2 && c <= 0xdf) {
                need = 1;
                min = 0x80;
            } else if (c >= 0xe0 && c <= 0xef) {
                need = 2;
                min = 0x800;
            } else if (c >= 0xf0 && c <= 0xf4) {
                need = 3;
                min = 0x10000;
            } else {
                return false;
            }
            if (i + need >= n) {
                return false;
            }
            int cp = c & (0x3f >> need);
            for (int k = 1; k <= need; k++) {
                int cc = b[i + k] & 0xff;
                if ((cc & 0xc0) != 0x80) {
                    return false;
                }
                cp = (cp << 6) | (cc & 0x3f);
            }
            if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) {
                return false;
            }
            i += need + 1;
        }
        return true;
    }

    /** b[0,n) decoded as GB18030, or null if it holds byte sequences GB18030 does not define. */
    public static @Nullable String gb18030(byte[] b, int n) {
        try {
            CharBuffer cb = GB18030.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(b, 0, n));
            return cb.toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    /** UTF-8 text of b[0,n), which must be valid. */
    public static String utf8(byte[] b, int n) {
        return new String(b, 0, n, StandardCharsets.UTF_8);
    }

    /** Base64 of b[0,n), to keep a payload that is not text. */
    public static String base64(byte[] b, int n) {
        return Base64.getEncoder().encodeToString(n == b.length ? b : java.util.Arrays.copyOf(b, n));
    }

    /** Length of b[0,n) without an incomplete UTF-8 sequence at its end (a cut inside a character). */
    public static int withoutPartialUtf8Tail(byte[] b, int n) {
        int i = n - 1;
        int back = 0;
        while (i >= 0 && back < 3 && (b[i] & 0xc0) == 0x80) {
            i--;
            back++;
        }
        if (i < 0) {
            return n;
        }
        int c = b[i] & 0xff;
        int need = c >= 0xf0 ? 3 : c >= 0xe0 ? 2 : c >= 0xc0 ? 1 : 0;
        return need > back ? i : n;
    }
}
