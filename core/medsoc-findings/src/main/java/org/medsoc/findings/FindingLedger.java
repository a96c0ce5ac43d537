package org.medsoc.findings;

import static java.util.Objects.requireNonNull;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.IntConsumer;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.jdbi.v3.core.statement.Query;
import org.jspecify.annotations.Nullable;
import org.medsoc.database.Database;
import org.medsoc.database.DatabaseErrorCode;
import org.medsoc.spi.error.MedsocException;
import org.medsoc.spi.event.TenantId;
import org.medsoc.vuln.Cvss31;
import org.medsoc.vuln.Cvss40;
import org.medsoc.vuln.CvssScore;
import org.medsoc.vuln.Finding;
import org.medsoc.vuln.ReimportScope;
import org.medsoc.vuln.RemediationPolicy;
import org.medsoc.vuln.ReportFormat;
import org.medsoc.vuln.ScanReport;
import org.medsoc.vuln.ScannedHost;
import org.medsoc.vuln.Severity;
import org.medsoc.database.Sql;

/**
 * The vulnerability findings ledger of every tenant, in the relational store: one row per finding fingerprint,
 * kept across imports and scanners, with its state, SLA deadline, scores, risk acceptance, remediation plan, retest
 * and history.
 *
 * <h2>Import</h2>
 * {@link #importReport} applies a scanner report in one transaction (all or nothing):
 * <ul>
 *   <li>a finding whose fingerprint the ledger does not have is created OPEN, first and last seen at the report's
 *       times (the finding's own, else the scan start, else the import time);
 *   <li>a finding already in the ledger gets its last-seen time moved; its state does not change (ACCEPTED and
 *       FALSE_POSITIVE findings stay so); a requested retest becomes {@link RetestState#STILL_PRESENT};
 *   <li>a FIXED finding reported again becomes REOPENED and its reopen counter grows;
 *   <li>an OPEN, IN_PROGRESS, REOPENED or ACCEPTED finding on a host in scope that the report no longer has becomes
 *       FIXED with {@link RetestState#VERIFIED_FIXED}; a FIXED finding awaiting a retest is verified the same way.
 *       FALSE_POSITIVE findings are never closed. Hosts outside the scope are left alone.
 * </ul>
 * Each import is recorded in the import history with who, when, the source name and the counts.
 *
 * <h2>Deadlines</h2>
 * The deadline of a finding is its first-seen time plus the tenant's {@link RemediationPolicy} deadline for its
 * severity; a known-exploited finding whose KEV entry has a due date gets the earlier of that and the end (24:00
 * UTC) of the KEV due date. A reopened finding keeps its deadline. Active findings past it are overdue.
 *
 * <h2>Edits</h2>
 * Analyst edits quote the version they read; a stale version fails with {@link
 * DatabaseErrorCode#CONCURRENT_MODIFICATION}. Every change is written to the finding's history. Risk acceptances
 * that have expired are turned back to OPEN by {@link #reactivateExpired} and before every read.
 */
public final class FindingLedger {
    private static final System.Logger LOG = System.getLogger(FindingLedger.class.getName());
    private static final int BATCH = 1000;
    private static final int IN_CHUNK = 500;

    private final Database db;
    private final Clock clock;
    private final IntConsumer afterBatch;

    private FindingLedger(Database db, Clock clock, IntConsumer afterBatch) {
        this.db = db;
        this.clock = clock;
        this.afterBatch = afterBatch;
    }

    /** The ledger in this database; applies the module's schema migrations. */
    public static FindingLedger create(Database db, Clock clock) {
        return create(db, clock, n -> {});
    }

    /** As {@link #create(Database, Clock)}, calling {@code afterBatch} with the rows written after each batch. */
    static FindingLedger create(Database db, Clock clock, IntConsumer afterBatch) {
        requireNonNull(db, "db is null");
        requireNonNull(clock, "clock is null");
        db.migrate("findings");
        return new FindingLedger(db, clock, afterBatch);
    }

    // ------------------------------------------------------------------------------------------------ import

    /**
     * Applies a scanner report to the tenant's ledger in one transaction; see the class description for the rules.
     *
     * @param scope which hosts the report covers: open findings on these hosts that it lacks are closed
     * @param sourceName the report's name for the import history (file name, scan task), 1 to 500 characters
     */
    public ImportResult importReport(
            TenantId tenant, ScanReport report, ReimportScope scope, Actor actor, String sourceName) {
        requireNonNull(tenant, "tenant is null");
        requireNonNull(report, "report is null");
        requireNonNull(scope, "scope is null");
        requireNonNull(actor, "actor is null");
        String source = required("source name", sourceName, 500);
        try {
            return importInTransaction(tenant, report, scope, actor, source);
        } catch (MedsocException e) {
            if (e.errorCode().equals(DatabaseErrorCode.DUPLICATE_KEY.toErrorCode())) {
                throw new MedsocException(DatabaseErrorCode.CONCURRENT_MODIFICATION, "import of '" + source
                        + "' collided with another import for tenant " + tenant + " that created the same findings;"
                        + " nothing was imported, import the report again", e);
            }
            throw e;
        }
    }

