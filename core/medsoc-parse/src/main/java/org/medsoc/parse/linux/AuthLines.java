package org.medsoc.parse.linux;

import org.medsoc.parse.internal.Text;
import org.jspecify.annotations.Nullable;
import org.medsoc.parse.json.Literals;
import org.medsoc.spi.event.Event;
import org.medsoc.spi.event.Field;
import org.medsoc.spi.event.FieldType;
import org.medsoc.parse.json.SchemaFields;
import org.medsoc.spi.event.Fields;

/**
 * Recognisers for the lines Linux authentication programs write to auth.log/secure: sshd, sudo, su, login, PAM
 * modules, shadow-utils (useradd, userdel, usermod, groupadd, passwd, chpasswd), systemd-logind and cron. Each
 * answers whether it understood the line, and fills ECS fields (event.action/category/type/outcome, user.*,
 * source.*, process.*, related.*) plus Elastic's {@code system.auth.*} originals.
 *
 * <p>User names in sshd lines are attacker-controlled (an unknown user name is logged verbatim), so the parts after
 * them are located from the right ({@code lastIndexOf(" port ")}), never from the left.
 */
public final class AuthLines {
    static final Field SSH_EVENT = keyword("system.auth.ssh.event");
    static final Field SSH_METHOD = keyword("system.auth.ssh.method");
    static final Field SSH_SIGNATURE = keyword("system.auth.ssh.signature");
    static final Field SSH_DISCONNECT_REASON = keyword("system.auth.ssh.disconnect_reason");
    static final Field SUDO_TTY = keyword("system.auth.sudo.tty");
    static final Field SUDO_PWD = keyword("system.auth.sudo.pwd");
    static final Field SUDO_USER = keyword("system.auth.sudo.user");
    static final Field SUDO_COMMAND = keyword("system.auth.sudo.command");
    static final Field SUDO_ERROR = keyword("system.auth.sudo.error");
    static final Field SU_TTY = keyword("system.auth.su.tty");
    static final Field PAM_MODULE = keyword("system.auth.pam.module");
    static final Field PAM_SERVICE = keyword("system.auth.pam.service");
    static final Field PAM_LOGNAME = keyword("system.auth.pam.logname");
    static final Field PAM_RUSER = keyword("system.auth.pam.ruser");
    static final Field PAM_RHOST = keyword("system.auth.pam.rhost");
    static final Field PAM_TTY = keyword("system.auth.pam.tty");
    static final Field USERADD_HOME = keyword("system.auth.useradd.home");
    static final Field USERADD_SHELL = keyword("system.auth.useradd.shell");
    static final Field GROUP_NAME = keyword("group.name");
    static final Field GROUP_ID = keyword("group.id");
    static final Field SESSION_ID = keyword("system.auth.session.id");

    private AuthLines() {}

    /** Declares this class's schema fields now (parsers call it when loaded, before payloads can intern names). */
    public static void declareFields() {
        // class initialisation declares the fields
    }

    private static Field keyword(String name) {
        return SchemaFields.declare(name, FieldType.KEYWORD);
    }

    // ---------------------------------------------------------------- sshd

    /** sshd lines; answers whether the line was understood. */
    public static boolean sshd(String s, Event e) {
        if (s.startsWith("Accepted ")) {
            return accepted(s, e);
        }
        if (s.startsWith("Failed ")) {
            return failed(s, e);
        }
        if (s.startsWith("Invalid user ")) {
            if (!userEndpoint(s, "Invalid user ".length(), true, e)) {
                return false;
            }
            e.put(SSH_EVENT, "Invalid");
            authentication(e, "ssh_failed", "failure");
            return true;
        }
        if (s.startsWith("Connection closed by ") || s.startsWith("Disconnected from ")) {
            return closed(s, e);
        }
        if (s.startsWith("Received disconnect from ")) {
            int from = "Received disconnect from ".length();
            int colon = s.indexOf(':', s.indexOf(" port ", from) + 1);
            if (!endpoint(s, from, colon < 0 ? s.length() : colon, e)) {
                return false;
            }
            if (colon > 0) {
                int reason = s.indexOf(": ", colon);
                if (reason > 0) {
                    e.put(SSH_DISCONNECT_REASON, trimPreauth(s, reason + 2));
                }
            }
            classify(e, "ssh_disconnect", "network", "end", null);
            return true;
        }
        if (s.startsWith("error: maximum authentication attempts exceeded for ")) {
            int user = "error: maximum authentication attempts exceeded for ".length();
            if (s.startsWith("invalid user ", user)) {
                user += "invalid user ".length();
            }
            if (!userEndpoint(s, user, true, e)) {
                return false;
            }
            authentication(e, "ssh_max_auth_exceeded", "failure");
            return true;
        }
        if (s.startsWith("PAM ") || s.startsWith("pam_")) {
            return pam(s, e);
        }
        if (s.startsWith("Did not receive identification string from ")) {
            if (!endpoint(s, "Did not receive identification string from ".length(), s.length(), e)) {
                return false;
            }
            classify(e, "ssh_no_identification", "network", "info", "failure");
            return true;
        }
        return false;
    }

