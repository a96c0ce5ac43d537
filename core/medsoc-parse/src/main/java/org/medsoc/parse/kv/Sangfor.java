package org.medsoc.parse.kv;

import java.util.HashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.medsoc.parse.internal.KeyTable;
import org.medsoc.parse.internal.Normalize;
import org.medsoc.parse.internal.Text;
import org.medsoc.spi.event.Event;
import org.medsoc.spi.event.Field;
import org.medsoc.spi.event.Fields;

/**
 * Sangfor NGAF / AF firewall logs: Chinese keys, ASCII or full-width colon between key and value and ASCII or
 * full-width comma between pairs ({@code 日志类型:服务控制或应用控制, 用户:(null), 源IP:10.1.1.5, ...}).
 *
 * <p>Known Chinese keys are mapped to the schema and to ASCII names under {@code sangfor.*}; ASCII keys are kept
 * under {@code sangfor.<key>}; unknown non-ASCII keys are left to the original message.
 */
public final class Sangfor {
    private static final int LOG_TYPE = 1, USER = 2, SRC = 3, SPT = 4, DST = 5, DPT = 6, APP_TYPE = 7, APP = 8,
            ACTION = 9, PROTO = 10, ATTACK = 11, VULN_ID = 12, VULN_NAME = 13, URL = 14, POLICY = 15, SMAC = 16,
            DESCRIPTION = 17, SEVERITY = 18;

    private static final int MAX_KEY_CHARS = 24;
    private static final KeyTable KEYS;

    static {
        Map<String, Integer> codes = new HashMap<>();
        Map<String, String> names = new HashMap<>();
        Object[][] keys = {
            {"日志类型", "log_type", LOG_TYPE}, {"用户", "user", USER}, {"用户名", "user", USER},
            {"用户名/主机", "user", USER}, {"源IP", "src_ip", SRC}, {"源地址", "src_ip", SRC},
            {"源端口", "src_port", SPT}, {"目的IP", "dst_ip", DST}, {"目的地址", "dst_ip", DST},
            {"目的端口", "dst_port", DPT}, {"应用类型", "app_type", APP_TYPE}, {"应用名称", "app_name", APP},
            {"系统动作", "action", ACTION}, {"动作", "action", ACTION}, {"处理动作", "action", ACTION},
            {"协议", "protocol", PROTO}, {"攻击类型", "attack_type", ATTACK}, {"漏洞ID", "vuln_id", VULN_ID},
            {"漏洞名称", "vuln_name", VULN_NAME}, {"严重级别", "severity", SEVERITY},
            {"严重等级", "severity", SEVERITY}, {"危险等级", "severity", SEVERITY}, {"URL", "url", URL},
            {"url", "url", URL}, {"策略名称", "policy_name", POLICY}, {"源MAC", "src_mac", SMAC},
            {"源区域", "src_zone", 0}, {"目的区域", "dst_zone", 0}, {"上行流量", "up_bytes", 0},
            {"下行流量", "down_bytes", 0}, {"上行流量(KB)", "up_kb", 0}, {"下行流量(KB)", "down_kb", 0},
            {"时间", "time", 0}, {"描述", "description", DESCRIPTION}, {"事件描述", "description", DESCRIPTION},
            {"病毒名称", "virus_name", ATTACK}, {"文件名", "file_name", 0}, {"域名", "domain", 0},
            {"主机名", "host_name", 0}, {"终端", "terminal", 0}, {"用户组", "user_group", 0},
            {"所属组", "user_group", 0}, {"登录方式", "login_method", 0}, {"认证方式", "auth_method", 0}};
        for (Object[] k : keys) {
            names.put((String) k[0], (String) k[1]);
            if ((Integer) k[2] != 0) {
                codes.put((String) k[0], (Integer) k[2]);
            }
        }
        KEYS = new KeyTable("sangfor.", codes, names, false);
    }

    private Sangfor() {}

    /** Whether the payload starts (within its first characters) with the key 日志类型 (log type). */
    public static boolean detects(String s) {
        int i = s.indexOf("日志类型");
        return i >= 0 && i < 32 && i + 4 < s.length() && colon(s.charAt(i + 4));
    }

