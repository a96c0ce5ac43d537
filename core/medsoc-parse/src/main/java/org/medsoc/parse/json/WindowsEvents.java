package org.medsoc.parse.json;

import org.medsoc.parse.internal.Text;
import org.jspecify.annotations.Nullable;
import org.medsoc.spi.event.Event;
import org.medsoc.spi.event.Field;
import org.medsoc.spi.event.FieldType;
import org.medsoc.spi.event.Fields;

/**
 * Normalises a Windows event whose {@code winlog.*} fields (including {@code winlog.event_data.*}) are set, the way
 * Elastic's Windows, Security and Sysmon pipelines do: event kind/category/type/action/outcome by provider and event
 * id, process, user, source/destination, file, DNS, registry and hashes. Fields already present (Winlogbeat
 * documents carry many) are left as they are.
 */
public final class WindowsEvents {
    static final String SYSMON_PROVIDER = "Microsoft-Windows-Sysmon";
    static final String SECURITY_PROVIDER = "Microsoft-Windows-Security-Auditing";

    static final Field PROVIDER_GUID = declare("winlog.provider_guid");
    static final Field VERSION = declare("winlog.version");
    static final Field TASK = declare("winlog.task");
    static final Field OPCODE = declare("winlog.opcode");
    static final Field KEYWORDS = declare("winlog.keywords");
    static final Field ACTIVITY_ID = declare("winlog.activity_id");
    static final Field LEVEL = declare("winlog.level");
    static final Field PROCESS_PID = SchemaFields.declare("winlog.process.pid", FieldType.LONG);
    static final Field THREAD_ID = SchemaFields.declare("winlog.process.thread.id", FieldType.LONG);
    static final Field USER_IDENTIFIER = declare("winlog.user.identifier");
    static final Field PROCESS_ENTITY_ID = declare("process.entity_id");
    static final Field PROCESS_PARENT_ENTITY_ID = declare("process.parent.entity_id");
    static final Field PROCESS_HASH_IMPHASH = declare("process.pe.imphash");
    static final Field FILE_HASH_MD5 = declare("file.hash.md5");
    static final Field FILE_HASH_SHA1 = declare("file.hash.sha1");
    static final Field REGISTRY_PATH = declare("registry.path");
    static final Field REGISTRY_DATA = declare("registry.data.strings");
    static final Field SOURCE_HOSTNAME = Fields.SOURCE_DOMAIN;

