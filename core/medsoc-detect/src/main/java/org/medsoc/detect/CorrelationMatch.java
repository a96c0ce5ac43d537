package org.medsoc.detect;

import static java.util.Objects.requireNonNull;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A correlation whose condition became true for one group within its timespan.
 *
 * @param correlation the correlation that matched
 * @param groupKey the group-by values (by group-by name, aliases by alias name); empty without group-by
 * @param firstMillis event time of the earliest member, epoch milliseconds
 * @param lastMillis event time of the latest member
 * @param memberEventIds ids of the member events (for chained correlations, of the underlying events), bounded by
 *     {@link CorrelationLimits#maxEventsPerGroup()}
 * @param value the aggregate that satisfied the condition (count, distinct values, sum, average, percentage or
 *     number of rules)
 */
public record CorrelationMatch(
        SigmaCorrelation correlation,
        Map<String, String> groupKey,
        long firstMillis,
        long lastMillis,
        List<String> memberEventIds,
        double value) {
    /** Creates a match; collections are copied. */
    public CorrelationMatch {
        requireNonNull(correlation, "correlation is null");
        groupKey = Collections.unmodifiableMap(new LinkedHashMap<>(groupKey));
        memberEventIds = List.copyOf(memberEventIds);
    }
}
