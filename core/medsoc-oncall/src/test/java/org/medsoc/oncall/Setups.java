package org.medsoc.oncall;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;
import org.medsoc.notify.Language;
import org.medsoc.spi.event.TenantId;

/** A hospital's on-call setup in Asia/Shanghai: Li (day primary), Zhang (night primary), Wang (manager). */
final class Setups {
    static final TenantId A = TenantId.of("hospital-a");
    static final TenantId B = TenantId.of("hospital-b");
    static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    static final Set<String> CHANNELS = Set.of("ding", "wecom", "sms");

    static final Contact LI = new Contact(A, "li.wei", "李伟",
            List.of(new ContactChannel("ding", "13800000001"), new ContactChannel("sms", "13800000001")),
            Language.ZH);
    static final Contact ZHANG = new Contact(A, "zhang.min", "张敏",
            List.of(new ContactChannel("wecom", "zhang.min"), new ContactChannel("sms", "13800000002")),
            Language.ZH);
    static final Contact WANG = new Contact(A, "wang.fang", "Wang Fang",
            List.of(new ContactChannel("sms", "13800000003"), new ContactChannel("ding", "13800000003")),
            Language.EN);

    static final LocalTime DAY_START = LocalTime.of(8, 30);
    static final LocalTime DAY_END = LocalTime.of(17, 30);

    private Setups() {}

    static Roster roster() {
        return Roster.of(SHANGHAI, List.of(
                new Shift("workday day", Shift.WORKDAYS, false, DAY_START, DAY_END,
                        List.of("li.wei", "zhang.min", "wang.fang")),
                new Shift("weekend day", Shift.WEEKEND, true, DAY_START, DAY_END,
                        List.of("zhang.min", "li.wei", "wang.fang")),
                new Shift("night", Shift.EVERY_DAY, true, DAY_END, DAY_START,
                        List.of("zhang.min", "li.wei", "wang.fang"))));
    }

    /** Primary at once on DingTalk/WeCom, secondary after 10 min, manager by SMS after 15 more, one repeat. */
    static EscalationPolicy policy() {
        return new EscalationPolicy(List.of(
                        EscalationLevel.of(1, Duration.ZERO, "ding", "wecom"),
                        EscalationLevel.of(2, Duration.ofMinutes(10), "wecom", "ding"),
                        EscalationLevel.of(3, Duration.ofMinutes(15), "sms")),
                Duration.ofMinutes(15), 1);
    }

    static TenantOnCall.Builder tenant() {
        return TenantOnCall.builder(A, roster()).contacts(LI, ZHANG, WANG).defaultPolicy(policy());
    }

    /** A local Shanghai time as an instant. */
    static Instant shanghai(String localDateTime) {
        return LocalDateTime.parse(localDateTime).atZone(SHANGHAI).toInstant();
    }
}
