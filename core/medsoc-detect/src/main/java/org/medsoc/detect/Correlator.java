package org.medsoc.detect;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.medsoc.spi.event.Event;
import org.medsoc.spi.event.Field;
import org.medsoc.spi.event.Fields;

/**
 * Evaluates Sigma correlation rules over the stream of base-rule matches: counts, distinct values, sums, averages,
 * value shares and (ordered) co-occurrence of rules, per group of equal group-by values within a sliding timespan of
 * event time.
 *
 * <p>Feed it every match of a base rule with {@link #observe}; it emits a {@link CorrelationMatch} when a
 * correlation's condition becomes true for a group, then clears that group's window, so one burst raises one match.
 * Correlations may reference correlations: a match of the inner one is observed by the outer one at its
 * {@code lastMillis}, with the inner group key as its fields. References are resolved once at creation; a correlation
 * with an unknown reference, or in a reference cycle, is {@linkplain #refused() refused with its reason}.
 *
 * <p>State is bounded by {@link CorrelationLimits} and visible through {@link #stats()}. Thread-safe.
 */
public final class Correlator {
    /*
     * Concurrency: each correlation (Node) has its own lock guarding its groups and counters. observe() takes the lock
     * of one node at a time: matches are collected under the lock and emitted (and passed to outer correlations)
     * after releasing it, so chains cannot deadlock and callbacks never run under a lock.
     *
     * Windows: a group holds its entries sorted by event time. The window ends at the latest event time seen for the
     * group; entries older than latest - timespan are removed as events arrive (and by expire(now)). An event older
     * than the window of its group is dropped and counted. Events may thus arrive out of order within a timespan.
     * The condition is evaluated over the whole window after each arrival.
     */

    private record Entry(long time, int rule, @Nullable String value, List<String> ids) {}

    private static final class Window {
        final ArrayList<Entry> entries = new ArrayList<>();
        final HashMap<String, Integer> valueCounts = new HashMap<>();
        final int[] ruleCounts;
        double sum;
        long latest = Long.MIN_VALUE;

        Window(int rules) {
            ruleCounts = new int[rules];
        }

        void add(Entry e) {
            int at = entries.size();
            while (at > 0 && entries.get(at - 1).time() > e.time()) {
                at--;
            }
            entries.add(at, e);
            ruleCounts[e.rule()]++;
            String v = e.value();
            if (v != null) {
                valueCounts.merge(v, 1, Integer::sum);
                sum += number(v);
            }
            latest = Math.max(latest, e.time());
        }

        void removeAt(int index) {
            Entry e = entries.remove(index);
            ruleCounts[e.rule()]--;
            String v = e.value();
            if (v != null) {
                valueCounts.merge(v, -1, (a, b) -> a + b == 0 ? null : a + b);
                sum -= number(v);
            }
        }

        /** Removes entries older than {@code from}; answers how many. */
        int expireBefore(long from) {
            int removed = 0;
            while (!entries.isEmpty() && entries.getFirst().time() < from) {
                removeAt(0);
                removed++;
            }
            return removed;
        }
    }

    /** One taken correlation with its state. */
    private static final class Node {
        final SigmaCorrelation correlation;
        final String label;
        final CorrelationLimits limits;
        final LinkedHashMap<List<String>, Window> groups = new LinkedHashMap<>(16, 0.75f, true);
        final List<Edge> outer = new ArrayList<>();
        long evictions;
        long dropped;
        long matches;

        Node(SigmaCorrelation correlation, CorrelationLimits limits) {
            this.correlation = correlation;
            this.label = correlation.label();
            this.limits = limits;
        }
    }

    /** Where matches of a rule or correlation go: a node and the index of the reference in its {@code rules}. */
    private record Edge(Node node, int rule) {
        /** The Sigma field to read for group-by entry {@code i}, after aliases for this reference. */
        String groupField(int i) {
            String groupBy = node.correlation.groupBy().get(i);
            Map<String, String> byRule = node.correlation.aliases().get(groupBy);
            if (byRule == null) {
                return groupBy;
            }
            String field = byRule.get(node.correlation.rules().get(rule));
            return field != null ? field : groupBy;
        }
    }

    /** What an observation reads: fields by Sigma name, time, member ids. */
    private interface Input {
        @Nullable String value(String sigmaField);

        long time();

        List<String> ids();
    }

    private final List<Node> nodes;
    private final Map<SigmaRule, List<Edge>> byRule; // identity
    private final Map<SigmaRule, List<Edge>> byEqualRule;
    private final ConcurrentHashMap<CompiledRule, List<Edge>> edgeCache = new ConcurrentHashMap<>();
    private final List<Detector.Refusal> refused;