    private ImportResult importInTransaction(
            TenantId tenant, ScanReport report, ReimportScope scope, Actor actor, String source) {
        Instant now = clock.instant();
        return transaction("import of '" + source + "'", h -> {
            reactivate(h, tenant, now);
            RemediationPolicy policy = loadPolicy(h, tenant);
            Instant observed = report.scanStart().orElse(now);
            long importId = h.createUpdate("INSERT INTO findings_import (tenant_id, source_name, scanner, actor_id,"
                            + " actor_name, imported_at, scan_started_at, host_count, finding_count, created_count,"
                            + " seen_count, reopened_count, fixed_count, duplicate_count) VALUES (:t, :src, :scanner,"
                            + " :aid, :aname, :now, :start, :hosts, 0, 0, 0, 0, 0, 0)")
                    .bind("t", tenant.value()).bind("src", source).bind("scanner", report.scanner().name())
                    .bind("aid", actor.id()).bind("aname", actor.name()).bind("now", Sql.at(now))
                    .bind("start", Sql.at(report.scanStart().orElse(null))).bind("hosts", report.hosts().size())
                    .executeAndReturnGeneratedKeys("id").mapTo(Long.class).one();

            Map<String, Existing> existing = new HashMap<>();
            h.createQuery("SELECT id, fingerprint, host_key, state, retest, kev_due FROM findings_finding"
                            + " WHERE tenant_id = :t")
                    .bind("t", tenant.value()).setFetchSize(BATCH)
                    .map((rs, ctx) -> new Existing(rs.getLong("id"), rs.getString("fingerprint"),
                            rs.getString("host_key"), FindingState.valueOf(rs.getString("state")),
                            RetestState.valueOf(rs.getString("retest"))))
                    .forEach(e -> existing.put(e.fingerprint(), e));

            Map<String, Finding> current = new LinkedHashMap<>();
            int duplicates = 0;
            for (Finding f : report.findings()) {
                if (current.putIfAbsent(f.fingerprint(), f) != null) {
                    duplicates++;
                }
            }
            Set<String> inScope = switch (scope) {
                case ReimportScope.ScannedHosts s -> scannedHosts(report);
                case ReimportScope.Hosts hosts -> hosts.hostKeys();
            };

            List<Finding> fresh = new ArrayList<>();
            List<Seen> seen = new ArrayList<>();
            List<Seen> reopened = new ArrayList<>();
            for (Map.Entry<String, Finding> entry : current.entrySet()) {
                Existing e = existing.get(entry.getKey());
                if (e == null) {
                    fresh.add(entry.getValue());
                } else if (e.state() == FindingState.FIXED) {
                    reopened.add(new Seen(e, entry.getValue()));
                } else {
                    seen.add(new Seen(e, entry.getValue()));
                }
            }
            List<Existing> toClose = new ArrayList<>();
            List<Existing> toVerify = new ArrayList<>();
            for (Existing e : existing.values()) {
                if (current.containsKey(e.fingerprint()) || !inScope.contains(e.hostKey())) {
                    continue;
                }
                switch (e.state()) {
                    case OPEN, IN_PROGRESS, REOPENED, ACCEPTED -> toClose.add(e);
                    case FIXED -> {
                        if (e.retest() == RetestState.RETEST_REQUESTED) {
                            toVerify.add(e);
                        }
                    }
                    case FALSE_POSITIVE -> { }
                }
            }

            String detail = "import " + importId + " (" + Sql.cut(source, 200) + ")";
            insertFresh(h, tenant, fresh, policy, observed, importId, now, actor, detail);
            updateSeen(h, tenant, seen, observed, importId, now, actor, detail);
            updateReopened(h, tenant, reopened, observed, importId, now, actor, detail);
            close(h, tenant, toClose, toVerify, observed, now, actor, detail);

            h.createUpdate("UPDATE findings_import SET finding_count = :n, created_count = :c, seen_count = :s,"
                            + " reopened_count = :r, fixed_count = :f, duplicate_count = :d"
                            + " WHERE tenant_id = :t AND id = :id")
                    .bind("n", current.size()).bind("c", fresh.size()).bind("s", seen.size())
                    .bind("r", reopened.size()).bind("f", toClose.size()).bind("d", duplicates)
                    .bind("t", tenant.value()).bind("id", importId).execute();
            LOG.log(System.Logger.Level.INFO, "tenant {0}: imported {1}: {2} new, {3} seen again, {4} reopened,"
                    + " {5} fixed", tenant, source, fresh.size(), seen.size(), reopened.size(), toClose.size());
            return new ImportResult(importId, current.size(), fresh.size(), seen.size(), reopened.size(),
                    toClose.size(), duplicates);
        });
    }

    private void insertFresh(Handle h, TenantId tenant, List<Finding> fresh, RemediationPolicy policy,
            Instant observed, long importId, Instant now, Actor actor, String detail) {
        if (fresh.isEmpty()) {
            return;
        }
        int written = 0;
        for (int from = 0; from < fresh.size(); from += BATCH) {
            List<Finding> chunk = fresh.subList(from, Math.min(fresh.size(), from + BATCH));
            PreparedBatch batch = h.prepareBatch("INSERT INTO findings_finding (tenant_id, fingerprint, host_key, ip,"
                    + " hostname, port, protocol, scanner, scanner_id, title, severity, severity_rank, cves,"
                    + " cvss3_vector, cvss3_score, cvss4_vector, cvss4_score, solution, kev, state, first_seen,"
                    + " last_seen, reopen_count, due_at, first_import_id, last_import_id, retest, updated_at, version)"
                    + " VALUES (:t, :fp, :host, :ip, :hostname, :port, :proto, :scanner, :sid, :title, :sev, :rank,"
                    + " :cves, :v3, :s3, :v4, :s4, :solution, FALSE, 'OPEN', :first, :last, 0, :due, :imp, :imp,"
                    + " 'NONE', :now, 1)");
            for (Finding f : chunk) {
                Instant first = f.firstSeen().orElse(observed);
                Instant last = f.lastSeen().orElse(observed);
                if (last.isBefore(first)) {
                    last = first;
                }
                batch.bind("t", tenant.value()).bind("fp", f.fingerprint()).bind("host", f.host().key())
                        .bind("ip", f.host().ip().map(s -> Sql.cut(s, 64)).orElse(null))
                        .bind("hostname", f.host().hostname().map(s -> Sql.cut(s, 300)).orElse(null))
                        .bind("port", f.port()).bind("proto", Sql.cut(f.protocol(), 16))
                        .bind("scanner", f.scanner().name()).bind("sid", Sql.cut(f.scannerId(), 300))
                        .bind("title", Sql.cut(f.title(), 1000)).bind("sev", f.severity().name())
                        .bind("rank", f.severity().ordinal()).bind("cves", Sql.cut(String.join(",", f.cves()), 4000))
                        .bind("v3", f.cvss3().map(c -> Sql.cut(c.vector(), 300)).orElse(null))
                        .bind("s3", Sql.number(f.cvss3().map(FindingLedger::cvss3Score).orElse(null)))
                        .bind("v4", f.cvss4().map(c -> Sql.cut(c.vector(), 400)).orElse(null))
                        .bind("s4", Sql.number(f.cvss4().map(FindingLedger::cvss4Score).orElse(null)))
                        .bind("solution", Sql.cut(f.solution(), 4000)).bind("first", Sql.at(first))
                        .bind("last", Sql.at(last))
                        .bind("due", Sql.at(policy.dueAt(f.severity(), Sql.millis(first)).orElse(null)))
                        .bind("imp", importId).bind("now", Sql.at(now)).add();
            }
            batch.execute();
            written += chunk.size();
            afterBatch.accept(written);
        }
        Map<String, Long> ids = new HashMap<>();
        h.createQuery("SELECT id, fingerprint FROM findings_finding WHERE tenant_id = :t AND first_import_id = :imp")
                .bind("t", tenant.value()).bind("imp", importId).setFetchSize(BATCH)
                .map((rs, ctx) -> Map.entry(rs.getString("fingerprint"), rs.getLong("id")))
                .forEach(e -> ids.put(e.getKey(), e.getValue()));
        PreparedBatch cves = h.prepareBatch(
                "INSERT INTO findings_cve (tenant_id, finding_id, cve) VALUES (:t, :id, :cve)");
        int pending = 0;
        for (Finding f : fresh) {
            long id = ids.get(f.fingerprint());
            for (String cve : new java.util.LinkedHashSet<>(f.cves())) {
                cves.bind("t", tenant.value()).bind("id", id).bind("cve", Sql.cut(cve, 40)).add();
                if (++pending == BATCH) {
                    cves.execute();
                    pending = 0;
                }
            }
        }
        if (pending > 0) {
            cves.execute();
        }
        List<Long> created = new ArrayList<>(fresh.size());
        for (Finding f : fresh) {
            created.add(ids.get(f.fingerprint()));
        }
        history(h, tenant, created, now, actor, "CREATED", null, FindingState.OPEN, detail);
    }

