package org.medsoc.server;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.SplittableRandom;
import org.jspecify.annotations.Nullable;

/**
 * Realistic log lines of a mid-sized hospital network, for the demo and the load generator: FortiGate and Huawei
 * firewalls, Sangfor NGAF, a WAF in CEF, Suricata EVE, Windows Security and Sysmon (Winlogbeat JSON), Linux sshd and
 * sudo, nginx access logs of the HIS portal and the PACS web viewer, and HIS audit records in RFC 5424. A small share
 * of lines are attacks (SQL injection on the HIS portal, SSH brute force, encoded PowerShell, mimikatz, SMB scanning
 * toward the PACS share) and a few are malformed, so that dead letters show up too.
 *
 * <p>Business-system audit records of the HIS, EMR, PACS and LIS also arrive as JSON in medsoc's own field names (as
 * an integration adapter posts them to the HTTP ingest), each carrying {@code medsoc.business_system} and, where it
 * applies, {@code medsoc.record_count}. A small share of lines are healthcare-specific incidents for the built-in
 * healthcare rules: a bulk patient-record export, a C-MOVE of hundreds of studies, a released lab result changed, an
 * account lockout, a direct database connection from the clinical workstation VLAN ({@value #WORKSTATION_VLAN}),
 * an HL7 connection from that VLAN, AnyDesk started on a PACS server, a vendor's VPN login and an administrator
 * granting permissions (an alert only when the node stamps it as outside working hours). {@link #DEMO_SETTINGS} are
 * the placeholder values (networks of this fictitious hospital) under which exactly those lines, and none of the
 * routine traffic, fire the network rules.
 */
final class HospitalTraffic {
    /** Which transport a line is meant for: syslog lines carry a header, HTTP lines are bare JSON. */
    enum Channel {
        SYSLOG,
        HTTP
    }

    /** One generated line and its channel. */
    record Line(Channel channel, String text) {}

    /** The kinds of attack a hospital's traffic can carry (each one's lines come from the profile's attacker). */
    enum Attack {
        /** Denied firewall sessions toward SMB, RDP, SQL Server and SSH, and Suricata ETERNALBLUE probes. */
        SCANNING,
        /** SQL injection on the HIS portal (nginx, WAF, Suricata). */
        WEB_ATTACKS,
        /** SSH password guessing against the LIS database server. */
        BRUTE_FORCE,
        /** Ransomware precursors on workstations: encoded PowerShell, mimikatz, shadow-copy deletion. */
        MALWARE,
        /** Misuse of clinical data and access: bulk exports, C-MOVE bursts, vendor VPN, AnyDesk on PACS. */
        DATA_MISUSE
    }

    /**
     * Who attacks a hospital and how: the external address of every attack line and the kinds of attack; lines of a
     * kind the profile leaves out are replaced by routine firewall traffic, and so are the malformed lines unless
     * {@code malformed}.
     */
    record Profile(String attacker, java.util.Set<Attack> attacks, boolean malformed) {
        /** The demo's default: every kind of attack, from 203.0.113.66, and a few malformed lines. */
        static final Profile ALL = new Profile(ATTACKER, java.util.EnumSet.allOf(Attack.class), true);

        Profile {
            java.util.Objects.requireNonNull(attacker, "attacker is null");
            attacks = java.util.Set.copyOf(attacks);
        }

        boolean has(Attack attack) {
            return attacks.contains(attack);
        }
    }

