package org.medsoc.notify;

/** How urgent a notification is, lowest first; channels use it for colour and wording. */
public enum Severity {
    INFO,
    LOW,
    MEDIUM,
    HIGH,
    CRITICAL;

    /** The severity in the given language, for example {@code 严重} for {@link #CRITICAL} in Chinese. */
    public String label(Language language) {
        return switch (language) {
            case ZH -> switch (this) {
                case INFO -> "提示";
                case LOW -> "低";
                case MEDIUM -> "中";
                case HIGH -> "高";
                case CRITICAL -> "严重";
            };
            case EN -> switch (this) {
                case INFO -> "info";
                case LOW -> "low";
                case MEDIUM -> "medium";
                case HIGH -> "high";
                case CRITICAL -> "critical";
            };
        };
    }
}
