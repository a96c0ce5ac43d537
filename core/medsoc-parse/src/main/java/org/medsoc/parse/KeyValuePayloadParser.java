package org.medsoc.parse;

import java.util.Locale;
import org.jspecify.annotations.Nullable;
import org.medsoc.parse.kv.FortiGate;
import org.medsoc.parse.kv.GenericPairs;
import org.medsoc.parse.kv.Huawei;
import org.medsoc.parse.kv.Sangfor;
import org.medsoc.spi.event.Event;

/**
 * Key=value firewall logs. The dialect is chosen by the profile's vendor when it names one (fortinet/fortigate,
 * huawei, sangfor), else by content: Huawei's {@code %%01MODULE/...} header, Sangfor's {@code 日志类型:} key,
 * FortiGate's {@code logid=}/{@code devid=}, else generic {@code key=value} pairs.
 */
public final class KeyValuePayloadParser implements PayloadParser {
    private enum Dialect {
        FORTIGATE,
        HUAWEI,
        SANGFOR,
        GENERIC,
        NONE
    }

    static {
        // Initialise the dialects (and declare their fields) now, not on the first message of each dialect.
        FortiGate.detects("");
        Huawei.detects("");
        Sangfor.detects("");
        GenericPairs.detects("");
    }

    /** Creates the key=value parser; it holds no per-message state. */
    public KeyValuePayloadParser() {}

    @Override
    public String name() {
        return "kv";
    }

    @Override
    public boolean detects(String payload, ParseContext context) {
        return dialect(payload, context) != Dialect.NONE;
    }

    @Override
    public @Nullable String parse(String payload, ParseContext context, Event event) {
        Dialect d = dialect(payload, context);
        return switch (d) {
            case FORTIGATE -> FortiGate.parse(payload, context.zone(), event);
            case HUAWEI -> Huawei.parse(payload, event);
            case SANGFOR -> Sangfor.parse(payload, event);
            case GENERIC -> GenericPairs.parse(payload, context, event);
            case NONE -> {
                String reason = GenericPairs.parse(payload, context, event);
                yield reason == null ? null : "not a key=value message: " + reason;
            }
        };
    }

    private static Dialect dialect(String s, ParseContext context) {
        String vendor = context.vendor();
        if (vendor != null) {
            switch (vendor.toLowerCase(Locale.ROOT)) {
                case "fortinet", "fortigate" -> {
                    return Dialect.FORTIGATE;
                }
                case "huawei" -> {
                    return Dialect.HUAWEI;
                }
                case "sangfor" -> {
                    return Dialect.SANGFOR;
                }
                default -> {}
            }
        }
        if (Huawei.detects(s)) {
            return Dialect.HUAWEI;
        }
        if (Sangfor.detects(s)) {
            return Dialect.SANGFOR;
        }
        if (FortiGate.detects(s)) {
            return Dialect.FORTIGATE;
        }
        return GenericPairs.detects(s) ? Dialect.GENERIC : Dialect.NONE;
    }
}
