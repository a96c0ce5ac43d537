package org.medsoc.asset;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.BiConsumer;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The columns of the asset ledger (资产台账): their English and Chinese headers, how an attribute is shown in a
 * cell, and how a cell is read. The same names label fields in the change history.
 *
 * <p>Lists in a cell are separated by {@code ;} (also {@code ；}, {@code ,}, {@code ，} or a line break; addresses
 * also by spaces). Software is written {@code name version} (the version is the last word when it starts with a
 * digit), services {@code port/protocol/service}, open ports {@code port/protocol/service/product/version}.
 */
public enum LedgerColumn {
    /** {@code name} / 资产名称. */
    NAME("name", "资产名称", List.of("名称", "资产"), a -> a.name(), (b, v) -> b.name(v)),
    /** {@code kind} / 资产类型. */
    KIND("kind", "资产类型", List.of("类型", "设备类型", "资产类别", "type"),
            a -> a.kind().name(), (b, v) -> b.kind(kind(v))),
    /** {@code ip} / IP地址. */
    IP("ip", "IP地址", List.of("ips", "ip地址", "ipaddress", "地址"),
            a -> join(a.ips()), (b, v) -> b.ips(addresses(v, "IP address"))),
    /** {@code mac} / MAC地址. */
    MAC("mac", "MAC地址", List.of("macs", "macaddress", "物理地址"),
            a -> join(a.macs()), (b, v) -> b.macs(addresses(v, "MAC address"))),
    /** {@code hostname} / 主机名. */
    HOSTNAME("hostname", "主机名", List.of("hostnames", "主机名称", "计算机名"),
            a -> join(a.hostnames()), (b, v) -> b.hostnames(addresses(v, "host name"))),
    /** {@code os} / 操作系统. */
    OS("os", "操作系统", List.of("osname", "系统"), a -> a.osName(), (b, v) -> b.osName(v)),
    /** {@code os_version} / 系统版本. */
    OS_VERSION("os_version", "系统版本", List.of("操作系统版本"), a -> a.osVersion(), (b, v) -> b.osVersion(v)),
    /** {@code middleware} / 中间件. */
    MIDDLEWARE("middleware", "中间件", List.of(), a -> join(a.middleware()), (b, v) -> b.middleware(software(v))),
    /** {@code databases} / 数据库. */
    DATABASES("databases", "数据库", List.of("database"), a -> join(a.databases()),
            (b, v) -> b.databases(software(v))),
    /** {@code frameworks} / 开源组件. */
    FRAMEWORKS("frameworks", "开源组件", List.of("开源框架", "框架", "组件"), a -> join(a.frameworks()),
            (b, v) -> b.frameworks(software(v))),
    /** {@code vendor} / 厂商. */
    VENDOR("vendor", "厂商", List.of("生产厂商", "品牌", "制造商", "manufacturer"), a -> a.vendor(),
            (b, v) -> b.vendor(v)),
    /** {@code model} / 设备型号. */
    MODEL("model", "设备型号", List.of("型号"), a -> a.model(), (b, v) -> b.model(v)),
    /** {@code firmware} / 固件版本. */
    FIRMWARE("firmware", "固件版本", List.of("固件"), a -> a.firmware(), (b, v) -> b.firmware(v)),
    /** {@code modality} / 设备模态. */
    MODALITY("modality", "设备模态", List.of("模态", "影像类型"), a -> a.modality(), (b, v) -> b.modality(v)),
    /** {@code rule_library_version} / 规则库版本. */
    RULE_LIBRARY_VERSION("rule_library_version", "规则库版本", List.of("特征库版本", "rule_version"),
            a -> a.ruleLibraryVersion(), (b, v) -> b.ruleLibraryVersion(v)),
    /** {@code business_system} / 业务系统. */
    BUSINESS_SYSTEM("business_system", "业务系统", List.of("所属系统", "所属业务系统", "系统名称"),
            a -> a.businessSystem(), (b, v) -> b.businessSystem(v)),
    /** {@code owner} / 责任人. */
    OWNER("owner", "责任人", List.of("负责人", "管理员", "联系人"), a -> a.owner(), (b, v) -> b.owner(v)),
    /** {@code department} / 科室. */
    DEPARTMENT("department", "科室", List.of("部门", "使用科室", "所属科室"), a -> a.department(),
            (b, v) -> b.department(v)),
    /** {@code location} / 位置. */
    LOCATION("location", "位置", List.of("物理位置", "所在位置", "存放位置"), a -> a.location(),
            (b, v) -> b.location(v)),
    /** {@code criticality} / 重要性. */
    CRITICALITY("criticality", "重要性", List.of("重要程度", "重要等级", "等级"),
            a -> Integer.toString(a.criticality()), (b, v) -> b.criticality(criticality(v))),
    /** {@code exposure} / 互联网暴露. */
    EXPOSURE("exposure", "互联网暴露", List.of("对外开放", "互联网映射", "对外服务"), a -> join(a.exposure()),
            (b, v) -> b.exposure(exposure(v))),
    /** {@code open_ports} / 开放端口. */
    OPEN_PORTS("open_ports", "开放端口", List.of("ports", "端口"), a -> join(a.ports()),
            (b, v) -> b.ports(ports(v))),
    /** {@code cpe} / CPE. */
    CPE("cpe", "CPE", List.of("cpes"), a -> join(a.cpes()), (b, v) -> b.cpes(split(v, false))),
    /** {@code tags} / 标签. */
    TAGS("tags", "标签", List.of("tag"), a -> join(a.tags()), (b, v) -> b.tags(split(v, false)));

    private final String english;
    private final String chinese;
    private final List<String> keys;
    private final Function<AssetAttributes, String> display;
    private final BiConsumer<AssetAttributes.Builder, String> reader;

