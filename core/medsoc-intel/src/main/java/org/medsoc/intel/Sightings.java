package org.medsoc.intel;

import static java.util.Objects.requireNonNull;

import java.lang.System.Logger.Level;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.jdbi.v3.core.Handle;
import org.medsoc.database.Database;
import org.medsoc.database.Sql;
import org.medsoc.spi.error.MedsocException;
import org.medsoc.spi.event.TenantId;

/**
 * The sightings of indicators, per tenant, kept in the node database (module schema {@code intel}).
 *
 * <p>Two ways in. {@link #report} stores one sighting at once (an analyst's verdict, a partner's report).
 * {@link #observed}, called by {@link IntelLibrary#enrich} for every event that matched an indicator, only counts in
 * memory per (tenant, indicator); {@link #flush} (run periodically by the node and on close) adds the counts to one
 * automatic SEEN row per (tenant, indicator) in a single transaction, so ingest never waits for the database. At
 * most {@code maxPending} distinct (tenant, indicator) pairs are held between flushes; observations of further pairs
 * are counted in {@link #dropped()} and lost.
 *
 * <p>Analyst verdicts act per tenant: the latest FALSE_POSITIVE, EXPIRED or TRUE_POSITIVE sighting of an indicator
 * (of origin USER or NODE) decides whether it is <em>suppressed</em> for that tenant: after FALSE_POSITIVE or
 * EXPIRED its matches are still counted as SEEN but no longer stamp events (so no alert), until a TRUE_POSITIVE
 * re-activates it. Other tenants and the indicator's confidence are not touched: a benign hit in one hospital says
 * nothing about another.
 */
public final class Sightings {
    private static final System.Logger LOG = System.getLogger(Sightings.class.getName());
    /** Default bound of the (tenant, indicator) pairs counted between two flushes. */
    public static final int DEFAULT_MAX_PENDING = 100_000;

    private final Database db;
    private final Clock clock;
    private final int maxPending;
    private final ConcurrentHashMap<TenantIndicator, Pending> pending = new ConcurrentHashMap<>();
    private final AtomicLong dropped = new AtomicLong();
    private volatile Set<TenantIndicator> suppressed;

    /** Per-pair counts between flushes; updated under its own lock (contention only on the same indicator). */
    private static final class Pending {
        long count;
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        boolean closed;

        /** Adds one observation; false when a flush already took this entry (the caller takes a fresh one). */
        synchronized boolean add(long millis) {
            if (closed) {
                return false;
            }
            count++;
            first = Math.min(first, millis);
            last = Math.max(last, millis);
            return true;
        }
    }

    private Sightings(Database db, Clock clock, int maxPending) {
        this.db = db;
        this.clock = clock;
        this.maxPending = maxPending;
        this.suppressed = loadSuppressed();
    }

    /** The sightings in this database; applies the module's schema migrations. */
    public static Sightings create(Database db, Clock clock) {
        return create(db, clock, DEFAULT_MAX_PENDING);
    }

    /** As {@link #create(Database, Clock)} with another bound of pending pairs. */
    public static Sightings create(Database db, Clock clock, int maxPending) {
        requireNonNull(db, "db is null");
        requireNonNull(clock, "clock is null");
        if (maxPending < 1) {
            throw new IllegalArgumentException("maxPending must be positive: " + maxPending);
        }
        db.migrate("intel");
        return new Sightings(db, clock, maxPending);
    }

    /**
     * Counts one match of an indicator (value already normalised) in a tenant's event at {@code millis}; answers
     * whether the indicator is suppressed for the tenant. Called on the ingest workers; never touches the database.
     */
    boolean observed(TenantId tenant, IndicatorType type, String value, long millis) {
        TenantIndicator key = new TenantIndicator(tenant, type, value);
        while (true) {
            Pending p = pending.get(key);
            if (p == null) {
                if (pending.size() >= maxPending) {
                    dropped.incrementAndGet();
                    break;
                }
                p = pending.computeIfAbsent(key, k -> new Pending());
            }
            if (p.add(millis)) {
                break;
            }
        }
        return suppressed.contains(key);
    }

