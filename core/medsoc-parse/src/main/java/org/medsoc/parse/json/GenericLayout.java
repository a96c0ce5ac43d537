package org.medsoc.parse.json;

import org.medsoc.parse.internal.Text;
import org.jspecify.annotations.Nullable;
import org.medsoc.parse.ParseContext;
import org.medsoc.spi.event.Event;
import org.medsoc.spi.event.Field;

/**
 * Generic JSON: every flattened path becomes the field of the same name, so documents already in medsoc/ECS names
 * (nested or dotted) land on those fields; {@code @timestamp} (else top-level {@code timestamp} or {@code time})
 * sets the event time. Values of typed fields (integers, IP addresses, dates) are validated.
 */
public final class GenericLayout {
    private GenericLayout() {}

    /** Applies every pair of {@code flat} to {@code event}; answers null or the reason the document is invalid. */
    public static @Nullable String apply(FlatJson flat, ParseContext context, Event event) {
        boolean hasAtTimestamp = flat.first("@timestamp") != null;
        boolean timeSet = false;
        for (int i = 0; i < flat.size(); i++) {
            String path = flat.path(i);
            String value = flat.value(i);
            if (path.equals("@timestamp")) {
                long millis = Literals.parseInstant(value, context.zone());
                if (millis == Literals.NO_TIME) {
                    return "json: @timestamp '" + abbreviate(value) + "' is not an ISO-8601 instant or epoch number";
                }
                event.timestamp(millis);
                continue;
            }
            if (!hasAtTimestamp && !timeSet && (path.equals("timestamp") || path.equals("time"))) {
                long millis = Literals.parseInstant(value, context.zone());
                if (millis != Literals.NO_TIME) {
                    event.timestamp(millis);
                    timeSet = true;
                    continue;
                }
            }
            Field field = SchemaFields.dynamic(path);
            if (field == null) {
                continue;
            }
            String reason = addTyped(event, field, value, context);
            if (reason != null) {
                return reason;
            }
        }
        return null;
    }

    /**
     * Adds {@code value} to {@code field} after checking it fits the field's type (dates are converted to epoch
     * millis); answers null or the reason it does not fit.
     */
    public static @Nullable String addTyped(Event event, Field field, String value, ParseContext context) {
        switch (field.type()) {
            case LONG -> {
                if (!Literals.isLong(value)) {
                    return "json: field " + field.name() + " expects an integer, got '" + abbreviate(value) + "'";
                }
                event.add(field, value);
            }
            case IP -> {
                if (!Text.isIp(value)) {
                    return "json: field " + field.name() + " expects an IP address, got '" + abbreviate(value) + "'";
                }
                event.add(field, value);
            }
            case DATE -> {
                long millis = Literals.parseInstant(value, context.zone());
                if (millis == Literals.NO_TIME) {
                    return "json: field " + field.name() + " expects an ISO-8601 instant or epoch number, got '"
                            + abbreviate(value) + "'";
                }
                event.add(field, Long.toString(millis));
            }
            case KEYWORD, TEXT -> event.add(field, value);
        }
        return null;
    }

    /** The value cut to 64 characters for reasons. */
    public static String abbreviate(String value) {
        return value.length() <= 64 ? value : value.substring(0, 64) + "...";
    }
}
