package org.medsoc.oncall;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.medsoc.notify.Severity;

/**
 * Turns a page and a tenant's setup into the page's escalation schedule, fixed when the page opens.
 *
 * <p>Levels follow each other by their delays (scaled by the protection factor). A notification falling in quiet
 * hours is, for a severity below the quiet-hours minimum, moved to the end of the window (and the following levels
 * shift with it); for a severity at or above it, sent at once on the quiet-hours channels. Levels naming a chain
 * position nobody holds are skipped without adding their delay.
 */
final class Planner {
    private Planner() {}

    record Planned(int level, int round, Contact contact, ContactChannel channel, Instant due,
            Optional<Instant> heldUntil) {}

    record Plan(List<Planned> notifications, Instant exhaustAt, Optional<ProtectionWindow> protection) {}

    private record Slot(Instant due, Optional<Instant> heldUntil, boolean quiet) {}

    static Plan plan(Severity severity, TenantOnCall setup, List<Contact> chain, Instant now) {
        EscalationPolicy policy = setup.policy(severity);
        Optional<ProtectionWindow> protection = setup.protectionAt(now);
        double factor = protection.map(ProtectionWindow::delayFactor).orElse(1.0);
        @Nullable QuietHours quiet = protection.isPresent() ? null : setup.quietHours().orElse(null);
        ZoneId zone = setup.roster().zone();

        List<Planned> out = new ArrayList<>();
        Instant t = now;
        int lastLevel = 0;
        @Nullable EscalationLevel last = null;
        @Nullable Contact lastContact = null;
        for (int i = 0; i < policy.levels().size(); i++) {
            EscalationLevel level = policy.levels().get(i);
            if (level.position() > chain.size()) {
                continue;
            }
            Contact contact = chain.get(level.position() - 1);
            Slot slot = place(t.plus(scale(level.after(), factor)), severity, quiet, zone);
            t = slot.due();
            add(out, i + 1, 0, contact, level, slot, quiet);
            lastLevel = i + 1;
            last = level;
            lastContact = contact;
        }
        if (last != null && lastContact != null) {
            for (int r = 1; r <= policy.maxRepeats(); r++) {
                Slot slot = place(t.plus(scale(policy.repeatInterval(), factor)), severity, quiet, zone);
                t = slot.due();
                add(out, lastLevel, r, lastContact, last, slot, quiet);
            }
        }
        Instant exhaustAt = out.isEmpty() ? now : t.plus(scale(policy.repeatInterval(), factor));
        return new Plan(List.copyOf(out), exhaustAt, protection);
    }

    private static Slot place(Instant t, Severity severity, @Nullable QuietHours quiet, ZoneId zone) {
        if (quiet == null || !quiet.contains(t, zone)) {
            return new Slot(t, Optional.empty(), false);
        }
        if (quiet.pagesThrough(severity)) {
            return new Slot(t, Optional.empty(), true);
        }
        Instant end = quiet.endAfter(t, zone);
        return new Slot(end, Optional.of(end), false);
    }

    private static void add(List<Planned> out, int level, int round, Contact contact, EscalationLevel spec,
            Slot slot, @Nullable QuietHours quiet) {
        for (ContactChannel channel : channels(contact, spec, slot.quiet() && quiet != null ? quiet : null)) {
            out.add(new Planned(level, round, contact, channel, slot.due(), slot.heldUntil()));
        }
    }

    /** The level's channels the contact has; all the contact's if none; during quiet hours the quiet ones first. */
    static List<ContactChannel> channels(Contact contact, EscalationLevel level, @Nullable QuietHours quiet) {
        if (quiet != null) {
            List<ContactChannel> q = pick(contact, quiet.channels());
            if (!q.isEmpty()) {
                return q;
            }
        }
        if (level.channels().isEmpty()) {
            return contact.channels();
        }
        List<ContactChannel> picked = pick(contact, level.channels());
        return picked.isEmpty() ? contact.channels() : picked;
    }

    private static List<ContactChannel> pick(Contact contact, List<String> names) {
        List<ContactChannel> out = new ArrayList<>();
        for (String name : names) {
            contact.channel(name).ifPresent(out::add);
        }
        return out;
    }

    static Duration scale(Duration d, double factor) {
        return factor == 1.0 ? d : Duration.ofMillis(Math.round(d.toMillis() * factor));
    }
}
