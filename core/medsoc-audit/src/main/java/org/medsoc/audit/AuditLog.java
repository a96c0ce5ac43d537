package org.medsoc.audit;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.Query;
import org.jspecify.annotations.Nullable;
import org.medsoc.database.Database;
import org.medsoc.database.Dialect;
import org.medsoc.spi.error.MedsocException;
import org.medsoc.spi.event.TenantId;

/**
 * The append-only audit log (module {@code audit}). There is no update or delete API; the one deletion is the
 * retention purge {@link #purgeOlderThan}, which is itself recorded.
 *
 * <p>Tamper evidence: row {@code n} stores {@code hash = SHA-256(hash(n-1) + "|" + canonical(n))}, where the
 * canonical form length-prefixes every field, so editing, inserting or removing a row breaks the chain from there on
 * and {@link #verify()} names the first broken row. A one-row table {@code audit_head} keeps the newest sequence and
 * hash (so cutting off the newest rows is noticed) and the anchor left by the last purge. Someone who can rewrite
 * the whole table and the head can forge a consistent chain; export {@link #head()} to another system periodically
 * to detect that too. On PostgreSQL a trigger also refuses UPDATE, DELETE and TRUNCATE (see migration V2).
 *
 * <p>Concurrency: appends are serialized by a lock in this JVM and, across nodes sharing a database, by {@code SELECT
 * … FOR UPDATE} on the head row within the appending transaction.
 */
public final class AuditLog {
    private static final String ZERO = "0".repeat(64);
    private static final String COLUMNS = "seq, at, actor_id, actor_name, tenant_id, action, target_type, target_id, "
            + "outcome, client_address, details, prev_hash, hash";

    private final Jdbi jdbi;
    private final Dialect dialect;
    private final Clock clock;
    private final ReentrantLock appendLock = new ReentrantLock();

    private AuditLog(Database database, Clock clock) {
        this.jdbi = database.jdbi();
        this.dialect = database.dialect();
        this.clock = clock;
    }

    /** Migrates the {@code audit} schema and opens the log. */
    public static AuditLog create(Database database, Clock clock) {
        requireNonNull(database, "database is null");
        requireNonNull(clock, "clock is null");
        database.migrate("audit");
        return new AuditLog(database, clock);
    }

    /** Appends an entry at the clock's current time; answers the stored record. */
    public AuditRecord record(AuditEntry entry) {
        requireNonNull(entry, "entry is null");
        appendLock.lock();
        try {
            return jdbi.inTransaction(h -> append(h, entry));
        } catch (MedsocException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new MedsocException(AuditErrorCode.AUDIT_WRITE_FAILED,
                    "cannot append '" + entry.action() + "' to the audit log: "
                            + Database.translate(e, "audit entry").getMessage(), e);
        } finally {
            appendLock.unlock();
        }
    }

    private AuditRecord append(Handle h, AuditEntry entry) {
        Head head = lockHead(h);
        long seq = head.seq + 1;
        Instant time = clock.instant().truncatedTo(ChronoUnit.MICROS);
        String hash = chain(head.hash, seq, time, entry);
        h.createUpdate("INSERT INTO audit_log (" + COLUMNS + ") VALUES (:seq, :at, :actorId, :actorName, :tenant, "
                        + ":action, :targetType, :targetId, :outcome, :client, :details, :prev, :hash)")
                .bind("seq", seq)
                .bind("at", time.atOffset(ZoneOffset.UTC))
                .bind("actorId", entry.actor().id())
                .bind("actorName", entry.actor().name())
                .bind("tenant", entry.tenant().map(TenantId::value).orElse(null))
                .bind("action", entry.action())
                .bind("targetType", entry.targetType().orElse(null))
                .bind("targetId", entry.targetId().orElse(null))
                .bind("outcome", entry.outcome().name())
                .bind("client", entry.clientAddress().orElse(null))
                .bind("details", entry.details().orElse(null))
                .bind("prev", head.hash)
                .bind("hash", hash)
                .execute();
        h.createUpdate("UPDATE audit_head SET seq = :seq, hash = :hash WHERE id = 1")
                .bind("seq", seq)
                .bind("hash", hash)
                .execute();
        return new AuditRecord(seq, time, entry, hash);
    }

    private record Head(long seq, String hash, long anchorSeq, String anchorHash) {}

    private static Head lockHead(Handle h) {
        return h.createQuery("SELECT seq, hash, anchor_seq, anchor_hash FROM audit_head WHERE id = 1 FOR UPDATE")
                .map((rs, ctx) -> new Head(rs.getLong("seq"), rs.getString("hash"), rs.getLong("anchor_seq"),
                        rs.getString("anchor_hash")))
                .one();
    }