    private void updateSeen(Handle h, TenantId tenant, List<Seen> seen, Instant observed, long importId,
            Instant now, Actor actor, String detail) {
        List<Long> retested = new ArrayList<>();
        PreparedBatch plain = h.prepareBatch("UPDATE findings_finding SET last_seen = GREATEST(last_seen, :last),"
                + " last_import_id = :imp WHERE tenant_id = :t AND id = :id");
        PreparedBatch still = h.prepareBatch("UPDATE findings_finding SET last_seen = GREATEST(last_seen, :last),"
                + " last_import_id = :imp, retest = 'STILL_PRESENT', updated_at = :now, version = version + 1"
                + " WHERE tenant_id = :t AND id = :id");
        int pending = 0;
        for (Seen s : seen) {
            Instant last = s.finding().lastSeen().orElse(observed);
            if (s.existing().retest() == RetestState.RETEST_REQUESTED) {
                still.bind("last", Sql.at(last)).bind("imp", importId).bind("now", Sql.at(now))
                        .bind("t", tenant.value()).bind("id", s.existing().id()).add();
                retested.add(s.existing().id());
            } else {
                plain.bind("last", Sql.at(last)).bind("imp", importId).bind("t", tenant.value())
                        .bind("id", s.existing().id()).add();
                if (++pending == BATCH) {
                    plain.execute();
                    afterBatch.accept(pending);
                    pending = 0;
                }
            }
        }
        if (pending > 0) {
            plain.execute();
            afterBatch.accept(pending);
        }
        if (!retested.isEmpty()) {
            still.execute();
        }
        history(h, tenant, retested, now, actor, "RETEST_STILL_PRESENT", null, null, detail);
    }

    private void updateReopened(Handle h, TenantId tenant, List<Seen> reopened, Instant observed, long importId,
            Instant now, Actor actor, String detail) {
        if (reopened.isEmpty()) {
            return;
        }
        PreparedBatch batch = h.prepareBatch("UPDATE findings_finding SET state = 'REOPENED',"
                + " reopen_count = reopen_count + 1, closed_at = NULL, last_seen = GREATEST(last_seen, :last),"
                + " last_import_id = :imp, retest = :retest, updated_at = :now, version = version + 1"
                + " WHERE tenant_id = :t AND id = :id");
        List<Long> ids = new ArrayList<>();
        List<Long> stillPresent = new ArrayList<>();
        for (Seen s : reopened) {
            boolean retest = s.existing().retest() == RetestState.RETEST_REQUESTED;
            batch.bind("last", Sql.at(s.finding().lastSeen().orElse(observed))).bind("imp", importId)
                    .bind("retest", retest ? RetestState.STILL_PRESENT.name() : RetestState.NONE.name())
                    .bind("now", Sql.at(now)).bind("t", tenant.value()).bind("id", s.existing().id()).add();
            ids.add(s.existing().id());
            if (retest) {
                stillPresent.add(s.existing().id());
            }
        }
        batch.execute();
        afterBatch.accept(reopened.size());
        history(h, tenant, ids, now, actor, "REOPENED", FindingState.FIXED, FindingState.REOPENED, detail);
        history(h, tenant, stillPresent, now, actor, "RETEST_STILL_PRESENT", null, null, detail);
    }

    private void close(Handle h, TenantId tenant, List<Existing> toClose, List<Existing> toVerify, Instant observed,
            Instant now, Actor actor, String detail) {
        if (!toClose.isEmpty()) {
            PreparedBatch batch = h.prepareBatch("UPDATE findings_finding SET state = 'FIXED', closed_at = :closed,"
                    + " retest = 'VERIFIED_FIXED', updated_at = :now, version = version + 1"
                    + " WHERE tenant_id = :t AND id = :id");
            Map<FindingState, List<Long>> byState = new EnumMap<>(FindingState.class);
            for (Existing e : toClose) {
                batch.bind("closed", Sql.at(observed)).bind("now", Sql.at(now)).bind("t", tenant.value())
                        .bind("id", e.id()).add();
                byState.computeIfAbsent(e.state(), s -> new ArrayList<>()).add(e.id());
            }
            batch.execute();
            afterBatch.accept(toClose.size());
            for (Map.Entry<FindingState, List<Long>> e : byState.entrySet()) {
                history(h, tenant, e.getValue(), now, actor, "FIXED", e.getKey(), FindingState.FIXED,
                        "absent from " + detail);
            }
        }
        if (!toVerify.isEmpty()) {
            PreparedBatch batch = h.prepareBatch("UPDATE findings_finding SET retest = 'VERIFIED_FIXED',"
                    + " updated_at = :now, version = version + 1 WHERE tenant_id = :t AND id = :id");
            List<Long> ids = new ArrayList<>();
            for (Existing e : toVerify) {
                batch.bind("now", Sql.at(now)).bind("t", tenant.value()).bind("id", e.id()).add();
                ids.add(e.id());
            }
            batch.execute();
            history(h, tenant, ids, now, actor, "RETEST_VERIFIED", null, null, "absent from " + detail);
        }
    }

    private static Set<String> scannedHosts(ScanReport report) {
        Set<String> hosts = new HashSet<>();
        for (ScannedHost host : report.hosts()) {
            hosts.add(host.address().key());
        }
        for (Finding f : report.findings()) {
            hosts.add(f.host().key());
        }
        return hosts;
    }

    private static double cvss3Score(CvssScore c) {
        try {
            return Cvss31.parse(c.vector()).baseScore();
        } catch (MedsocException e) {
            return c.baseScore();
        }
    }

    private static double cvss4Score(CvssScore c) {
        try {
            return Cvss40.parse(c.vector()).score();
        } catch (MedsocException e) {
            return c.baseScore();
        }
    }

    /** The tenant's import history, newest first. */
    public List<ImportRecord> imports(TenantId tenant) {
        requireNonNull(tenant, "tenant is null");
        return transaction("listing imports", h -> h.createQuery("SELECT * FROM findings_import WHERE tenant_id = :t"
                        + " ORDER BY id DESC")
                .bind("t", tenant.value())
                .map((rs, ctx) -> new ImportRecord(rs.getLong("id"), rs.getString("source_name"),
                        ReportFormat.valueOf(rs.getString("scanner")),
                        new Actor(rs.getString("actor_id"), rs.getString("actor_name")),
                        Sql.instant(rs, "imported_at"), Sql.optionalInstant(rs, "scan_started_at"),
                        rs.getInt("host_count"), new ImportResult(rs.getLong("id"), rs.getInt("finding_count"),
                                rs.getInt("created_count"), rs.getInt("seen_count"), rs.getInt("reopened_count"),
                                rs.getInt("fixed_count"), rs.getInt("duplicate_count"))))
                .list());
    }

    // ------------------------------------------------------------------------------------------------ policy

    /**
     * Sets the tenant's remediation policy and recomputes the deadline of every finding of the tenant (KEV due
     * dates still cap them).
     */
    public void setPolicy(TenantId tenant, RemediationPolicy policy, Actor actor) {
        requireNonNull(tenant, "tenant is null");
        requireNonNull(policy, "policy is null");
        requireNonNull(actor, "actor is null");
        transaction("setting the remediation policy", h -> {
            h.createUpdate("DELETE FROM findings_policy WHERE tenant_id = :t").bind("t", tenant.value()).execute();
            PreparedBatch batch = h.prepareBatch("INSERT INTO findings_policy (tenant_id, severity, deadline_seconds)"
                    + " VALUES (:t, :sev, :secs)");
            for (Severity s : Severity.values()) {
                batch.bind("t", tenant.value()).bind("sev", s.name())
                        .bind("secs", policy.deadline(s).map(Duration::toSeconds).orElse(null)).add();
            }
            batch.execute();
            recomputeDue(h, tenant, policy, null);
            LOG.log(System.Logger.Level.INFO, "tenant {0}: remediation policy changed by {1}", tenant, actor.id());
            return null;
        });
    }