    private static final String ED = "winlog.event_data.";
    private static final Field IMAGE = declare(ED + "Image");
    private static final Field COMMAND_LINE = declare(ED + "CommandLine");
    private static final Field PROCESS_ID = declare(ED + "ProcessId");
    private static final Field PROCESS_GUID = declare(ED + "ProcessGuid");
    private static final Field CURRENT_DIRECTORY = declare(ED + "CurrentDirectory");
    private static final Field PARENT_IMAGE = declare(ED + "ParentImage");
    private static final Field PARENT_COMMAND_LINE = declare(ED + "ParentCommandLine");
    private static final Field PARENT_PROCESS_ID = declare(ED + "ParentProcessId");
    private static final Field PARENT_PROCESS_GUID = declare(ED + "ParentProcessGuid");
    private static final Field USER = declare(ED + "User");
    private static final Field HASHES = declare(ED + "Hashes");
    private static final Field SOURCE_IMAGE = declare(ED + "SourceImage");
    private static final Field SOURCE_PROCESS_ID = declare(ED + "SourceProcessId");
    private static final Field SOURCE_PROCESS_GUID = declare(ED + "SourceProcessGUID");
    private static final Field TARGET_FILENAME = declare(ED + "TargetFilename");
    private static final Field IMAGE_LOADED = declare(ED + "ImageLoaded");
    private static final Field PIPE_NAME = declare(ED + "PipeName");
    private static final Field SOURCE_IP = declare(ED + "SourceIp");
    private static final Field SOURCE_PORT = declare(ED + "SourcePort");
    private static final Field SOURCE_HOSTNAME_ED = declare(ED + "SourceHostname");
    private static final Field DESTINATION_IP = declare(ED + "DestinationIp");
    private static final Field DESTINATION_PORT = declare(ED + "DestinationPort");
    private static final Field DESTINATION_HOSTNAME = declare(ED + "DestinationHostname");
    private static final Field PROTOCOL = declare(ED + "Protocol");
    private static final Field INITIATED = declare(ED + "Initiated");
    private static final Field QUERY_NAME = declare(ED + "QueryName");
    private static final Field TARGET_OBJECT = declare(ED + "TargetObject");
    private static final Field DETAILS = declare(ED + "Details");
    private static final Field SUBJECT_USER_NAME = declare(ED + "SubjectUserName");
    private static final Field SUBJECT_DOMAIN_NAME = declare(ED + "SubjectDomainName");
    private static final Field SUBJECT_USER_SID = declare(ED + "SubjectUserSid");
    private static final Field TARGET_USER_NAME = declare(ED + "TargetUserName");
    private static final Field TARGET_DOMAIN_NAME = declare(ED + "TargetDomainName");
    private static final Field TARGET_USER_SID = declare(ED + "TargetUserSid");
    private static final Field IP_ADDRESS = declare(ED + "IpAddress");
    private static final Field IP_PORT = declare(ED + "IpPort");
    private static final Field WORKSTATION_NAME = declare(ED + "WorkstationName");
    private static final Field LOGON_TYPE = declare(ED + "LogonType");
    private static final Field STATUS = declare(ED + "Status");
    private static final Field NEW_PROCESS_NAME = declare(ED + "NewProcessName");
    private static final Field NEW_PROCESS_ID = declare(ED + "NewProcessId");
    private static final Field PARENT_PROCESS_NAME = declare(ED + "ParentProcessName");
    private static final Field PROCESS_NAME = declare(ED + "ProcessName");
    private static final Field SERVICE_NAME = declare(ED + "ServiceName");
    private static final Field SERVICE_FILE_NAME = declare(ED + "ImagePath");
    private static final Field SERVICE_NAME_FIELD = declare("service.name");
    private static final Field GROUP_NAME = declare("group.name");

    private WindowsEvents() {}

    /** Declares this class's schema fields now (parsers call it when loaded, before payloads can intern names). */
    public static void declareFields() {
        // class initialisation declares the fields
    }

    private static Field declare(String name) {
        return SchemaFields.declare(name, FieldType.KEYWORD);
    }

    /** Normalises {@code event}; its {@code winlog.event_id}, channel and provider are read from the event. */
    public static void normalise(Event event) {
        String eventId = event.value(Fields.WINLOG_EVENT_ID);
        if (eventId == null) {
            eventId = event.value(Fields.EVENT_CODE);
            if (eventId != null) {
                event.put(Fields.WINLOG_EVENT_ID, eventId);
            }
        }
        setIfAbsent(event, Fields.EVENT_CODE, eventId);
        String computer = event.value(Fields.WINLOG_COMPUTER_NAME);
        setIfAbsent(event, Fields.HOST_NAME, computer);
        setIfAbsent(event, Fields.HOST_OS_TYPE, "windows");
        String provider = event.value(Fields.WINLOG_PROVIDER_NAME);
        setIfAbsent(event, Fields.EVENT_PROVIDER, provider);
        String channel = event.value(Fields.WINLOG_CHANNEL);
        int id = eventId == null ? -1 : (int) Math.max(-1, Math.min(Integer.MAX_VALUE, parseOrMinus(eventId)));
        boolean sysmon = SYSMON_PROVIDER.equals(provider) || "Microsoft-Windows-Sysmon/Operational".equals(channel);
        boolean security = SECURITY_PROVIDER.equals(provider) || "Security".equals(channel);
        setIfAbsent(event, Fields.EVENT_KIND, "event");
        WindowsKind kind;
        if (sysmon) {
            setIfAbsent(event, Fields.EVENT_MODULE, "sysmon");
            kind = WindowsKind.sysmon(id);
            sysmon(event, id);
        } else if (security) {
            setIfAbsent(event, Fields.EVENT_MODULE, "security");
            kind = WindowsKind.security(id);
            security(event, id);
        } else {
            setIfAbsent(event, Fields.EVENT_MODULE, "windows");
            kind = WindowsKind.system(id, provider);
            if (id == 7045) {
                setIfAbsent(event, SERVICE_NAME_FIELD, event.value(SERVICE_NAME));
                setIfAbsent(event, Fields.FILE_PATH, event.value(SERVICE_FILE_NAME));
            }
        }
        if (kind != null) {
            setIfAbsent(event, Fields.EVENT_ACTION, kind.action());
            if (!event.has(Fields.EVENT_CATEGORY)) {
                for (String c : kind.categories()) {
                    event.add(Fields.EVENT_CATEGORY, c);
                }
            }
            if (!event.has(Fields.EVENT_TYPE)) {
                for (String t : kind.types()) {
                    event.add(Fields.EVENT_TYPE, t);
                }
            }
            String outcome = kind.outcome();
            if (security && (id == 4768 || id == 4776)) {
                String status = event.value(STATUS);
                if (status != null) {
                    outcome = status.equals("0x0") || status.equals("0") ? "success" : "failure";
                }
            }
            setIfAbsent(event, Fields.EVENT_OUTCOME, outcome);
        }
    }

