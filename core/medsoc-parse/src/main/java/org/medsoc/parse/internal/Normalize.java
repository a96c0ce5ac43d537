package org.medsoc.parse.internal;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.medsoc.spi.event.Event;
import org.medsoc.spi.event.Fields;

/** Vendor vocabularies mapped to the schema: firewall actions, IP protocol numbers, severities. */
public final class Normalize {
    /** Normalised action of traffic that was let through. */
    public static final String ALLOW = "allow";
    /** Normalised action of traffic that was stopped. */
    public static final String DENY = "deny";

    private static final Map<String, String> ACTIONS = new HashMap<>();
    private static final String[] TRANSPORTS = new String[256];

    static {
        for (String a : new String[] {"deny", "denied", "drop", "dropped", "block", "blocked", "reject", "rejected",
            "reset", "refused", "discard", "discarded", "prevent", "prevented",
            "拒绝", "阻断", "丢弃", "阻止", "拦截", "被拦截", "禁止", "已阻断", "已拒绝", "deny-all", "policy-deny"}) {
            ACTIONS.put(a, DENY);
        }
        for (String a : new String[] {"allow", "allowed", "accept", "accepted", "permit", "permitted", "pass",
            "passed", "允许", "放行", "通过", "已允许", "success"}) {
            ACTIONS.put(a, ALLOW);
        }
        TRANSPORTS[1] = "icmp";
        TRANSPORTS[2] = "igmp";
        TRANSPORTS[6] = "tcp";
        TRANSPORTS[17] = "udp";
        TRANSPORTS[41] = "ipv6";
        TRANSPORTS[47] = "gre";
        TRANSPORTS[50] = "esp";
        TRANSPORTS[51] = "ah";
        TRANSPORTS[58] = "ipv6-icmp";
        TRANSPORTS[89] = "ospf";
        TRANSPORTS[112] = "vrrp";
        TRANSPORTS[132] = "sctp";
    }

    private Normalize() {}

    /** {@link #ALLOW}, {@link #DENY}, or null for actions that are neither (close, log, alert...). */
    public static @Nullable String action(String vendorAction) {
        String a = ACTIONS.get(vendorAction);
        return a != null ? a : ACTIONS.get(vendorAction.toLowerCase(Locale.ROOT));
    }

    /**
     * Records an action: {@code event.action} is the normalised verb (or the vendor's word in lower case),
     * {@code event.type} gets {@code allowed}/{@code denied} and {@code event.outcome} success/failure.
     */
    public static void putAction(Event event, String vendorAction) {
        if (vendorAction.isEmpty()) {
            return;
        }
        String a = action(vendorAction);
        Text.put(event, Fields.EVENT_ACTION, a != null ? a : vendorAction.toLowerCase(Locale.ROOT));
        if (a == DENY) {
            Text.add(event, Fields.EVENT_TYPE, "denied");
            Text.put(event, Fields.EVENT_OUTCOME, "failure");
        } else if (a == ALLOW) {
            Text.add(event, Fields.EVENT_TYPE, "allowed");
            Text.put(event, Fields.EVENT_OUTCOME, "success");
        }
    }

    /** {@code network.transport} from an IP protocol number or name ({@code 6}, {@code TCP}); null if unknown. */
    public static @Nullable String transport(String proto) {
        int n = proto.length();
        if (n >= 1 && n <= 3 && Text.isDigits(proto, 0, n)) {
            return TRANSPORTS[(int) Math.min(255, Text.digits(proto, 0, n))];
        }
        if (n == 0 || n > 12) {
            return null;
        }
        String p = proto.toLowerCase(Locale.ROOT);
        return switch (p) {
            case "tcp", "udp", "icmp", "igmp", "gre", "esp", "ah", "sctp", "ipv6-icmp" -> p;
            case "icmpv6", "icmp6" -> "ipv6-icmp";
            default -> null;
        };
    }

    /** Adds a value to {@code event.category} or {@code event.type} unless already present. */
    public static void addOnce(Event event, org.medsoc.spi.event.Field field, String value) {
        for (int i = 0; i < event.size(); i++) {
            if (event.fieldIdAt(i) == field.id() && event.valueAt(i).equals(value)) {
                return;
            }
        }
        Text.add(event, field, value);
    }
}
