package org.medsoc.detect;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.medsoc.spi.event.Event;
import org.medsoc.spi.event.Field;
import org.medsoc.spi.event.Fields;

/**
 * An {@link EventView} over a normalised medsoc {@link Event}: fields by their medsoc names (rules compiled with a
 * log-source field mapping read these), keyword search over every value and the original text.
 *
 * <p>One view per worker thread: it keeps scratch state for evaluation (a per-event index from field id to the
 * event's positions, built on the first field read after {@link #reset}, and the prefilter marks of
 * {@link Detector}), so that evaluating rules allocates nothing per event. Not thread-safe. The index is rebuilt
 * when the event's size changes; an event must not be otherwise restructured while rules evaluate on it.
 */
public final class EventFieldsView implements EventView {
    private Event event;
    /** State of a xorshift generator choosing which evaluations {@link Detector} times (see RuleStatistics). */
    private int sampling = 0x9E3779B9;

    // per-event index: field id -> first position (valid when fieldStamp[id] == indexEpoch), position -> next
    private int[] fieldStamp;
    private int[] firstPosition;
    private int[] nextPosition = new int[32];
    private int indexEpoch;
    private int indexedSize = -1;

    // Detector prefilter marks: a key or rule is marked for the current event when its stamp equals markEpoch
    int[] keyMarks = new int[0];
    int[] ruleMarks = new int[0];
    /** Per event position: the mark epoch in which its value was scanned. */
    int[] positionMarks = new int[32];
    private int markEpoch;

    /** A view of the event; {@link #reset} points it at another without allocating. */
    public EventFieldsView(Event event) {
        this.event = requireNonNull(event, "event is null");
        int fields = Math.max(256, Fields.size() + 64);
        this.fieldStamp = new int[fields];
        this.firstPosition = new int[fields];
    }

    /** Points this view at another event. */
    public EventFieldsView reset(Event next) {
        this.event = requireNonNull(next, "next is null");
        this.indexedSize = -1;
        return this;
    }

    /** True for about one call in {@link RuleStatistics#SAMPLE_EVERY}, unpredictably (unbiased sampling). */
    boolean sampleNext() {
        int x = sampling;
        x ^= x << 13;
        x ^= x >>> 17;
        x ^= x << 5;
        sampling = x;
        return (x & (RuleStatistics.SAMPLE_EVERY - 1)) == 0;
    }

    /** Starts a new round of prefilter marks with room for {@code keys} keys and {@code rules} rules. */
    int nextMarkEpoch(int keys, int rules) {
        if (keyMarks.length < keys) {
            keyMarks = new int[keys];
        }
        if (ruleMarks.length < rules) {
            ruleMarks = new int[rules];
        }
        if (positionMarks.length < event.size()) {
            positionMarks = new int[Math.max(event.size(), positionMarks.length * 2)];
        }
        if (++markEpoch == Integer.MAX_VALUE) {
            Arrays.fill(keyMarks, 0);
            Arrays.fill(ruleMarks, 0);
            Arrays.fill(positionMarks, 0);
            markEpoch = 1;
        }
        return markEpoch;
    }

    @Override
    public @Nullable String value(String field) {
        Optional<Field> f = Fields.find(field);
        return f.isPresent() ? event.value(f.get()) : null;
    }

    @Override
    public List<String> values(String field) {
        Optional<Field> f = Fields.find(field);
        return f.isPresent() ? event.values(f.get()) : List.of();
    }

    @Override
    public List<String> allValues() {
        List<String> all = new ArrayList<>(event.size() + 1);
        for (int i = 0; i < event.size(); i++) {
            all.add(event.valueAt(i));
        }
        all.add(event.original());
        return all;
    }

    @Override
    public int valueCount(FieldHandle field) {
        int p = first(field);
        int count = 0;
        while (p >= 0) {
            count++;
            p = nextPosition[p];
        }
        return count;
    }

    @Override
    public String valueAt(FieldHandle field, int index) {
        int p = first(field);
        for (int i = 0; i < index && p >= 0; i++) {
            p = nextPosition[p];
        }
        if (p < 0) {
            throw new IndexOutOfBoundsException("field " + field.name() + " has no value " + index);
        }
        return event.valueAt(p);
    }

    /** The position after {@code position} holding a value of the same field, or -1. */
    int nextPosition(int position) {
        return nextPosition[position];
    }

    /** The event position of the field's first value, or -1. */
    int first(FieldHandle handle) {
        Field f = handle.resolve();
        if (f == null) {
            return -1;
        }
        if (indexedSize != event.size()) {
            index();
        }
        int id = f.id();
        return id < fieldStamp.length && fieldStamp[id] == indexEpoch ? firstPosition[id] : -1;
    }

    private void index() {
        Event e = event;
        int n = e.size();
        if (++indexEpoch == Integer.MAX_VALUE) {
            Arrays.fill(fieldStamp, 0);
            indexEpoch = 1;
        }
        if (nextPosition.length < n) {
            nextPosition = new int[Math.max(n, nextPosition.length * 2)];
        }
        int epoch = indexEpoch;
        for (int p = n - 1; p >= 0; p--) {
            int id = e.fieldIdAt(p);
            if (id >= fieldStamp.length) {
                int size = Math.max(id + 1, fieldStamp.length * 2);
                fieldStamp = Arrays.copyOf(fieldStamp, size);
                firstPosition = Arrays.copyOf(firstPosition, size);
            }
            nextPosition[p] = fieldStamp[id] == epoch ? firstPosition[id] : -1;
            fieldStamp[id] = epoch;
            firstPosition[id] = p;
        }
        indexedSize = n;
    }
}