    private Correlator(List<Node> nodes, Map<SigmaRule, List<Edge>> byRule, List<Detector.Refusal> refused) {
        this.nodes = List.copyOf(nodes);
        this.byRule = byRule;
        this.byEqualRule = new HashMap<>();
        byRule.forEach((rule, edges) -> byEqualRule.merge(rule, edges, (a, b) -> {
            List<Edge> all = new ArrayList<>(a);
            all.addAll(b);
            return all;
        }));
        this.refused = List.copyOf(refused);
    }

    /**
     * Resolves the correlations' references (by id or name) against {@code baseRules} and each other, and creates
     * the engine.
     *
     * @param correlations the correlation rules
     * @param baseRules the detection rules whose matches will be observed (normally those given to the
     *     {@link Detector})
     * @param limits state bounds
     */
    public static Correlator create(List<SigmaCorrelation> correlations, List<SigmaRule> baseRules,
            CorrelationLimits limits) {
        requireNonNull(correlations, "correlations is null");
        requireNonNull(baseRules, "baseRules is null");
        requireNonNull(limits, "limits is null");
        List<Detector.Refusal> refused = new ArrayList<>();
        // resolve every reference to base rules and correlations
        Map<SigmaCorrelation, List<List<SigmaRule>>> ruleTargets = new IdentityHashMap<>();
        Map<SigmaCorrelation, List<List<SigmaCorrelation>>> correlationTargets = new IdentityHashMap<>();
        List<SigmaCorrelation> candidates = new ArrayList<>();
        for (SigmaCorrelation c : correlations) {
            List<List<SigmaRule>> rules = new ArrayList<>();
            List<List<SigmaCorrelation>> inner = new ArrayList<>();
            List<String> unknown = new ArrayList<>();
            for (String reference : c.rules()) {
                List<SigmaRule> r = baseRules.stream().filter(b -> b.isReferencedBy(reference)).toList();
                List<SigmaCorrelation> i =
                        correlations.stream().filter(o -> o != c && o.isReferencedBy(reference)).toList();
                if (r.isEmpty() && i.isEmpty()) {
                    unknown.add(reference);
                }
                rules.add(r);
                inner.add(i);
            }
            if (!unknown.isEmpty()) {
                refused.add(new Detector.Refusal(c.label(), "correlation '" + c.title() + "' references " + unknown
                        + ", which match no loaded rule or correlation id or name; load them or fix the references"));
                continue;
            }
            ruleTargets.put(c, rules);
            correlationTargets.put(c, inner);
            candidates.add(c);
        }
        // drop correlations that depend on refused ones or sit in a cycle, until nothing changes
        boolean changed = true;
        while (changed) {
            changed = false;
            for (Iterator<SigmaCorrelation> it = candidates.iterator(); it.hasNext(); ) {
                SigmaCorrelation c = it.next();
                String why = null;
                for (List<SigmaCorrelation> inner : correlationTargets.get(c)) {
                    for (SigmaCorrelation i : inner) {
                        if (!candidates.contains(i)) {
                            why = "references correlation " + i.label() + ", which was refused";
                        } else if (reaches(i, c, correlationTargets, new IdentityHashMap<>())) {
                            why = "is part of a reference cycle through " + i.label() + "; correlations must form a chain";
                        }
                    }
                }
                if (why != null) {
                    refused.add(new Detector.Refusal(c.label(), "correlation '" + c.title() + "' " + why));
                    it.remove();
                    changed = true;
                }
            }
        }
        Map<SigmaCorrelation, Node> nodes = new IdentityHashMap<>();
        List<Node> ordered = new ArrayList<>();
        for (SigmaCorrelation c : candidates) {
            Node n = new Node(c, limits);
            nodes.put(c, n);
            ordered.add(n);
        }
        Map<SigmaRule, List<Edge>> byRule = new IdentityHashMap<>();
        for (SigmaCorrelation c : candidates) {
            Node n = nodes.get(c);
            for (int k = 0; k < c.rules().size(); k++) {
                for (SigmaRule r : ruleTargets.get(c).get(k)) {
                    byRule.computeIfAbsent(r, x -> new ArrayList<>()).add(new Edge(n, k));
                }
                for (SigmaCorrelation i : correlationTargets.get(c).get(k)) {
                    nodes.get(i).outer.add(new Edge(n, k));
                }
            }
        }
        return new Correlator(ordered, byRule, refused);
    }

