package org.medsoc.asset;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** What an asset is. */
public enum AssetKind {
    /** A server, workstation or terminal. */
    HOST("主机", List.of("主机", "服务器", "终端", "工作站", "虚拟机", "pc")),
    /** A switch, router, wireless controller or access point. */
    NETWORK_DEVICE("网络设备", List.of("网络设备", "交换机", "路由器", "无线控制器", "网络")),
    /** A firewall, IDS/IPS, WAF, VPN gateway, audit or other security appliance. */
    SECURITY_DEVICE("安全设备", List.of("安全设备", "防火墙", "入侵检测", "入侵防御", "网闸", "安全")),
    /** A medical device: CT, MR, ultrasound, X-ray, monitor, infusion pump, lab analyser, … */
    MEDICAL_DEVICE("医疗设备", List.of("医疗设备", "医疗器械", "医疗", "医学影像设备")),
    /** An application or service (HIS, PACS, a web site), independent of the hosts it runs on. */
    APPLICATION("应用", List.of("应用", "应用系统", "业务应用", "业务系统", "网站")),
    /** A printer or multifunction device. */
    PRINTER("打印机", List.of("打印机", "打印设备", "复印机")),
    /** A phone, tablet or handheld terminal (nursing PDA). */
    MOBILE("移动设备", List.of("移动设备", "移动终端", "手机", "平板", "pda")),
    /** Another connected device: cameras, badge readers, building control, smart beds. */
    IOT("物联网设备", List.of("物联网设备", "物联网", "摄像头", "门禁"));

    private final String chineseLabel;
    private final List<String> aliases;

    AssetKind(String chineseLabel, List<String> aliases) {
        this.chineseLabel = chineseLabel;
        this.aliases = aliases;
    }

    /** The Chinese name used in ledgers exported with Chinese headers. */
    public String chineseLabel() {
        return chineseLabel;
    }

    /**
     * The kind named by a ledger cell: the English constant in any case with {@code -} or space for {@code _}
     * ({@code network device}), or a Chinese name ({@code 交换机}, {@code 医疗设备}).
     */
    public static Optional<AssetKind> parse(String text) {
        String t = text.strip();
        String upper = t.toUpperCase(Locale.ROOT).replace('-', '_').replace(' ', '_');
        String lower = t.toLowerCase(Locale.ROOT);
        for (AssetKind k : values()) {
            if (k.name().equals(upper) || k.aliases.contains(lower)) {
                return Optional.of(k);
            }
        }
        if (upper.equals("IOT_DEVICE") || upper.equals("SERVER")) {
            return Optional.of(upper.equals("SERVER") ? HOST : IOT);
        }
        return Optional.empty();
    }
}
