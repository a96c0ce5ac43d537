package org.medsoc.parse.json;

import org.jspecify.annotations.Nullable;

/**
 * The ECS classification of a Windows event id: {@code event.action}, categories, types and default outcome (null
 * when the event has none), following Elastic's Sysmon and Security pipelines.
 */
record WindowsKind(String action, String[] categories, String[] types, @Nullable String outcome) {
    private static final String[] PROCESS = {"process"};
    private static final String[] FILE = {"file"};
    private static final String[] NETWORK = {"network"};
    private static final String[] REGISTRY = {"configuration", "registry"};
    private static final String[] CONFIGURATION = {"configuration"};
    private static final String[] AUTHENTICATION = {"authentication"};
    private static final String[] IAM = {"iam"};
    private static final String[] DRIVER = {"driver"};
    private static final String[] START = {"start"};
    private static final String[] END = {"end"};
    private static final String[] CHANGE = {"change"};
    private static final String[] ACCESS = {"access"};
    private static final String[] CREATION = {"creation"};
    private static final String[] DELETION = {"deletion"};
    private static final String[] INFO = {"info"};
    private static final String[] ADMIN = {"admin"};
    private static final String[] USER_CREATION = {"user", "creation"};
    private static final String[] USER_CHANGE = {"user", "change"};
    private static final String[] USER_DELETION = {"user", "deletion"};
    private static final String[] GROUP_CHANGE = {"group", "change"};

    private static final WindowsKind[] SYSMON = new WindowsKind[32];
    private static final String SUCCESS = "success";
    private static final String FAILURE = "failure";

    static {
        sysmon(1, "Process Create (rule: ProcessCreate)", PROCESS, START);
        sysmon(2, "File creation time changed (rule: FileCreateTime)", FILE, CHANGE);
        sysmon(3, "Network connection detected (rule: NetworkConnect)", NETWORK, new String[] {"start", "connection"});
        sysmon(4, "Sysmon service state changed", PROCESS, CHANGE);
        sysmon(5, "Process terminated (rule: ProcessTerminate)", PROCESS, END);
        sysmon(6, "Driver loaded (rule: DriverLoad)", DRIVER, START);
        sysmon(7, "Image loaded (rule: ImageLoad)", PROCESS, CHANGE);
        sysmon(8, "CreateRemoteThread detected (rule: CreateRemoteThread)", PROCESS, CHANGE);
        sysmon(9, "RawAccessRead detected (rule: RawAccessRead)", PROCESS, ACCESS);
        sysmon(10, "Process accessed (rule: ProcessAccess)", PROCESS, ACCESS);
        sysmon(11, "File created (rule: FileCreate)", FILE, CREATION);
        sysmon(12, "Registry object added or deleted (rule: RegistryEvent)", REGISTRY, CHANGE);
        sysmon(13, "Registry value set (rule: RegistryEvent)", REGISTRY, CHANGE);
        sysmon(14, "Registry object renamed (rule: RegistryEvent)", REGISTRY, CHANGE);
        sysmon(15, "File stream created (rule: FileCreateStreamHash)", FILE, CREATION);
        sysmon(16, "Sysmon config state changed", CONFIGURATION, CHANGE);
        sysmon(17, "Pipe Created (rule: PipeEvent)", FILE, CREATION);
        sysmon(18, "Pipe Connected (rule: PipeEvent)", FILE, ACCESS);
        sysmon(19, "WmiEventFilter activity detected (rule: WmiEvent)", CONFIGURATION, CHANGE);
        sysmon(20, "WmiEventConsumer activity detected (rule: WmiEvent)", CONFIGURATION, CHANGE);
        sysmon(21, "WmiEventConsumerToFilter activity detected (rule: WmiEvent)", CONFIGURATION, CHANGE);
        sysmon(22, "Dns query (rule: DnsQuery)", NETWORK, new String[] {"connection", "protocol", "info"});
        sysmon(23, "File Delete archived (rule: FileDelete)", FILE, DELETION);
        sysmon(24, "Clipboard changed (rule: ClipboardChange)", PROCESS, CHANGE);
        sysmon(25, "Process Tampering (rule: ProcessTampering)", PROCESS, CHANGE);
        sysmon(26, "File Delete logged (rule: FileDeleteDetected)", FILE, DELETION);
        sysmon(27, "File Block Executable (rule: FileBlockExecutable)", FILE, DELETION);
        sysmon(28, "File Block Shredding (rule: FileBlockShredding)", FILE, DELETION);
        sysmon(29, "File Executable Detected (rule: FileExecutableDetected)", FILE, CREATION);
        sysmon(255, "Sysmon error", CONFIGURATION, INFO);
    }

