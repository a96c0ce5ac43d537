package org.medsoc.detect;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.medsoc.spi.event.Event;
import org.medsoc.spi.event.Field;
import org.medsoc.spi.event.Fields;

/**
 * An {@link EventView} over a normalised medsoc {@link Event}: fields by their medsoc names (rules compiled with a
 * log-source field mapping read these), keyword search over every value and the original text.
 */
public final class EventFieldsView implements EventView {
    private Event event;
    /** State of a xorshift generator choosing which evaluations {@link Detector} times (see RuleStatistics). */
    private int sampling = 0x9E3779B9;

    /** A view of the event; {@link #reset} points it at another without allocating. */
    public EventFieldsView(Event event) {
        this.event = requireNonNull(event, "event is null");
    }

    /** Points this view at another event. */
    public EventFieldsView reset(Event next) {
        this.event = requireNonNull(next, "next is null");
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
}
