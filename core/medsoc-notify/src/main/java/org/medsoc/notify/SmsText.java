package org.medsoc.notify;

import static java.util.Objects.requireNonNull;

/**
 * SMS length rules as Chinese gateways (China Mobile, Aliyun, Tencent Cloud) count them: every character counts as
 * one, Chinese included, signature ({@code 【医院名】}) included; a message of up to 70 characters is one SMS, a longer
 * one is split into segments of 67 characters (the other 3 carry the concatenation header). Characters outside the
 * Basic Multilingual Plane (emoji) count as two, as in UCS-2.
 *
 * <p>GSM 7-bit messages (160/153 characters) are not distinguished: the 70/67 rule is the safe bound for both.
 */
public final class SmsText {
    /** Characters in a single SMS. */
    public static final int SINGLE_LIMIT = 70;
    /** Characters per segment of a concatenated SMS. */
    public static final int SEGMENT_LIMIT = 67;

    private SmsText() {}

    /** The length as gateways count it: UTF-16 units, so each Chinese character is 1 and an emoji 2. */
    public static int length(String text) {
        return text.length();
    }

    /** How many SMS the text is billed and split as (0 for empty text). */
    public static int segments(String text) {
        int n = length(text);
        if (n == 0) {
            return 0;
        }
        return n <= SINGLE_LIMIT ? 1 : (n + SEGMENT_LIMIT - 1) / SEGMENT_LIMIT;
    }

    /** The most characters that fit {@code maxSegments} SMS. */
    public static int capacity(int maxSegments) {
        if (maxSegments < 1) {
            throw new IllegalArgumentException("maxSegments must be at least 1: " + maxSegments);
        }
        return maxSegments == 1 ? SINGLE_LIMIT : maxSegments * SEGMENT_LIMIT;
    }

    /**
     * The text cut to fit {@code maxSegments} SMS after {@code reserved} characters (the gateway's signature), ending
     * with {@code …} when cut. Never splits a surrogate pair.
     */
    public static String truncate(String text, int maxSegments, int reserved) {
        requireNonNull(text, "text is null");
        int budget = capacity(maxSegments) - reserved;
        if (budget <= 1) {
            throw new IllegalArgumentException("the signature of " + reserved + " characters leaves no room in "
                    + maxSegments + " SMS; raise max-segments or shorten the signature");
        }
        if (length(text) <= budget) {
            return text;
        }
        int end = budget - 1;
        if (Character.isHighSurrogate(text.charAt(end - 1))) {
            end--; // its low half would be cut off
        }
        return text.substring(0, end) + "…";
    }
}