    /** The tenant's remediation policy ({@link RemediationPolicy#defaults()} until one is set). */
    public RemediationPolicy policy(TenantId tenant) {
        requireNonNull(tenant, "tenant is null");
        return transaction("reading the remediation policy", h -> loadPolicy(h, tenant));
    }

    private static RemediationPolicy loadPolicy(Handle h, TenantId tenant) {
        record Deadline(Severity severity, long seconds, boolean none) {}
        List<Deadline> rows = h.createQuery(
                        "SELECT severity, deadline_seconds FROM findings_policy WHERE tenant_id = :t")
                .bind("t", tenant.value())
                .map((rs, ctx) -> {
                    Severity severity = Severity.valueOf(rs.getString("severity"));
                    long secs = rs.getLong("deadline_seconds");
                    return new Deadline(severity, secs, rs.wasNull());
                })
                .list();
        if (rows.isEmpty()) {
            return RemediationPolicy.defaults();
        }
        RemediationPolicy.Builder b = RemediationPolicy.builder();
        for (Severity s : Severity.values()) {
            b.noDeadline(s);
        }
        for (Deadline row : rows) {
            if (!row.none()) {
                b.deadline(row.severity(), Duration.ofSeconds(row.seconds()));
            }
        }
        return b.build();
    }

    /** Recomputes due_at of the tenant's findings (only {@code ids} when given). */
    private static void recomputeDue(Handle h, TenantId tenant, RemediationPolicy policy, @Nullable Set<Long> ids) {
        record Row(long id, Severity severity, Instant firstSeen, Optional<Instant> kevDue) {}
        List<Row> rows = new ArrayList<>();
        h.createQuery("SELECT id, severity, first_seen, kev_due FROM findings_finding WHERE tenant_id = :t")
                .bind("t", tenant.value()).setFetchSize(BATCH)
                .map((rs, ctx) -> new Row(rs.getLong("id"), Severity.valueOf(rs.getString("severity")),
                        Sql.instant(rs, "first_seen"), Sql.optionalInstant(rs, "kev_due")))
                .forEach(r -> {
                    if (ids == null || ids.contains(r.id())) {
                        rows.add(r);
                    }
                });
        PreparedBatch batch = h.prepareBatch("UPDATE findings_finding SET due_at = :due WHERE tenant_id = :t"
                + " AND id = :id");
        int pending = 0;
        for (Row r : rows) {
            batch.bind("due", Sql.at(due(policy, r.severity(), r.firstSeen(), r.kevDue()).orElse(null)))
                    .bind("t", tenant.value()).bind("id", r.id()).add();
            if (++pending == BATCH) {
                batch.execute();
                pending = 0;
            }
        }
        if (pending > 0) {
            batch.execute();
        }
    }

    private static Optional<Instant> due(
            RemediationPolicy policy, Severity severity, Instant firstSeen, Optional<Instant> kevDue) {
        Optional<Instant> byPolicy = policy.dueAt(severity, firstSeen);
        if (kevDue.isEmpty()) {
            return byPolicy;
        }
        if (byPolicy.isEmpty()) {
            return kevDue;
        }
        return Optional.of(byPolicy.get().isBefore(kevDue.get()) ? byPolicy.get() : kevDue.get());
    }

    // ------------------------------------------------------------------------------------------------ KEV, EPSS

    /**
     * Flags the tenant's findings with a CVE in the KEV catalog as known exploited and caps their deadline at the
     * end of the earliest KEV due date; answers how many findings are flagged. Already flagged findings are counted
     * again and keep the earlier due date.
     */
    public int markKnownExploited(TenantId tenant, KevCatalog catalog, Actor actor) {
        requireNonNull(catalog, "catalog is null");
        Map<String, Optional<LocalDate>> due = new HashMap<>();
        for (KevEntry e : catalog.entries()) {
            due.put(e.cve(), e.dueDate());
        }
        return markKnownExploited(tenant, due, actor);
    }

    /** Flags the tenant's findings with one of these CVEs as known exploited, without a KEV due date. */
    public int markKnownExploited(TenantId tenant, Set<String> cves, Actor actor) {
        requireNonNull(cves, "cves is null");
        Map<String, Optional<LocalDate>> due = new HashMap<>();
        for (String cve : cves) {
            due.put(cve.strip().toUpperCase(Locale.ROOT), Optional.empty());
        }
        return markKnownExploited(tenant, due, actor);
    }

    private int markKnownExploited(TenantId tenant, Map<String, Optional<LocalDate>> due, Actor actor) {
        requireNonNull(tenant, "tenant is null");
        requireNonNull(actor, "actor is null");
        Instant now = clock.instant();
        return transaction("marking known exploited findings", h -> {
            Map<Long, Optional<Instant>> flagged = new HashMap<>();
            List<String> cves = new ArrayList<>(due.keySet());
            for (int from = 0; from < cves.size(); from += IN_CHUNK) {
                List<String> chunk = cves.subList(from, Math.min(cves.size(), from + IN_CHUNK));
                h.createQuery("SELECT finding_id, cve FROM findings_cve WHERE tenant_id = :t AND cve IN (<cves>)")
                        .bind("t", tenant.value()).bindList("cves", chunk)
                        .map((rs, ctx) -> Map.entry(rs.getLong("finding_id"), rs.getString("cve")))
                        .forEach(e -> {
                            Optional<Instant> kev = due.get(e.getValue())
                                    .map(d -> d.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant());
                            flagged.merge(e.getKey(), kev, FindingLedger::earlier);
                        });
            }
            if (flagged.isEmpty()) {
                return 0;
            }
            Map<Long, Optional<Instant>> previous = new HashMap<>();
            Set<Long> newlyFlagged = new HashSet<>();
            List<Long> ids = new ArrayList<>(flagged.keySet());
            for (int from = 0; from < ids.size(); from += IN_CHUNK) {
                h.createQuery("SELECT id, kev, kev_due FROM findings_finding WHERE tenant_id = :t AND id IN (<ids>)")
                        .bind("t", tenant.value()).bindList("ids", ids.subList(from, Math.min(ids.size(),
                                from + IN_CHUNK)))
                        .map((rs, ctx) -> {
                            if (!rs.getBoolean("kev")) {
                                newlyFlagged.add(rs.getLong("id"));
                            }
                            return Map.entry(rs.getLong("id"), Sql.optionalInstant(rs, "kev_due"));
                        })
                        .forEach(e -> previous.put(e.getKey(), e.getValue()));
            }
            PreparedBatch batch = h.prepareBatch("UPDATE findings_finding SET kev = TRUE, kev_due = :due"
                    + " WHERE tenant_id = :t AND id = :id");
            for (Map.Entry<Long, Optional<Instant>> e : flagged.entrySet()) {
                Optional<Instant> kevDue = earlier(e.getValue(), previous.getOrDefault(e.getKey(), Optional.empty()));
                batch.bind("due", Sql.at(kevDue.orElse(null))).bind("t", tenant.value()).bind("id", e.getKey()).add();
            }
            batch.execute();
            recomputeDue(h, tenant, loadPolicy(h, tenant), flagged.keySet());
            history(h, tenant, new ArrayList<>(newlyFlagged), now, actor, "KNOWN_EXPLOITED", null, null,
                    "a CVE of this finding is in the KEV catalog");
            return flagged.size();
        });
    }

