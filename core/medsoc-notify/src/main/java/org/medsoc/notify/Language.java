package org.medsoc.notify;

import java.util.Locale;

/** The language a notification is written in. */
public enum Language {
    /** Simplified Chinese. */
    ZH,
    /** English. */
    EN;

    /** The lowercase tag used in template resource names ({@code zh}, {@code en}). */
    public String tag() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The language for a tag such as {@code zh}, {@code zh-CN} or {@code en-US}; anything else is English. */
    public static Language fromTag(String tag) {
        return tag.toLowerCase(Locale.ROOT).startsWith("zh") ? ZH : EN;
    }
}