    private static final DateTimeFormatter BSD = DateTimeFormatter.ofPattern("MMM dd HH:mm:ss", Locale.ROOT);
    private static final DateTimeFormatter CLF = DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ROOT);
    private static final DateTimeFormatter FGT_DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd", Locale.ROOT);
    private static final DateTimeFormatter FGT_TIME = DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ROOT);
    private static final DateTimeFormatter HUAWEI_HEADER =
            DateTimeFormatter.ofPattern("MMM dd yyyy HH:mm:ss", Locale.ROOT);
    private static final DateTimeFormatter HUAWEI = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT);

    private static final String[] DOCTORS = {"dr.wang", "dr.li", "dr.zhang", "dr.liu", "dr.chen", "dr.yang"};
    private static final String[] NURSES = {"n.zhao", "n.huang", "n.zhou", "n.wu", "n.xu", "n.sun"};
    private static final String[] WORKSTATIONS = {"WS-OPD-014", "WS-ICU-003", "WS-RAD-021", "WS-LAB-007", "WS-ER-002"};
    private static final String[] HIS_PATHS = {
        "/his/outpatient/register", "/his/emr/record/view", "/his/lis/report", "/his/pharmacy/prescription",
        "/his/billing/invoice", "/his/inpatient/orders", "/his/api/patient/search"
    };
    private static final String[] UA = {
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36",
        "Mozilla/5.0 (Windows NT 6.1; WOW64; Trident/7.0; rv:11.0) like Gecko",
        "HIS-Client/5.2 (Windows 7; .NET 4.8)"
    };
    private static final String ATTACKER = "203.0.113.66";
    /** The clinical workstation VLAN of the healthcare incidents (routine traffic comes from 10.10.x.x-10.13.x.x). */
    static final String WORKSTATION_VLAN = "10.31.0.0/16";

    /**
     * Detection settings of this fictitious hospital: the placeholder networks of the healthcare rules (server and
     * device VLANs are registered HL7 senders and DICOM peers, the workstation VLAN is not) — the demo applies each
     * one the configuration does not set.
     */
    static final java.util.Map<String, String> DEMO_SETTINGS = java.util.Map.of(
            "detect.placeholder.clinical_workstation_networks", WORKSTATION_VLAN,
            "detect.placeholder.his_database_servers", "10.20.1.0/24,172.16.8.0/24",
            "detect.placeholder.hl7_senders", "10.10.0.0/15,10.12.0.0/15,10.20.0.0/16,172.16.8.0/24",
            "detect.placeholder.dicom_peers", "10.10.0.0/15,10.12.0.0/15,10.20.0.0/16,172.16.8.0/24",
            "detect.placeholder.vendor_accounts", "vendor-*",
            "detect.placeholder.vendor_vpn_groups", "vendors");
    private static final String[] SYSTEMS = {"his", "his", "emr", "emr", "pacs", "lis"};

    private final SplittableRandom random;
    private final ZoneId zone;
    private final Profile profile;
    private final String attacker;

    HospitalTraffic(long seed, ZoneId zone) {
        this(seed, zone, Profile.ALL);
    }

    /** Traffic of a hospital with its own attacker and attack mix (the hub demo's hospitals). */
    HospitalTraffic(long seed, ZoneId zone, Profile profile) {
        this.random = new SplittableRandom(seed);
        this.zone = zone;
        this.profile = profile;
        this.attacker = profile.attacker();
    }

    /** A line of a random kind, stamped at {@code time}. */
    Line next(Instant time) {
        ZonedDateTime t = time.atZone(zone);
        int h = random.nextInt(1000);
        if (h < 60) {
            return new Line(Channel.HTTP, businessAudit(t));
        } else if (h < 64) {
            return profile.has(Attack.DATA_MISUSE) ? healthcareIncident(t) : routine(t);
        }
        int k = random.nextInt(100);
        if (k < 22) {
            return syslog(189, t, "FGT-HIS-CORE", fortigateTraffic(t));
        } else if (k < 30) {
            return new Line(Channel.SYSLOG, "<189>" + HUAWEI_HEADER.format(t) + " USG6650-DMZ " + huaweiPolicy(t));
        } else if (k < 35) {
            return syslog(134, t, "NGAF-01", sangfor());
        } else if (k < 47) {
            return syslog(190, t, "his-web-01", "nginx: " + hisAccess(t));
        } else if (k < 52) {
            return syslog(190, t, "pacs-web-01", "nginx: " + pacsAccess(t));
        } else if (k < 62) {
            return new Line(Channel.SYSLOG, hisAudit(t));
        } else if (k < 70) {
            return syslog(86, t, "lis-db-01", sshd());
        } else if (k < 72) {
            return syslog(85, t, "his-app-02", sudo());
        } else if (k < 84) {
            return new Line(Channel.HTTP, windowsLogon(t));
        } else if (k < 92) {
            return new Line(Channel.HTTP, sysmonProcess(t));
        } else if (k < 96) {
            String line = suricata(t);
            return line != null ? new Line(Channel.HTTP, line) : routine(t);
        } else if (k < 99) {
            return profile.has(Attack.WEB_ATTACKS) ? new Line(Channel.SYSLOG, waf(t)) : routine(t);
        } else {
            return profile.malformed() ? new Line(Channel.SYSLOG, malformed()) : routine(t);
        }
    }

    /** An accepted FortiGate session from the clinical LAN: what replaces an attack line the profile leaves out. */
    private Line routine(ZonedDateTime t) {
        return syslog(189, t, "FGT-HIS-CORE", fortigateSession(t, internalIp(),
                pick("10.20.1.10", "10.20.1.11", "10.20.2.30", "172.16.8.5"), pickPort(443, 80, 1433, 104, 2575)));
    }

    /** A FortiGate traffic line with an RFC 3164 header: the bulk of real hospital volume (for the load generator). */
    String firewallLine(Instant time) {
        ZonedDateTime t = time.atZone(zone);
        return syslog(189, t, "FGT-HIS-CORE", fortigateTraffic(t)).text();
    }

    /** An RFC 5424 HIS audit line (for the load generator). */
    String auditLine(Instant time) {
        return hisAudit(time.atZone(zone));
    }

    private Line syslog(int pri, ZonedDateTime t, String host, String msg) {
        String day = BSD.format(t);
        return new Line(Channel.SYSLOG, "<" + pri + ">" + day + " " + host + " " + msg);
    }

    private String internalIp() {
        return "10." + (10 + random.nextInt(4)) + "." + random.nextInt(32) + "." + (2 + random.nextInt(250));
    }

    private String fortigateTraffic(ZonedDateTime t) {
        boolean attack = random.nextInt(40) == 0 && profile.has(Attack.SCANNING);
        String src = attack ? attacker : internalIp();
        String dst = attack ? "10.20.1.15" : pick("10.20.1.10", "10.20.1.11", "10.20.2.30", "172.16.8.5");
        int dport = attack ? pickPort(445, 3389, 1433, 22) : pickPort(443, 80, 1433, 104, 2575, 8080);
        String action = attack ? "deny" : (random.nextInt(20) == 0 ? "deny" : "accept");
        return fortigateTraffic(t, src, dst, dport, action, attack);
    }

    /** An accepted session from the clinical LAN. */
    private String fortigateSession(ZonedDateTime t, String src, String dst, int dport) {
        return fortigateTraffic(t, src, dst, dport, "accept", false);
    }

    private String fortigateTraffic(ZonedDateTime t, String src, String dst, int dport, String action,
            boolean attack) {
        String service = switch (dport) {
            case 443 -> "HTTPS";
            case 80, 8080 -> "HTTP";
            case 1433 -> "MS-SQL";
            case 104 -> "DICOM";
            case 2575 -> "HL7-MLLP";
            case 445 -> "SMB";
            case 3389 -> "RDP";
            default -> "SSH";
        };
        long sent = 200 + random.nextInt(90_000);
        long rcvd = 200 + random.nextInt(900_000);
        return "date=" + FGT_DATE.format(t) + " time=" + FGT_TIME.format(t)
                + " devname=\"FGT-HIS-CORE\" devid=\"FG200FT922901234\" eventtime="
                + (t.toInstant().toEpochMilli() * 1_000_000L) + " tz=\"+0800\" logid=\"0000000013\" type=\"traffic\""
                + " subtype=\"forward\" level=\"notice\" vd=\"root\" srcip=" + src + " srcport="
                + (1024 + random.nextInt(60_000)) + " srcintf=\"" + (attack ? "wan1" : "lan-clinical")
                + "\" srcintfrole=\"" + (attack ? "wan" : "lan") + "\" dstip=" + dst + " dstport=" + dport
                + " dstintf=\"dmz-his\" dstintfrole=\"dmz\" sessionid=" + random.nextInt(1 << 30) + " proto=6 action=\""
                + action + "\" policyid=" + (action.equals("deny") ? 0 : 12) + " policytype=\"policy\" service=\""
                + service + "\" trandisp=\"noop\" duration=" + random.nextInt(600) + " sentbyte=" + sent
                + " rcvdbyte=" + rcvd + " sentpkt=" + (sent / 500 + 1) + " rcvdpkt=" + (rcvd / 900 + 1)
                + " appcat=\"unscanned\"";
    }

    private String huaweiPolicy(ZonedDateTime t) {
        boolean deny = random.nextInt(10) == 0;
        return "%%01POLICY/6/" + (deny ? "POLICYDENY" : "POLICYPERMIT")
                + "(l):vsys=public, protocol=6, source-ip=" + internalIp() + ", source-port="
                + (1024 + random.nextInt(60_000)) + ", destination-ip=172.16.8." + (2 + random.nextInt(50))
                + ", destination-port=" + pickPort(443, 8443, 1521, 3306) + ", time=" + HUAWEI.format(t)
                + ", source-zone=trust, destination-zone=dmz, application-name=, rule-name="
                + (deny ? "default-deny" : "his-to-dmz") + ".";
    }

    private String sangfor() {
        boolean deny = random.nextInt(6) == 0;
        return "日志类型:服务控制或应用控制, 用户:(null), 源IP:" + internalIp() + ", 源端口:"
                + (1024 + random.nextInt(60_000)) + ", 目的IP:172.16.0." + (2 + random.nextInt(40)) + ", 目的端口:"
                + pickPort(445, 139, 3389, 80) + ", 应用类型:" + pick("SMB", "RDP", "HTTP") + ", 应用名称:"
                + pick("文件共享", "远程桌面", "网页浏览") + ", 系统动作:" + (deny ? "拒绝" : "允许");
    }

    private String hisAccess(ZonedDateTime t) {
        boolean sqli = random.nextInt(60) == 0 && profile.has(Attack.WEB_ATTACKS);
        String ip = sqli ? attacker : internalIp();
        String path = HIS_PATHS[random.nextInt(HIS_PATHS.length)];
        String query = sqli
                ? "?id=1%27%20UNION%20SELECT%20name,password%20FROM%20sys_user--"
                : "?patientId=P" + (100_000 + random.nextInt(900_000));
        int status = sqli ? 500 : (random.nextInt(30) == 0 ? 404 : 200);
        return ip + " - " + (sqli ? "-" : pick(DOCTORS)) + " [" + CLF.format(t) + "] \"GET " + path + query
                + " HTTP/1.1\" " + status + " " + (300 + random.nextInt(40_000)) + " \"https://his.hospital.local/his/\" \""
                + (sqli ? "sqlmap/1.7.2#stable (https://sqlmap.org)" : UA[random.nextInt(UA.length)]) + "\"";
    }

    private String pacsAccess(ZonedDateTime t) {
        boolean bulk = random.nextInt(30) == 0 && profile.has(Attack.DATA_MISUSE);
        String path = bulk
                ? "/dicom-web/studies?PatientID=*&limit=5000"
                : "/dicom-web/studies/1.2.840.113619.2." + random.nextInt(1_000_000) + "/series";
        return internalIp() + " - " + pick(DOCTORS) + " [" + CLF.format(t) + "] \"GET " + path + " HTTP/1.1\" 200 "
                + (bulk ? 250_000_000 + random.nextInt(50_000_000) : 40_000 + random.nextInt(4_000_000))
                + " \"-\" \"" + UA[0] + "\"";
    }

    private String hisAudit(ZonedDateTime t) {
        boolean export = random.nextInt(50) == 0 && profile.has(Attack.DATA_MISUSE);
        String user = random.nextBoolean() ? pick(DOCTORS) : pick(NURSES);
        String action = export ? "export_records" : pick("view_record", "update_order", "print_report", "search");
        int count = export ? 2_000 + random.nextInt(20_000) : 1;
        return "<134>1 " + t.toOffsetDateTime() + " his-app-01 his 4120 AUDIT [his@41058 user=\"" + user
                + "\" action=\"" + action + "\" patient=\"P" + (100_000 + random.nextInt(900_000)) + "\" records=\""
                + count + "\" workstation=\"" + pick(WORKSTATIONS) + "\" dept=\"" + pick("门诊", "住院部", "放射科", "检验科")
                + "\"] " + user + " " + action + " " + count + " record(s)";
    }

    /** A routine audit record of a business system, in medsoc field names (JSON over HTTP). */
    private String businessAudit(ZonedDateTime t) {
        String system = pick(SYSTEMS);
        boolean doctor = random.nextBoolean();
        String user = doctor ? pick(DOCTORS) : pick(NURSES);
        String action = switch (system) {
            case "pacs" -> pick("C-FIND", "C-MOVE", "view_study");
            case "lis" -> pick("result_view", "result_verify", "sample_receive");
            default -> pick("view_record", "update_order", "print_report", "search", "export_records");
        };
        return audit(t, system, user, doctor ? "doctor" : "nurse", action, 1 + random.nextInt(3),
                system.equals("lis") ? "released" : null);
    }

    /** One of the incidents the healthcare rules are written for. */
    private Line healthcareIncident(ZonedDateTime t) {
        return switch (random.nextInt(9)) {
            case 0 -> new Line(Channel.HTTP, audit(t, pick("his", "emr"), pick(DOCTORS), "doctor", "export_records",
                    2_000 + random.nextInt(20_000), null));
            case 1 -> new Line(Channel.HTTP, audit(t, "pacs", "AE_RESEARCH01", "research", "C-MOVE",
                    100 + random.nextInt(900), null));
            case 2 -> new Line(Channel.HTTP, audit(t, "lis", "lab.zhou", "technician", "result_modify", 1, "released"));
            case 3 -> new Line(Channel.HTTP, audit(t, pick("his", "emr"), pick(NURSES), "nurse", "account_locked", 0,
                    null));
            case 4 -> syslog(189, t, "FGT-HIS-CORE", fortigateSession(t, workstationIp(), "10.20.1.11", 1433));
            case 5 -> syslog(189, t, "FGT-HIS-CORE", fortigateSession(t, workstationIp(), "10.20.5.50", 2575));
            case 6 -> syslog(189, t, "FGT-HIS-CORE", fortigateVendorVpn(t));
            case 7 -> new Line(Channel.HTTP, audit(t, pick("his", "pacs"), "his_admin", "it-admin", "grant_permission",
                    1, null));
            default -> new Line(Channel.HTTP, sysmonLine(t, "PACS-SRV-01",
                    "C:\\Users\\Public\\Downloads\\AnyDesk.exe", "\"C:\\Users\\Public\\Downloads\\AnyDesk.exe\"",
                    "C:\\Windows\\explorer.exe", "HOSPITAL\\\\pacs-admin"));
        };
    }

    private String audit(ZonedDateTime t, String system, String user, String role, String action, int records,
            @Nullable String resultStatus) {
        return "{\"@timestamp\":\"" + t.toInstant() + "\",\"event\":{\"kind\":\"event\","
                + "\"action\":\"" + action + "\",\"outcome\":\""
                + (action.equals("account_locked") ? "failure" : "success")
                + "\"},\"user\":{\"name\":\"" + user + "\",\"roles\":\"" + role + "\"},\"source\":{\"ip\":\""
                + internalIp() + "\"},\"host\":{\"name\":\"" + system + "-app-01\"},\"medsoc\":{\"business_system\":\""
                + system + "\",\"record_count\":" + records
                + (resultStatus == null ? "" : ",\"result_status\":\"" + resultStatus + "\"") + "},\"message\":\""
                + user + " " + action + " " + records + " record(s) workstation=" + pick(WORKSTATIONS) + "\"}";
    }

    /** A vendor's SSL VPN tunnel coming up (no maintenance window is configured in the demo). */
    private String fortigateVendorVpn(ZonedDateTime t) {
        return "date=" + FGT_DATE.format(t) + " time=" + FGT_TIME.format(t)
                + " devname=\"FGT-HIS-CORE\" devid=\"FG200FT922901234\" eventtime="
                + (t.toInstant().toEpochMilli() * 1_000_000L) + " tz=\"+0800\" logid=\"0101039947\" type=\"event\""
                + " subtype=\"vpn\" level=\"information\" vd=\"root\" logdesc=\"SSL VPN tunnel up\""
                + " action=\"tunnel-up\""
                + " tunneltype=\"ssl-tunnel\" tunnelid=" + random.nextInt(1 << 20) + " remip=198.51.100."
                + (2 + random.nextInt(250)) + " tunnelip=10.212.134." + (2 + random.nextInt(250)) + " user=\""
                + pick("vendor-pacs01", "vendor-his02") + "\" group=\"vendors\" dst_host=\"N/A\" reason=\"N/A\""
                + " msg=\"SSL tunnel established\"";
    }

    private String workstationIp() {
        return "10.31." + random.nextInt(16) + "." + (2 + random.nextInt(250));
    }

    private String sshd() {
        boolean brute = random.nextInt(4) == 0 && profile.has(Attack.BRUTE_FORCE);
        if (brute) {
            return "sshd[" + (2000 + random.nextInt(9000)) + "]: Failed password for "
                    + (random.nextBoolean() ? "invalid user " + pick("admin", "oracle", "test") : "root") + " from "
                    + attacker + " port " + (30000 + random.nextInt(30000)) + " ssh2";
        }
        return "sshd[" + (2000 + random.nextInt(9000)) + "]: Accepted publickey for " + pick("dba", "ops", "deploy")
                + " from " + internalIp() + " port " + (30000 + random.nextInt(30000))
                + " ssh2: RSA SHA256:3fK9l0b1fZ0mQ2c9nA7xv3XnQ7cYpD1sYg2Lr0T6e8U";
    }

    private String sudo() {
        return "sudo:      ops : TTY=pts/0 ; PWD=/home/ops ; USER=root ; COMMAND="
                + pick("/usr/bin/systemctl restart his-app", "/usr/bin/cat /etc/shadow", "/usr/bin/tail -f /var/log/his.log");
    }

    private String windowsLogon(ZonedDateTime t) {
        boolean fail = random.nextInt(5) == 0;
        String host = pick(WORKSTATIONS);
        String user = fail ? pick("administrator", "admin", pick(NURSES)) : pick(NURSES);
        String ip = fail && random.nextBoolean() ? "10.12.7.99" : internalIp();
        int id = fail ? 4625 : 4624;
        return "{\"@timestamp\":\"" + t.toInstant() + "\",\"event\":{\"code\":\"" + id
                + "\",\"provider\":\"Microsoft-Windows-Security-Auditing\"},\"winlog\":{\"channel\":\"Security\","
                + "\"event_id\":" + id + ",\"provider_name\":\"Microsoft-Windows-Security-Auditing\",\"computer_name\":\""
                + host + ".hospital.local\",\"record_id\":" + random.nextInt(1 << 30) + ",\"event_data\":{"
                + "\"TargetUserName\":\"" + user + "\",\"TargetDomainName\":\"HOSPITAL\",\"LogonType\":\""
                + (fail ? "3" : "2") + "\",\"IpAddress\":\"" + ip + "\",\"IpPort\":\"" + (40000 + random.nextInt(20000))
                + "\",\"WorkstationName\":\"" + host + "\"" + (fail ? ",\"Status\":\"0xc000006d\",\"SubStatus\":\"0xc000006a\"" : "")
                + "}},\"host\":{\"name\":\"" + host + "\"}}";
    }

    private String sysmonProcess(ZonedDateTime t) {
        int k = random.nextInt(40);
        if (k < 3 && !profile.has(Attack.MALWARE)) {
            k = 3;
        }
        String image;
        String cmd;
        String parent = "C:\\Windows\\explorer.exe";
        if (k == 0) {
            image = "C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe";
            cmd = "powershell.exe -NoP -W Hidden -Enc SQBFAFgAIAAoAE4AZQB3AC0ATwBiAGoAZQBjAHQAIABOAGUAdAAuAFcAZQBiAEMAbABpAGUAbgB0ACkA";
            parent = "C:\\Windows\\System32\\cmd.exe";
        } else if (k == 1) {
            image = "C:\\Users\\Public\\mm.exe";
            cmd = "mm.exe privilege::debug sekurlsa::logonpasswords exit";
        } else if (k == 2) {
            image = "C:\\Windows\\System32\\vssadmin.exe";
            cmd = "vssadmin.exe delete shadows /all /quiet";
            parent = "C:\\Windows\\System32\\cmd.exe";
        } else {
            image = pick("C:\\Program Files\\HIS\\HisClient.exe", "C:\\Program Files\\PACS\\Viewer\\pacsview.exe",
                    "C:\\Windows\\System32\\notepad.exe", "C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe");
            cmd = "\"" + image + "\"";
        }
        String host = pick(WORKSTATIONS);
        return sysmonLine(t, host, image, cmd, parent, "HOSPITAL\\\\" + pick(NURSES));
    }

    /** A Sysmon process creation (event 1) in Winlogbeat JSON; {@code user} is already JSON-escaped. */
    private String sysmonLine(ZonedDateTime t, String host, String image, String cmd, String parent, String user) {
        return "{\"@timestamp\":\"" + t.toInstant() + "\",\"event\":{\"code\":\"1\"},\"winlog\":{\"channel\":"
                + "\"Microsoft-Windows-Sysmon/Operational\",\"event_id\":1,\"provider_name\":\"Microsoft-Windows-Sysmon\","
                + "\"computer_name\":\"" + host + ".hospital.local\",\"event_data\":{\"Image\":\"" + json(image)
                + "\",\"CommandLine\":\"" + json(cmd) + "\",\"ParentImage\":\"" + json(parent) + "\",\"User\":\""
                + user + "\",\"ProcessId\":\"" + (1000 + random.nextInt(9000)) + "\",\"Hashes\":\"SHA256="
                + Long.toHexString(random.nextLong()) + Long.toHexString(random.nextLong()) + "\"}},\"host\":{\"name\":\""
                + host + "\"}}";
    }

    /** A Suricata alert, or null when the profile leaves its kind out. */
    private @Nullable String suricata(ZonedDateTime t) {
        boolean scan = random.nextBoolean();
        if (!profile.has(scan ? Attack.SCANNING : Attack.WEB_ATTACKS)) {
            return null;
        }
        return "{\"timestamp\":\"" + t.toOffsetDateTime() + "\",\"flow_id\":" + Math.abs(random.nextLong() >> 12)
                + ",\"in_iface\":\"eth1\",\"event_type\":\"alert\",\"src_ip\":\"" + (scan ? attacker : internalIp())
                + "\",\"src_port\":" + (30000 + random.nextInt(30000)) + ",\"dest_ip\":\"10.20.1.15\",\"dest_port\":"
                + (scan ? 445 : 80) + ",\"proto\":\"TCP\",\"alert\":{\"action\":\"allowed\",\"gid\":1,\"signature_id\":"
                + (scan ? 2024218 : 2006445) + ",\"rev\":3,\"signature\":\""
                + (scan ? "ET EXPLOIT Possible ETERNALBLUE Probe MS17-010 (MSF style)" : "ET WEB_SERVER Possible SQL Injection Attempt SELECT FROM")
                + "\",\"category\":\"" + (scan ? "Attempted Administrator Privilege Gain" : "Web Application Attack")
                + "\",\"severity\":1}}";
    }

    private String waf(ZonedDateTime t) {
        return "<132>" + BSD.format(t) + " waf-01 CEF:0|Chaitin|SafeLine|5.2|sqli|SQL Injection|8|rt="
                + t.toInstant().toEpochMilli() + " src=" + attacker + " spt=" + (30000 + random.nextInt(30000))
                + " dst=10.20.1.10 dpt=443 requestMethod=GET request=https://his.hospital.local/his/api/patient/search?name\\=a%27%20or%201\\=1-- act=block cs1Label=site cs1=his-portal";
    }

    private String malformed() {
        return switch (random.nextInt(3)) {
            case 0 -> "<999>Jan 99 99:99:99 broken-device this priority is out of range";
            case 1 -> "{\"event_type\":\"alert\",\"src_ip\":\"10.1.2.3\",\"truncated";
            default -> "CEF:0|OnlyThree|Fields";
        };
    }

    private static String json(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    @SafeVarargs
    private <T> T pick(T... values) {
        return values[random.nextInt(values.length)];
    }

    private int pickPort(int... values) {
        return values[random.nextInt(values.length)];
    }
}
