package org.medsoc.incident;

import static java.util.Objects.requireNonNull;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.medsoc.database.Database;
import org.medsoc.database.DatabaseErrorCode;
import org.medsoc.spi.error.MedsocException;
import org.medsoc.spi.event.TenantId;
import org.medsoc.database.Sql;

/**
 * Creates, changes and lists suppression entries (tuning): known false positives that should not reach the
 * incident queue. Obtain it from {@link IncidentService#suppressions()}. Expired entries stay listed (with their
 * counts) but no longer apply.
 */
public final class SuppressionService {
    /** The longest an entry may live: after this it must be renewed, so forgotten suppressions die. */
    public static final Duration MAX_LIFETIME = Duration.ofDays(180);

    private static final int MAX_CONDITIONS = 20;

    private final Database db;
    private final Clock clock;

    SuppressionService(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    /** Creates an entry; {@link IncidentErrorCode#INVALID_SUPPRESSION} names what is wrong with the draft. */
    public SuppressionRule create(TenantId tenant, Actor author, SuppressionDraft draft) {
        requireNonNull(tenant, "tenant is null");
        requireNonNull(author, "author is null");
        Instant now = Sql.millis(clock.instant());
        validate(draft, now);
        return transaction("suppression entry", h -> {
            long id = h.createUpdate("INSERT INTO incident_suppression (tenant_id, rule_id, expires_at, reason,"
                            + " author_id, author_name, created_at, updated_at, hit_count, last_hit_at, version)"
                            + " VALUES (:t, :rule, :exp, :reason, :aid, :aname, :now, :now, 0, NULL, 0)")
                    .bind("t", tenant.value()).bind("rule", draft.ruleId()).bind("exp", Sql.at(draft.expiresAt()))
                    .bind("reason", draft.reason().strip()).bind("aid", author.id()).bind("aname", author.name())
                    .bind("now", Sql.at(now))
                    .executeAndReturnGeneratedKeys("id").mapTo(Long.class).one();
            insertConditions(h, tenant, id, draft.conditions());
            return load(h, tenant, id).orElseThrow();
        });
    }

    /**
     * Replaces the rule id, conditions, expiry and reason of an entry (counts stay); {@code expectedVersion} is the
     * version the user saw.
     */
    public SuppressionRule replace(TenantId tenant, long id, long expectedVersion, Actor actor,
            SuppressionDraft draft) {
        requireNonNull(tenant, "tenant is null");
        requireNonNull(actor, "actor is null");
        Instant now = Sql.millis(clock.instant());
        validate(draft, now);
        return transaction("suppression entry " + id, h -> {
            SuppressionRule current = load(h, tenant, id).orElseThrow(() -> notFound(id));
            int n = h.createUpdate("UPDATE incident_suppression SET rule_id = :rule, expires_at = :exp,"
                            + " reason = :reason, updated_at = :now, version = version + 1"
                            + " WHERE tenant_id = :t AND id = :id AND version = :v")
                    .bind("rule", draft.ruleId()).bind("exp", Sql.at(draft.expiresAt()))
                    .bind("reason", draft.reason().strip()).bind("now", Sql.at(now))
                    .bind("t", tenant.value()).bind("id", id).bind("v", expectedVersion).execute();
            if (n == 0) {
                throw new MedsocException(DatabaseErrorCode.CONCURRENT_MODIFICATION, "suppression entry " + id
                        + " was changed by someone else (now version " + current.version() + ", you sent "
                        + expectedVersion + "); reload it and try again");
            }
            h.createUpdate("DELETE FROM incident_suppression_condition WHERE tenant_id = :t AND suppression_id = :id")
                    .bind("t", tenant.value()).bind("id", id).execute();
            insertConditions(h, tenant, id, draft.conditions());
            return load(h, tenant, id).orElseThrow();
        });
    }

    /** Deletes an entry; {@link IncidentErrorCode#SUPPRESSION_NOT_FOUND} if the tenant has none with that id. */
    public void delete(TenantId tenant, long id, Actor actor) {
        requireNonNull(tenant, "tenant is null");
        requireNonNull(actor, "actor is null");
        transaction("suppression entry " + id, h -> {
            int n = h.createUpdate("DELETE FROM incident_suppression WHERE tenant_id = :t AND id = :id")
                    .bind("t", tenant.value()).bind("id", id).execute();
            if (n == 0) {
                throw notFound(id);
            }
            return n;
        });
    }

    /** The entry with this id in the tenant. */
    public Optional<SuppressionRule> find(TenantId tenant, long id) {
        requireNonNull(tenant, "tenant is null");
        return transaction("suppression entry " + id, h -> load(h, tenant, id));
    }

    /** The tenant's entries, newest first; expired ones only if asked for. */
    public List<SuppressionRule> list(TenantId tenant, boolean includeExpired) {
        requireNonNull(tenant, "tenant is null");
        Instant now = clock.instant();
        return transaction("suppression entries", h -> {
            List<SuppressionRule> all = loadWhere(h, tenant, includeExpired ? "" : " AND expires_at > :now", now);
            return all.reversed();
        });
    }

    /** The entries that apply at {@code now}, oldest first. */
    List<SuppressionRule> active(Handle h, TenantId tenant, Instant now) {
        return loadWhere(h, tenant, " AND expires_at > :now", now);
    }

    /** Adds hits: entry id → {count, last hit epoch millis}. */
    void recordHits(Handle h, TenantId tenant, Map<Long, long[]> hits) {
        for (Map.Entry<Long, long[]> e : hits.entrySet()) {
            h.createUpdate("UPDATE incident_suppression SET hit_count = hit_count + :n,"
                            + " last_hit_at = CASE WHEN last_hit_at IS NULL OR last_hit_at < :at THEN :at"
                            + " ELSE last_hit_at END WHERE tenant_id = :t AND id = :id")
                    .bind("n", e.getValue()[0]).bind("at", Sql.at(Instant.ofEpochMilli(e.getValue()[1])))
                    .bind("t", tenant.value()).bind("id", e.getKey()).execute();
        }
    }

    private void validate(SuppressionDraft d, Instant now) {
        String rule = d.ruleId().strip();
        if (rule.isEmpty() || rule.length() > 200) {
            throw invalid("rule id must be '*' or a rule id of 1 to 200 characters, was '" + d.ruleId() + "'");
        }
        if (rule.equals("*") && d.conditions().isEmpty()) {
            throw invalid("an entry for every rule ('*') needs at least one condition; it would hide all alerts");
        }
        if (d.conditions().size() > MAX_CONDITIONS) {
            throw invalid("an entry may have at most " + MAX_CONDITIONS + " conditions, has " + d.conditions().size());
        }
        if (d.reason().isBlank() || d.reason().length() > 2000) {
            throw invalid("a reason of 1 to 2000 characters is required: say why these alerts are not incidents");
        }
        if (!d.expiresAt().isAfter(now)) {
            throw invalid("expiry " + d.expiresAt() + " is not in the future (now " + now + ")");
        }
        if (d.expiresAt().isAfter(now.plus(MAX_LIFETIME))) {
            throw invalid("expiry " + d.expiresAt() + " is more than " + MAX_LIFETIME.toDays()
                    + " days ahead; the latest allowed is " + now.plus(MAX_LIFETIME));
        }
    }

    private static void insertConditions(Handle h, TenantId tenant, long id, List<SuppressionCondition> conditions) {
        int seq = 0;
        for (SuppressionCondition c : conditions) {
            String op;
            String vals;
            switch (c) {
                case SuppressionCondition.Equals e -> {
                    op = "equals";
                    vals = e.value();
                }
                case SuppressionCondition.In in -> {
                    op = "in";
                    vals = String.join("\n", in.values());
                }
                case SuppressionCondition.Cidr cidr -> {
                    op = "cidr";
                    vals = cidr.cidr().strip();
                }
            }
            if (vals.length() > 8000) {
                throw invalid("the values of condition " + (seq + 1) + " are longer than 8000 characters in all");
            }
            h.createUpdate("INSERT INTO incident_suppression_condition (tenant_id, suppression_id, seq, field, op, vals)"
                            + " VALUES (:t, :id, :seq, :field, :op, :vals)")
                    .bind("t", tenant.value()).bind("id", id).bind("seq", seq++).bind("field", c.field().name())
                    .bind("op", op).bind("vals", vals).execute();
        }
    }

    private static Optional<SuppressionRule> load(Handle h, TenantId tenant, long id) {
        List<SuppressionRule> r = loadWhereId(h, tenant, id);
        return r.isEmpty() ? Optional.empty() : Optional.of(r.get(0));
    }

    private static List<SuppressionRule> loadWhereId(Handle h, TenantId tenant, long id) {
        List<Row> rows = h.createQuery("SELECT * FROM incident_suppression WHERE tenant_id = :t AND id = :id")
                .bind("t", tenant.value()).bind("id", id).map((rs, ctx) -> row(rs)).list();
        return withConditions(h, tenant, rows);
    }

    private static List<SuppressionRule> loadWhere(Handle h, TenantId tenant, String extra, Instant now) {
        List<Row> rows = h.createQuery("SELECT * FROM incident_suppression WHERE tenant_id = :t" + extra
                        + " ORDER BY id")
                .bind("t", tenant.value()).bind("now", Sql.at(now)).map((rs, ctx) -> row(rs)).list();
        return withConditions(h, tenant, rows);
    }

    private record Row(TenantId tenant, long id, String ruleId, Instant expiresAt, String reason, Actor author,
            Instant createdAt, Instant updatedAt, long hitCount, Optional<Instant> lastHitAt, long version) {}

    private static Row row(ResultSet rs) throws SQLException {
        return new Row(TenantId.of(rs.getString("tenant_id")), rs.getLong("id"), rs.getString("rule_id"),
                Sql.instant(rs, "expires_at"), rs.getString("reason"),
                new Actor(rs.getString("author_id"), rs.getString("author_name")), Sql.instant(rs, "created_at"),
                Sql.instant(rs, "updated_at"), rs.getLong("hit_count"), Sql.optionalInstant(rs, "last_hit_at"),
                rs.getLong("version"));
    }

    private static List<SuppressionRule> withConditions(Handle h, TenantId tenant, List<Row> rows) {
        if (rows.isEmpty()) {
            return List.of();
        }
        Map<Long, List<SuppressionCondition>> conditions = new HashMap<>();
        h.createQuery("SELECT suppression_id, field, op, vals FROM incident_suppression_condition"
                        + " WHERE tenant_id = :t AND suppression_id IN (<ids>) ORDER BY suppression_id, seq")
                .bind("t", tenant.value()).bindList("ids", rows.stream().map(Row::id).toList())
                .map((rs, ctx) -> {
                    EntityField field = EntityField.valueOf(rs.getString("field"));
                    String vals = rs.getString("vals");
                    SuppressionCondition c = switch (rs.getString("op")) {
                        case "equals" -> new SuppressionCondition.Equals(field, vals);
                        case "in" -> new SuppressionCondition.In(field, List.of(vals.split("\n", -1)));
                        case "cidr" -> new SuppressionCondition.Cidr(field, vals);
                        default -> throw new SQLException("unknown suppression operator " + rs.getString("op"));
                    };
                    conditions.computeIfAbsent(rs.getLong("suppression_id"), k -> new ArrayList<>()).add(c);
                    return c;
                }).list();
        Map<Long, SuppressionRule> out = new LinkedHashMap<>();
        for (Row r : rows) {
            out.put(r.id(), new SuppressionRule(r.tenant(), r.id(), r.ruleId(), conditions.getOrDefault(r.id(),
                    List.of()), r.expiresAt(), r.reason(), r.author(), r.createdAt(), r.updatedAt(), r.hitCount(),
                    r.lastHitAt(), r.version()));
        }
        return List.copyOf(out.values());
    }

    private <T> T transaction(String what, org.jdbi.v3.core.HandleCallback<T, RuntimeException> work) {
        try {
            return db.jdbi().inTransaction(work);
        } catch (RuntimeException e) {
            throw Database.translate(e, what);
        }
    }

    private static MedsocException notFound(long id) {
        return new MedsocException(IncidentErrorCode.SUPPRESSION_NOT_FOUND, "suppression entry " + id
                + " does not exist in this tenant");
    }

    private static MedsocException invalid(String message) {
        return new MedsocException(IncidentErrorCode.INVALID_SUPPRESSION, message);
    }
}