    private static Optional<Instant> earlier(Optional<Instant> a, Optional<Instant> b) {
        if (a.isEmpty()) {
            return b;
        }
        if (b.isEmpty()) {
            return a;
        }
        return a.get().isBefore(b.get()) ? a : b;
    }

    /**
     * Sets the EPSS score of the tenant's findings to the highest score among their CVEs; answers how many findings
     * got a score. Findings none of whose CVEs is scored keep what they had.
     */
    public int applyEpss(TenantId tenant, EpssScores scores) {
        requireNonNull(tenant, "tenant is null");
        requireNonNull(scores, "scores is null");
        return transaction("applying EPSS scores", h -> {
            Map<Long, EpssScore> best = new HashMap<>();
            h.createQuery("SELECT finding_id, cve FROM findings_cve WHERE tenant_id = :t")
                    .bind("t", tenant.value()).setFetchSize(BATCH)
                    .map((rs, ctx) -> Map.entry(rs.getLong("finding_id"), rs.getString("cve")))
                    .forEach(e -> scores.score(e.getValue()).ifPresent(s -> best.merge(e.getKey(), s,
                            (a, b) -> b.epss() > a.epss() ? b : a)));
            PreparedBatch batch = h.prepareBatch("UPDATE findings_finding SET epss = :epss, epss_percentile = :pct"
                    + " WHERE tenant_id = :t AND id = :id");
            int pending = 0;
            for (Map.Entry<Long, EpssScore> e : best.entrySet()) {
                batch.bind("epss", Sql.number(e.getValue().epss())).bind("pct", Sql.number(e.getValue().percentile()))
                        .bind("t", tenant.value()).bind("id", e.getKey()).add();
                if (++pending == BATCH) {
                    batch.execute();
                    pending = 0;
                }
            }
            if (pending > 0) {
                batch.execute();
            }
            return best.size();
        });
    }

    // ------------------------------------------------------------------------------------------------ edits

    /**
     * Records a remediation plan and moves the finding to IN_PROGRESS; allowed from OPEN, REOPENED and
     * IN_PROGRESS (a new plan replaces the old one).
     */
    public TrackedFinding planRemediation(
            TenantId tenant, long id, long expectedVersion, RemediationPlan plan, Actor actor) {
        requireNonNull(plan, "plan is null");
        return edit(tenant, id, expectedVersion, actor, "PLANNED",
                Set.of(FindingState.OPEN, FindingState.REOPENED, FindingState.IN_PROGRESS), FindingState.IN_PROGRESS,
                "owner = :owner, planned_action = :action, planned_due = :pdue",
                Map.of("owner", plan.owner().strip(), "action", plan.action().strip(), "pdue", Sql.at(plan.due())),
                plan.owner() + ": " + plan.action() + " by " + plan.due());
    }

    /**
     * Accepts the finding's risk until the acceptance expires; allowed from OPEN, REOPENED and IN_PROGRESS. The
     * expiry must be in the future.
     */
    public TrackedFinding accept(
            TenantId tenant, long id, long expectedVersion, RiskAcceptance acceptance, Actor actor) {
        requireNonNull(acceptance, "acceptance is null");
        if (!acceptance.expiresAt().isAfter(clock.instant())) {
            throw invalid("a risk acceptance must expire in the future, was " + acceptance.expiresAt());
        }
        return edit(tenant, id, expectedVersion, actor, "ACCEPTED",
                Set.of(FindingState.OPEN, FindingState.REOPENED, FindingState.IN_PROGRESS), FindingState.ACCEPTED,
                "accept_reason = :reason, accept_approver = :approver, accept_expires = :expires",
                Map.of("reason", acceptance.reason().strip(), "approver", acceptance.approver().strip(),
                        "expires", Sql.at(acceptance.expiresAt())),
                "approved by " + acceptance.approver() + " until " + acceptance.expiresAt() + ": "
                        + acceptance.reason());
    }

    /** Declares the finding a false positive; allowed from every state but FALSE_POSITIVE. */
    public TrackedFinding markFalsePositive(TenantId tenant, long id, long expectedVersion, String reason,
            Actor actor) {
        String why = required("reason", reason, 2000);
        return edit(tenant, id, expectedVersion, actor, "FALSE_POSITIVE",
                Set.of(FindingState.OPEN, FindingState.REOPENED, FindingState.IN_PROGRESS, FindingState.ACCEPTED,
                        FindingState.FIXED),
                FindingState.FALSE_POSITIVE, "false_positive_reason = :reason", Map.of("reason", why), why);
    }

    /**
     * Declares the finding fixed pending verification: FIXED with {@link RetestState#RETEST_REQUESTED}, until an
     * import covering its host verifies it; allowed from OPEN, REOPENED, IN_PROGRESS and ACCEPTED.
     */
    public TrackedFinding markFixed(TenantId tenant, long id, long expectedVersion, Actor actor) {
        return edit(tenant, id, expectedVersion, actor, "MARKED_FIXED",
                Set.of(FindingState.OPEN, FindingState.REOPENED, FindingState.IN_PROGRESS, FindingState.ACCEPTED),
                FindingState.FIXED, "closed_at = :closed, retest = 'RETEST_REQUESTED'",
                Map.of("closed", Sql.at(clock.instant())), "fixed, pending retest");
    }

    /** Asks for a retest: the next import covering the host decides; the state does not change. */
    public TrackedFinding requestRetest(TenantId tenant, long id, long expectedVersion, Actor actor) {
        return edit(tenant, id, expectedVersion, actor, "RETEST_REQUESTED",
                Set.of(FindingState.OPEN, FindingState.REOPENED, FindingState.IN_PROGRESS, FindingState.FIXED),
                null, "retest = 'RETEST_REQUESTED'", Map.of(), "retest requested");
    }

    /**
     * Reopens a finding by hand: a FIXED finding becomes REOPENED (counted), an ACCEPTED or FALSE_POSITIVE one
     * becomes OPEN.
     */
    public TrackedFinding reopen(TenantId tenant, long id, long expectedVersion, String reason, Actor actor) {
        String why = required("reason", reason, 2000);
        TrackedFinding current = find(tenant, id).orElseThrow(() -> notFound(id));
        if (current.state() == FindingState.FIXED) {
            return edit(tenant, id, expectedVersion, actor, "REOPENED_MANUALLY", Set.of(FindingState.FIXED),
                    FindingState.REOPENED, "reopen_count = reopen_count + 1, closed_at = NULL, retest = 'NONE'",
                    Map.of(), why);
        }
        return edit(tenant, id, expectedVersion, actor, "REOPENED_MANUALLY",
                Set.of(FindingState.ACCEPTED, FindingState.FALSE_POSITIVE), FindingState.OPEN, null, Map.of(), why);
    }

