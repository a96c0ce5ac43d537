package org.medsoc.server;

/**
 * Removes personal data from short texts (incident titles, rule names) before they leave the node for the hub:
 * e-mail addresses become {@code [email]}, Chinese resident id numbers (18 digits, or 17 and {@code X}) {@code [id]}
 * and mainland mobile numbers ({@code 1[3-9]} and 9 digits, optionally after {@code 86}) {@code [mobile]}. A plain
 * character scan, no regular expressions.
 */
final class PersonalDataScrubber {
    private PersonalDataScrubber() {}

    /** The text without e-mail addresses, resident id numbers and mobile numbers. */
    static String scrub(String text) {
        String t = emails(text);
        StringBuilder out = new StringBuilder(t.length());
        int i = 0;
        int n = t.length();
        while (i < n) {
            char c = t.charAt(i);
            if (!isDigit(c)) {
                out.append(c);
                i++;
                continue;
            }
            int start = i;
            while (i < n && isDigit(t.charAt(i))) {
                i++;
            }
            int run = i - start;
            if (run == 17 && i < n && (t.charAt(i) == 'X' || t.charAt(i) == 'x')) {
                out.append("[id]");
                i++;
            } else if (run == 18) {
                out.append("[id]");
            } else if (run == 11 && isMobile(t, start) || run == 13 && t.startsWith("86", start)
                    && isMobile(t, start + 2)) {
                out.append("[mobile]");
            } else {
                out.append(t, start, i);
            }
        }
        return out.toString();
    }

    private static boolean isMobile(String t, int start) {
        return t.charAt(start) == '1' && t.charAt(start + 1) >= '3' && t.charAt(start + 1) <= '9';
    }

    private static String emails(String t) {
        int at = t.indexOf('@');
        if (at < 0) {
            return t;
        }
        StringBuilder out = new StringBuilder(t.length());
        int copied = 0;
        while (at >= 0) {
            int s = at;
            while (s > copied && isLocal(t.charAt(s - 1))) {
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
                out.append(t, copied, s).append("[email]");
                copied = e;
                at = t.indexOf('@', e);
            } else {
                at = t.indexOf('@', at + 1);
            }
        }
        return out.append(t, copied, t.length()).toString();
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
