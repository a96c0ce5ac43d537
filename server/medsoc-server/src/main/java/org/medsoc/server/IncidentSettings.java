package org.medsoc.server;

import java.time.Duration;
import java.time.ZoneId;
import java.util.Locale;
import org.medsoc.common.CommonErrorCode;
import org.medsoc.common.Settings;
import org.medsoc.incident.GroupingPolicy;
import org.medsoc.incident.IncidentPolicies;
import org.medsoc.incident.Severity;
import org.medsoc.incident.SlaPolicy;
import org.medsoc.spi.error.MedsocException;

/**
 * Incident policies from configuration (the node's defaults for every tenant):
 *
 * <ul>
 *   <li>{@code incident.sla.response.<severity>} — time to first response, e.g. {@code 15m} (default 30m)</li>
 *   <li>{@code incident.sla.resolution.<severity>} — {@code end-of-day} (default: same day; after 20:00 by noon the
 *       next day) or a duration such as {@code 4h}</li>
 *   <li>{@code incident.sla.special-protection} — special-protection period (重保) on/off (default false);
 *       {@code incident.sla.special-protection-factor} — how much it tightens every target (default 0.5)</li>
 *   <li>{@code incident.grouping.window} — how long after an incident's last alert a matching alert still joins it
 *       (default 1h)</li>
 * </ul>
 */
final class IncidentSettings {
    private IncidentSettings() {}

    static IncidentPolicies policies(Settings s, ZoneId zone) {
        SlaPolicy sla = SlaPolicy.defaults(zone);
        for (Severity severity : Severity.values()) {
            String name = severity.name().toLowerCase(Locale.ROOT);
            SlaPolicy.Targets t = sla.targets().get(severity);
            Duration response = s.duration("incident.sla.response." + name, t.response());
            SlaPolicy.ResolutionTarget resolution = t.resolution();
            String key = "incident.sla.resolution." + name;
            var configured = s.find(key);
            if (configured.isPresent()) {
                String v = configured.get().strip();
                resolution = v.equals("end-of-day") ? t.resolution() : new SlaPolicy.Within(s.duration(key, Duration.ZERO));
            }
            sla = sla.withTargets(severity, new SlaPolicy.Targets(response, resolution));
        }
        double factor;
        String f = s.string("incident.sla.special-protection-factor", "0.5");
        try {
            factor = Double.parseDouble(f);
        } catch (NumberFormatException e) {
            throw new MedsocException(CommonErrorCode.INVALID_CONFIGURATION,
                    "incident.sla.special-protection-factor must be a number in (0, 1], was '" + f + "'");
        }
        sla = sla.withSpecialProtectionFactor(factor)
                .withSpecialProtection(s.bool("incident.sla.special-protection", false));
        Duration window = s.duration("incident.grouping.window", Duration.ofHours(1));
        if (window.isNegative() || window.isZero()) {
            throw new MedsocException(CommonErrorCode.INVALID_CONFIGURATION,
                    "incident.grouping.window must be positive, was " + window);
        }
        GroupingPolicy grouping = new GroupingPolicy(
                new GroupingPolicy.Grouping(window, GroupingPolicy.DEFAULT_KEY_FIELDS), java.util.Map.of());
        return new IncidentPolicies(sla, grouping);
    }
}