    private static boolean reaches(SigmaCorrelation from, SigmaCorrelation target,
            Map<SigmaCorrelation, List<List<SigmaCorrelation>>> inner, Map<SigmaCorrelation, Boolean> seen) {
        if (from == target) {
            return true;
        }
        if (seen.put(from, Boolean.TRUE) != null) {
            return false;
        }
        List<List<SigmaCorrelation>> next = inner.get(from);
        if (next == null) {
            return false;
        }
        for (List<SigmaCorrelation> list : next) {
            for (SigmaCorrelation c : list) {
                if (reaches(c, target, inner, seen)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Correlations refused at creation, with reasons (unknown references, refused dependencies, cycles). */
    public List<Detector.Refusal> refused() {
        return refused;
    }

    /** The correlations taken, in the order given. */
    public List<SigmaCorrelation> correlations() {
        return nodes.stream().map(n -> n.correlation).toList();
    }

    /**
     * Whether a base rule should raise its own alerts: false when correlations reference it and all of them have
     * {@code generate: false} (the Sigma default), true otherwise.
     */
    public boolean generatesOwnAlerts(CompiledRule base) {
        List<Edge> edges = edges(base);
        if (edges.isEmpty()) {
            return true;
        }
        for (Edge e : edges) {
            if (e.node().correlation.generate()) {
                return true;
            }
        }
        return false;
    }

    private List<Edge> edges(CompiledRule base) {
        List<Edge> cached = edgeCache.get(base);
        if (cached != null) {
            return cached;
        }
        List<Edge> edges = byRule.get(base.rule());
        if (edges == null) {
            edges = byEqualRule.getOrDefault(base.rule(), List.of());
        }
        edgeCache.putIfAbsent(base, edges);
        return edges;
    }

    /**
     * Observes a match of base rule {@code matched} on {@code event} (at {@code event.timestamp()}); calls
     * {@code out} with every correlation match this completes, including chained ones.
     */
    public void observe(CompiledRule matched, Event event, Consumer<CorrelationMatch> out) {
        requireNonNull(matched, "matched is null");
        requireNonNull(event, "event is null");
        requireNonNull(out, "out is null");
        List<Edge> edges = edges(matched);
        if (edges.isEmpty()) {
            return;
        }
        FieldNameMapper mapper = matched.fieldNameMapper();
        String id = event.id();
        List<String> ids = id == null ? List.of() : List.of(id);
        Input input = new Input() {
            @Override
            public @Nullable String value(String sigmaField) {
                Optional<Field> f = Fields.find(mapper.map(sigmaField));
                return f.isPresent() ? event.value(f.get()) : null;
            }

            @Override
            public long time() {
                return event.timestamp();
            }

            @Override
            public List<String> ids() {
                return ids;
            }
        };
        for (Edge e : edges) {
            observe(e, input, out);
        }
    }

    private void observe(Edge edge, Input input, Consumer<CorrelationMatch> out) {
        Node node = edge.node();
        CorrelationMatch match = accept(node, edge, input);
        if (match == null) {
            return;
        }
        out.accept(match);
        if (node.outer.isEmpty()) {
            return;
        }
        Input chained = new Input() {
            @Override
            public @Nullable String value(String sigmaField) {
                return match.groupKey().get(sigmaField);
            }

            @Override
            public long time() {
                return match.lastMillis();
            }

            @Override
            public List<String> ids() {
                return match.memberEventIds();
            }
        };
        for (Edge e : node.outer) {
            observe(e, chained, out);
        }
    }

    private static @Nullable CorrelationMatch accept(Node node, Edge edge, Input input) {
        SigmaCorrelation c = node.correlation;
        List<String> groupBy = c.groupBy();
        List<String> key = new ArrayList<>(groupBy.size());
        for (int i = 0; i < groupBy.size(); i++) {
            String v = input.value(edge.groupField(i));
            if (v == null) {
                return null; // like a SIEM's "by" clause: events without the group fields are not grouped
            }
            key.add(v);
        }
        String value = null;
        if (c.type().needsField()) {
            value = aggregatedValue(c, input);
            if (value == null) {
                return null;
            }
        }
        long time = input.time();
        long span = c.timespanMillis();
        synchronized (node) {
            Window w = node.groups.get(key);
            if (w == null) {
                w = new Window(c.rules().size());
                node.groups.put(key, w);
                evictOverflow(node);
            } else if (w.latest != Long.MIN_VALUE && time < w.latest - span) {
                node.dropped++;
                return null;
            }
            w.add(new Entry(time, edge.rule(), value, input.ids()));
            if (w.entries.size() > node.limits.maxEventsPerGroup()) {
                w.removeAt(0);
                node.dropped++;
            }
            w.expireBefore(w.latest - span);
            double aggregate = aggregate(c, w, value);
            if (!c.condition().test(aggregate)) {
                expireStale(node, time);
                return null;
            }
            node.groups.remove(key);
            node.matches++;
            Map<String, String> groupKey = new LinkedHashMap<>();
            for (int i = 0; i < groupBy.size(); i++) {
                groupKey.put(groupBy.get(i), key.get(i));
            }
            List<String> ids = new ArrayList<>();
            for (Entry e : w.entries) {
                for (String id : e.ids()) {
                    if (ids.size() < node.limits.maxEventsPerGroup()) {
                        ids.add(id);
                    }
                }
            }
            expireStale(node, time);
            return new CorrelationMatch(c, groupKey, w.entries.getFirst().time(), w.entries.getLast().time(), ids,
                    aggregate);
        }
    }

    /** The value a value_* correlation aggregates for this input, or null when the input lacks it. */
    private static @Nullable String aggregatedValue(SigmaCorrelation c, Input input) {
        List<String> fields = c.condition().fields();
        if (fields.size() == 1) {
            String v = input.value(fields.getFirst());
            if (v == null) {
                return null;
            }
            return switch (c.type()) {
                case VALUE_SUM, VALUE_AVG -> Double.isNaN(number(v)) ? null : v;
                case VALUE_COUNT, VALUE_PERCENTILE, EVENT_COUNT, TEMPORAL, TEMPORAL_ORDERED -> v;
            };
        }
        StringBuilder combined = new StringBuilder();
        for (String f : fields) {
            String v = input.value(f);
            if (v == null) {
                return null;
            }
            combined.append(v).append('\u0000');
        }
        return combined.toString();
    }

    private static double aggregate(SigmaCorrelation c, Window w, @Nullable String value) {
        return switch (c.type()) {
            case EVENT_COUNT -> w.entries.size();
            case VALUE_COUNT -> w.valueCounts.size();
            case VALUE_SUM -> w.sum;
            case VALUE_AVG -> w.entries.isEmpty() ? 0 : w.sum / w.entries.size();
            case VALUE_PERCENTILE -> w.entries.isEmpty() || value == null
                    ? 100 : 100.0 * w.valueCounts.getOrDefault(value, 0) / w.entries.size();
            case TEMPORAL -> {
                int distinct = 0;
                for (int count : w.ruleCounts) {
                    if (count > 0) {
                        distinct++;
                    }
                }
                yield distinct;
            }
            case TEMPORAL_ORDERED -> {
                int next = 0;
                for (Entry e : w.entries) {
                    if (next < w.ruleCounts.length && e.rule() == next) {
                        next++;
                    }
                }
                yield next;
            }
        };
    }

    private static double number(String v) {
        try {
            return Double.parseDouble(v.strip());
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    private static void evictOverflow(Node node) {
        while (node.groups.size() > node.limits.maxGroupsPerCorrelation()) {
            Iterator<Window> eldest = node.groups.values().iterator();
            eldest.next();
            eldest.remove();
            node.evictions++;
        }
    }

    /** Drops up to two least recently updated groups whose window ended before {@code now} - timespan. */
    private static void expireStale(Node node, long now) {
        long from = now - node.correlation.timespanMillis();
        Iterator<Window> it = node.groups.values().iterator();
        for (int i = 0; i < 2 && it.hasNext(); i++) {
            Window w = it.next();
            if (w.latest < from) {
                it.remove();
            } else {
                return;
            }
        }
    }

    /** Removes every event older than {@code nowMillis} minus its correlation's timespan, and empty groups. */
    public void expire(long nowMillis) {
        for (Node node : nodes) {
            synchronized (node) {
                long from = nowMillis - node.correlation.timespanMillis();
                for (Iterator<Window> it = node.groups.values().iterator(); it.hasNext(); ) {
                    Window w = it.next();
                    w.expireBefore(from);
                    if (w.entries.isEmpty()) {
                        it.remove();
                    }
                }
            }
        }
    }

    /** A snapshot of the groups and events held and the evictions, drops and matches so far, per correlation. */
    public CorrelationState stats() {
        List<CorrelationState.Entry> entries = new ArrayList<>(nodes.size());
        for (Node node : nodes) {
            synchronized (node) {
                long events = 0;
                for (Window w : node.groups.values()) {
                    events += w.entries.size();
                }
                entries.add(new CorrelationState.Entry(node.label, node.groups.size(), events, node.evictions,
                        node.dropped, node.matches));
            }
        }
        return new CorrelationState(entries);
    }
}