    private static void sysmon(Event event, int id) {
        if (id == 8 || id == 10) {
            process(event, event.value(SOURCE_IMAGE), event.value(SOURCE_PROCESS_ID), event.value(SOURCE_PROCESS_GUID));
        } else {
            process(event, event.value(IMAGE), event.value(PROCESS_ID), event.value(PROCESS_GUID));
        }
        setIfAbsent(event, Fields.PROCESS_COMMAND_LINE, event.value(COMMAND_LINE));
        setIfAbsent(event, Fields.PROCESS_WORKING_DIRECTORY, event.value(CURRENT_DIRECTORY));
        String parent = event.value(PARENT_IMAGE);
        if (present(parent)) {
            setIfAbsent(event, Fields.PROCESS_PARENT_EXECUTABLE, parent);
            setIfAbsent(event, Fields.PROCESS_PARENT_NAME, baseName(parent));
        }
        setIfAbsent(event, Fields.PROCESS_PARENT_COMMAND_LINE, event.value(PARENT_COMMAND_LINE));
        setLongIfAbsent(event, Fields.PROCESS_PARENT_PID, event.value(PARENT_PROCESS_ID));
        setIfAbsent(event, PROCESS_PARENT_ENTITY_ID, event.value(PARENT_PROCESS_GUID));
        String user = event.value(USER);
        if (present(user)) {
            int slash = user.indexOf('\\');
            String name = slash < 0 ? user : user.substring(slash + 1);
            if (slash > 0) {
                setIfAbsent(event, Fields.USER_DOMAIN, user.substring(0, slash));
            }
            setIfAbsent(event, Fields.USER_NAME, name);
            addRelatedUser(event, name);
        }
        String hashes = event.value(HASHES);
        if (present(hashes)) {
            hashes(event, hashes, id == 1 || id == 5);
        }
        switch (id) {
            case 2, 11, 15, 23, 26 -> file(event, event.value(TARGET_FILENAME));
            case 6, 7 -> file(event, event.value(IMAGE_LOADED));
            case 17, 18 -> setIfAbsent(event, Fields.FILE_NAME, event.value(PIPE_NAME));
            case 3 -> network(event);
            case 22 -> setIfAbsent(event, Fields.DNS_QUESTION_NAME, event.value(QUERY_NAME));
            case 12, 13, 14 -> {
                setIfAbsent(event, REGISTRY_PATH, event.value(TARGET_OBJECT));
                setIfAbsent(event, REGISTRY_DATA, event.value(DETAILS));
            }
            default -> {}
        }
    }

