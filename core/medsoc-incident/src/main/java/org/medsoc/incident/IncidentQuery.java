package org.medsoc.incident;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.medsoc.spi.error.MedsocException;

/**
 * A filtered, sorted page of a tenant's incidents. Filters combine with AND; {@code states} and {@code severities}
 * match any of their values; an empty set means no filter. Values are always bound as statement parameters.
 *
 * @param states lifecycle states
 * @param severities severities
 * @param assignee exact assignee
 * @param ruleId exact rule id
 * @param businessSystem an affected business system (exact)
 * @param titleContains text the title contains (case-insensitive, literal: {@code %} and {@code _} match themselves)
 * @param createdFrom opened at or after
 * @param createdTo opened before
 * @param slaBreached true: only incidents with a breached target; false: only those without
 * @param sort sort field
 * @param descending sort direction
 * @param offset items to skip (0 or more)
 * @param limit page size (1 to {@link #MAX_LIMIT})
 */
public record IncidentQuery(
        Set<IncidentState> states,
        Set<Severity> severities,
        Optional<String> assignee,
        Optional<String> ruleId,
        Optional<String> businessSystem,
        Optional<String> titleContains,
        Optional<Instant> createdFrom,
        Optional<Instant> createdTo,
        Optional<Boolean> slaBreached,
        IncidentSort sort,
        boolean descending,
        int offset,
        int limit) {

    /** The largest page. */
    public static final int MAX_LIMIT = 500;

    /** The filter parameter names {@link #fromParameters(Map)} accepts. */
    public static final List<String> PARAMETERS = List.of("state", "severity", "assignee", "rule_id",
            "business_system", "q", "created_from", "created_to", "sla_breached", "sort", "offset", "limit");

    /** Validates and copies the values. */
    public IncidentQuery {
        states = states.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(states));
        severities = severities.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(severities));
        requireNonNull(assignee, "assignee is null");
        requireNonNull(ruleId, "ruleId is null");
        requireNonNull(businessSystem, "businessSystem is null");
        requireNonNull(titleContains, "titleContains is null");
        requireNonNull(createdFrom, "createdFrom is null");
        requireNonNull(createdTo, "createdTo is null");
        requireNonNull(slaBreached, "slaBreached is null");
        requireNonNull(sort, "sort is null");
        if (offset < 0) {
            throw invalid("offset must be 0 or more, was " + offset);
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw invalid("limit must be 1 to " + MAX_LIMIT + ", was " + limit);
        }
    }

    /** All incidents, newest first, 50 per page. */
    public static IncidentQuery all() {
        return new IncidentQuery(Set.of(), Set.of(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), IncidentSort.CREATED, true,
                0, 50);
    }

    /** This query with other states. */
    public IncidentQuery withStates(IncidentState... values) {
        return new IncidentQuery(Set.of(values), severities, assignee, ruleId, businessSystem, titleContains,
                createdFrom, createdTo, slaBreached, sort, descending, offset, limit);
    }

    /** This query with other severities. */
    public IncidentQuery withSeverities(Severity... values) {
        return new IncidentQuery(states, Set.of(values), assignee, ruleId, businessSystem, titleContains,
                createdFrom, createdTo, slaBreached, sort, descending, offset, limit);
    }

    /** This query filtered by title text. */
    public IncidentQuery withTitleContains(String text) {
        return new IncidentQuery(states, severities, assignee, ruleId, businessSystem, Optional.of(text),
                createdFrom, createdTo, slaBreached, sort, descending, offset, limit);
    }

    /** This query with another sort. */
    public IncidentQuery sortedBy(IncidentSort field, boolean desc) {
        return new IncidentQuery(states, severities, assignee, ruleId, businessSystem, titleContains, createdFrom,
                createdTo, slaBreached, field, desc, offset, limit);
    }

    /** This query with another page. */
    public IncidentQuery page(int newOffset, int newLimit) {
        return new IncidentQuery(states, severities, assignee, ruleId, businessSystem, titleContains, createdFrom,
                createdTo, slaBreached, sort, descending, newOffset, newLimit);
    }

    /**
     * A query from request parameters. Only the names in {@link #PARAMETERS} are accepted; {@code state} and {@code
     * severity} take comma-separated lists; times are ISO-8601 instants; {@code sort} is a field of {@link
     * IncidentSort}, {@code -} prefixed for descending (default {@code -created}). Anything else fails with {@link
     * IncidentErrorCode#INVALID_FILTER} naming the parameter.
     */
    public static IncidentQuery fromParameters(Map<String, List<String>> parameters) {
        Set<IncidentState> states = EnumSet.noneOf(IncidentState.class);
        Set<Severity> severities = EnumSet.noneOf(Severity.class);
        Optional<String> assignee = Optional.empty();
        Optional<String> ruleId = Optional.empty();
        Optional<String> businessSystem = Optional.empty();
        Optional<String> text = Optional.empty();
        Optional<Instant> from = Optional.empty();
        Optional<Instant> to = Optional.empty();
        Optional<Boolean> breached = Optional.empty();
        IncidentSort sort = IncidentSort.CREATED;
        boolean descending = true;
        int offset = 0;
        int limit = 50;
        for (Map.Entry<String, List<String>> e : parameters.entrySet()) {
            String name = e.getKey();
            if (e.getValue().size() != 1) {
                throw invalid("filter '" + name + "' must be given once, was given " + e.getValue().size() + " times");
            }
            String value = e.getValue().get(0);
            switch (name) {
                case "state" -> {
                    for (String s : value.split(",", -1)) {
                        states.add(parseEnum(IncidentState.class, "state", s));
                    }
                }
                case "severity" -> {
                    for (String s : value.split(",", -1)) {
                        severities.add(parseEnum(Severity.class, "severity", s));
                    }
                }
                case "assignee" -> assignee = Optional.of(value);
                case "rule_id" -> ruleId = Optional.of(value);
                case "business_system" -> businessSystem = Optional.of(value);
                case "q" -> text = Optional.of(value);
                case "created_from" -> from = Optional.of(parseInstant(name, value));
                case "created_to" -> to = Optional.of(parseInstant(name, value));
                case "sla_breached" -> {
                    if (!value.equals("true") && !value.equals("false")) {
                        throw invalid("filter 'sla_breached' must be true or false, was '" + value + "'");
                    }
                    breached = Optional.of(Boolean.parseBoolean(value));
                }
                case "sort" -> {
                    descending = value.startsWith("-");
                    sort = IncidentSort.of(descending ? value.substring(1) : value);
                }
                case "offset" -> offset = parseInt(name, value);
                case "limit" -> limit = parseInt(name, value);
                default -> throw invalid("unknown incident filter '" + name + "'; allowed: "
                        + String.join(", ", PARAMETERS));
            }
        }
        return new IncidentQuery(states, severities, assignee, ruleId, businessSystem, text, from, to, breached,
                sort, descending, offset, limit);
    }

    private static <E extends Enum<E>> E parseEnum(Class<E> type, String name, String value) {
        try {
            return Enum.valueOf(type, value.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw invalid("filter '" + name + "' does not accept '" + value + "'; allowed: "
                    + EnumSet.allOf(type).stream().map(v -> v.name().toLowerCase(Locale.ROOT)).toList());
        }
    }

    private static Instant parseInstant(String name, String value) {
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw invalid("filter '" + name + "' must be an ISO-8601 instant such as 2026-11-25T08:00:00Z, was '"
                    + value + "'");
        }
    }

    private static int parseInt(String name, String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw invalid("'" + name + "' must be a whole number, was '" + value + "'");
        }
    }

    private static MedsocException invalid(String message) {
        return new MedsocException(IncidentErrorCode.INVALID_FILTER, message);
    }
}
