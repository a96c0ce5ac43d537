package org.medsoc.parse;

import org.jspecify.annotations.Nullable;
import org.medsoc.parse.linux.AuthLines;
import org.medsoc.spi.event.Event;
import org.medsoc.spi.event.Fields;

/**
 * Linux authentication logs (auth.log / secure): sshd logins and failures, sudo, su, login, PAM sessions and
 * failures, user and group management (useradd, userdel, usermod, groupadd, passwd, chpasswd), systemd-logind
 * sessions and cron commands.
 *
 * <p>Lines are recognised by the syslog APP-NAME when there is one, otherwise by their text. Recognised lines get
 * {@code event.action} ({@code ssh_login}, {@code ssh_failed}, {@code sudo}, {@code su}, {@code user_created}...),
 * {@code event.category}/{@code type}/{@code outcome}, {@code user.*}, {@code source.*}, {@code process.*} for
 * sudo and cron commands, {@code related.*}, and Elastic's {@code system.auth.*} originals. Every line keeps its
 * text in {@code message}; a line of an authentication program that is not recognised is still a valid event
 * (it is never dead-lettered for that).
 */
public final class LinuxAuthPayloadParser implements PayloadParser {
    static {
        AuthLines.declareFields();
    }

    /** Creates the parser; it is stateless and thread-safe. */
    public LinuxAuthPayloadParser() {}

    @Override
    public String name() {
        return "linux_auth";
    }

    /** Whether the APP-NAME is an authentication program, or the text starts like an sshd, sudo, su or PAM line. */
    @Override
    public boolean detects(String payload, ParseContext context) {
        if (program(context.appName()) != Program.UNKNOWN) {
            return true;
        }
        return payload.startsWith("Accepted ")
                || payload.startsWith("Failed password for ")
                || payload.startsWith("Failed publickey for ")
                || payload.startsWith("Invalid user ")
                || payload.startsWith("pam_unix(")
                || payload.startsWith("Connection closed by ")
                || payload.startsWith("Disconnected from ")
                || payload.startsWith("new user: ")
                || payload.startsWith("new group: ")
                || payload.startsWith("FAILED SU ")
                || (payload.indexOf(" : TTY=") > 0 && payload.indexOf(" ; COMMAND=") > 0);
    }

    @Override
    public @Nullable String parse(String payload, ParseContext context, Event event) {
        String line = trimEnd(payload);
        if (line.isEmpty()) {
            return "linux_auth: empty message";
        }
        event.put(Fields.MESSAGE, line);
        boolean understood = switch (program(context.appName())) {
            case SSHD -> AuthLines.sshd(line, event);
            case SUDO -> AuthLines.sudo(line, event);
            case SU -> AuthLines.su(line, event);
            case LOGIN -> AuthLines.login(line, event);
            case SHADOW -> AuthLines.shadow(line, event);
            case LOGIND -> AuthLines.logind(line, event);
            case CRON -> AuthLines.cron(line, event);
            case UNKNOWN -> byText(line, event);
        };
        event.put(Fields.EVENT_KIND, "event");
        event.put(Fields.EVENT_MODULE, "system");
        event.put(Fields.EVENT_DATASET, "system.auth");
        if (!understood) {
            event.remove(Fields.EVENT_ACTION);
        }
        return null;
    }

    private static boolean byText(String line, Event event) {
        if (line.startsWith("pam_") || line.startsWith("PAM ")) {
            return AuthLines.pam(line, event);
        }
        if (line.startsWith("new user: ") || line.startsWith("new group: ")) {
            return AuthLines.shadow(line, event);
        }
        if (line.startsWith("FAILED SU ") || line.startsWith("(to ")) {
            return AuthLines.su(line, event);
        }
        if (line.indexOf(" : ") > 0 && line.indexOf("COMMAND=") > 0) {
            return AuthLines.sudo(line, event);
        }
        return AuthLines.sshd(line, event);
    }

    private enum Program {
        SSHD,
        SUDO,
        SU,
        LOGIN,
        SHADOW,
        LOGIND,
        CRON,
        UNKNOWN
    }

    private static Program program(@Nullable String appName) {
        if (appName == null) {
            return Program.UNKNOWN;
        }
        int bracket = appName.indexOf('[');
        String name = bracket > 0 ? appName.substring(0, bracket) : appName;
        return switch (name) {
            case "sshd", "sshd-session", "sshd-auth" -> Program.SSHD;
            case "sudo" -> Program.SUDO;
            case "su" -> Program.SU;
            case "login" -> Program.LOGIN;
            case "useradd", "userdel", "usermod", "groupadd", "groupdel", "groupmod", "gpasswd", "passwd",
                    "chpasswd", "chage", "newusers" -> Program.SHADOW;
            case "systemd-logind" -> Program.LOGIND;
            case "CRON", "cron", "crond" -> Program.CRON;
            default -> Program.UNKNOWN;
        };
    }

    private static String trimEnd(String s) {
        int end = s.length();
        while (end > 0 && (s.charAt(end - 1) == '\n' || s.charAt(end - 1) == '\r' || s.charAt(end - 1) == ' ')) {
            end--;
        }
        return end == s.length() ? s : s.substring(0, end);
    }
}
