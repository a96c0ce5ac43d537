package org.medsoc.oncall;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.medsoc.notify.Language;
import org.medsoc.notify.Severity;
import org.medsoc.spi.error.MedsocException;
import org.medsoc.spi.event.TenantId;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;

/**
 * Reads a tenant's on-call setup from YAML — how a hospital writes down who is on duty and how to escalate:
 *
 * <pre>
 * zone: Asia/Shanghai
 * contacts:
 *   - {id: zhang, name: 张敏, language: zh, channels: {dingtalk-soc: "13800000001", sms: "13800000001"}}
 * shifts:
 *   - {name: day, days: workdays, start: "08:00", end: "18:00", chain: [zhang, li]}
 *   - {name: night, days: every-day, start: "18:00", end: "08:00", chain: [li, zhang]}
 * escalation:
 *   levels: [{after: 0m, channels: [dingtalk-soc]}, {after: 10m, channels: [sms]}]
 *   repeat: 30m
 *   max-repeats: 2
 * quiet-hours: {start: "23:00", end: "07:00", minimum: high, channels: [sms]}
 * </pre>
 * Days are {@code workdays}, {@code weekend}, {@code every-day} or a list of {@code MON}…{@code SUN}; a shift works
 * public holidays when {@code on-holidays: true}, or by default when it covers weekend days; durations are
 * {@code 30s}, {@code 10m}, {@code 2h}. Every problem is reported at once.
 */
public final class OnCallSetups {
    private OnCallSetups() {}

    /** Parses a setup; throws {@link OnCallErrorCode#INVALID_SETUP} listing every problem. */
    public static TenantOnCall parse(TenantId tenant, String yaml) {
        Object root;
        try {
            root = new Load(LoadSettings.builder().setMaxAliasesForCollections(10).build()).loadFromString(yaml);
        } catch (YamlEngineException e) {
            throw invalid(List.of("not valid YAML: " + String.valueOf(e.getMessage()).lines().findFirst().orElse("")));
        }
        List<String> problems = new ArrayList<>();
        if (!(root instanceof Map<?, ?> m)) {
            throw invalid(List.of("the setup must be a mapping with zone, contacts, shifts, escalation"));
        }
        for (Object k : m.keySet()) {
            if (!Set.of("zone", "contacts", "shifts", "escalation", "quiet-hours").contains(String.valueOf(k))) {
                problems.add("unknown key '" + k + "'");
            }
        }
        ZoneId zone = ZoneId.of("Asia/Shanghai");
        if (m.get("zone") != null) {
            try {
                zone = ZoneId.of(String.valueOf(m.get("zone")));
            } catch (RuntimeException e) {
                problems.add("zone '" + m.get("zone") + "' is not a time zone such as Asia/Shanghai");
            }
        }
        List<Contact> contacts = new ArrayList<>();
        int i = 0;
        for (Object c : list(m.get("contacts"), "contacts", problems)) {
            String at = "contacts[" + i++ + "]";
            if (!(c instanceof Map<?, ?> cm)) {
                problems.add(at + " must be a mapping with id, name, channels");
                continue;
            }
            List<ContactChannel> channels = new ArrayList<>();
            if (cm.get("channels") instanceof Map<?, ?> ch) {
                ch.forEach((k, v) -> channels.add(new ContactChannel(String.valueOf(k), String.valueOf(v))));
            } else {
                problems.add(at + ".channels must map channel names to addresses");
            }
            try {
                contacts.add(new Contact(tenant, text(cm, "id", at, problems), text(cm, "name", at, problems), channels,
                        Language.fromTag(cm.get("language") == null ? "zh" : String.valueOf(cm.get("language")))));
            } catch (RuntimeException e) {
                problems.add(at + ": " + e.getMessage());
            }
        }
        List<Shift> shifts = new ArrayList<>();
        i = 0;
        for (Object s : list(m.get("shifts"), "shifts", problems)) {
            String at = "shifts[" + i++ + "]";
            if (!(s instanceof Map<?, ?> sm)) {
                problems.add(at + " must be a mapping with name, days, start, end, chain");
                continue;
            }
            try {
                List<String> chain = new ArrayList<>();
                list(sm.get("chain"), at + ".chain", problems).forEach(x -> chain.add(String.valueOf(x)));
                Set<DayOfWeek> days = days(sm.get("days"), at, problems);
                // a shift works public holidays when it says so, else when it covers weekend days (holidays are
                // staffed like weekends)
                boolean onHolidays = sm.get("on-holidays") instanceof Boolean h ? h
                        : days.contains(DayOfWeek.SATURDAY) || days.contains(DayOfWeek.SUNDAY);
                shifts.add(new Shift(text(sm, "name", at, problems), days, onHolidays,
                        time(sm.get("start"), at + ".start", problems), time(sm.get("end"), at + ".end", problems),
                        chain));
            } catch (RuntimeException e) {
                problems.add(at + ": " + e.getMessage());
            }
        }
        EscalationPolicy policy = EscalationPolicy.standard();
        if (m.get("escalation") instanceof Map<?, ?> em) {
            List<EscalationLevel> levels = new ArrayList<>();
            int n = 1;
            for (Object l : list(em.get("levels"), "escalation.levels", problems)) {
                String at = "escalation.levels[" + (n - 1) + "]";
                if (!(l instanceof Map<?, ?> lm)) {
                    problems.add(at + " must be a mapping with after and channels");
                    continue;
                }
                List<String> channels = new ArrayList<>();
                list(lm.get("channels"), at + ".channels", problems).forEach(x -> channels.add(String.valueOf(x)));
                try {
                    levels.add(new EscalationLevel(n++, duration(lm.get("after"), at + ".after", problems), channels));
                } catch (RuntimeException e) {
                    problems.add(at + ": " + e.getMessage());
                }
            }
            try {
                policy = new EscalationPolicy(levels,
                        em.get("repeat") == null ? Duration.ofMinutes(30) : duration(em.get("repeat"), "escalation.repeat", problems),
                        em.get("max-repeats") instanceof Integer r ? r : 0);
            } catch (RuntimeException e) {
                problems.add("escalation: " + e.getMessage());
            }
        } else if (m.get("escalation") != null) {
            problems.add("escalation must be a mapping with levels, repeat, max-repeats");
        }
        QuietHours quiet = null;
        if (m.get("quiet-hours") instanceof Map<?, ?> qm) {
            List<String> channels = new ArrayList<>();
            list(qm.get("channels"), "quiet-hours.channels", problems).forEach(x -> channels.add(String.valueOf(x)));
            try {
                quiet = new QuietHours(time(qm.get("start"), "quiet-hours.start", problems),
                        time(qm.get("end"), "quiet-hours.end", problems),
                        Severity.valueOf(String.valueOf(qm.get("minimum") == null ? "high" : qm.get("minimum"))
                                .toUpperCase(Locale.ROOT)), channels);
            } catch (RuntimeException e) {
                problems.add("quiet-hours: " + e.getMessage());
            }
        }
        if (!problems.isEmpty()) {
            throw invalid(problems);
        }
        TenantOnCall.Builder b = TenantOnCall.builder(tenant, Roster.of(zone, shifts))
                .contacts(contacts.toArray(Contact[]::new)).defaultPolicy(policy);
        if (quiet != null) {
            b.quietHours(quiet);
        }
        return b.build();
    }