    private TrackedFinding edit(TenantId tenant, long id, long expectedVersion, Actor actor, String action,
            Set<FindingState> from, @Nullable FindingState to, @Nullable String set, Map<String, Object> binds,
            String detail) {
        requireNonNull(tenant, "tenant is null");
        requireNonNull(actor, "actor is null");
        Instant now = clock.instant();
        return transaction(action.toLowerCase(Locale.ROOT) + " of finding " + id, h -> {
            reactivate(h, tenant, now);
            Row cur = loadRow(h, tenant, id).orElseThrow(() -> notFound(id));
            if (cur.version != expectedVersion) {
                throw stale(id, cur.version, expectedVersion);
            }
            if (!from.contains(cur.state)) {
                throw new MedsocException(FindingsErrorCode.INVALID_TRANSITION, "finding " + id + " is "
                        + cur.state + "; " + action.toLowerCase(Locale.ROOT).replace('_', ' ')
                        + " is allowed only from " + sorted(from));
            }
            StringBuilder sql = new StringBuilder("UPDATE findings_finding SET ");
            if (to != null) {
                sql.append("state = :state, ");
            }
            if (set != null) {
                sql.append(set).append(", ");
            }
            sql.append("updated_at = :now, version = version + 1 WHERE tenant_id = :t AND id = :id AND version = :v");
            var update = h.createUpdate(sql.toString()).bind("now", Sql.at(now)).bind("t", tenant.value())
                    .bind("id", id).bind("v", expectedVersion);
            if (to != null) {
                update.bind("state", to.name());
            }
            for (Map.Entry<String, Object> b : binds.entrySet()) {
                if (b.getValue() instanceof org.jdbi.v3.core.argument.Argument a) {
                    update.bind(b.getKey(), a);
                } else {
                    update.bind(b.getKey(), (String) b.getValue());
                }
            }
            if (update.execute() != 1) {
                throw stale(id, cur.version + 1, expectedVersion);
            }
            history(h, tenant, List.of(id), now, actor, action, to == null ? null : cur.state, to,
                    Sql.cut(detail, 2000));
            return loadRow(h, tenant, id).orElseThrow(() -> notFound(id)).finding(now);
        });
    }

    private static String sorted(Set<FindingState> states) {
        FindingState[] a = states.toArray(new FindingState[0]);
        Arrays.sort(a);
        return Arrays.toString(a);
    }

    // ------------------------------------------------------------------------------------------------ expiry

    /**
     * Turns the tenant's risk acceptances that expired at or before {@code now} back to OPEN, with a history entry
     * by {@link Actor#SYSTEM}; answers how many. Reads do this too, so an expired acceptance is never shown.
     */
    public int reactivateExpired(TenantId tenant, Instant now) {
        requireNonNull(tenant, "tenant is null");
        requireNonNull(now, "now is null");
        return transaction("reactivating expired risk acceptances", h -> reactivate(h, tenant, now));
    }

    private static int reactivate(Handle h, TenantId tenant, Instant now) {
        List<Long> ids = h.createQuery("SELECT id FROM findings_finding WHERE tenant_id = :t AND state = 'ACCEPTED'"
                        + " AND accept_expires <= :now")
                .bind("t", tenant.value()).bind("now", Sql.at(now)).mapTo(Long.class).list();
        if (ids.isEmpty()) {
            return 0;
        }
        for (int from = 0; from < ids.size(); from += IN_CHUNK) {
            h.createUpdate("UPDATE findings_finding SET state = 'OPEN', updated_at = :now, version = version + 1"
                            + " WHERE tenant_id = :t AND state = 'ACCEPTED' AND id IN (<ids>)")
                    .bind("now", Sql.at(now)).bind("t", tenant.value())
                    .bindList("ids", ids.subList(from, Math.min(ids.size(), from + IN_CHUNK))).execute();
        }
        history(h, tenant, ids, now, Actor.SYSTEM, "ACCEPTANCE_EXPIRED", FindingState.ACCEPTED, FindingState.OPEN,
                "risk acceptance expired");
        return ids.size();
    }

    // ------------------------------------------------------------------------------------------------ reads

    /** The finding with this id in the tenant. */
    public Optional<TrackedFinding> find(TenantId tenant, long id) {
        requireNonNull(tenant, "tenant is null");
        Instant now = clock.instant();
        return transaction("reading finding " + id, h -> {
            reactivate(h, tenant, now);
            return loadRow(h, tenant, id).map(r -> r.finding(now));
        });
    }

    /** The finding's changes, oldest first. */
    public List<HistoryEntry> history(TenantId tenant, long id) {
        requireNonNull(tenant, "tenant is null");
        return transaction("reading the history of finding " + id, h -> h.createQuery(
                        "SELECT * FROM findings_history WHERE tenant_id = :t AND finding_id = :id ORDER BY id")
                .bind("t", tenant.value()).bind("id", id)
                .map((rs, ctx) -> new HistoryEntry(Sql.instant(rs, "at"),
                        new Actor(rs.getString("actor_id"), rs.getString("actor_name")), rs.getString("action"),
                        Sql.optionalString(rs, "from_state").map(FindingState::valueOf),
                        Sql.optionalString(rs, "to_state").map(FindingState::valueOf),
                        Sql.optionalString(rs, "detail").orElse("")))
                .list());
    }

    /** One page of the tenant's findings matching the query. */
    public Page<TrackedFinding> list(TenantId tenant, FindingQuery query) {
        requireNonNull(tenant, "tenant is null");
        requireNonNull(query, "query is null");
        Instant now = clock.instant();
        return transaction("listing findings", h -> {
            reactivate(h, tenant, now);
            return page(h, tenant, query, now);
        });
    }

    private static Page<TrackedFinding> page(Handle h, TenantId tenant, FindingQuery query, Instant now) {
        StringBuilder where = new StringBuilder(" WHERE f.tenant_id = :t");
        Map<String, Object> binds = new LinkedHashMap<>();
        binds.put("t", tenant.value());
        if (!query.states().isEmpty()) {
            where.append(" AND f.state IN (<states>)");
        }
        if (!query.severities().isEmpty()) {
            where.append(" AND f.severity IN (<severities>)");
        }
        if (query.host().isPresent()) {
            where.append(" AND (f.host_key = :host OR f.ip = :host OR LOWER(f.hostname) = :hostLower)");
            binds.put("host", query.host().get().strip());
            binds.put("hostLower", query.host().get().strip().toLowerCase(Locale.ROOT));
        }
        if (query.cve().isPresent()) {
            where.append(" AND EXISTS (SELECT 1 FROM findings_cve c WHERE c.tenant_id = f.tenant_id"
                    + " AND c.finding_id = f.id AND c.cve = :cve)");
            binds.put("cve", query.cve().get().strip().toUpperCase(Locale.ROOT));
        }
        if (query.knownExploitedOnly()) {
            where.append(" AND f.kev = TRUE");
        }
        if (query.overdueOnly()) {
            where.append(" AND f.state IN ('OPEN', 'IN_PROGRESS', 'REOPENED') AND f.due_at < :now");
            binds.put("now", Sql.at(now));
        }
        if (query.text().isPresent() && !query.text().get().isBlank()) {
            where.append(" AND (LOWER(f.title) LIKE :text ESCAPE '!' OR LOWER(f.host_key) LIKE :text ESCAPE '!'"
                    + " OR LOWER(f.scanner_id) LIKE :text ESCAPE '!' OR LOWER(f.cves) LIKE :text ESCAPE '!')");
            binds.put("text", Sql.containsPattern(query.text().get().strip().toLowerCase(Locale.ROOT), '!'));
        }
        String direction = query.descending() ? " DESC" : " ASC";
        String nulls = " NULLS LAST";
        String order = " ORDER BY f." + query.sort().column() + direction + nulls
                + (query.sort() == FindingSort.HOST ? ", f.port" + direction : "") + ", f.id" + direction;

        Query count = h.createQuery("SELECT COUNT(*) FROM findings_finding f" + where);
        Query rows = h.createQuery("SELECT f.* FROM findings_finding f" + where + order
                + " LIMIT :limit OFFSET :offset");
        for (Query q : List.of(count, rows)) {
            bindAll(q, binds);
            if (!query.states().isEmpty()) {
                q.bindList("states", query.states().stream().map(Enum::name).sorted().toList());
            }
            if (!query.severities().isEmpty()) {
                q.bindList("severities", query.severities().stream().map(Enum::name).sorted().toList());
            }
        }
        long total = count.mapTo(Long.class).one();
        List<TrackedFinding> items = rows.bind("limit", query.limit()).bind("offset", query.offset())
                .map((rs, ctx) -> Row.of(rs).finding(now)).list();
        return new Page<>(items, total, query.offset(), query.limit());
    }