    /** Parses a Sangfor payload; answers a reason when it holds no pairs. */
    public static @Nullable String parse(String s, Event event) {
        int n = s.length();
        int p = 0;
        int count = 0;
        String logType = null;
        String action = null;
        while (p < n) {
            while (p < n && (s.charAt(p) == ' ' || comma(s.charAt(p)))) {
                p++;
            }
            int ks = p;
            int kc = p;
            while (kc < n && kc - ks <= MAX_KEY_CHARS && !colon(s.charAt(kc)) && !comma(s.charAt(kc))) {
                kc++;
            }
            if (kc >= n || !colon(s.charAt(kc)) || kc == ks) {
                // not a key: skip this segment
                while (p < n && !comma(s.charAt(p))) {
                    p++;
                }
                continue;
            }
            int vs = kc + 1;
            int ve = nextPairStart(s, vs);
            String v = Text.trimmed(s, vs, ve);
            p = ve;
            count++;
            KeyTable.Entry e = KEYS.lookup(s, ks, kc);
            if (v.isEmpty() || v.equals("(null)") || v.equals("null")) {
                continue;
            }
            Text.add(event, e.field(), v);
            switch (e.code()) {
                case 0 -> {}
                case LOG_TYPE -> logType = v;
                case ACTION -> action = v;
                default -> apply(e.code(), v, event);
            }
        }
        if (count == 0) {
            return "no key:value pairs in Sangfor message";
        }
        Text.put(event, Fields.OBSERVER_VENDOR, "Sangfor");
        Text.put(event, Fields.OBSERVER_TYPE, "firewall");
        if (logType != null) {
            classify(event, logType);
        }
        if (action != null) {
            Normalize.putAction(event, action);
        }
        return null;
    }

    /** End of the value starting at p: the next comma followed by a short key and a colon, or the end. */
    private static int nextPairStart(String s, int p) {
        int n = s.length();
        for (int i = p; i < n; i++) {
            if (comma(s.charAt(i))) {
                int k = i + 1;
                while (k < n && s.charAt(k) == ' ') {
                    k++;
                }
                int ks = k;
                while (k < n && k - ks <= MAX_KEY_CHARS && !colon(s.charAt(k)) && !comma(s.charAt(k))) {
                    k++;
                }
                if (k < n && colon(s.charAt(k)) && k > ks) {
                    return i;
                }
            }
        }
        return n;
    }

    private static boolean colon(char c) {
        return c == ':' || c == '：';
    }

    private static boolean comma(char c) {
        return c == ',' || c == '，';
    }

    private static void apply(int code, String v, Event event) {
        switch (code) {
            case USER -> {
                Text.put(event, Fields.USER_NAME, v);
                Normalize.addOnce(event, Fields.RELATED_USER, v);
            }
            case SRC -> ip(event, Fields.SOURCE_IP, v);
            case DST -> ip(event, Fields.DESTINATION_IP, v);
            case SPT -> Text.putLong(event, Fields.SOURCE_PORT, v);
            case DPT -> Text.putLong(event, Fields.DESTINATION_PORT, v);
            case APP_TYPE -> Text.put(event, Fields.NETWORK_PROTOCOL, v.toLowerCase(java.util.Locale.ROOT));
            case APP -> Text.put(event, Fields.NETWORK_APPLICATION, v);
            case PROTO -> Text.put(event, Fields.NETWORK_TRANSPORT, Normalize.transport(v));
            case ATTACK -> Text.put(event, Fields.RULE_CATEGORY, v);
            case VULN_ID -> Text.put(event, Fields.RULE_ID, v);
            case VULN_NAME, POLICY -> Text.put(event, Fields.RULE_NAME, v);
            case URL -> Text.put(event, Fields.URL_ORIGINAL, v);
            case SMAC -> Text.put(event, Fields.SOURCE_MAC, v);
            case DESCRIPTION -> Text.put(event, Fields.MESSAGE, v);
            default -> {}
        }
    }

    private static void classify(Event event, String logType) {
        if (logType.contains("IPS") || logType.contains("WAF") || logType.contains("僵尸") || logType.contains("攻击")
                || logType.contains("漏洞")) {
            Normalize.addOnce(event, Fields.EVENT_CATEGORY, "intrusion_detection");
            event.put(Fields.EVENT_KIND, "alert");
        } else if (logType.contains("病毒")) {
            Normalize.addOnce(event, Fields.EVENT_CATEGORY, "malware");
            event.put(Fields.EVENT_KIND, "alert");
        } else if (logType.contains("认证") || logType.contains("登录")) {
            Normalize.addOnce(event, Fields.EVENT_CATEGORY, "authentication");
        } else {
            Normalize.addOnce(event, Fields.EVENT_CATEGORY, "network");
            Normalize.addOnce(event, Fields.EVENT_TYPE, "connection");
        }
    }

    private static void ip(Event event, Field field, String v) {
        if (Text.putIp(event, field, v)) {
            Normalize.addOnce(event, Fields.RELATED_IP, v);
        }
    }
}
