package org.medsoc.notify.internal;

import org.medsoc.notify.Language;
import org.medsoc.notify.Notification;

/** Small fixed texts the channels add around a notification, in its language. */
public final class Wording {
    private Wording() {}

    /** The label of the link to the incident. */
    public static String linkLabel(Language language) {
        return switch (language) {
            case ZH -> "查看详情";
            case EN -> "Open in medsoc";
        };
    }

    /** Title line with the severity, for example {@code [严重] 勒索软件活动}. */
    public static String titleWithSeverity(Notification n) {
        return "[" + n.severity().label(n.language()) + "] " + n.title();
    }

    /** Plain text: title, body and link on separate lines. */
    public static String plain(Notification n) {
        StringBuilder sb = new StringBuilder(titleWithSeverity(n)).append('\n').append(n.text());
        n.link().ifPresent(l -> sb.append('\n').append(linkLabel(n.language())).append(": ").append(l));
        return sb.toString();
    }

    /** Markdown: a heading, the Markdown body and a link. */
    public static String markdown(Notification n, String headingPrefix) {
        StringBuilder sb = new StringBuilder(headingPrefix)
                .append(titleWithSeverity(n))
                .append("\n\n")
                .append(n.markdown());
        n.link().ifPresent(l -> sb.append("\n\n[").append(linkLabel(n.language())).append("](").append(l).append(')'));
        return sb.toString();
    }

    /** The text with the keyword appended when a robot's keyword security requires it and it is absent. */
    public static String withKeyword(String text, String keyword) {
        return keyword.isEmpty() || text.contains(keyword) ? text : text + "\n\n" + keyword;
    }
}