    private static boolean accepted(String s, Event e) {
        int method = "Accepted ".length();
        int forAt = s.indexOf(" for ", method);
        if (forAt <= method) {
            return false;
        }
        int colon = s.lastIndexOf(": ");
        int end = colon > forAt && s.lastIndexOf(" port ") < colon ? colon : s.length();
        if (!userEndpoint(s, forAt + 5, end, true, e)) {
            return false;
        }
        e.put(SSH_METHOD, s.substring(method, forAt));
        e.put(SSH_EVENT, "Accepted");
        if (end < s.length()) {
            e.put(SSH_SIGNATURE, s.substring(end + 2));
        }
        classify(e, "ssh_login", "authentication", "start", "success");
        e.add(Fields.EVENT_CATEGORY, "session");
        return true;
    }

    private static boolean failed(String s, Event e) {
        int method = "Failed ".length();
        int forAt = s.indexOf(" for ", method);
        if (forAt <= method) {
            return false;
        }
        int user = forAt + 5;
        if (s.startsWith("invalid user ", user)) {
            user += "invalid user ".length();
        }
        if (!userEndpoint(s, user, true, e)) {
            return false;
        }
        e.put(SSH_METHOD, s.substring(method, forAt));
        e.put(SSH_EVENT, "Failed");
        authentication(e, "ssh_failed", "failure");
        return true;
    }

    private static boolean closed(String s, Event e) {
        boolean disconnected = s.startsWith("Disconnected from ");
        int from = disconnected ? "Disconnected from ".length() : "Connection closed by ".length();
        boolean preauth = s.endsWith("[preauth]");
        boolean withUser = true;
        if (s.startsWith("invalid user ", from)) {
            from += "invalid user ".length();
        } else if (s.startsWith("authenticating user ", from)) {
            from += "authenticating user ".length();
        } else if (s.startsWith("user ", from)) {
            from += "user ".length();
        } else {
            withUser = false;
        }
        boolean understood = withUser ? userEndpoint(s, from, false, e) : endpoint(s, from, s.length(), e);
        if (!understood) {
            return false;
        }
        if (disconnected && !preauth && withUser) {
            classify(e, "ssh_logout", "session", "end", "success");
        } else {
            classify(e, disconnected ? "ssh_disconnect" : "ssh_connection_closed", "network", "end", null);
        }
        return true;
    }

    private static String trimPreauth(String s, int from) {
        int end = s.length();
        if (s.endsWith(" [preauth]")) {
            end -= " [preauth]".length();
        }
        return end > from ? s.substring(from, end) : "";
    }

    /** Reads {@code USER from IP port N ...} (withFrom) or {@code USER IP port N ...} starting at {@code from}. */
    private static boolean userEndpoint(String s, int from, boolean withFrom, Event e) {
        return userEndpoint(s, from, s.length(), withFrom, e);
    }

    private static boolean userEndpoint(String s, int from, int to, boolean withFrom, Event e) {
        int port = s.lastIndexOf(" port ", to - 1);
        if (port <= from) {
            return false;
        }
        int ipStart = s.lastIndexOf(' ', port - 1) + 1;
        if (ipStart <= from && !(ipStart == from && !withFrom)) {
            return false;
        }
        int userEnd;
        if (withFrom) {
            if (ipStart - 6 < from || !s.startsWith(" from ", ipStart - 6)) {
                return false;
            }
            userEnd = ipStart - 6;
        } else {
            userEnd = Math.max(from, ipStart - 1);
        }
        if (!endpoint(s, ipStart, to, e)) {
            return false;
        }
        if (userEnd > from) {
            user(e, s.substring(from, userEnd));
        }
        return true;
    }

