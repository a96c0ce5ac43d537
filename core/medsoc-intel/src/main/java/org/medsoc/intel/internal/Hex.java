package org.medsoc.intel.internal;

/** Hex digits to {@code long} words without allocation. */
final class Hex {
    /** Digit value by ASCII code, -1 for anything else. */
    private static final byte[] DIGITS = new byte[128];

    static {
        java.util.Arrays.fill(DIGITS, (byte) -1);
        for (int c = 0; c < 128; c++) {
            DIGITS[c] = (byte) IpAddresses.hexDigit((char) c);
        }
    }

    private Hex() {}

    static int digit(char c) {
        return c < 128 ? DIGITS[c] : -1;
    }

    static boolean isHex(CharSequence s) {
        int bad = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            bad |= c < 128 ? DIGITS[c] : -1;
        }
        return bad >= 0;
    }

    /** The value of {@code digits} (at most 16) hex digits from {@code from}; the caller validated them. */
    static long word(CharSequence s, int from, int digits) {
        long v = 0;
        for (int i = from; i < from + digits; i++) {
            char c = s.charAt(i);
            v = v << 4 | (c < 128 ? DIGITS[c] & 0xF : 0);
        }
        return v;
    }

    /** {@code digits} lower-case hex digits of the low bits of a word, zero-padded. */
    static String text(long word, int digits) {
        StringBuilder sb = new StringBuilder(digits);
        for (int shift = (digits - 1) * 4; shift >= 0; shift -= 4) {
            sb.append(Character.forDigit((int) (word >>> shift) & 0xF, 16));
        }
        return sb.toString();
    }
}
