package org.medsoc.notify.internal;

import java.nio.charset.StandardCharsets;

/** Cutting text to a provider's size limit without splitting a character. */
public final class Truncation {
    /** Appended when text is cut. */
    public static final String ELLIPSIS = "…";

    private Truncation() {}

    /** The text cut so that its UTF-8 form, ellipsis included, fits {@code maxBytes}; unchanged if it fits. */
    public static String toUtf8Bytes(String text, int maxBytes) {
        if (utf8Length(text) <= maxBytes) {
            return text;
        }
        int budget = maxBytes - utf8Length(ELLIPSIS);
        int used = 0;
        int i = 0;
        while (i < text.length()) {
            int cp = text.codePointAt(i);
            int size = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
            if (used + size > budget) {
                break;
            }
            used += size;
            i += Character.charCount(cp);
        }
        return text.substring(0, i) + ELLIPSIS;
    }

    /** The length of the text in UTF-8 bytes. */
    public static int utf8Length(String text) {
        return text.getBytes(StandardCharsets.UTF_8).length;
    }
}
