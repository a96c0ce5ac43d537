package org.medsoc.spi.event;

import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * The registry of interned fields and the medsoc schema (ECS-aligned names, vendor originals under
 * {@code <vendor>.*}, medsoc's own under {@code medsoc.*}).
 *
 * <p>Names of the schema are declared as constants with their types. Any other valid name can be interned at run
 * time as a {@link FieldType#KEYWORD}. The registry is bounded ({@link #MAX_FIELDS}) so that hostile input with
 * endless distinct keys cannot grow memory without limit: {@link #intern} then answers {@code null} and counts the
 * refusal ({@link #refusedInterns()}). The last {@link #RESERVED_FOR_DECLARE} slots are kept for {@link #declare},
 * so that schema fields of parsers loaded late always register even after input has used up the dynamic budget.
 */
public final class Fields {
    /** Upper bound on distinct field names per JVM. */
    public static final int MAX_FIELDS = 20_000;
    /** Slots only {@link #declare} may use: dynamic names stop at {@code MAX_FIELDS - RESERVED_FOR_DECLARE}. */
    public static final int RESERVED_FOR_DECLARE = 2_000;
    /** Upper bound on the length of a field name. */
    public static final int MAX_NAME_LENGTH = 128;

    private static final ConcurrentHashMap<String, Field> BY_NAME = new ConcurrentHashMap<>();
    private static volatile Field[] byId = new Field[256];
    private static int count;
    private static final java.util.concurrent.atomic.LongAdder REFUSED = new java.util.concurrent.atomic.LongAdder();

    // --- base ---
    public static final Field TIMESTAMP = declare("@timestamp", FieldType.DATE);
    public static final Field MESSAGE = declare("message", FieldType.TEXT);
    public static final Field TAGS = declare("tags", FieldType.KEYWORD);
    // --- event ---
    public static final Field EVENT_ID = declare("event.id", FieldType.KEYWORD);
    public static final Field EVENT_KIND = declare("event.kind", FieldType.KEYWORD);
    public static final Field EVENT_CATEGORY = declare("event.category", FieldType.KEYWORD);
    public static final Field EVENT_TYPE = declare("event.type", FieldType.KEYWORD);
    public static final Field EVENT_ACTION = declare("event.action", FieldType.KEYWORD);
    public static final Field EVENT_OUTCOME = declare("event.outcome", FieldType.KEYWORD);
    public static final Field EVENT_SEVERITY = declare("event.severity", FieldType.LONG);
    public static final Field EVENT_CODE = declare("event.code", FieldType.KEYWORD);
    public static final Field EVENT_DATASET = declare("event.dataset", FieldType.KEYWORD);
    public static final Field EVENT_MODULE = declare("event.module", FieldType.KEYWORD);
    public static final Field EVENT_PROVIDER = declare("event.provider", FieldType.KEYWORD);
    public static final Field EVENT_REASON = declare("event.reason", FieldType.TEXT);
    public static final Field EVENT_DURATION = declare("event.duration", FieldType.LONG);
    public static final Field EVENT_CREATED = declare("event.created", FieldType.DATE);
    public static final Field EVENT_INGESTED = declare("event.ingested", FieldType.DATE);
    // --- log / syslog ---
    public static final Field LOG_LEVEL = declare("log.level", FieldType.KEYWORD);
    public static final Field LOG_FILE_PATH = declare("log.file.path", FieldType.KEYWORD);
    public static final Field LOG_SYSLOG_PRIORITY = declare("log.syslog.priority", FieldType.LONG);
    public static final Field LOG_SYSLOG_FACILITY_CODE = declare("log.syslog.facility.code", FieldType.LONG);
    public static final Field LOG_SYSLOG_SEVERITY_CODE = declare("log.syslog.severity.code", FieldType.LONG);
    public static final Field LOG_SYSLOG_VERSION = declare("log.syslog.version", FieldType.KEYWORD);
    public static final Field LOG_SYSLOG_HOSTNAME = declare("log.syslog.hostname", FieldType.KEYWORD);
    public static final Field LOG_SYSLOG_APPNAME = declare("log.syslog.appname", FieldType.KEYWORD);
    public static final Field LOG_SYSLOG_PROCID = declare("log.syslog.procid", FieldType.KEYWORD);
    public static final Field LOG_SYSLOG_MSGID = declare("log.syslog.msgid", FieldType.KEYWORD);
    // --- host ---
    public static final Field HOST_NAME = declare("host.name", FieldType.KEYWORD);
    public static final Field HOST_HOSTNAME = declare("host.hostname", FieldType.KEYWORD);
    public static final Field HOST_IP = declare("host.ip", FieldType.IP);
    public static final Field HOST_OS_TYPE = declare("host.os.type", FieldType.KEYWORD);
    public static final Field HOST_OS_NAME = declare("host.os.name", FieldType.KEYWORD);
    // --- source / destination ---
    public static final Field SOURCE_IP = declare("source.ip", FieldType.IP);
    public static final Field SOURCE_PORT = declare("source.port", FieldType.LONG);
    public static final Field SOURCE_ADDRESS = declare("source.address", FieldType.KEYWORD);
    public static final Field SOURCE_DOMAIN = declare("source.domain", FieldType.KEYWORD);
    public static final Field SOURCE_MAC = declare("source.mac", FieldType.KEYWORD);
    public static final Field SOURCE_BYTES = declare("source.bytes", FieldType.LONG);
    public static final Field SOURCE_PACKETS = declare("source.packets", FieldType.LONG);
    public static final Field SOURCE_NAT_IP = declare("source.nat.ip", FieldType.IP);
    public static final Field SOURCE_NAT_PORT = declare("source.nat.port", FieldType.LONG);
    public static final Field SOURCE_GEO_COUNTRY = declare("source.geo.country_iso_code", FieldType.KEYWORD);
    public static final Field DESTINATION_IP = declare("destination.ip", FieldType.IP);
    public static final Field DESTINATION_PORT = declare("destination.port", FieldType.LONG);
    public static final Field DESTINATION_ADDRESS = declare("destination.address", FieldType.KEYWORD);
    public static final Field DESTINATION_DOMAIN = declare("destination.domain", FieldType.KEYWORD);
    public static final Field DESTINATION_MAC = declare("destination.mac", FieldType.KEYWORD);
    public static final Field DESTINATION_BYTES = declare("destination.bytes", FieldType.LONG);
    public static final Field DESTINATION_PACKETS = declare("destination.packets", FieldType.LONG);
    public static final Field DESTINATION_NAT_IP = declare("destination.nat.ip", FieldType.IP);
    public static final Field DESTINATION_NAT_PORT = declare("destination.nat.port", FieldType.LONG);
    // --- network ---
    public static final Field NETWORK_PROTOCOL = declare("network.protocol", FieldType.KEYWORD);
    public static final Field NETWORK_TRANSPORT = declare("network.transport", FieldType.KEYWORD);
    public static final Field NETWORK_DIRECTION = declare("network.direction", FieldType.KEYWORD);
    public static final Field NETWORK_APPLICATION = declare("network.application", FieldType.KEYWORD);
    public static final Field NETWORK_BYTES = declare("network.bytes", FieldType.LONG);
    public static final Field NETWORK_PACKETS = declare("network.packets", FieldType.LONG);
    public static final Field NETWORK_COMMUNITY_ID = declare("network.community_id", FieldType.KEYWORD);
    // --- user ---
    public static final Field USER_NAME = declare("user.name", FieldType.KEYWORD);
    public static final Field USER_DOMAIN = declare("user.domain", FieldType.KEYWORD);
    public static final Field USER_ID = declare("user.id", FieldType.KEYWORD);
    public static final Field USER_TARGET_NAME = declare("user.target.name", FieldType.KEYWORD);
    public static final Field USER_EFFECTIVE_NAME = declare("user.effective.name", FieldType.KEYWORD);
    // --- process ---
    public static final Field PROCESS_NAME = declare("process.name", FieldType.KEYWORD);
    public static final Field PROCESS_PID = declare("process.pid", FieldType.LONG);
    public static final Field PROCESS_EXECUTABLE = declare("process.executable", FieldType.KEYWORD);
    public static final Field PROCESS_COMMAND_LINE = declare("process.command_line", FieldType.TEXT);
    public static final Field PROCESS_WORKING_DIRECTORY = declare("process.working_directory", FieldType.KEYWORD);
    public static final Field PROCESS_HASH_MD5 = declare("process.hash.md5", FieldType.KEYWORD);
    public static final Field PROCESS_HASH_SHA1 = declare("process.hash.sha1", FieldType.KEYWORD);
    public static final Field PROCESS_HASH_SHA256 = declare("process.hash.sha256", FieldType.KEYWORD);
    public static final Field PROCESS_PARENT_NAME = declare("process.parent.name", FieldType.KEYWORD);
    public static final Field PROCESS_PARENT_PID = declare("process.parent.pid", FieldType.LONG);
    public static final Field PROCESS_PARENT_EXECUTABLE = declare("process.parent.executable", FieldType.KEYWORD);
    public static final Field PROCESS_PARENT_COMMAND_LINE =
            declare("process.parent.command_line", FieldType.TEXT);
    // --- file ---
    public static final Field FILE_PATH = declare("file.path", FieldType.KEYWORD);
    public static final Field FILE_NAME = declare("file.name", FieldType.KEYWORD);
    public static final Field FILE_HASH_SHA256 = declare("file.hash.sha256", FieldType.KEYWORD);
    // --- url / http / user agent ---
    public static final Field URL_ORIGINAL = declare("url.original", FieldType.TEXT);
    public static final Field URL_PATH = declare("url.path", FieldType.KEYWORD);
    public static final Field URL_QUERY = declare("url.query", FieldType.KEYWORD);
    public static final Field URL_DOMAIN = declare("url.domain", FieldType.KEYWORD);
    public static final Field HTTP_REQUEST_METHOD = declare("http.request.method", FieldType.KEYWORD);
    public static final Field HTTP_REQUEST_REFERRER = declare("http.request.referrer", FieldType.KEYWORD);
    public static final Field HTTP_RESPONSE_STATUS_CODE = declare("http.response.status_code", FieldType.LONG);
    public static final Field HTTP_RESPONSE_BODY_BYTES = declare("http.response.body.bytes", FieldType.LONG);
    public static final Field HTTP_VERSION = declare("http.version", FieldType.KEYWORD);
    public static final Field USER_AGENT_ORIGINAL = declare("user_agent.original", FieldType.TEXT);
    // --- dns ---
    public static final Field DNS_QUESTION_NAME = declare("dns.question.name", FieldType.KEYWORD);
    public static final Field DNS_QUESTION_TYPE = declare("dns.question.type", FieldType.KEYWORD);
    public static final Field DNS_RESPONSE_CODE = declare("dns.response_code", FieldType.KEYWORD);
    // --- rule (IDS/WAF/firewall policy that fired) ---
    public static final Field RULE_ID = declare("rule.id", FieldType.KEYWORD);
    public static final Field RULE_NAME = declare("rule.name", FieldType.KEYWORD);
    public static final Field RULE_CATEGORY = declare("rule.category", FieldType.KEYWORD);
    // --- observer (the device that reported) ---
    public static final Field OBSERVER_VENDOR = declare("observer.vendor", FieldType.KEYWORD);
    public static final Field OBSERVER_PRODUCT = declare("observer.product", FieldType.KEYWORD);
    public static final Field OBSERVER_VERSION = declare("observer.version", FieldType.KEYWORD);
    public static final Field OBSERVER_TYPE = declare("observer.type", FieldType.KEYWORD);
    public static final Field OBSERVER_NAME = declare("observer.name", FieldType.KEYWORD);
    public static final Field OBSERVER_HOSTNAME = declare("observer.hostname", FieldType.KEYWORD);
    public static final Field OBSERVER_IP = declare("observer.ip", FieldType.IP);
    // --- windows ---
    public static final Field WINLOG_CHANNEL = declare("winlog.channel", FieldType.KEYWORD);
    public static final Field WINLOG_EVENT_ID = declare("winlog.event_id", FieldType.KEYWORD);
    public static final Field WINLOG_PROVIDER_NAME = declare("winlog.provider_name", FieldType.KEYWORD);
    public static final Field WINLOG_COMPUTER_NAME = declare("winlog.computer_name", FieldType.KEYWORD);
    public static final Field WINLOG_RECORD_ID = declare("winlog.record_id", FieldType.KEYWORD);
    public static final Field WINLOG_LOGON_TYPE = declare("winlog.logon.type", FieldType.KEYWORD);
    // --- related (pivots) ---
    public static final Field RELATED_IP = declare("related.ip", FieldType.IP);
    public static final Field RELATED_USER = declare("related.user", FieldType.KEYWORD);
    public static final Field RELATED_HASH = declare("related.hash", FieldType.KEYWORD);
    // --- error (dead letters) ---
    public static final Field ERROR_MESSAGE = declare("error.message", FieldType.TEXT);
    public static final Field ERROR_TYPE = declare("error.type", FieldType.KEYWORD);
    // --- medsoc ---
    public static final Field MEDSOC_TENANT = declare("medsoc.tenant", FieldType.KEYWORD);
    public static final Field MEDSOC_RECEIVER = declare("medsoc.receiver", FieldType.KEYWORD);
    public static final Field MEDSOC_PEER = declare("medsoc.peer", FieldType.IP);
    public static final Field MEDSOC_PARSER = declare("medsoc.parser", FieldType.KEYWORD);
    public static final Field MEDSOC_PROFILE = declare("medsoc.profile", FieldType.KEYWORD);
    public static final Field MEDSOC_BUSINESS_SYSTEM = declare("medsoc.business_system", FieldType.KEYWORD);
    public static final Field MEDSOC_ORIGINAL_ENCODING = declare("medsoc.original_encoding", FieldType.KEYWORD);
    // --- alerts (event.kind: signal) ---
    public static final Field RULE_RULESET = declare("rule.ruleset", FieldType.KEYWORD);
    public static final Field MEDSOC_ALERT_EVENT_ID = declare("medsoc.alert.event_id", FieldType.KEYWORD);
    public static final Field MEDSOC_ALERT_LEVEL = declare("medsoc.alert.level", FieldType.KEYWORD);
    public static final Field MEDSOC_ALERT_MATCHED_FIELDS = declare("medsoc.alert.matched_fields", FieldType.KEYWORD);

    private Fields() {}

    /**
     * Declares a schema field with its type. Declaring an already-declared name with the same type answers the
     * existing field; with a different type it fails.
     */
    public static synchronized Field declare(String name, FieldType type) {
        Field existing = BY_NAME.get(name);
        if (existing != null) {
            if (existing.type() != type) {
                throw new IllegalArgumentException("field " + name + " is already declared as " + existing.type());
            }
            return existing;
        }
        if (!isValidName(name)) {
            throw new IllegalArgumentException("invalid field name: '" + name + "'");
        }
        if (count >= MAX_FIELDS) {
            throw new IllegalStateException("field registry is full (" + MAX_FIELDS + " names)");
        }
        return register(name, type);
    }

    /**
     * Interns a field name, declaring it as {@link FieldType#KEYWORD} if new. Answers {@code null} when the name is
     * invalid ({@link #isValidName}) or the registry is full; callers then keep the value elsewhere or drop it.
     */
    public static @Nullable Field intern(String name) {
        Field f = BY_NAME.get(name);
        if (f != null) {
            return f;
        }
        if (!isValidName(name)) {
            REFUSED.increment();
            return null;
        }
        synchronized (Fields.class) {
            f = BY_NAME.get(name);
            if (f != null) {
                return f;
            }
            if (count >= MAX_FIELDS - RESERVED_FOR_DECLARE) {
                REFUSED.increment();
                return null;
            }
            return register(name, FieldType.KEYWORD);
        }
    }

    /** The field with this name, if it was declared or interned. */
    public static Optional<Field> find(String name) {
        return Optional.ofNullable(BY_NAME.get(name));
    }

    /** The field with this id; fails for ids never handed out. */
    public static Field byId(int id) {
        Field[] table = byId;
        if (id < 0 || id >= table.length || table[id] == null) {
            throw new IllegalArgumentException("unknown field id " + id);
        }
        return table[id];
    }

    /** How many times {@link #intern} refused a name (invalid, or the dynamic budget is used up). */
    public static long refusedInterns() {
        return REFUSED.sum();
    }

    /** Number of fields interned so far. */
    public static synchronized int size() {
        return count;
    }

    /**
     * A valid name is 1..{@link #MAX_NAME_LENGTH} characters of ASCII letters, digits, '_', '-', '@' and '.',
     * with no empty dotted segment.
     */
    public static boolean isValidName(String name) {
        int n = name.length();
        if (n == 0 || n > MAX_NAME_LENGTH || name.charAt(0) == '.' || name.charAt(n - 1) == '.') {
            return false;
        }
        char prev = 0;
        for (int i = 0; i < n; i++) {
            char c = name.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z')
                    || (c >= 'A' && c <= 'Z')
                    || (c >= '0' && c <= '9')
                    || c == '_'
                    || c == '-'
                    || c == '@'
                    || c == '.';
            if (!ok || (c == '.' && prev == '.')) {
                return false;
            }
            prev = c;
        }
        return true;
    }

    private static Field register(String name, FieldType type) {
        Field f = new Field(count, name, type);
        Field[] table = byId;
        if (count >= table.length) {
            table = Arrays.copyOf(table, table.length * 2);
        }
        table[count] = f;
        byId = table;
        count++;
        BY_NAME.put(name, f);
        return f;
    }
}