    private static void network(Event event) {
        String sourceIp = event.value(SOURCE_IP);
        if (present(sourceIp) && Text.isIp(sourceIp) && !event.has(Fields.SOURCE_IP)) {
            event.put(Fields.SOURCE_IP, sourceIp);
            event.add(Fields.RELATED_IP, sourceIp);
        }
        setLongIfAbsent(event, Fields.SOURCE_PORT, event.value(SOURCE_PORT));
        setIfAbsent(event, Fields.SOURCE_DOMAIN, event.value(SOURCE_HOSTNAME_ED));
        String destinationIp = event.value(DESTINATION_IP);
        if (present(destinationIp) && Text.isIp(destinationIp) && !event.has(Fields.DESTINATION_IP)) {
            event.put(Fields.DESTINATION_IP, destinationIp);
            event.add(Fields.RELATED_IP, destinationIp);
        }
        setLongIfAbsent(event, Fields.DESTINATION_PORT, event.value(DESTINATION_PORT));
        setIfAbsent(event, Fields.DESTINATION_DOMAIN, event.value(DESTINATION_HOSTNAME));
        String protocol = event.value(PROTOCOL);
        if (present(protocol)) {
            setIfAbsent(event, Fields.NETWORK_TRANSPORT, SuricataLayout.lowerAscii(protocol));
        }
        String initiated = event.value(INITIATED);
        if (initiated != null) {
            setIfAbsent(event, Fields.NETWORK_DIRECTION, initiated.equals("true") ? "egress" : "ingress");
        }
    }

    private static void security(Event event, int id) {
        boolean logon = switch (id) {
            case 4624, 4625, 4634, 4647, 4768, 4769, 4771, 4776, 4778, 4779 -> true;
            default -> false;
        };
        String subject = event.value(SUBJECT_USER_NAME);
        String target = event.value(TARGET_USER_NAME);
        if (logon) {
            if (present(target)) {
                setIfAbsent(event, Fields.USER_NAME, target);
                setIfAbsent(event, Fields.USER_DOMAIN, event.value(TARGET_DOMAIN_NAME));
                setIfAbsent(event, Fields.USER_ID, event.value(TARGET_USER_SID));
            }
        } else if (present(subject)) {
            setIfAbsent(event, Fields.USER_NAME, subject);
            setIfAbsent(event, Fields.USER_DOMAIN, event.value(SUBJECT_DOMAIN_NAME));
            setIfAbsent(event, Fields.USER_ID, event.value(SUBJECT_USER_SID));
            if (present(target)) {
                if (id >= 4727 && id <= 4764 && id != 4738 && id != 4740) {
                    setIfAbsent(event, GROUP_NAME, target);
                } else {
                    setIfAbsent(event, Fields.USER_TARGET_NAME, target);
                }
            }
        }
        if (present(subject)) {
            addRelatedUser(event, subject);
        }
        if (present(target)) {
            addRelatedUser(event, target);
        }
        String ip = event.value(IP_ADDRESS);
        if (present(ip)) {
            if (ip.startsWith("::ffff:") && Text.isIp(ip, 7, ip.length())) {
                ip = ip.substring(7);
            }
            if (Text.isIp(ip) && !event.has(Fields.SOURCE_IP)) {
                event.put(Fields.SOURCE_IP, ip);
                event.add(Fields.RELATED_IP, ip);
            }
        }
        String port = event.value(IP_PORT);
        if (present(port) && !port.equals("0")) {
            setLongIfAbsent(event, Fields.SOURCE_PORT, port);
        }
        setIfAbsent(event, Fields.SOURCE_DOMAIN, event.value(WORKSTATION_NAME));
        String logonType = event.value(LOGON_TYPE);
        if (present(logonType)) {
            setIfAbsent(event, Fields.WINLOG_LOGON_TYPE, logonTypeName(logonType));
        }
        switch (id) {
            case 4688 -> {
                process(event, event.value(NEW_PROCESS_NAME), windowsNumber(event.value(NEW_PROCESS_ID)), null);
                setIfAbsent(event, Fields.PROCESS_COMMAND_LINE, event.value(COMMAND_LINE));
                String parent = event.value(PARENT_PROCESS_NAME);
                if (present(parent)) {
                    setIfAbsent(event, Fields.PROCESS_PARENT_EXECUTABLE, parent);
                    setIfAbsent(event, Fields.PROCESS_PARENT_NAME, baseName(parent));
                }
                setLongIfAbsent(event, Fields.PROCESS_PARENT_PID, windowsNumber(event.value(PROCESS_ID)));
            }
            case 4624, 4625, 4648, 4689 ->
                process(event, event.value(PROCESS_NAME), windowsNumber(event.value(PROCESS_ID)), null);
            case 4697 -> {
                setIfAbsent(event, SERVICE_NAME_FIELD, event.value(SERVICE_NAME));
            }
            default -> {}
        }
    }

