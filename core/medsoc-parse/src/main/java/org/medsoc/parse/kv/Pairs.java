package org.medsoc.parse.kv;

/**
 * A cursor over space-separated {@code key=value} pairs; values may be double-quoted with {@code \"} and {@code \\}
 * escapes. Tokens that are not pairs are skipped. One instance per parse call.
 */
public final class Pairs {
    /** Longest key accepted. */
    public static final int MAX_KEY_LENGTH = 64;

    private final String s;
    private int pos;
    /** Start of the current key. */
    public int keyStart;
    /** End (exclusive) of the current key. */
    public int keyEnd;
    /** The current value, unquoted and unescaped. */
    public String value = "";

    /** A cursor at the start of the text. */
    public Pairs(String s) {
        this.s = s;
    }

    /** A cursor at an offset. */
    public Pairs(String s, int pos) {
        this.s = s;
        this.pos = pos;
    }

    /** Advances to the next pair; answers false at the end. */
    public boolean next() {
        String t = s;
        int n = t.length();
        int p = pos;
        while (p < n) {
            char c = t.charAt(p);
            if (c == ' ' || c == '\t') {
                p++;
                continue;
            }
            int ks = p;
            while (p < n && keyChar(t.charAt(p))) {
                p++;
            }
            if (p < n && t.charAt(p) == '=' && p > ks && p - ks <= MAX_KEY_LENGTH) {
                keyStart = ks;
                keyEnd = p;
                p++;
                if (p < n && t.charAt(p) == '"') {
                    int vs = ++p;
                    boolean escaped = false;
                    while (p < n && t.charAt(p) != '"') {
                        if (t.charAt(p) == '\\' && p + 1 < n) {
                            escaped = true;
                            p++;
                        }
                        p++;
                    }
                    value = escaped ? unescape(t, vs, p) : t.substring(vs, p);
                    if (p < n) {
                        p++;
                    }
                } else {
                    int vs = p;
                    while (p < n && t.charAt(p) != ' ' && t.charAt(p) != '\t') {
                        p++;
                    }
                    value = t.substring(vs, p);
                }
                pos = p;
                return true;
            }
            while (p < n && t.charAt(p) != ' ' && t.charAt(p) != '\t') {
                p++;
            }
        }
        pos = n;
        return false;
    }

    /**
     * Whether the text looks like {@code key=value} pairs: its first token is a pair and a second pair follows.
     * Allocates nothing.
     */
    public static boolean looksLikePairs(String s, int from) {
        int n = s.length();
        int p = from;
        int pairs = 0;
        boolean first = true;
        while (p < n && pairs < 2) {
            while (p < n && s.charAt(p) == ' ') {
                p++;
            }
            int ks = p;
            while (p < n && keyChar(s.charAt(p))) {
                p++;
            }
            boolean pair = p < n && s.charAt(p) == '=' && p > ks && p - ks <= MAX_KEY_LENGTH;
            if (first && !pair) {
                return false;
            }
            first = false;
            if (pair) {
                pairs++;
                p++;
                if (p < n && s.charAt(p) == '"') {
                    p++;
                    while (p < n && s.charAt(p) != '"') {
                        p += s.charAt(p) == '\\' ? 2 : 1;
                    }
                    p++;
                }
            }
            while (p < n && s.charAt(p) != ' ') {
                p++;
            }
        }
        return pairs >= 2;
    }

    /** Letters, digits, '_', '-', '.', ':' , '@' and '/'. */
    public static boolean keyChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-'
                || c == '.' || c == ':' || c == '@' || c == '/';
    }

    private static String unescape(String s, int start, int end) {
        StringBuilder sb = new StringBuilder(end - start);
        for (int i = start; i < end; i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < end) {
                char d = s.charAt(i + 1);
                if (d == '"' || d == '\\') {
                    c = d;
                    i++;
                } else if (d == 'n') {
                    c = '\n';
                    i++;
                } else if (d == 't') {
                    c = '\t';
                    i++;
                }
            }
            sb.append(c);
        }
        return sb.toString();
    }
}