    /** Whether the tenant's latest verdict on the indicator suppresses its matches. */
    public boolean suppressed(TenantId tenant, IndicatorKey indicator) {
        return suppressed.contains(new TenantIndicator(tenant, indicator.type(), indicator.value()));
    }

    /** Observations of pairs beyond the pending bound, lost since start. */
    public long dropped() {
        return dropped.get();
    }

    /** Number of (tenant, indicator) pairs counted since the last flush. */
    public int pending() {
        return pending.size();
    }

    /**
     * Writes the counted observations as automatic SEEN sightings (one row per tenant and indicator, created or
     * grown) in one transaction; answers the number of pairs written. On failure the counts are kept for the next
     * flush and the failure is thrown.
     */
    public synchronized int flush() {
        if (pending.isEmpty()) {
            return 0;
        }
        Map<TenantIndicator, long[]> batch = new HashMap<>();
        for (TenantIndicator key : List.copyOf(pending.keySet())) {
            Pending p = pending.remove(key);
            if (p != null) {
                synchronized (p) {
                    p.closed = true;
                    batch.put(key, new long[] {p.count, p.first, p.last});
                }
            }
        }
        Instant now = clock.instant();
        try {
            db.inTransaction("recording " + batch.size() + " automatic sightings", h -> {
                for (Map.Entry<TenantIndicator, long[]> e : batch.entrySet()) {
                    TenantIndicator k = e.getKey();
                    long[] v = e.getValue();
                    Instant first = Instant.ofEpochMilli(v[1]);
                    Instant last = Instant.ofEpochMilli(v[2]);
                    int updated = h.createUpdate("UPDATE intel_sighting SET sighting_count = sighting_count + :n,"
                                    + " first_seen = LEAST(first_seen, :first), last_seen = GREATEST(last_seen, :last),"
                                    + " updated_at = :now WHERE tenant_id = :t AND indicator_type = :type"
                                    + " AND indicator_value = :value AND kind = 'SEEN' AND origin = 'AUTOMATIC'")
                            .bind("n", v[0]).bind("first", Sql.at(first)).bind("last", Sql.at(last))
                            .bind("now", Sql.at(now)).bind("t", k.tenant().value()).bind("type", k.type().name())
                            .bind("value", k.value()).execute();
                    if (updated == 0) {
                        insert(h, k.tenant(), k.type(), k.value(), SightingKind.SEEN, SightingOrigin.AUTOMATIC,
                                "pipeline", first, last, v[0], "", now);
                    }
                }
                return null;
            });
        } catch (RuntimeException e) {
            for (Map.Entry<TenantIndicator, long[]> e2 : batch.entrySet()) {
                long[] v = e2.getValue();
                Pending p = pending.computeIfAbsent(e2.getKey(), k -> new Pending());
                synchronized (p) {
                    p.count += v[0];
                    p.first = Math.min(p.first, v[1]);
                    p.last = Math.max(p.last, v[2]);
                }
            }
            throw e;
        }
        LOG.log(Level.DEBUG, "flushed automatic sightings of {0} indicators", batch.size());
        return batch.size();
    }

