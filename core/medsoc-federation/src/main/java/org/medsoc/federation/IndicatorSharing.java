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

    /** TLP names from the least to the most restrictive. */
    private static final List<String> TLP_ORDER = List.of("CLEAR", "GREEN", "AMBER", "AMBER_STRICT", "RED");
    /** Distribution names from the most to the least restrictive. */
    private static final List<String> DISTRIBUTION_ORDER = List.of("ORGANISATION", "SHARING_GROUP", "COMMUNITY",
            "CONNECTED_COMMUNITIES", "ALL");

    /** The labels of a redistributed set. */
    private record Labels(String tlp, String distribution, int confidence) {}

    /** One recipient list: labels and values. */
    private record LabelledValues(Labels labels, List<String> values) {}

    /**
     * The members that shared one indicator in a run and the most restrictive TLP and distribution among their
     * sightings; the confidence grows with the number of members that saw it: 50 for one, 15 more for each further
     * member, at most 95.
     */
    private static final class Contribution {
        final Set<String> nodes = new TreeSet<>();
        String tlp = TLP_ORDER.getFirst();
        String distribution = DISTRIBUTION_ORDER.getLast();

        void add(String node, ReportBody.IndicatorSighting s) {
            nodes.add(node);
            if (TLP_ORDER.indexOf(s.tlp()) > TLP_ORDER.indexOf(tlp)) {
                tlp = s.tlp();
            }
            if (DISTRIBUTION_ORDER.indexOf(s.distribution()) < DISTRIBUTION_ORDER.indexOf(distribution)) {
                distribution = s.distribution();
            }
        }

        Labels labels() {
            return new Labels(tlp, distribution, Math.min(95, 50 + 15 * (nodes.size() - 1)));
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
        // kind -> indicator value -> who shared it and with which labels
        Map<String, Map<String, Contribution>> byKind = new TreeMap<>();
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
            ReportBody.IndicatorSighting shared = outcome.shared().getFirst();
            byKind.computeIfAbsent(r.kind(), k -> new LinkedHashMap<>())
                    .computeIfAbsent(shared.value(), v -> new Contribution()).add(r.node(), shared);
        }
        List<IssuedDirective> issued = new ArrayList<>();
        for (Map.Entry<String, Map<String, Contribution>> kind : byKind.entrySet()) {
            // each recipient gets the indicators it did not share itself, in one set per set of labels; recipients
            // with the same list share one directive
            Map<LabelledValues, Set<NodeId>> recipientsByList = new LinkedHashMap<>();
            for (String node : active) {
                Map<Labels, List<String>> mine = new LinkedHashMap<>();
                for (Map.Entry<String, Contribution> v : kind.getValue().entrySet()) {
                    if (!v.getValue().nodes.contains(node)) {
                        mine.computeIfAbsent(v.getValue().labels(), k -> new ArrayList<>()).add(v.getKey());
                    }
                }
                for (Map.Entry<Labels, List<String>> m : mine.entrySet()) {
                    recipientsByList.computeIfAbsent(new LabelledValues(m.getKey(), m.getValue()),
                            k -> new LinkedHashSet<>()).add(new NodeId(node));
                }
            }
            for (Map.Entry<LabelledValues, Set<NodeId>> e : recipientsByList.entrySet()) {
                List<String> values = e.getKey().values();
                Labels labels = e.getKey().labels();
                // chunks keep each directive well below Directives.MAX_PAYLOAD (values are at most 1000 characters)
                for (int from = 0; from < values.size(); from += CHUNK) {
                    DirectiveBody.IndicatorSet set = new DirectiveBody.IndicatorSet(SET_PREFIX + kind.getKey(),
                            values.subList(from, Math.min(values.size(), from + CHUNK)).stream()
                                    .map(v -> new DirectiveBody.Indicator(kind.getKey(), v)).toList(),
                            labels.tlp(), labels.distribution(), labels.confidence());
                    issued.add(directives.issue(h, set, new Target.Nodes(e.getValue()), ISSUER));
                }
            }
        }
        h.createUpdate("UPDATE hub_share_cursor SET last_id = :last, updated_at = :now WHERE id = 1")
                .bind("last", rows.getLast().id()).bind("now", Sql.at(now)).execute();
        return new Run(rows.size(), refused, issued);
    }
}