    /** Reads {@code HOST port N} at {@code from} (up to {@code to}) into source.ip/domain and source.port. */
    private static boolean endpoint(String s, int from, int to, Event e) {
        int port = s.indexOf(" port ", from);
        if (port <= from || port >= to) {
            return false;
        }
        int digits = port + 6;
        int end = digits;
        while (end < to && s.charAt(end) >= '0' && s.charAt(end) <= '9') {
            end++;
        }
        if (end == digits || end - digits > 5) {
            return false;
        }
        source(e, s, from, port);
        e.put(Fields.SOURCE_PORT, s.substring(digits, end));
        return true;
    }

    private static void source(Event e, String s, int from, int to) {
        if (from >= to) {
            return;
        }
        String host = s.substring(from, to);
        if (Text.isIp(host)) {
            e.put(Fields.SOURCE_IP, host);
            e.add(Fields.RELATED_IP, host);
        } else {
            e.put(Fields.SOURCE_DOMAIN, host);
        }
    }

    // ---------------------------------------------------------------- sudo

    /**
     * sudo lines: {@code USER : [ERROR ; ]TTY=t ; PWD=p ; USER=u ; [ENV=... ; ]COMMAND=c}; answers whether the line
     * was understood.
     */
    public static boolean sudo(String s, Event e) {
        if (s.startsWith("pam_")) {
            return pam(s, e);
        }
        int start = skipSpaces(s, 0);
        int colon = s.indexOf(" : ", start);
        if (colon <= start) {
            return false;
        }
        String user = s.substring(start, colon);
        if (user.indexOf(' ') >= 0) {
            return false;
        }
        String error = null;
        boolean any = false;
        int i = colon + 3;
        int n = s.length();
        while (i < n) {
            int sep = s.startsWith("COMMAND=", i) ? -1 : s.indexOf(" ; ", i);
            int end = sep < 0 ? n : sep;
            int eq = s.indexOf('=', i);
            if (eq > i && eq < end && s.charAt(i) >= 'A' && s.charAt(i) <= 'Z' && isUpperKey(s, i, eq)) {
                String value = s.substring(eq + 1, end);
                switch (s.substring(i, eq)) {
                    case "TTY" -> e.put(SUDO_TTY, value);
                    case "PWD" -> {
                        e.put(SUDO_PWD, value);
                        e.put(Fields.PROCESS_WORKING_DIRECTORY, value);
                    }
                    case "USER" -> {
                        e.put(SUDO_USER, value);
                        e.put(Fields.USER_EFFECTIVE_NAME, value);
                        relatedUser(e, value);
                    }
                    case "COMMAND" -> {
                        e.put(SUDO_COMMAND, value);
                        e.put(Fields.PROCESS_COMMAND_LINE, value);
                        int space = value.indexOf(' ');
                        String executable = space < 0 ? value : value.substring(0, space);
                        e.put(Fields.PROCESS_EXECUTABLE, executable);
                        e.put(Fields.PROCESS_NAME, executable.substring(executable.lastIndexOf('/') + 1));
                    }
                    default -> {}
                }
                any = true;
            } else if (error == null && !any) {
                error = s.substring(i, end);
            }
            i = end + 3;
        }
        if (!any) {
            return false;
        }
        user(e, user);
        if (error != null) {
            e.put(SUDO_ERROR, error);
            classify(e, "sudo", "process", "start", "failure");
            e.add(Fields.EVENT_CATEGORY, "authentication");
        } else {
            classify(e, "sudo", "process", "start", "success");
        }
        return true;
    }

