package org.medsoc.oncall;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.medsoc.notify.Severity;
import org.medsoc.spi.error.MedsocException;
import org.medsoc.spi.event.TenantId;

/**
 * The registered on-call setups, one per tenant, checked against the notifier's channel names. Thread-safe;
 * registering again replaces a tenant's setup (pages already open keep the schedule they were given).
 */
public final class OnCallDirectory {
    private final Set<String> channelNames;
    private final Map<TenantId, TenantOnCall> setups = new ConcurrentHashMap<>();

    private OnCallDirectory(Set<String> channelNames) {
        this.channelNames = Set.copyOf(channelNames);
    }

    /** A directory accepting contacts on the given notifier channels (usually {@code notifier.channelNames()}). */
    public static OnCallDirectory create(Set<String> channelNames) {
        return new OnCallDirectory(requireNonNull(channelNames, "channelNames is null"));
    }

    /**
     * Every problem of a setup: errors (duplicate or foreign contacts, contacts without channels, unknown channels,
     * unknown contacts in the roster, overlapping shifts, policy levels naming unknown channels) and warnings (times
     * nobody is on duty, levels beyond every chain).
     */
    public List<SetupProblem> check(TenantOnCall setup) {
        requireNonNull(setup, "setup is null");
        List<SetupProblem> out = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (Contact c : setup.contacts()) {
            String where = "contacts[" + c.id() + "]";
            if (!ids.add(c.id())) {
                out.add(error(where, "is defined twice; contact ids must be unique within a tenant"));
            }
            if (!c.tenant().equals(setup.tenant())) {
                out.add(error(where, "belongs to tenant " + c.tenant() + ", not " + setup.tenant()));
            }
            if (c.channels().isEmpty()) {
                out.add(error(where, "has no channel; add at least one (for example sms or dingtalk)"));
            }
            for (int i = 0; i < c.channels().size(); i++) {
                ContactChannel ch = c.channels().get(i);
                if (!channelNames.contains(ch.channel())) {
                    out.add(error(where + ".channels[" + i + "]", unknownChannel(ch.channel())));
                }
                if (ch.address().isBlank()) {
                    out.add(error(where + ".channels[" + i + "]", "has a blank address for channel '"
                            + ch.channel() + "'"));
                }
            }
        }
        out.addAll(setup.roster().problems(ids));
        int longestChain = setup.roster().fallbackChain().size();
        for (Shift s : setup.roster().shifts()) {
            longestChain = Math.max(longestChain, s.chain().size());
        }
        checkPolicy(out, "policies.default", setup.defaultPolicy(), longestChain);
        for (Severity severity : Severity.values()) {
            EscalationPolicy p = setup.policies().get(severity);
            if (p != null) {
                checkPolicy(out, "policies." + severity.name().toLowerCase(java.util.Locale.ROOT), p, longestChain);
            }
        }
        setup.quietHours().ifPresent(q -> {
            for (String ch : q.channels()) {
                if (!channelNames.contains(ch)) {
                    out.add(error("quietHours.channels", unknownChannel(ch)));
                }
            }
        });
        return out;
    }

    private void checkPolicy(List<SetupProblem> out, String where, EscalationPolicy policy, int longestChain) {
        for (int i = 0; i < policy.levels().size(); i++) {
            EscalationLevel level = policy.levels().get(i);
            String at = where + ".levels[" + (i + 1) + "]";
            for (String ch : level.channels()) {
                if (!channelNames.contains(ch)) {
                    out.add(error(at, unknownChannel(ch)));
                }
            }
            if (level.position() > longestChain) {
                out.add(new SetupProblem(SetupProblem.Level.WARNING, at, "notifies chain position "
                        + level.position() + " but no chain is that long; the level is skipped"));
            }
        }
    }

    private String unknownChannel(String name) {
        return "names unknown notifier channel '" + name + "'; configured: " + new TreeSet<>(channelNames)
                + "; add notify.channel." + name + ".type or fix the name";
    }

    /**
     * Registers (or replaces) a tenant's setup and answers its warnings.
     *
     * @throws MedsocException with {@link OnCallErrorCode#INVALID_SETUP} listing every error when there are any
     */
    public List<SetupProblem> register(TenantOnCall setup) {
        List<SetupProblem> problems = check(setup);
        List<SetupProblem> errors = problems.stream()
                .filter(p -> p.level() == SetupProblem.Level.ERROR)
                .toList();
        if (!errors.isEmpty()) {
            throw new MedsocException(OnCallErrorCode.INVALID_SETUP, "the on-call setup of tenant " + setup.tenant()
                    + " has " + errors.size() + " error(s): "
                    + errors.stream().map(SetupProblem::toString).collect(Collectors.joining("; ")));
        }
        setups.put(setup.tenant(), setup);
        return problems;
    }

    /** A tenant's setup, if registered. */
    public Optional<TenantOnCall> find(TenantId tenant) {
        return Optional.ofNullable(setups.get(requireNonNull(tenant, "tenant is null")));
    }

    /**
     * The escalation chain on duty for a tenant at an instant: contacts in order, primary first; empty if nobody.
     *
     * @throws MedsocException with {@link OnCallErrorCode#TENANT_NOT_CONFIGURED} if the tenant has no setup
     */
    public List<Contact> onDuty(TenantId tenant, Instant instant) {
        TenantOnCall setup = require(tenant);
        List<Contact> chain = new ArrayList<>();
        for (String id : setup.roster().onDuty(instant)) {
            setup.contact(id).ifPresent(chain::add);
        }
        return List.copyOf(chain);
    }

    /** Adds a special-protection window to a registered tenant. */
    public void startProtection(TenantId tenant, ProtectionWindow window) {
        requireNonNull(window, "window is null");
        setups.compute(require(tenant).tenant(), (t, old) -> requireNonNull(old).withProtection(window));
    }

    TenantOnCall require(TenantId tenant) {
        TenantOnCall setup = setups.get(requireNonNull(tenant, "tenant is null"));
        if (setup == null) {
            throw new MedsocException(OnCallErrorCode.TENANT_NOT_CONFIGURED, "tenant " + tenant
                    + " has no on-call setup; register contacts, a roster and policies first");
        }
        return setup;
    }

    private static SetupProblem error(String where, String message) {
        return new SetupProblem(SetupProblem.Level.ERROR, where, message);
    }
}