    private static void bindAll(Query q, Map<String, Object> binds) {
        for (Map.Entry<String, Object> b : binds.entrySet()) {
            if (b.getValue() instanceof org.jdbi.v3.core.argument.Argument a) {
                q.bind(b.getKey(), a);
            } else {
                q.bind(b.getKey(), (String) b.getValue());
            }
        }
    }

    /** The tenant's posture numbers. */
    public FindingCounts counts(TenantId tenant) {
        requireNonNull(tenant, "tenant is null");
        Instant now = clock.instant();
        return transaction("counting findings", h -> {
            reactivate(h, tenant, now);
            Map<Severity, Map<FindingState, Long>> counts = new EnumMap<>(Severity.class);
            h.createQuery("SELECT severity, state, COUNT(*) AS n FROM findings_finding WHERE tenant_id = :t"
                            + " GROUP BY severity, state")
                    .bind("t", tenant.value())
                    .map((rs, ctx) -> {
                        counts.computeIfAbsent(Severity.valueOf(rs.getString("severity")),
                                        s -> new EnumMap<>(FindingState.class))
                                .put(FindingState.valueOf(rs.getString("state")), rs.getLong("n"));
                        return 0;
                    })
                    .list();
            long overdue = h.createQuery("SELECT COUNT(*) FROM findings_finding WHERE tenant_id = :t"
                            + " AND state IN ('OPEN', 'IN_PROGRESS', 'REOPENED') AND due_at < :now")
                    .bind("t", tenant.value()).bind("now", Sql.at(now)).mapTo(Long.class).one();
            long kev = h.createQuery("SELECT COUNT(*) FROM findings_finding WHERE tenant_id = :t"
                            + " AND state IN ('OPEN', 'IN_PROGRESS', 'REOPENED') AND kev = TRUE")
                    .bind("t", tenant.value()).mapTo(Long.class).one();
            return new FindingCounts(counts, overdue, kev);
        });
    }

    // ------------------------------------------------------------------------------------------------ CSV

    /**
     * Writes the tenant's findings matching the query (all pages, the query's paging ignored) as CSV: UTF-8 with a
     * byte order mark, RFC 4180 quoting, CRLF line ends, formula-like cells neutralised with a leading apostrophe.
     * Answers the number of rows written. The stream is flushed, not closed.
     */
    public int exportLedgerCsv(TenantId tenant, FindingQuery query, CsvLanguage language, OutputStream out) {
        boolean zh = language == CsvLanguage.CHINESE;
        List<String> header = zh
                ? List.of("编号", "主机", "IP", "主机名", "端口", "协议", "漏洞名称", "严重程度", "CVE", "CVSS 3.x",
                        "CVSS 4.0", "已知被利用", "EPSS", "状态", "首次发现", "最近发现", "整改期限", "是否逾期",
                        "重新打开次数", "扫描器", "插件编号", "修复建议")
                : List.of("id", "host", "ip", "hostname", "port", "protocol", "title", "severity", "cves", "cvss3",
                        "cvss4", "known_exploited", "epss", "state", "first_seen", "last_seen", "due", "overdue",
                        "reopen_count", "scanner", "scanner_id", "solution");
        return export(tenant, query, out, header, f -> List.of(Long.toString(f.id()), f.hostKey(),
                f.ip().orElse(""), f.hostname().orElse(""), Integer.toString(f.port()), f.protocol(), f.title(),
                f.severity().name(), String.join(" ", f.cves()), f.cvss3Score().map(String::valueOf).orElse(""),
                f.cvss4Score().map(String::valueOf).orElse(""), yesNo(f.knownExploited(), zh),
                f.epss().map(e -> String.valueOf(e.epss())).orElse(""), f.state().name(), f.firstSeen().toString(),
                f.lastSeen().toString(), f.dueAt().map(Instant::toString).orElse(""), yesNo(f.overdue(), zh),
                Integer.toString(f.reopenCount()), f.scanner().name(), f.scannerId(), f.solution()));
    }

    /**
     * Writes the remediation plan table of the tenant's findings matching the query, in the format of {@link
     * #exportLedgerCsv}: finding, host, severity, state, SLA deadline, owner, planned action, planned date, retest.
     */
    public int exportRemediationCsv(TenantId tenant, FindingQuery query, CsvLanguage language, OutputStream out) {
        boolean zh = language == CsvLanguage.CHINESE;
        List<String> header = zh
                ? List.of("编号", "主机", "端口", "漏洞名称", "严重程度", "CVE", "状态", "整改期限", "是否逾期", "责任人",
                        "整改措施", "计划完成日期", "复测状态")
                : List.of("id", "host", "port", "title", "severity", "cves", "state", "due", "overdue", "owner",
                        "planned_action", "planned_due", "retest");
        return export(tenant, query, out, header, f -> List.of(Long.toString(f.id()), f.hostKey(),
                Integer.toString(f.port()), f.title(), f.severity().name(), String.join(" ", f.cves()),
                f.state().name(), f.dueAt().map(Instant::toString).orElse(""), yesNo(f.overdue(), zh),
                f.plan().map(RemediationPlan::owner).orElse(""), f.plan().map(RemediationPlan::action).orElse(""),
                f.plan().map(p -> p.due().toString()).orElse(""), f.retest().name()));
    }

