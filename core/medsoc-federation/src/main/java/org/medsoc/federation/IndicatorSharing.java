package org.medsoc.federation;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.jdbi.v3.core.Handle;
import org.medsoc.database.Database;
import org.medsoc.database.Sql;

/**
 * Redistribution of shared indicators at the hub. The {@link Inbox} logs every sighting a node shared with
 * distribution {@code COMMUNITY}, {@code CONNECTED_COMMUNITIES} or {@code ALL} ({@code ORGANISATION} stays at the
 * hub); {@link #run} takes the log after its persisted cursor and issues, per indicator kind, an
 * {@code INDICATOR_SET} directive named {@code shared:<kind>} to every other active member (never back to the node
 * that shared it), moving the cursor in the same transaction, so each sighting is redistributed exactly once. The
 * hub runs it on a schedule (every minute). Before redistributing, the hub applies its own {@link SharingFilter}
 * again (defence in depth against a node that shares what it should not).
 */
public final class IndicatorSharing {
    /** The user recorded as the issuer of redistribution directives. */
    public static final String ISSUER = "hub:sharing";
    /** The prefix of the indicator set names. */
    public static final String SET_PREFIX = "shared:";
    /** The most log rows one run takes; the rest is left for the next run. */
    public static final int MAX_PER_RUN = 5000;

    private static final int CHUNK = 500;
    private static final System.Logger LOG = System.getLogger(IndicatorSharing.class.getName());

    private final Database db;
    private final Directives directives;
    private final SharingFilter filter;
    private final Clock clock;

    /** Creates the job over a migrated database. */
    public IndicatorSharing(Database db, Directives directives, SharingFilter filter, Clock clock) {
        this.db = requireNonNull(db, "db is null");
        this.directives = requireNonNull(directives, "directives is null");
        this.filter = requireNonNull(filter, "filter is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    /** Whether sightings with this distribution go to the other members. */
    static boolean redistributable(String distribution) {
        return switch (distribution) {
            case "COMMUNITY", "CONNECTED_COMMUNITIES", "ALL" -> true;
            default -> false;
        };
    }

    /** What one run did. */
    public record Run(int sightings, int refused, List<IssuedDirective> directives) {
        /** Checks the parts. */
        public Run {
            directives = List.copyOf(requireNonNull(directives, "directives is null"));
        }
    }

    /**
     * Redistributes everything logged since the last run, in one transaction with the cursor move; answers what it
     * did. Concurrent runs serialise on the cursor row.
     */
    public Run run() {
        try {
            return db.jdbi().inTransaction(this::run);
        } catch (RuntimeException e) {
            throw Database.translate(e, "indicator redistribution");
        }
    }

    private Run run(Handle h) {
        long last = h.createQuery("SELECT last_id FROM hub_share_cursor WHERE id = 1 FOR UPDATE")
                .mapTo(Long.class).one();
        record Row(long id, String node, String kind, String value, String distribution, String tlp) {}
        List<Row> rows = h.createQuery("SELECT id, node_id, kind, val, distribution, tlp FROM hub_shared_indicator "
                        + "WHERE id > :last ORDER BY id LIMIT :limit")
                .bind("last", last).bind("limit", MAX_PER_RUN)
                .map((rs, ctx) -> new Row(rs.getLong("id"), rs.getString("node_id"), rs.getString("kind"),
                        rs.getString("val"), rs.getString("distribution"), rs.getString("tlp")))
                .list();
        if (rows.isEmpty()) {
            return new Run(0, 0, List.of());
        }
        List<String> active = h.createQuery("SELECT node_id FROM hub_node WHERE state = 'ACTIVE' ORDER BY node_id")
                .mapTo(String.class).list();
        Instant now = Sql.millis(clock.instant());
        // kind -> indicator value -> the nodes that shared it
        Map<String, Map<String, Set<String>>> byKind = new TreeMap<>();
        int refused = 0;
        for (Row r : rows) {
            ReportBody.IndicatorSighting s = new ReportBody.IndicatorSighting(r.kind(), r.value(), 1, now, now,
                    r.distribution(), r.tlp());
            SharingFilter.Outcome outcome = filter.filter(List.of(s));
            if (outcome.shared().isEmpty()) {
                refused++;
                LOG.log(System.Logger.Level.INFO, "not redistributing a " + r.kind() + " indicator shared by node "
                        + r.node() + ": " + outcome.refused().getFirst().reason());
                continue;
            }
            String value = outcome.shared().getFirst().value();
            byKind.computeIfAbsent(r.kind(), k -> new LinkedHashMap<>())
                    .computeIfAbsent(value, v -> new TreeSet<>()).add(r.node());
        }
        List<IssuedDirective> issued = new ArrayList<>();
        for (Map.Entry<String, Map<String, Set<String>>> kind : byKind.entrySet()) {
            // each recipient gets the indicators it did not share itself; recipients with the same list share one
            // directive
            Map<List<String>, Set<NodeId>> recipientsByList = new LinkedHashMap<>();
            for (String node : active) {
                List<String> values = new ArrayList<>();
                for (Map.Entry<String, Set<String>> v : kind.getValue().entrySet()) {
                    if (!v.getValue().contains(node)) {
                        values.add(v.getKey());
                    }
                }
                if (!values.isEmpty()) {
                    recipientsByList.computeIfAbsent(values, k -> new LinkedHashSet<>()).add(new NodeId(node));
                }
            }
            for (Map.Entry<List<String>, Set<NodeId>> e : recipientsByList.entrySet()) {
                List<String> values = e.getKey();
                // chunks keep each directive well below Directives.MAX_PAYLOAD (values are at most 1000 characters)
                for (int from = 0; from < values.size(); from += CHUNK) {
                    DirectiveBody.IndicatorSet set = new DirectiveBody.IndicatorSet(SET_PREFIX + kind.getKey(),
                            values.subList(from, Math.min(values.size(), from + CHUNK)).stream()
                                    .map(v -> new DirectiveBody.Indicator(kind.getKey(), v)).toList());
                    issued.add(directives.issue(h, set, new Target.Nodes(e.getValue()), ISSUER));
                }
            }
        }
        h.createUpdate("UPDATE hub_share_cursor SET last_id = :last, updated_at = :now WHERE id = 1")
                .bind("last", rows.getLast().id()).bind("now", Sql.at(now)).execute();
        return new Run(rows.size(), refused, issued);
    }
}