    LedgerColumn(String english, String chinese, List<String> aliases, Function<AssetAttributes, String> display,
            BiConsumer<AssetAttributes.Builder, String> reader) {
        this.english = english;
        this.chinese = chinese;
        List<String> k = new ArrayList<>();
        k.add(key(english));
        k.add(key(chinese));
        for (String a : aliases) {
            k.add(key(a));
        }
        this.keys = List.copyOf(k);
        this.display = display;
        this.reader = reader;
    }

    /** The English header, also the field name in the change history. */
    public String english() {
        return english;
    }

    /** The Chinese header. */
    public String chinese() {
        return chinese;
    }

    /** The cell text of this column for an asset. */
    public String display(AssetAttributes attributes) {
        return display.apply(attributes);
    }

    /** Sets this column's attribute from cell text; {@link IllegalArgumentException} says what is wrong. */
    void read(AssetAttributes.Builder builder, String cell) {
        reader.accept(builder, cell);
    }

    /** The column a header names (English or Chinese, case, spaces, {@code _} and {@code -} ignored). */
    public static @Nullable LedgerColumn ofHeader(String header) {
        String k = key(header);
        for (LedgerColumn c : values()) {
            if (c.keys.contains(k)) {
                return c;
            }
        }
        return null;
    }

    private static String key(String header) {
        StringBuilder b = new StringBuilder(header.length());
        for (int i = 0; i < header.length(); i++) {
            char c = header.charAt(i);
            if (c == ' ' || c == '_' || c == '-' || c == '\u3000' || c == '\uFEFF' || Character.isWhitespace(c)) {
                continue;
            }
            b.append(c);
        }
        return b.toString().toLowerCase(Locale.ROOT);
    }

    private static String join(List<?> values) {
        StringBuilder b = new StringBuilder();
        for (Object v : values) {
            if (b.length() > 0) {
                b.append("; ");
            }
            b.append(v);
        }
        return b.toString();
    }

    private static List<String> split(String cell, boolean spaces) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        for (int i = 0; i <= cell.length(); i++) {
            char c = i < cell.length() ? cell.charAt(i) : ';';
            boolean sep = c == ';' || c == '；' || c == ',' || c == '，' || c == '\n' || c == '\r' || c == '、'
                    || (spaces && (c == ' ' || c == '\t' || c == '\u3000'));
            if (sep) {
                String s = cur.toString().strip();
                if (!s.isEmpty()) {
                    out.add(s);
                }
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        return out;
    }

    private static List<String> addresses(String cell, String what) {
        List<String> out = split(cell, true);
        for (String a : out) {
            @Nullable String n = switch (what) {
                case "IP address" -> Addresses.normalIp(a);
                case "MAC address" -> Addresses.normalMac(a);
                default -> Addresses.normalHostname(a);
            };
            if (n == null) {
                throw new IllegalArgumentException("'" + a + "' is not a valid " + what);
            }
        }
        return out;
    }

    private static AssetKind kind(String cell) {
        return AssetKind.parse(cell).orElseThrow(() -> new IllegalArgumentException("'" + cell.strip()
                + "' is not an asset kind; use one of HOST, NETWORK_DEVICE, SECURITY_DEVICE, MEDICAL_DEVICE,"
                + " APPLICATION, PRINTER, MOBILE, IOT or 主机, 网络设备, 安全设备, 医疗设备, 应用, 打印机, 移动设备, 物联网设备"));
    }

    private static int criticality(String cell) {
        String c = cell.strip();
        switch (c) {
            case "1", "低", "一般" -> {
                return 1;
            }
            case "2", "中", "较重要" -> {
                return 2;
            }
            case "3", "高", "重要" -> {
                return 3;
            }
            case "4", "关键", "核心", "非常重要" -> {
                return 4;
            }
            default -> throw new IllegalArgumentException("'" + c
                    + "' is not a criticality; use 1 (低) to 4 (关键)");
        }
    }

    private static List<Software> software(String cell) {
        List<Software> out = new ArrayList<>();
        for (String item : split(cell, false)) {
            int space = item.lastIndexOf(' ');
            if (space > 0 && space + 1 < item.length() && Character.isDigit(item.charAt(space + 1))) {
                out.add(new Software(item.substring(0, space), item.substring(space + 1)));
            } else {
                out.add(new Software(item, ""));
            }
        }
        return out;
    }

    private static List<ExposedService> exposure(String cell) {
        List<ExposedService> out = new ArrayList<>();
        for (String item : split(cell, false)) {
            String[] p = item.split("/", -1);
            if (p.length < 1 || p.length > 3) {
                throw new IllegalArgumentException("'" + item + "' is not a service; write port/protocol/service"
                        + " such as 443/tcp/https");
            }
            out.add(new ExposedService(port(p[0], item), p.length > 1 ? p[1] : "tcp", p.length > 2 ? p[2] : ""));
        }
        return out;
    }

    private static List<OpenPort> ports(String cell) {
        List<OpenPort> out = new ArrayList<>();
        for (String item : split(cell, false)) {
            String[] p = item.split("/", -1);
            if (p.length > 5) {
                throw new IllegalArgumentException("'" + item + "' is not an open port; write"
                        + " port/protocol/service/product/version such as 22/tcp/ssh/OpenSSH/8.0");
            }
            out.add(new OpenPort(port(p[0], item), p.length > 1 ? p[1] : "tcp", p.length > 2 ? p[2] : "",
                    p.length > 3 ? p[3] : "", p.length > 4 ? p[4] : ""));
        }
        return out;
    }

    private static int port(String text, String item) {
        try {
            return Integer.parseInt(text.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + item + "' does not start with a port number", e);
        }
    }
}
