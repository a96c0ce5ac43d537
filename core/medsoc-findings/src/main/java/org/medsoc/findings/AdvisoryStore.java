package org.medsoc.findings;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.medsoc.database.Database;
import org.medsoc.spi.error.MedsocException;
import org.medsoc.spi.event.TenantId;
import org.medsoc.vuln.Severity;
import org.medsoc.database.Sql;

/**
 * Advisories and the notices they raise. Advisories are shared reference data; {@link #publish} matches one against
 * an inventory spanning tenants and raises a notice for each tenant with at least one affected asset, none for the
 * others. Notices are read and acknowledged per tenant.
 */
public final class AdvisoryStore {
    private static final System.Logger LOG = System.getLogger(AdvisoryStore.class.getName());

    private final Database db;
    private final Clock clock;

    private AdvisoryStore(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    /** The store in this database; applies the module's schema migrations. */
    public static AdvisoryStore create(Database db, Clock clock) {
        requireNonNull(db, "db is null");
        requireNonNull(clock, "clock is null");
        db.migrate("findings");
        return new AdvisoryStore(db, clock);
    }

    /** Stores or replaces an advisory. */
    public void save(Advisory advisory) {
        requireNonNull(advisory, "advisory is null");
        Instant now = clock.instant();
        transaction("storing advisory " + advisory.id(), h -> {
            h.createUpdate("DELETE FROM findings_advisory WHERE id = :id").bind("id", advisory.id()).execute();
            h.createUpdate("INSERT INTO findings_advisory (id, cves, title, severity, published, stored_at)"
                            + " VALUES (:id, :cves, :title, :sev, :pub, :now)")
                    .bind("id", advisory.id()).bind("cves", Sql.cut(String.join(",", advisory.cves()), 4000))
                    .bind("title", advisory.title()).bind("sev", advisory.severity().name())
                    .bind("pub", Sql.at(advisory.published())).bind("now", Sql.at(now)).execute();
            if (!advisory.affected().isEmpty()) {
                PreparedBatch batch = h.prepareBatch("INSERT INTO findings_advisory_affected (advisory_id, seq, kind,"
                        + " cpe, vendor, product, start_including, start_excluding, end_including, end_excluding)"
                        + " VALUES (:id, :seq, :kind, :cpe, :vendor, :product, :si, :se, :ei, :ee)");
                int seq = 0;
                for (Affected a : advisory.affected()) {
                    batch.bind("id", advisory.id()).bind("seq", seq++);
                    switch (a) {
                        case AffectedCpe c -> batch.bind("kind", "CPE").bind("cpe", c.criteria().toString())
                                .bind("vendor", (String) null).bind("product", (String) null);
                        case AffectedProduct p -> batch.bind("kind", "PRODUCT").bind("cpe", (String) null)
                                .bind("vendor", p.vendor()).bind("product", p.product());
                    }
                    VersionRange r = a.range();
                    batch.bind("si", r.startIncluding().orElse(null)).bind("se", r.startExcluding().orElse(null))
                            .bind("ei", r.endIncluding().orElse(null)).bind("ee", r.endExcluding().orElse(null))
                            .add();
                }
                batch.execute();
            }
            return null;
        });
    }

    /** The advisory with this id. */
    public Optional<Advisory> find(String id) {
        requireNonNull(id, "id is null");
        return transaction("reading advisory " + id, h -> load(h, id));
    }

    private static Optional<Advisory> load(Handle h, String id) {
        List<Affected> affected = h.createQuery("SELECT * FROM findings_advisory_affected WHERE advisory_id = :id"
                        + " ORDER BY seq")
                .bind("id", id)
                .map((rs, ctx) -> {
                    VersionRange r = new VersionRange(Sql.optionalString(rs, "start_including"),
                            Sql.optionalString(rs, "start_excluding"), Sql.optionalString(rs, "end_including"),
                            Sql.optionalString(rs, "end_excluding"));
                    return "CPE".equals(rs.getString("kind"))
                            ? (Affected) new AffectedCpe(Cpe.parse(rs.getString("cpe")), r)
                            : new AffectedProduct(rs.getString("vendor"), rs.getString("product"), r);
                })
                .list();
        return h.createQuery("SELECT * FROM findings_advisory WHERE id = :id").bind("id", id)
                .map((rs, ctx) -> {
                    String cves = rs.getString("cves");
                    return new Advisory(rs.getString("id"), cves.isEmpty() ? List.of() : List.of(cves.split(",")),
                            rs.getString("title"), Severity.valueOf(rs.getString("severity")),
                            Sql.instant(rs, "published"), affected);
                })
                .findOne();
    }

    /**
     * Stores the advisory, matches it against the inventory (items of any tenants) and raises or updates one notice
     * per tenant with affected assets; answers the notices raised or updated. A tenant without affected assets
     * gets no notice. Publishing again adds newly affected assets to an existing notice and keeps its state.
     */
    public List<AdvisoryNotice> publish(Advisory advisory, List<InventoryItem> inventory) {
        requireNonNull(advisory, "advisory is null");
        requireNonNull(inventory, "inventory is null");
        save(advisory);
        AdvisoryMatches matches = AdvisoryMatcher.match(advisory, inventory);
        Instant now = clock.instant();
        return transaction("raising notices of advisory " + advisory.id(), h -> {
            List<AdvisoryNotice> notices = new ArrayList<>();
            for (Map.Entry<TenantId, List<AssetMatch>> e : matches.byTenant().entrySet()) {
                TenantId tenant = e.getKey();
                Optional<Long> existing = h.createQuery("SELECT id FROM findings_notice WHERE tenant_id = :t"
                                + " AND advisory_id = :a")
                        .bind("t", tenant.value()).bind("a", advisory.id()).mapTo(Long.class).findOne();
                long id = existing.isPresent() ? existing.get() : h.createUpdate("INSERT INTO findings_notice"
                                + " (tenant_id, advisory_id, state, created_at) VALUES (:t, :a, 'NEW', :now)")
                        .bind("t", tenant.value()).bind("a", advisory.id()).bind("now", Sql.at(now))
                        .executeAndReturnGeneratedKeys("id").mapTo(Long.class).one();
                Map<String, Boolean> known = new HashMap<>();
                h.createQuery("SELECT asset_id FROM findings_notice_asset WHERE tenant_id = :t AND notice_id = :n")
                        .bind("t", tenant.value()).bind("n", id).mapTo(String.class)
                        .forEach(a -> known.put(a, Boolean.TRUE));
                PreparedBatch batch = h.prepareBatch("INSERT INTO findings_notice_asset (tenant_id, notice_id,"
                        + " asset_id, asset_name, matched, version, reason) VALUES (:t, :n, :asset, :name, :matched,"
                        + " :version, :reason)");
                int added = 0;
                for (AssetMatch m : e.getValue()) {
                    if (known.putIfAbsent(m.assetId(), Boolean.TRUE) != null) {
                        continue;
                    }
                    batch.bind("t", tenant.value()).bind("n", id).bind("asset", Sql.cut(m.assetId(), 200))
                            .bind("name", Sql.cut(m.assetName(), 300)).bind("matched", Sql.cut(m.matched(), 1000))
                            .bind("version", Sql.cut(m.version(), 100)).bind("reason", Sql.cut(m.reason(), 2000))
                            .add();
                    added++;
                }
                if (added > 0) {
                    batch.execute();
                }
                notices.add(loadNotice(h, tenant, id).orElseThrow());
            }
            LOG.log(System.Logger.Level.INFO, "advisory {0}: {1} affected assets in {2} tenants", advisory.id(),
                    matches.matches().size(), notices.size());
            return notices;
        });
    }

    /** The tenant's notices, newest first; {@code state} filters when present. */
    public List<AdvisoryNotice> notices(TenantId tenant, Optional<NoticeState> state) {
        requireNonNull(tenant, "tenant is null");
        requireNonNull(state, "state is null");
        return transaction("listing advisory notices", h -> {
            List<Long> ids = h.createQuery("SELECT id FROM findings_notice WHERE tenant_id = :t"
                            + (state.isPresent() ? " AND state = :s" : "") + " ORDER BY id DESC")
                    .bind("t", tenant.value()).bind("s", state.map(Enum::name).orElse(null)).mapTo(Long.class).list();
            List<AdvisoryNotice> notices = new ArrayList<>(ids.size());
            for (long id : ids) {
                notices.add(loadNotice(h, tenant, id).orElseThrow());
            }
            return notices;
        });
    }

    /** Acknowledges a NEW notice of the tenant; acknowledging an acknowledged one keeps the first acknowledgement. */
    public AdvisoryNotice acknowledge(TenantId tenant, long noticeId, Actor actor) {
        requireNonNull(tenant, "tenant is null");
        requireNonNull(actor, "actor is null");
        Instant now = clock.instant();
        return transaction("acknowledging notice " + noticeId, h -> {
            AdvisoryNotice notice = loadNotice(h, tenant, noticeId).orElseThrow(() -> new MedsocException(
                    FindingsErrorCode.NOTICE_NOT_FOUND, "advisory notice " + noticeId + " does not exist in this tenant"));
            if (notice.state() == NoticeState.ACKNOWLEDGED) {
                return notice;
            }
            h.createUpdate("UPDATE findings_notice SET state = 'ACKNOWLEDGED', acknowledged_by = :by,"
                            + " acknowledged_at = :now WHERE tenant_id = :t AND id = :id AND state = 'NEW'")
                    .bind("by", actor.id() + "\t" + actor.name()).bind("now", Sql.at(now)).bind("t", tenant.value())
                    .bind("id", noticeId).execute();
            return loadNotice(h, tenant, noticeId).orElseThrow();
        });
    }

    private static Optional<AdvisoryNotice> loadNotice(Handle h, TenantId tenant, long id) {
        List<AssetMatch> assets = h.createQuery("SELECT * FROM findings_notice_asset WHERE tenant_id = :t"
                        + " AND notice_id = :n ORDER BY asset_id")
                .bind("t", tenant.value()).bind("n", id)
                .map((rs, ctx) -> new AssetMatch(tenant, rs.getString("asset_id"), rs.getString("asset_name"),
                        rs.getString("matched"), rs.getString("version"), rs.getString("reason")))
                .list();
        return h.createQuery("SELECT * FROM findings_notice WHERE tenant_id = :t AND id = :id")
                .bind("t", tenant.value()).bind("id", id)
                .map((rs, ctx) -> {
                    Optional<Actor> by = Sql.optionalString(rs, "acknowledged_by").map(s -> {
                        int tab = s.indexOf('\t');
                        return new Actor(s.substring(0, tab), s.substring(tab + 1));
                    });
                    return new AdvisoryNotice(rs.getLong("id"), tenant, rs.getString("advisory_id"), assets,
                            NoticeState.valueOf(rs.getString("state")), Sql.instant(rs, "created_at"), by,
                            Sql.optionalInstant(rs, "acknowledged_at"));
                })
                .findOne();
    }

    private <T> T transaction(String what, HandleCallback<T, RuntimeException> work) {
        try {
            return db.jdbi().inTransaction(work);
        } catch (RuntimeException e) {
            throw Database.translate(e, what);
        }
    }
}