    /**
     * Stores one sighting now; a FALSE_POSITIVE, EXPIRED or TRUE_POSITIVE from a USER or NODE changes whether the
     * indicator is suppressed for the tenant (see the class comment).
     *
     * @throws MedsocException INVALID_SIGHTING when the note or source is too long
     */
    public RecordedSighting report(TenantId tenant, Sighting sighting, SightingOrigin origin) {
        requireNonNull(tenant, "tenant is null");
        requireNonNull(sighting, "sighting is null");
        requireNonNull(origin, "origin is null");
        if (sighting.note().length() > 4000) {
            throw new MedsocException(IntelErrorCode.INVALID_SIGHTING, "the note has " + sighting.note().length()
                    + " characters; at most 4000 are kept");
        }
        if (sighting.source().isBlank() || sighting.source().length() > 200) {
            throw new MedsocException(IntelErrorCode.INVALID_SIGHTING, "the source must be 1 to 200 characters");
        }
        Instant now = clock.instant();
        IndicatorKey k = sighting.indicator();
        long id = db.inTransaction("recording a sighting of " + k, h -> insert(h, tenant, k.type(), k.value(),
                sighting.kind(), origin, sighting.source(), sighting.firstSeen(), sighting.time(), sighting.count(),
                sighting.note(), now));
        if (sighting.kind() != SightingKind.SEEN && origin != SightingOrigin.AUTOMATIC) {
            this.suppressed = loadSuppressed();
        }
        return new RecordedSighting(id, tenant, k, sighting.kind(), origin, sighting.source(),
                Sql.millis(sighting.firstSeen()), Sql.millis(sighting.time()), sighting.count(), sighting.note(),
                Sql.millis(now), Sql.millis(now));
    }

    /** The sightings of one indicator by a tenant, most recently updated first, at most {@code limit}. */
    public List<RecordedSighting> of(TenantId tenant, IndicatorKey indicator, int limit) {
        return db.inTransaction("reading sightings of " + indicator, h -> h.createQuery(
                        "SELECT * FROM intel_sighting WHERE tenant_id = :t AND indicator_type = :type"
                                + " AND indicator_value = :value ORDER BY updated_at DESC, id DESC LIMIT :limit")
                .bind("t", tenant.value()).bind("type", indicator.type().name()).bind("value", indicator.value())
                .bind("limit", limit).map((rs, ctx) -> row(rs)).list());
    }

    /** The sightings of a tenant updated after a time (all when empty), oldest update first, at most {@code limit}. */
    public List<RecordedSighting> updatedAfter(TenantId tenant, Optional<Instant> after, int limit) {
        return db.inTransaction("reading sightings", h -> h.createQuery("SELECT * FROM intel_sighting WHERE tenant_id = :t"
                        + (after.isPresent() ? " AND updated_at > :after" : "") + " ORDER BY updated_at, id LIMIT :limit")
                .bind("t", tenant.value()).bind("after", Sql.at(after.orElse(null))).bind("limit", limit)
                .map((rs, ctx) -> row(rs)).list());
    }

    /** Per indicator the tenant sighted, the sums per kind, the last time seen and whether it is suppressed. */
    public Map<IndicatorKey, SightingCounts> counts(TenantId tenant) {
        Set<TenantIndicator> off = suppressed;
        return db.inTransaction("counting sightings", h -> {
            Map<IndicatorKey, SightingCounts> out = new HashMap<>();
            h.createQuery("SELECT indicator_type, indicator_value, kind, SUM(sighting_count) AS n,"
                            + " MAX(last_seen) AS last FROM intel_sighting WHERE tenant_id = :t"
                            + " GROUP BY indicator_type, indicator_value, kind")
                    .bind("t", tenant.value())
                    .map((rs, ctx) -> {
                        IndicatorType type = IndicatorType.valueOf(rs.getString("indicator_type"));
                        String value = rs.getString("indicator_value");
                        IndicatorKey key = new IndicatorKey(type, value);
                        SightingCounts c = out.getOrDefault(key, SightingCounts.NONE);
                        long n = rs.getLong("n");
                        Instant last = Sql.instant(rs, "last");
                        Optional<Instant> lastSeen = c.lastSeen().isPresent() && c.lastSeen().get().isAfter(last)
                                ? c.lastSeen() : Optional.of(last);
                        boolean isOff = off.contains(new TenantIndicator(tenant, type, value));
                        c = switch (SightingKind.valueOf(rs.getString("kind"))) {
                            case SEEN -> new SightingCounts(c.seen() + n, c.truePositive(), c.falsePositive(),
                                    c.expired(), lastSeen, isOff);
                            case TRUE_POSITIVE -> new SightingCounts(c.seen(), c.truePositive() + n,
                                    c.falsePositive(), c.expired(), lastSeen, isOff);
                            case FALSE_POSITIVE -> new SightingCounts(c.seen(), c.truePositive(),
                                    c.falsePositive() + n, c.expired(), lastSeen, isOff);
                            case EXPIRED -> new SightingCounts(c.seen(), c.truePositive(), c.falsePositive(),
                                    c.expired() + n, lastSeen, isOff);
                        };
                        out.put(key, c);
                        return key;
                    }).list();
            return out;
        });
    }

