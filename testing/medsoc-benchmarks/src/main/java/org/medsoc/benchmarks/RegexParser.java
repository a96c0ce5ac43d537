package org.medsoc.benchmarks;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The naive baseline: what a straightforward implementation does with java.util.regex — decode, match a syslog
 * header pattern, then a per-format pattern, and put every group into a {@code HashMap<String, String>}.
 */
final class RegexParser {
    private static final Pattern RFC5424 = Pattern.compile(
            "^<(\\d{1,3})>(\\d{1,2}) (\\S+) (\\S+) (\\S+) (\\S+) (\\S+) (-|(?:\\[.*?(?<!\\\\)\\])+)(?: (.*))?$",
            Pattern.DOTALL);
    private static final Pattern SD_PARAM = Pattern.compile("(\\S+?)=\"((?:[^\"\\\\]|\\\\.)*)\"");
    private static final Pattern RFC3164 = Pattern.compile(
            "^(?:<(\\d{1,3})>)?([A-Z][a-z]{2} [ \\d]\\d(?: \\d{4})? \\d\\d:\\d\\d:\\d\\d) (\\S+) ([^\\s\\[:]+)(?:\\[(\\d+)\\])?: (.*)$",
            Pattern.DOTALL);
    private static final Pattern PRI_ONLY = Pattern.compile("^<(\\d{1,3})>(.*)$", Pattern.DOTALL);
    private static final Pattern CEF = Pattern.compile(
            "^CEF:(\\d+)\\|((?:[^|\\\\]|\\\\.)*)\\|((?:[^|\\\\]|\\\\.)*)\\|((?:[^|\\\\]|\\\\.)*)\\|((?:[^|\\\\]|\\\\.)*)\\|((?:[^|\\\\]|\\\\.)*)\\|((?:[^|\\\\]|\\\\.)*)\\|(.*)$",
            Pattern.DOTALL);
    private static final Pattern CEF_EXT = Pattern.compile("(\\w+)=((?:[^=\\\\]|\\\\.)*?)(?=\\s+\\w+=|\\s*$)");
    private static final Pattern LEEF = Pattern.compile(
            "^LEEF:([\\d.]+)\\|([^|]*)\\|([^|]*)\\|([^|]*)\\|([^|]*)\\|(.*)$", Pattern.DOTALL);
    private static final Pattern TAB_PAIR = Pattern.compile("([^\\t=]+)=([^\\t]*)");
    private static final Pattern KV = Pattern.compile("(\\w+)=(\"(?:[^\"\\\\]|\\\\.)*\"|\\S*)");
    private static final Pattern JSON_PAIR =
            Pattern.compile("\"([^\"]+)\"\\s*:\\s*(\"(?:[^\"\\\\]|\\\\.)*\"|-?\\d+(?:\\.\\d+)?|true|false|null)");
    private static final Pattern ACCESS = Pattern.compile(
            "^(\\S+) (\\S+) (\\S+) \\[([^\\]]+)\\] \"(\\S+) (\\S+) (\\S+)\" (\\d{3}) (\\d+|-)(?: \"([^\"]*)\" \"([^\"]*)\")?");

    private RegexParser() {}

    static Map<String, String> parse(byte[] payload) {
        String line = new String(payload, StandardCharsets.UTF_8).strip();
        Map<String, String> out = new HashMap<>();
        out.put("event.original", line);
        String msg = line;
        Matcher m = RFC5424.matcher(line);
        if (m.matches()) {
            out.put("log.syslog.priority", m.group(1));
            out.put("log.syslog.version", m.group(2));
            out.put("@timestamp", m.group(3));
            out.put("host.name", m.group(4));
            out.put("log.syslog.appname", m.group(5));
            out.put("log.syslog.procid", m.group(6));
            out.put("log.syslog.msgid", m.group(7));
            Matcher sd = SD_PARAM.matcher(m.group(8));
            while (sd.find()) {
                out.put("log.syslog.structured_data." + sd.group(1), sd.group(2));
            }
            msg = m.group(9) == null ? "" : m.group(9);
        } else if ((m = RFC3164.matcher(line)).matches()) {
            if (m.group(1) != null) {
                out.put("log.syslog.priority", m.group(1));
            }
            out.put("@timestamp", m.group(2));
            out.put("host.name", m.group(3));
            out.put("log.syslog.appname", m.group(4));
            if (m.group(5) != null) {
                out.put("log.syslog.procid", m.group(5));
            }
            msg = m.group(6);
        } else if ((m = PRI_ONLY.matcher(line)).matches()) {
            out.put("log.syslog.priority", m.group(1));
            msg = m.group(2);
        }
        payload(msg, out);
        return out;
    }

    private static void payload(String msg, Map<String, String> out) {
        Matcher m = CEF.matcher(msg);
        if (m.matches()) {
            out.put("observer.vendor", m.group(2));
            out.put("observer.product", m.group(3));
            out.put("rule.id", m.group(5));
            out.put("rule.name", m.group(6));
            Matcher e = CEF_EXT.matcher(m.group(8));
            while (e.find()) {
                out.put("cef." + e.group(1), e.group(2).replace("\\=", "=").replace("\\\\", "\\"));
            }
            return;
        }
        if ((m = LEEF.matcher(msg)).matches()) {
            out.put("observer.vendor", m.group(2));
            out.put("observer.product", m.group(3));
            Matcher e = TAB_PAIR.matcher(m.group(6));
            while (e.find()) {
                out.put("leef." + e.group(1), e.group(2));
            }
            return;
        }
        if (msg.startsWith("{")) {
            Matcher e = JSON_PAIR.matcher(msg);
            while (e.find()) {
                out.put("json." + e.group(1), e.group(2));
            }
            return;
        }
        if ((m = ACCESS.matcher(msg)).lookingAt()) {
            out.put("source.ip", m.group(1));
            out.put("user.name", m.group(3));
            out.put("@timestamp", m.group(4));
            out.put("http.request.method", m.group(5));
            out.put("url.original", m.group(6));
            out.put("http.response.status_code", m.group(8));
            return;
        }
        Matcher kv = KV.matcher(msg);
        int pairs = 0;
        while (kv.find()) {
            String v = kv.group(2);
            if (v.length() >= 2 && v.charAt(0) == '"') {
                v = v.substring(1, v.length() - 1);
            }
            out.put("kv." + kv.group(1), v);
            pairs++;
        }
        if (pairs == 0) {
            out.put("message", msg);
        }
    }
}