    private static List<?> list(@Nullable Object v, String at, List<String> problems) {
        if (v == null) {
            return List.of();
        }
        if (v instanceof List<?> l) {
            return l;
        }
        problems.add(at + " must be a list");
        return List.of();
    }

    private static String text(Map<?, ?> m, String key, String at, List<String> problems) {
        Object v = m.get(key);
        if (v == null || String.valueOf(v).isBlank()) {
            problems.add(at + "." + key + " is required");
            return "?";
        }
        return String.valueOf(v);
    }

    private static Set<DayOfWeek> days(@Nullable Object v, String at, List<String> problems) {
        if (v == null || "every-day".equals(v)) {
            return Shift.EVERY_DAY;
        }
        if ("workdays".equals(v)) {
            return Shift.WORKDAYS;
        }
        if ("weekend".equals(v)) {
            return Shift.WEEKEND;
        }
        Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
        for (Object d : list(v, at + ".days", problems)) {
            String s = String.valueOf(d).toUpperCase(Locale.ROOT);
            DayOfWeek match = null;
            for (DayOfWeek w : DayOfWeek.values()) {
                if (w.name().startsWith(s) && s.length() >= 2) {
                    match = w;
                }
            }
            if (match == null) {
                problems.add(at + ".days: '" + d + "' is not a day (MON … SUN)");
            } else {
                days.add(match);
            }
        }
        return days.isEmpty() ? Shift.EVERY_DAY : days;
    }

    private static LocalTime time(@Nullable Object v, String at, List<String> problems) {
        try {
            return LocalTime.parse(String.valueOf(v));
        } catch (DateTimeParseException e) {
            problems.add(at + " must be a time such as \"08:00\", was '" + v + "'");
            return LocalTime.MIDNIGHT;
        }
    }

    private static Duration duration(@Nullable Object v, String at, List<String> problems) {
        String s = String.valueOf(v).strip().toLowerCase(Locale.ROOT);
        try {
            long n = Long.parseLong(s.substring(0, s.length() - 1));
            return switch (s.charAt(s.length() - 1)) {
                case 's' -> Duration.ofSeconds(n);
                case 'm' -> Duration.ofMinutes(n);
                case 'h' -> Duration.ofHours(n);
                default -> throw new NumberFormatException();
            };
        } catch (RuntimeException e) {
            problems.add(at + " must be a duration such as 30s, 10m or 2h, was '" + v + "'");
            return Duration.ZERO;
        }
    }

    private static MedsocException invalid(List<String> problems) {
        return new MedsocException(OnCallErrorCode.INVALID_SETUP,
                "on-call setup is invalid (" + problems.size() + " problem(s)): " + String.join("; ", problems));
    }
}