    private static boolean isUpperKey(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if ((c < 'A' || c > 'Z') && c != '_') {
                return false;
            }
        }
        return true;
    }

    // ---------------------------------------------------------------- su

    /** su lines ({@code (to root) alice on pts/1}, {@code FAILED SU (to root) alice on pts/1}, PAM). */
    public static boolean su(String s, Event e) {
        if (s.startsWith("pam_")) {
            return pam(s, e);
        }
        boolean failed = false;
        int i = 0;
        if (s.startsWith("FAILED SU ")) {
            failed = true;
            i = "FAILED SU ".length();
        }
        if (s.startsWith("(to ", i)) {
            int close = s.indexOf(") ", i);
            if (close < 0) {
                return false;
            }
            String target = s.substring(i + 4, close);
            int on = s.lastIndexOf(" on ");
            int userEnd = on > close ? on : s.length();
            if (userEnd <= close + 2) {
                return false;
            }
            user(e, s.substring(close + 2, userEnd));
            target(e, target);
            if (on > close) {
                e.put(SU_TTY, s.substring(on + 4));
            }
            classify(e, "su", "authentication", "start", failed ? "failure" : "success");
            return true;
        }
        boolean successful = s.startsWith("Successful su for ");
        if (successful || s.startsWith("FAILED su for ")) {
            int from = successful ? "Successful su for ".length() : "FAILED su for ".length();
            int by = s.indexOf(" by ", from);
            if (by <= from) {
                return false;
            }
            target(e, s.substring(from, by));
            user(e, s.substring(by + 4));
            classify(e, "su", "authentication", "start", successful ? "success" : "failure");
            return true;
        }
        return false;
    }

    // ---------------------------------------------------------------- login

    /** login lines ({@code ROOT LOGIN ON tty1}, {@code FAILED LOGIN (1) on '/dev/tty1' FOR 'root', ...}). */
    public static boolean login(String s, Event e) {
        if (s.startsWith("pam_")) {
            return pam(s, e);
        }
        if (s.startsWith("ROOT LOGIN ON ") || s.startsWith("ROOT LOGIN  ON ")) {
            user(e, "root");
            classify(e, "login", "authentication", "start", "success");
            return true;
        }
        if (s.startsWith("LOGIN ON ")) {
            int by = s.indexOf(" BY ");
            if (by < 0) {
                return false;
            }
            int end = s.indexOf(' ', by + 4);
            user(e, s.substring(by + 4, end < 0 ? s.length() : end));
            classify(e, "login", "authentication", "start", "success");
            return true;
        }
        if (s.startsWith("FAILED LOGIN ")) {
            int forAt = s.indexOf(" FOR '");
            if (forAt > 0) {
                int close = s.indexOf('\'', forAt + 6);
                if (close > forAt + 6) {
                    user(e, s.substring(forAt + 6, close));
                }
            }
            classify(e, "login", "authentication", "start", "failure");
            return true;
        }
        return false;
    }

    // ---------------------------------------------------------------- PAM

    /**
     * PAM module lines {@code pam_unix(SERVICE:TYPE): MESSAGE} (session opened/closed, authentication failure,
     * password changed) and sshd's {@code PAM n more authentication failures; ...}.
     */
    public static boolean pam(String s, Event e) {
        if (s.startsWith("PAM ")) {
            int semicolon = s.indexOf("; ");
            if (semicolon < 0 || !s.startsWith("more authentication failure", s.indexOf(' ', 4) + 1)) {
                return false;
            }
            pamKeyValues(s, semicolon + 2, e);
            authentication(e, "authentication_failure", "failure");
            return true;
        }
        int paren = s.indexOf('(');
        int close = s.indexOf("): ", paren + 1);
        if (!s.startsWith("pam_") || paren < 0 || close < 0) {
            return false;
        }
        e.put(PAM_MODULE, s.substring(0, paren));
        int colon = s.indexOf(':', paren);
        if (colon > paren && colon < close) {
            e.put(PAM_SERVICE, s.substring(paren + 1, colon));
        }
        int m = close + 3;
        if (s.startsWith("session opened for user ", m)) {
            int from = m + "session opened for user ".length();
            int end = userEnd(s, from);
            user(e, s.substring(from, end));
            int by = s.indexOf(" by ", end);
            if (by > 0) {
                int byEnd = userEnd(s, by + 4);
                if (byEnd > by + 4) {
                    relatedUser(e, s.substring(by + 4, byEnd));
                }
            }
            classify(e, "session_opened", "session", "start", "success");
            return true;
        }
        if (s.startsWith("session closed for user ", m)) {
            int from = m + "session closed for user ".length();
            user(e, s.substring(from, userEnd(s, from)));
            classify(e, "session_closed", "session", "end", "success");
            return true;
        }
        if (s.startsWith("authentication failure;", m)) {
            pamKeyValues(s, m + "authentication failure;".length(), e);
            authentication(e, "authentication_failure", "failure");
            return true;
        }
        if (s.startsWith("password changed for ", m)) {
            user(e, s.substring(m + "password changed for ".length()));
            classify(e, "password_changed", "iam", "user", "success");
            e.add(Fields.EVENT_TYPE, "change");
            return true;
        }
        if (s.startsWith("check pass; user unknown", m)) {
            authentication(e, "authentication_failure", "failure");
            return true;
        }
        return false;
    }

    private static int userEnd(String s, int from) {
        int n = s.length();
        int i = from;
        while (i < n && s.charAt(i) != '(' && s.charAt(i) != ' ') {
            i++;
        }
        return i;
    }

    /** Reads PAM's {@code logname=.. uid=.. euid=.. tty=.. ruser=.. rhost=..  user=..} (values may be empty). */
    private static void pamKeyValues(String s, int from, Event e) {
        int n = s.length();
        int i = from;
        while (i < n) {
            i = skipSpaces(s, i);
            int end = s.indexOf(' ', i);
            if (end < 0) {
                end = n;
            }
            int eq = s.indexOf('=', i);
            if (eq < 0 || eq >= end) {
                i = end + 1;
                continue;
            }
            String value = s.substring(eq + 1, end);
            if (!value.isEmpty()) {
                switch (s.substring(i, eq)) {
                    case "logname" -> {
                        e.put(PAM_LOGNAME, value);
                        relatedUser(e, value);
                    }
                    case "ruser" -> {
                        e.put(PAM_RUSER, value);
                        relatedUser(e, value);
                    }
                    case "rhost" -> {
                        e.put(PAM_RHOST, value);
                        source(e, value, 0, value.length());
                    }
                    case "tty" -> e.put(PAM_TTY, value);
                    case "user" -> user(e, value);
                    default -> {}
                }
            }
            i = end + 1;
        }
    }

    // ---------------------------------------------------------------- shadow-utils

    /** useradd, userdel, usermod, groupadd, groupdel, passwd, chpasswd lines. */
    public static boolean shadow(String s, Event e) {
        if (s.startsWith("pam_")) {
            return pam(s, e);
        }
        if (s.startsWith("new user: ")) {
            String name = keyValue(s, "name=");
            if (name == null) {
                return false;
            }
            user(e, name);
            e.putIfPresent(Fields.USER_ID, keyValue(s, "UID="));
            e.putIfPresent(GROUP_ID, keyValue(s, "GID="));
            e.putIfPresent(USERADD_HOME, keyValue(s, "home="));
            e.putIfPresent(USERADD_SHELL, keyValue(s, "shell="));
            iam(e, "user_created", "user", "creation");
            return true;
        }
        if (s.startsWith("new group: ") || s.startsWith("group added to ")) {
            String name = keyValue(s, "name=");
            if (name == null) {
                return false;
            }
            e.put(GROUP_NAME, name);
            e.putIfPresent(GROUP_ID, keyValue(s, "GID="));
            iam(e, "group_created", "group", "creation");
            return true;
        }
        if (s.startsWith("delete user '")) {
            String name = quoted(s, "delete user '".length() - 1);
            if (name == null) {
                return false;
            }
            user(e, name);
            iam(e, "user_deleted", "user", "deletion");
            return true;
        }
        if (s.startsWith("removed group '") || s.startsWith("group '")) {
            String name = quoted(s, s.indexOf('\''));
            if (name == null) {
                return false;
            }
            e.put(GROUP_NAME, name);
            iam(e, "group_deleted", "group", "deletion");
            return true;
        }
        if (s.startsWith("add '")) {
            String name = quoted(s, 4);
            int group = s.indexOf(" to group '");
            if (name == null || group < 0) {
                return false;
            }
            user(e, name);
            e.putIfPresent(GROUP_NAME, quoted(s, group + " to group ".length()));
            iam(e, "user_added_to_group", "group", "change");
            return true;
        }
        if (s.startsWith("change user '") || s.startsWith("lock user '") || s.startsWith("unlock user '")) {
            String name = quoted(s, s.indexOf('\''));
            if (name == null) {
                return false;
            }
            user(e, name);
            iam(e, "user_modified", "user", "change");
            return true;
        }
        if (s.startsWith("password for '") && s.contains("changed")) {
            String name = quoted(s, s.indexOf('\''));
            if (name == null) {
                return false;
            }
            user(e, name);
            iam(e, "password_changed", "user", "change");
            return true;
        }
        return false;
    }

    private static @Nullable String keyValue(String s, String key) {
        int at = s.indexOf(key);
        while (at > 0 && s.charAt(at - 1) != ' ' && s.charAt(at - 1) != ',') {
            at = s.indexOf(key, at + 1);
        }
        if (at < 0) {
            return null;
        }
        int from = at + key.length();
        int end = s.indexOf(',', from);
        String value = s.substring(from, end < 0 ? s.length() : end).trim();
        return value.isEmpty() ? null : value;
    }

    private static @Nullable String quoted(String s, int openQuote) {
        if (openQuote < 0 || openQuote >= s.length() || s.charAt(openQuote) != '\'') {
            return null;
        }
        int close = s.indexOf('\'', openQuote + 1);
        return close > openQuote + 1 ? s.substring(openQuote + 1, close) : null;
    }

    // ---------------------------------------------------------------- systemd-logind, cron

    /** systemd-logind lines ({@code New session 3 of user alice.}, {@code Removed session 3.}). */
    public static boolean logind(String s, Event e) {
        if (s.startsWith("New session ")) {
            int of = s.indexOf(" of user ");
            if (of < 0) {
                return false;
            }
            e.put(SESSION_ID, s.substring("New session ".length(), of));
            String user = s.substring(of + " of user ".length());
            user(e, user.endsWith(".") ? user.substring(0, user.length() - 1) : user);
            classify(e, "session_opened", "session", "start", "success");
            return true;
        }
        if (s.startsWith("Removed session ")) {
            String id = s.substring("Removed session ".length());
            e.put(SESSION_ID, id.endsWith(".") ? id.substring(0, id.length() - 1) : id);
            classify(e, "session_closed", "session", "end", "success");
            return true;
        }
        return false;
    }

    /** cron lines ({@code (root) CMD (command)} and PAM session lines). */
    public static boolean cron(String s, Event e) {
        if (s.startsWith("pam_")) {
            return pam(s, e);
        }
        if (s.startsWith("(")) {
            int close = s.indexOf(") CMD (");
            if (close < 0 || !s.endsWith(")")) {
                return false;
            }
            user(e, s.substring(1, close));
            String command = s.substring(close + ") CMD (".length(), s.length() - 1);
            if (!command.isEmpty()) {
                e.put(Fields.PROCESS_COMMAND_LINE, command);
            }
            classify(e, "cron_command", "process", "start", "success");
            return true;
        }
        return false;
    }

    // ---------------------------------------------------------------- shared

    private static void authentication(Event e, String action, String outcome) {
        classify(e, action, "authentication", "info", outcome);
    }

    private static void iam(Event e, String action, String type, String secondType) {
        classify(e, action, "iam", type, "success");
        e.add(Fields.EVENT_TYPE, secondType);
    }

    private static void classify(Event e, String action, String category, String type, @Nullable String outcome) {
        e.put(Fields.EVENT_ACTION, action);
        e.put(Fields.EVENT_CATEGORY, category);
        e.put(Fields.EVENT_TYPE, type);
        if (outcome != null) {
            e.put(Fields.EVENT_OUTCOME, outcome);
        }
    }

    private static void user(Event e, String name) {
        if (!name.isEmpty()) {
            e.put(Fields.USER_NAME, name);
            relatedUser(e, name);
        }
    }

    private static void target(Event e, String name) {
        if (!name.isEmpty()) {
            e.put(Fields.USER_TARGET_NAME, name);
            e.put(Fields.USER_EFFECTIVE_NAME, name);
            relatedUser(e, name);
        }
    }

    private static void relatedUser(Event e, String name) {
        if (name.isEmpty()) {
            return;
        }
        for (String existing : e.values(Fields.RELATED_USER)) {
            if (existing.equals(name)) {
                return;
            }
        }
        e.add(Fields.RELATED_USER, name);
    }

    private static int skipSpaces(String s, int i) {
        while (i < s.length() && s.charAt(i) == ' ') {
            i++;
        }
        return i;
    }
}