    private static long insert(Handle h, TenantId tenant, IndicatorType type, String value, SightingKind kind,
            SightingOrigin origin, String source, Instant first, Instant last, long count, String note, Instant now) {
        return h.createUpdate("INSERT INTO intel_sighting (tenant_id, indicator_type, indicator_value, kind, origin,"
                        + " source_name, first_seen, last_seen, sighting_count, note, recorded_at, updated_at)"
                        + " VALUES (:t, :type, :value, :kind, :origin, :source, :first, :last, :n, :note, :now, :now)")
                .bind("t", tenant.value()).bind("type", type.name()).bind("value", value).bind("kind", kind.name())
                .bind("origin", origin.name()).bind("source", source).bind("first", Sql.at(first))
                .bind("last", Sql.at(last)).bind("n", count).bind("note", note).bind("now", Sql.at(now))
                .executeAndReturnGeneratedKeys("id").mapTo(Long.class).one();
    }

    private static RecordedSighting row(ResultSet rs) throws SQLException {
        return new RecordedSighting(rs.getLong("id"), TenantId.of(rs.getString("tenant_id")),
                new IndicatorKey(IndicatorType.valueOf(rs.getString("indicator_type")), rs.getString("indicator_value")),
                SightingKind.valueOf(rs.getString("kind")), SightingOrigin.valueOf(rs.getString("origin")),
                rs.getString("source_name"), Sql.instant(rs, "first_seen"), Sql.instant(rs, "last_seen"),
                rs.getLong("sighting_count"), rs.getString("note"), Sql.instant(rs, "recorded_at"),
                Sql.instant(rs, "updated_at"));
    }

    private Set<TenantIndicator> loadSuppressed() {
        return db.inTransaction("reading sighting verdicts", h -> {
            Map<TenantIndicator, String> latest = new HashMap<>();
            h.createQuery("SELECT tenant_id, indicator_type, indicator_value, kind FROM intel_sighting"
                            + " WHERE kind <> 'SEEN' AND origin <> 'AUTOMATIC' ORDER BY id")
                    .map((rs, ctx) -> {
                        latest.put(new TenantIndicator(TenantId.of(rs.getString("tenant_id")),
                                IndicatorType.valueOf(rs.getString("indicator_type")),
                                rs.getString("indicator_value")), rs.getString("kind"));
                        return 0;
                    }).list();
            Set<TenantIndicator> out = new HashSet<>();
            latest.forEach((k, kind) -> {
                if (!kind.equals(SightingKind.TRUE_POSITIVE.name())) {
                    out.add(k);
                }
            });
            return Set.copyOf(out);
        });
    }

    @Override
    public String toString() {
        return "Sightings[pending=" + pending.size() + ", suppressed=" + suppressed.size() + ", dropped=" + dropped.get()
                + "]";
    }

    /** The key of the in-memory counts and verdicts; the value is the indicator's normalised value. */
    record TenantIndicator(TenantId tenant, IndicatorType type, String value) {
        @Override
        public String toString() {
            return tenant + "/" + type.name().toLowerCase(Locale.ROOT) + ":" + value;
        }
    }
}
