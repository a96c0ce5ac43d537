package org.medsoc.oncall;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.medsoc.notify.Severity;
import org.medsoc.spi.event.TenantId;

/**
 * The complete on-call setup of one tenant: contacts, roster, escalation policies by severity, quiet hours and
 * special-protection windows. A value; register it with {@link OnCallDirectory#register}.
 *
 * @param tenant the tenant
 * @param contacts the people who can be paged
 * @param roster who is on duty when
 * @param defaultPolicy the policy of severities without their own
 * @param policies policies for particular severities
 * @param quietHours the nightly quiet window, if any
 * @param protections special-protection windows
 */
public record TenantOnCall(
        TenantId tenant,
        List<Contact> contacts,
        Roster roster,
        EscalationPolicy defaultPolicy,
        Map<Severity, EscalationPolicy> policies,
        Optional<QuietHours> quietHours,
        List<ProtectionWindow> protections) {

    /** Validates and copies the values. */
    public TenantOnCall {
        requireNonNull(tenant, "tenant is null");
        contacts = List.copyOf(requireNonNull(contacts, "contacts is null"));
        requireNonNull(roster, "roster is null");
        requireNonNull(defaultPolicy, "defaultPolicy is null");
        policies = Map.copyOf(requireNonNull(policies, "policies is null"));
        requireNonNull(quietHours, "quietHours is null");
        protections = List.copyOf(requireNonNull(protections, "protections is null"));
    }

    /** A builder for a tenant and its roster; the default policy is {@link EscalationPolicy#standard()}. */
    public static Builder builder(TenantId tenant, Roster roster) {
        return new Builder(tenant, roster);
    }

    /** The policy for a severity. */
    public EscalationPolicy policy(Severity severity) {
        return policies.getOrDefault(severity, defaultPolicy);
    }

    /** The contact with an id, if any. */
    public Optional<Contact> contact(String id) {
        for (Contact c : contacts) {
            if (c.id().equals(id)) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }

    /** The protection window containing an instant, if any (the one with the smallest factor if several). */
    public Optional<ProtectionWindow> protectionAt(Instant instant) {
        @Nullable ProtectionWindow best = null;
        for (ProtectionWindow w : protections) {
            if (w.contains(instant) && (best == null || w.delayFactor() < best.delayFactor())) {
                best = w;
            }
        }
        return Optional.ofNullable(best);
    }

    /** This setup with one more protection window. */
    public TenantOnCall withProtection(ProtectionWindow window) {
        List<ProtectionWindow> all = new ArrayList<>(protections);
        all.add(requireNonNull(window, "window is null"));
        return new TenantOnCall(tenant, contacts, roster, defaultPolicy, policies, quietHours, all);
    }

    /** Builds a {@link TenantOnCall}. */
    public static final class Builder {
        private final TenantId tenant;
        private final Roster roster;
        private final List<Contact> contacts = new ArrayList<>();
        private EscalationPolicy defaultPolicy = EscalationPolicy.standard();
        private final Map<Severity, EscalationPolicy> policies = new EnumMap<>(Severity.class);
        private @Nullable QuietHours quietHours;
        private final List<ProtectionWindow> protections = new ArrayList<>();

        private Builder(TenantId tenant, Roster roster) {
            this.tenant = requireNonNull(tenant, "tenant is null");
            this.roster = requireNonNull(roster, "roster is null");
        }

        /** Adds contacts. */
        public Builder contacts(Contact... more) {
            contacts.addAll(List.of(more));
            return this;
        }

        /** The policy of severities without their own. */
        public Builder defaultPolicy(EscalationPolicy policy) {
            this.defaultPolicy = requireNonNull(policy, "policy is null");
            return this;
        }

        /** The policy of one severity. */
        public Builder policy(Severity severity, EscalationPolicy policy) {
            policies.put(requireNonNull(severity, "severity is null"), requireNonNull(policy, "policy is null"));
            return this;
        }

        /** The quiet hours. */
        public Builder quietHours(QuietHours quiet) {
            this.quietHours = requireNonNull(quiet, "quiet is null");
            return this;
        }

        /** Adds a special-protection window. */
        public Builder protection(ProtectionWindow window) {
            protections.add(requireNonNull(window, "window is null"));
            return this;
        }

        /** The setup (not yet checked; {@link OnCallDirectory#register} checks it). */
        public TenantOnCall build() {
            return new TenantOnCall(tenant, contacts, roster, defaultPolicy, policies, Optional.ofNullable(quietHours),
                    protections);
        }
    }
}
