package org.medsoc.audit;

import static java.util.Objects.requireNonNull;

import java.util.Optional;
import org.medsoc.spi.error.MedsocException;
import org.medsoc.spi.event.TenantId;

/**
 * One audited action, as the caller reports it (the time is the log's, not the caller's).
 *
 * @param actor who
 * @param tenant the tenant acted on; empty for global actions (tenant administration, login)
 * @param action dotted lowercase name, e.g. {@code incident.transition}, {@code search.events}, {@code
 *     user.login.failed}
 * @param targetType kind of thing acted on, e.g. {@code incident}
 * @param targetId id of the thing acted on
 * @param outcome how it ended
 * @param clientAddress the caller's network address
 * @param details a small JSON object or array (at most {@value #MAX_DETAILS} characters) with specifics
 */
public record AuditEntry(
        Actor actor,
        Optional<TenantId> tenant,
        String action,
        Optional<String> targetType,
        Optional<String> targetId,
        Outcome outcome,
        Optional<String> clientAddress,
        Optional<String> details) {
    /** Longest {@link #details()} accepted. */
    public static final int MAX_DETAILS = 4000;

    /** Checks the parts. */
    public AuditEntry {
        requireNonNull(actor, "actor is null");
        requireNonNull(tenant, "tenant is null");
        requireNonNull(action, "action is null");
        requireNonNull(targetType, "targetType is null");
        requireNonNull(targetId, "targetId is null");
        requireNonNull(outcome, "outcome is null");
        requireNonNull(clientAddress, "clientAddress is null");
        requireNonNull(details, "details is null");
        if (action.isEmpty() || action.length() > 100 || !action.matches("[a-z0-9_]+(\\.[a-z0-9_]+)*")) {
            throw invalid("audit action must be dotted lowercase words, at most 100 characters: '" + action + "'");
        }
        if (targetType.map(t -> t.isEmpty() || t.length() > 64).orElse(false)
                || targetId.map(t -> t.isEmpty() || t.length() > 200).orElse(false)) {
            throw invalid("audit target type must be 1 to 64 and target id 1 to 200 characters");
        }
        if (clientAddress.map(a -> a.length() > 100).orElse(false)) {
            throw invalid("client address must be at most 100 characters");
        }
        if (details.isPresent()) {
            String d = details.get().strip();
            if (d.length() > MAX_DETAILS) {
                throw invalid("audit details must be at most " + MAX_DETAILS + " characters, were " + d.length()
                        + "; record identifiers, not content");
            }
            boolean json = (d.startsWith("{") && d.endsWith("}")) || (d.startsWith("[") && d.endsWith("]"));
            if (!json) {
                throw invalid("audit details must be a JSON object or array");
            }
        }
    }

    /** An entry without target, client address or details; add them with the {@code with…} methods. */
    public static AuditEntry of(Actor actor, Optional<TenantId> tenant, String action, Outcome outcome) {
        return new AuditEntry(actor, tenant, action, Optional.empty(), Optional.empty(), outcome, Optional.empty(),
                Optional.empty());
    }

    /** This entry with a target. */
    public AuditEntry withTarget(String type, String id) {
        return new AuditEntry(actor, tenant, action, Optional.of(type), Optional.of(id), outcome, clientAddress,
                details);
    }

    /** This entry with a client address. */
    public AuditEntry withClientAddress(String address) {
        return new AuditEntry(actor, tenant, action, targetType, targetId, outcome, Optional.of(address), details);
    }

    /** This entry with JSON details. */
    public AuditEntry withDetails(String json) {
        return new AuditEntry(actor, tenant, action, targetType, targetId, outcome, clientAddress, Optional.of(json));
    }

    private static MedsocException invalid(String message) {
        return new MedsocException(AuditErrorCode.INVALID_ENTRY, message);
    }
}
