package org.medsoc.federation;

import static java.util.Objects.requireNonNull;

/**
 * Personal data in short texts, found with a plain character scan (no regular expressions): e-mail addresses,
 * Chinese resident id numbers (17 digits and a check character, the ISO 7064 MOD 11-2 checksum verified) and
 * mainland mobile numbers ({@code 1[3-9]} and 9 digits, optionally after the country code {@code 86}). The one
 * definition both for refusing what may not be shared ({@link SharingFilter}) and for scrubbing titles and evidence
 * before a report leaves the hospital.
 */
public final class PersonalData {
    private static final int[] ID_WEIGHTS = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
    private static final String ID_CHECK = "10X98765432";

    /** What kind of personal data a span is. */
    public enum Kind {
        /** An e-mail address, replaced by {@code [email]}. */
        EMAIL("[email]"),
        /** A resident id number, replaced by {@code [id]}. */
        RESIDENT_ID("[id]"),
        /** A mobile number, replaced by {@code [mobile]}. */
        MOBILE("[mobile]");

        private final String mask;

        Kind(String mask) {
            this.mask = mask;
        }

        /** The text that stands in for a removed span. */
        public String mask() {
            return mask;
        }
    }

    private PersonalData() {}

    /** Whether {@code text} holds an e-mail address. */
    public static boolean containsEmail(String text) {
        return nextEmail(requireNonNull(text, "text is null"), 0) != null;
    }

    /** Whether {@code text} holds a resident id number. */
    public static boolean containsResidentId(String text) {
        return nextNumber(requireNonNull(text, "text is null"), 0, Kind.RESIDENT_ID) != null;
    }

    /** Whether {@code text} holds a mobile number. */
    public static boolean containsMobile(String text) {
        return nextNumber(requireNonNull(text, "text is null"), 0, Kind.MOBILE) != null;
    }

    /** {@code text} with every e-mail address, resident id and mobile number replaced by its {@link Kind#mask()}. */
    public static String scrub(String text) {
        requireNonNull(text, "text is null");
        StringBuilder out = null;
        int copied = 0;
        int from = 0;
        while (true) {
            int[] email = nextEmail(text, from);
            int[] number = nextNumber(text, from, null);
            int[] span = email == null ? number : number == null || email[0] < number[0] ? email : number;
            if (span == null) {
                break;
            }
            if (out == null) {
                out = new StringBuilder(text.length());
            }
            out.append(text, copied, span[0]).append(Kind.values()[span[2]].mask());
            copied = span[1];
            from = span[1];
        }
        return out == null ? text : out.append(text, copied, text.length()).toString();
    }

    /** The next e-mail address at or after {@code from}: {start, end, kind}, or null. */
    private static int @org.jspecify.annotations.Nullable [] nextEmail(String t, int from) {
        int at = t.indexOf('@', from);
        while (at >= 0) {
            int s = at;
            while (s > from && isLocal(t.charAt(s - 1))) {
                s--;
            }
            int e = at + 1;
            boolean dot = false;
            while (e < t.length() && (isLabel(t.charAt(e)) || t.charAt(e) == '.' && e + 1 < t.length()
                    && isLabel(t.charAt(e + 1)))) {
                dot |= t.charAt(e) == '.';
                e++;
            }
            if (s < at && dot) {
                return new int[] {s, e, Kind.EMAIL.ordinal()};
            }
            at = t.indexOf('@', at + 1);
        }
        return null;
    }

    /**
     * The next resident id or mobile number at or after {@code from} ({@code only}: just that kind, null: either):
     * {start, end, kind}, or null. Numbers are whole digit runs: digits inside a longer run are not one.
     */
    private static int @org.jspecify.annotations.Nullable [] nextNumber(String t, int from,
            @org.jspecify.annotations.Nullable Kind only) {
        int i = from;
        int n = t.length();
        while (i < n) {
            if (!isDigit(t.charAt(i))) {
                i++;
                continue;
            }
            int start = i;
            while (i < n && isDigit(t.charAt(i))) {
                i++;
            }
            int run = i - start;
            if (only != Kind.MOBILE) {
                if (run == 18 && validResidentId(t, start)) {
                    return new int[] {start, i, Kind.RESIDENT_ID.ordinal()};
                }
                if (run == 17 && i < n && (t.charAt(i) == 'X' || t.charAt(i) == 'x')
                        && (i + 1 == n || !Character.isLetterOrDigit(t.charAt(i + 1))) && validResidentId(t, start)) {
                    return new int[] {start, i + 1, Kind.RESIDENT_ID.ordinal()};
                }
            }
            if (only != Kind.RESIDENT_ID) {
                if (run == 11 && isMobile(t, start)) {
                    return new int[] {start, i, Kind.MOBILE.ordinal()};
                }
                if (run == 13 && t.startsWith("86", start) && isMobile(t, start + 2)) {
                    return new int[] {start, i, Kind.MOBILE.ordinal()};
                }
            }
        }
        return null;
    }

    private static boolean validResidentId(String t, int start) {
        int sum = 0;
        for (int k = 0; k < 17; k++) {
            sum += (t.charAt(start + k) - '0') * ID_WEIGHTS[k];
        }
        return Character.toUpperCase(t.charAt(start + 17)) == ID_CHECK.charAt(sum % 11);
    }

    private static boolean isMobile(String t, int start) {
        return t.charAt(start) == '1' && t.charAt(start + 1) >= '3' && t.charAt(start + 1) <= '9';
    }

    private static boolean isLocal(char c) {
        return c < 128 && (Character.isLetterOrDigit(c) || c == '.' || c == '_' || c == '%' || c == '+' || c == '-');
    }

    private static boolean isLabel(char c) {
        return c < 128 && (Character.isLetterOrDigit(c) || c == '-');
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