    private int export(TenantId tenant, FindingQuery query, OutputStream out, List<String> header,
            java.util.function.Function<TrackedFinding, List<String>> cells) {
        requireNonNull(tenant, "tenant is null");
        requireNonNull(query, "query is null");
        requireNonNull(out, "out is null");
        Instant now = clock.instant();
        try {
            Writer w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
            w.write(Csv.BOM);
            Csv.row(w, header);
            int rows = 0;
            int offset = 0;
            while (true) {
                FindingQuery pageQuery = new FindingQuery(query.states(), query.severities(), query.host(),
                        query.cve(), query.knownExploitedOnly(), query.overdueOnly(), query.text(), query.sort(),
                        query.descending(), offset, FindingQuery.MAX_LIMIT);
                Page<TrackedFinding> page = transaction("exporting findings", h -> {
                    reactivate(h, tenant, now);
                    return page(h, tenant, pageQuery, now);
                });
                for (TrackedFinding f : page.items()) {
                    Csv.row(w, cells.apply(f));
                    rows++;
                }
                offset += page.items().size();
                if (page.items().size() < FindingQuery.MAX_LIMIT) {
                    break;
                }
            }
            w.flush();
            return rows;
        } catch (IOException e) {
            throw new MedsocException(FindingsErrorCode.EXPORT_FAILED,
                    "writing the findings CSV failed: " + e.getMessage() + "; check the destination", e);
        }
    }

    private static String yesNo(boolean value, boolean zh) {
        return zh ? (value ? "是" : "否") : (value ? "yes" : "no");
    }

    // ------------------------------------------------------------------------------------------------ rows

    private static Optional<Row> loadRow(Handle h, TenantId tenant, long id) {
        return h.createQuery("SELECT * FROM findings_finding WHERE tenant_id = :t AND id = :id")
                .bind("t", tenant.value()).bind("id", id).map((rs, ctx) -> Row.of(rs)).findOne();
    }

    private static void history(Handle h, TenantId tenant, List<Long> ids, Instant at, Actor actor, String action,
            @Nullable FindingState from, @Nullable FindingState to, String detail) {
        if (ids.isEmpty()) {
            return;
        }
        PreparedBatch batch = h.prepareBatch("INSERT INTO findings_history (tenant_id, finding_id, at, actor_id,"
                + " actor_name, action, from_state, to_state, detail) VALUES (:t, :id, :at, :aid, :aname, :action,"
                + " :from, :to, :detail)");
        int pending = 0;
        for (long id : ids) {
            batch.bind("t", tenant.value()).bind("id", id).bind("at", Sql.at(at)).bind("aid", actor.id())
                    .bind("aname", actor.name()).bind("action", action).bind("from", from == null ? null : from.name())
                    .bind("to", to == null ? null : to.name()).bind("detail", Sql.cut(detail, 2000)).add();
            if (++pending == BATCH) {
                batch.execute();
                pending = 0;
            }
        }
        if (pending > 0) {
            batch.execute();
        }
    }

    private <T> T transaction(String what, HandleCallback<T, RuntimeException> work) {
        return db.inTransaction(what, work);
    }

    private static String required(String what, @Nullable String value, int max) {
        if (value == null || value.isBlank()) {
            throw invalid(what + " is required");
        }
        String v = value.strip();
        if (v.length() > max) {
            throw invalid(what + " is " + v.length() + " characters; the limit is " + max);
        }
        return v;
    }

    private static MedsocException invalid(String message) {
        return new MedsocException(FindingsErrorCode.INVALID_FINDING_INPUT, message);
    }

    private static MedsocException notFound(long id) {
        return new MedsocException(FindingsErrorCode.FINDING_NOT_FOUND,
                "finding " + id + " does not exist in this tenant");
    }

    private static MedsocException stale(long id, long current, long sent) {
        return new MedsocException(DatabaseErrorCode.CONCURRENT_MODIFICATION, "finding " + id
                + " was changed by someone else (now version " + current + ", you sent " + sent
                + "); reload it and apply your change again");
    }

    private record Existing(long id, String fingerprint, String hostKey, FindingState state, RetestState retest) {}

    private record Seen(Existing existing, Finding finding) {}

    /** A ledger row as read; {@link #finding} adds what depends on the read time. */
    private record Row(TrackedFinding stored, long version, FindingState state) {
        static Row of(ResultSet rs) throws SQLException {
            TenantId tenant = TenantId.of(rs.getString("tenant_id"));
            String cves = rs.getString("cves");
            Optional<Double> epss = Sql.optionalDouble(rs, "epss");
            Optional<Double> pct = Sql.optionalDouble(rs, "epss_percentile");
            Optional<String> reason = Sql.optionalString(rs, "accept_reason");
            Optional<RiskAcceptance> acceptance = reason.isEmpty() ? Optional.empty()
                    : Optional.of(new RiskAcceptance(reason.get(), rs.getString("accept_approver"),
                            Sql.instant(rs, "accept_expires")));
            Optional<String> owner = Sql.optionalString(rs, "owner");
            Optional<RemediationPlan> plan = owner.isEmpty() ? Optional.empty()
                    : Optional.of(new RemediationPlan(owner.get(), rs.getString("planned_action"),
                            Sql.instant(rs, "planned_due")));
            FindingState state = FindingState.valueOf(rs.getString("state"));
            long version = rs.getLong("version");
            TrackedFinding f = new TrackedFinding(rs.getLong("id"), tenant, rs.getString("fingerprint"),
                    rs.getString("host_key"), Sql.optionalString(rs, "ip"), Sql.optionalString(rs, "hostname"),
                    rs.getInt("port"), rs.getString("protocol"), ReportFormat.valueOf(rs.getString("scanner")),
                    rs.getString("scanner_id"), rs.getString("title"), Severity.valueOf(rs.getString("severity")),
                    cves.isEmpty() ? List.of() : List.of(cves.split(",")), Sql.optionalString(rs, "cvss3_vector"),
                    Sql.optionalDouble(rs, "cvss3_score"), Sql.optionalString(rs, "cvss4_vector"),
                    Sql.optionalDouble(rs, "cvss4_score"), rs.getString("solution"), rs.getBoolean("kev"),
                    Sql.optionalInstant(rs, "kev_due"),
                    epss.isPresent() && pct.isPresent() ? Optional.of(new EpssScore(epss.get(), pct.get()))
                            : Optional.empty(),
                    state, Sql.instant(rs, "first_seen"), Sql.instant(rs, "last_seen"),
                    Sql.optionalInstant(rs, "closed_at"), rs.getInt("reopen_count"), Sql.optionalInstant(rs, "due_at"),
                    false, acceptance, Sql.optionalString(rs, "false_positive_reason"), plan,
                    RetestState.valueOf(rs.getString("retest")), Sql.instant(rs, "updated_at"), version);
            return new Row(f, version, state);
        }

        TrackedFinding finding(Instant now) {
            TrackedFinding f = stored;
            boolean overdue = f.state().active() && f.dueAt().map(now::isAfter).orElse(false);
            if (!overdue) {
                return f;
            }
            return new TrackedFinding(f.id(), f.tenant(), f.fingerprint(), f.hostKey(), f.ip(), f.hostname(),
                    f.port(), f.protocol(), f.scanner(), f.scannerId(), f.title(), f.severity(), f.cves(),
                    f.cvss3Vector(), f.cvss3Score(), f.cvss4Vector(), f.cvss4Score(), f.solution(),
                    f.knownExploited(), f.kevDue(), f.epss(), f.state(), f.firstSeen(), f.lastSeen(), f.closedAt(),
                    f.reopenCount(), f.dueAt(), true, f.acceptance(), f.falsePositiveReason(), f.plan(), f.retest(),
                    f.updatedAt(), f.version());
        }
    }
}