    /** The newest record, to export as an external anchor of the chain. */
    public Optional<AuditRecord> head() {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM audit_log WHERE seq = "
                        + "(SELECT seq FROM audit_head WHERE id = 1)")
                .map((rs, ctx) -> row(rs))
                .findOne());
    }

    /** The records matching the query, newest first. */
    public List<AuditRecord> query(AuditQuery query) {
        requireNonNull(query, "query is null");
        if (query.tenants().isEmpty() && !query.includeGlobal()) {
            return List.of();
        }
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM audit_log WHERE (");
        List<String> scope = new ArrayList<>();
        if (!query.tenants().isEmpty()) {
            scope.add("tenant_id IN (<tenants>)");
        }
        if (query.includeGlobal()) {
            scope.add("tenant_id IS NULL");
        }
        sql.append(String.join(" OR ", scope)).append(')');
        query.from().ifPresent(x -> sql.append(" AND at >= :from"));
        query.to().ifPresent(x -> sql.append(" AND at < :to"));
        query.actorId().ifPresent(x -> sql.append(" AND actor_id = :actor"));
        query.actionPrefix().ifPresent(x -> sql.append(" AND action LIKE :action ESCAPE '!'"));
        sql.append(" ORDER BY seq DESC LIMIT :limit OFFSET :offset");
        return jdbi.withHandle(h -> {
            Query q = h.createQuery(sql.toString());
            if (!query.tenants().isEmpty()) {
                q.bindList("tenants", query.tenants().stream().map(TenantId::value).sorted().toList());
            }
            // records keep microseconds; compare at that precision so bounds mean the same on every database
            query.from().ifPresent(x -> q.bind("from", x.truncatedTo(ChronoUnit.MICROS).atOffset(ZoneOffset.UTC)));
            query.to().ifPresent(x -> q.bind("to", x.truncatedTo(ChronoUnit.MICROS).atOffset(ZoneOffset.UTC)));
            query.actorId().ifPresent(x -> q.bind("actor", x));
            query.actionPrefix().ifPresent(x -> q.bind("action", likePrefix(x)));
            return q.bind("limit", query.limit())
                    .bind("offset", query.offset())
                    .map((rs, ctx) -> row(rs))
                    .list();
        });
    }

    /**
     * Walks the whole chain from the anchor to the head and reports the first row that does not fit: a gap in the
     * sequence, a previous-hash that is not the previous row's hash, a hash that does not match the row's content,
     * or rows missing at the end.
     */
    public ChainVerification verify() {
        return jdbi.withHandle(h -> {
            Head head = h.createQuery("SELECT seq, hash, anchor_seq, anchor_hash FROM audit_head WHERE id = 1")
                    .map((rs, ctx) -> new Head(rs.getLong("seq"), rs.getString("hash"), rs.getLong("anchor_seq"),
                            rs.getString("anchor_hash")))
                    .one();
            long expectedSeq = head.anchorSeq;
            String expectedPrev = head.anchorHash;
            long checked = 0;
            long after = Long.MIN_VALUE;
            while (true) {
                List<RawRow> page = h.createQuery("SELECT " + COLUMNS + " FROM audit_log WHERE seq > :after "
                                + "ORDER BY seq LIMIT 1000")
                        .bind("after", after)
                        .map((rs, ctx) -> readable(rs))
                        .list();
                if (page.isEmpty()) {
                    break;
                }
                for (RawRow r : page) {
                    checked++;
                    AuditRecord rec = r.record;
                    if (rec == null) {
                        return broken(checked, r.sequence, "its content is not a valid entry (edited)");
                    }
                    if (rec.sequence() != expectedSeq) {
                        return broken(checked, rec.sequence(), rec.sequence() < expectedSeq
                                ? "row precedes the chain's anchor " + expectedSeq + " (inserted or not purged)"
                                : "rows " + expectedSeq + " to " + (rec.sequence() - 1) + " are missing");
                    }
                    if (!r.prevHash.equals(expectedPrev)) {
                        return broken(checked, rec.sequence(), "its previous-hash is not the hash of row "
                                + (expectedSeq - 1));
                    }
                    if (!chain(r.prevHash, rec.sequence(), rec.time(), rec.entry()).equals(rec.hash())) {
                        return broken(checked, rec.sequence(), "its content does not match its hash (edited)");
                    }
                    expectedSeq++;
                    expectedPrev = rec.hash();
                    after = r.sequence;
                }
            }
            if (expectedSeq - 1 != head.seq || !expectedPrev.equals(head.seq == 0 ? ZERO : head.hash)) {
                if (head.seq >= expectedSeq) {
                    return broken(checked, expectedSeq, "rows " + expectedSeq + " to " + head.seq
                            + " are missing at the end of the log");
                }
                return broken(checked, expectedSeq - 1, "the last row is not the recorded head");
            }
            return new ChainVerification(checked, Optional.empty(), Optional.empty());
        });
    }

    private record RawRow(long sequence, @Nullable AuditRecord record, String prevHash) {}

    private static RawRow readable(ResultSet rs) throws SQLException {
        long seq = rs.getLong("seq");
        String prev = rs.getString("prev_hash");
        try {
            return new RawRow(seq, row(rs), prev);
        } catch (RuntimeException e) {
            return new RawRow(seq, null, prev);
        }
    }

    private static ChainVerification broken(long checked, long seq, String reason) {
        return new ChainVerification(checked, Optional.of(seq), Optional.of("row " + seq + ": " + reason));
    }

    /**
     * Deletes the records older than {@code age} (the one permitted deletion), moves the chain's anchor to the
     * oldest record kept, and records the purge itself ({@code audit.purge}, with the count and cutoff) in the same
     * transaction. Answers how many records were deleted.
     */
    public int purgeOlderThan(Duration age, Actor actor) {
        requireNonNull(age, "age is null");
        requireNonNull(actor, "actor is null");
        if (age.isNegative() || age.isZero()) {
            throw new MedsocException(AuditErrorCode.INVALID_AUDIT_QUERY, "retention age must be positive, was " + age);
        }
        Instant cutoff = clock.instant().minus(age).truncatedTo(ChronoUnit.MICROS);
        appendLock.lock();
        try {
            return jdbi.inTransaction(h -> {
                Head head = lockHead(h);
                if (dialect == Dialect.POSTGRESQL) {
                    h.createQuery("SELECT set_config('medsoc.audit_purge', 'on', true)").mapTo(String.class).one();
                }
                // the kept part must be a suffix of the chain: delete by sequence below the first row to keep
                long keepFrom = h.createQuery("SELECT MIN(seq) FROM audit_log WHERE at >= :cutoff")
                        .bind("cutoff", cutoff.atOffset(ZoneOffset.UTC))
                        .mapTo(Long.class)
                        .findOne()
                        .orElse(head.seq + 1);
                int deleted = h.createUpdate("DELETE FROM audit_log WHERE seq < :keep")
                        .bind("keep", keepFrom)
                        .execute();
                if (dialect == Dialect.POSTGRESQL) {
                    h.createQuery("SELECT set_config('medsoc.audit_purge', 'off', true)").mapTo(String.class).one();
                }
                if (deleted > 0) {
                    String anchorHash = h.createQuery("SELECT prev_hash FROM audit_log WHERE seq = :s")
                            .bind("s", keepFrom)
                            .mapTo(String.class)
                            .findOne()
                            .orElse(head.hash);
                    h.createUpdate("UPDATE audit_head SET anchor_seq = :s, anchor_hash = :a WHERE id = 1")
                            .bind("s", keepFrom)
                            .bind("a", anchorHash)
                            .execute();
                }
                append(h, AuditEntry.of(actor, Optional.empty(), "audit.purge", Outcome.SUCCESS)
                        .withDetails("{\"deleted\":" + deleted + ",\"before\":\"" + cutoff + "\",\"keptFromSeq\":"
                                + keepFrom + "}"));
                return deleted;
            });
        } catch (MedsocException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new MedsocException(AuditErrorCode.AUDIT_WRITE_FAILED,
                    "cannot purge the audit log: " + Database.translate(e, "audit purge").getMessage(), e);
        } finally {
            appendLock.unlock();
        }
    }

    // ---------------------------------------------------------------- chain

    static String chain(String prevHash, long seq, Instant time, AuditEntry e) {
        StringBuilder b = new StringBuilder(256).append(prevHash).append('|');
        field(b, Long.toString(seq));
        field(b, time.truncatedTo(ChronoUnit.MICROS).toString());
        field(b, e.actor().id());
        field(b, e.actor().name());
        field(b, e.tenant().map(TenantId::value).orElse(null));
        field(b, e.action());
        field(b, e.targetType().orElse(null));
        field(b, e.targetId().orElse(null));
        field(b, e.outcome().name());
        field(b, e.clientAddress().orElse(null));
        field(b, e.details().orElse(null));
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(b.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", ex);
        }
    }

    private static void field(StringBuilder b, @Nullable String value) {
        if (value == null) {
            b.append("~|");
        } else {
            b.append(value.length()).append(':').append(value).append('|');
        }
    }

    private static AuditRecord row(ResultSet rs) throws SQLException {
        String tenant = rs.getString("tenant_id");
        AuditEntry entry = new AuditEntry(
                new Actor(rs.getString("actor_id"), rs.getString("actor_name")),
                tenant == null ? Optional.empty() : Optional.of(TenantId.of(tenant)),
                rs.getString("action"),
                Optional.ofNullable(rs.getString("target_type")),
                Optional.ofNullable(rs.getString("target_id")),
                Outcome.valueOf(rs.getString("outcome")),
                Optional.ofNullable(rs.getString("client_address")),
                Optional.ofNullable(rs.getString("details")));
        OffsetDateTime at = rs.getObject("at", OffsetDateTime.class);
        return new AuditRecord(rs.getLong("seq"), at.toInstant(), entry, rs.getString("hash"));
    }

    private static String likePrefix(String prefix) {
        StringBuilder b = new StringBuilder(prefix.length() + 1);
        for (int i = 0; i < prefix.length(); i++) {
            char c = prefix.charAt(i);
            if (c == '%' || c == '_' || c == '!') {
                b.append('!');
            }
            b.append(c);
        }
        return b.append('%').toString();
    }
}