    private static void sysmon(int id, String action, String[] categories, String[] types) {
        if (id < SYSMON.length) {
            SYSMON[id] = new WindowsKind(action, categories, types, null);
        }
    }

    /** The classification of a Sysmon event id, or null for unknown ids. */
    static @Nullable WindowsKind sysmon(int id) {
        return id >= 0 && id < SYSMON.length ? SYSMON[id] : null;
    }

    /** The classification of a Security-Auditing event id, or null for ids without one. */
    static @Nullable WindowsKind security(int id) {
        return switch (id) {
            case 1102 -> new WindowsKind("audit-log-cleared", IAM, ADMIN, SUCCESS);
            case 4624 -> new WindowsKind("logged-in", AUTHENTICATION, START, SUCCESS);
            case 4625 -> new WindowsKind("logon-failed", AUTHENTICATION, START, FAILURE);
            case 4634, 4647 -> new WindowsKind("logged-out", AUTHENTICATION, END, SUCCESS);
            case 4648 -> new WindowsKind("logged-in-explicit", AUTHENTICATION, START, SUCCESS);
            case 4672 -> new WindowsKind("logged-in-special", IAM, ADMIN, SUCCESS);
            case 4688 -> new WindowsKind("created-process", PROCESS, START, SUCCESS);
            case 4689 -> new WindowsKind("exited-process", PROCESS, END, SUCCESS);
            case 4697 -> new WindowsKind("service-installed", IAM, new String[] {"admin", "change"}, SUCCESS);
            case 4698 -> new WindowsKind("scheduled-task-created", IAM, new String[] {"creation", "admin"}, SUCCESS);
            case 4720 -> new WindowsKind("added-user-account", IAM, USER_CREATION, SUCCESS);
            case 4722 -> new WindowsKind("enabled-user-account", IAM, USER_CHANGE, SUCCESS);
            case 4723 -> new WindowsKind("changed-password", IAM, USER_CHANGE, SUCCESS);
            case 4724 -> new WindowsKind("reset-password", IAM, USER_CHANGE, SUCCESS);
            case 4725 -> new WindowsKind("disabled-user-account", IAM, USER_CHANGE, SUCCESS);
            case 4726 -> new WindowsKind("deleted-user-account", IAM, USER_DELETION, SUCCESS);
            case 4728, 4732, 4756 -> new WindowsKind("added-member-to-group", IAM, GROUP_CHANGE, SUCCESS);
            case 4729, 4733, 4757 -> new WindowsKind("removed-member-from-group", IAM, GROUP_CHANGE, SUCCESS);
            case 4738 -> new WindowsKind("modified-user-account", IAM, USER_CHANGE, SUCCESS);
            case 4740 -> new WindowsKind("locked-out-user-account", IAM, USER_CHANGE, SUCCESS);
            case 4768 -> new WindowsKind("kerberos-authentication-ticket-requested", AUTHENTICATION, START, SUCCESS);
            case 4769 -> new WindowsKind("kerberos-service-ticket-requested", AUTHENTICATION, START, SUCCESS);
            case 4771 -> new WindowsKind("kerberos-preauth-failed", AUTHENTICATION, START, FAILURE);
            case 4776 -> new WindowsKind("credential-validated", AUTHENTICATION, START, SUCCESS);
            case 4778 -> new WindowsKind("session-reconnected", AUTHENTICATION, START, SUCCESS);
            case 4779 -> new WindowsKind("session-disconnected", AUTHENTICATION, END, SUCCESS);
            default -> null;
        };
    }

    /** The classification of other providers' well-known ids (service installation), or null. */
    static @Nullable WindowsKind system(int id, @Nullable String provider) {
        if (id == 7045 && provider != null && provider.startsWith("Service Control Manager")) {
            return new WindowsKind("service-installed", CONFIGURATION, CREATION, SUCCESS);
        }
        if (id == 104 || id == 1102) {
            return new WindowsKind("audit-log-cleared", IAM, ADMIN, SUCCESS);
        }
        return null;
    }
}