    private static String logonTypeName(String type) {
        return switch (type) {
            case "0" -> "System";
            case "2" -> "Interactive";
            case "3" -> "Network";
            case "4" -> "Batch";
            case "5" -> "Service";
            case "7" -> "Unlock";
            case "8" -> "NetworkCleartext";
            case "9" -> "NewCredentials";
            case "10" -> "RemoteInteractive";
            case "11" -> "CachedInteractive";
            case "12" -> "CachedRemoteInteractive";
            case "13" -> "CachedUnlock";
            default -> type;
        };
    }

    private static void process(Event event, @Nullable String image, @Nullable String pid, @Nullable String guid) {
        if (present(image)) {
            setIfAbsent(event, Fields.PROCESS_EXECUTABLE, image);
            setIfAbsent(event, Fields.PROCESS_NAME, baseName(image));
        }
        setLongIfAbsent(event, Fields.PROCESS_PID, pid);
        setIfAbsent(event, PROCESS_ENTITY_ID, guid);
    }

    private static void file(Event event, @Nullable String path) {
        if (present(path)) {
            setIfAbsent(event, Fields.FILE_PATH, path);
            setIfAbsent(event, Fields.FILE_NAME, baseName(path));
        }
    }

    /** Splits Sysmon's {@code SHA256=...,MD5=...,IMPHASH=...} into hash fields and related.hash. */
    private static void hashes(Event event, String hashes, boolean ofProcess) {
        int start = 0;
        int n = hashes.length();
        while (start < n) {
            int comma = hashes.indexOf(',', start);
            int end = comma < 0 ? n : comma;
            int eq = hashes.indexOf('=', start);
            if (eq > start && eq < end - 1) {
                String value = SuricataLayout.lowerAscii(hashes.substring(eq + 1, end).trim());
                Field field = hashField(hashes, start, eq, ofProcess);
                if (field != null) {
                    setIfAbsent(event, field, value);
                    event.add(Fields.RELATED_HASH, value);
                }
            }
            start = end + 1;
        }
    }

    private static @Nullable Field hashField(String s, int from, int to, boolean ofProcess) {
        String algorithm = s.substring(from, to).trim();
        if (algorithm.equalsIgnoreCase("SHA256")) {
            return ofProcess ? Fields.PROCESS_HASH_SHA256 : Fields.FILE_HASH_SHA256;
        }
        if (algorithm.equalsIgnoreCase("SHA1")) {
            return ofProcess ? Fields.PROCESS_HASH_SHA1 : FILE_HASH_SHA1;
        }
        if (algorithm.equalsIgnoreCase("MD5")) {
            return ofProcess ? Fields.PROCESS_HASH_MD5 : FILE_HASH_MD5;
        }
        if (algorithm.equalsIgnoreCase("IMPHASH")) {
            return PROCESS_HASH_IMPHASH;
        }
        return null;
    }

    /** The part of a Windows or POSIX path after the last separator. */
    static String baseName(String path) {
        int cut = Math.max(path.lastIndexOf('\\'), path.lastIndexOf('/'));
        return cut < 0 ? path : path.substring(cut + 1);
    }

    private static @Nullable String windowsNumber(@Nullable String value) {
        if (value == null) {
            return null;
        }
        long n = Literals.parseWindowsNumber(value);
        return n == Literals.NO_TIME ? null : Long.toString(n);
    }

    private static long parseOrMinus(String value) {
        long n = Literals.parseLong(value, 0, value.length());
        return n == Literals.NO_TIME ? -1 : n;
    }

    private static boolean present(@Nullable String value) {
        return value != null && !value.isEmpty() && !value.equals("-");
    }

    private static void addRelatedUser(Event event, String user) {
        for (String existing : event.values(Fields.RELATED_USER)) {
            if (existing.equals(user)) {
                return;
            }
        }
        event.add(Fields.RELATED_USER, user);
    }

    static void setIfAbsent(Event event, Field field, @Nullable String value) {
        if (present(value) && !event.has(field)) {
            event.put(field, value);
        }
    }

    private static void setLongIfAbsent(Event event, Field field, @Nullable String value) {
        if (value != null && Literals.isLong(value) && !event.has(field)) {
            event.put(field, value);
        }
    }
}
