package org.medsoc.findings;

import static java.util.Objects.requireNonNull;

import java.util.Optional;
import java.util.Set;
import org.medsoc.spi.error.MedsocException;
import org.medsoc.vuln.Severity;

/**
 * Filters, order and page of a findings list. Empty sets and absent values do not filter.
 *
 * @param states only these states
 * @param severities only these severities
 * @param host only this host (IP, or host name ignoring case)
 * @param cve only findings with this CVE
 * @param knownExploitedOnly only KEV findings
 * @param overdueOnly only active findings past their deadline
 * @param text only findings whose title, host, scanner id or CVE list contains this text (ignoring case)
 * @param sort the order
 * @param descending whether descending
 * @param offset the first item, from 0
 * @param limit the page size, 1 to {@link #MAX_LIMIT}
 */
public record FindingQuery(
        Set<FindingState> states,
        Set<Severity> severities,
        Optional<String> host,
        Optional<String> cve,
        boolean knownExploitedOnly,
        boolean overdueOnly,
        Optional<String> text,
        FindingSort sort,
        boolean descending,
        int offset,
        int limit) {
    /** The largest page. */
    public static final int MAX_LIMIT = 1000;

    /** Validates and copies the values. */
    public FindingQuery {
        states = Set.copyOf(requireNonNull(states, "states is null"));
        severities = Set.copyOf(requireNonNull(severities, "severities is null"));
        requireNonNull(host, "host is null");
        requireNonNull(cve, "cve is null");
        requireNonNull(text, "text is null");
        requireNonNull(sort, "sort is null");
        if (offset < 0 || limit < 1 || limit > MAX_LIMIT) {
            throw new MedsocException(FindingsErrorCode.INVALID_FILTER, "paging needs offset >= 0 and limit 1.."
                    + MAX_LIMIT + ", was offset " + offset + ", limit " + limit);
        }
        if (text.isPresent() && text.get().length() > 200) {
            throw new MedsocException(FindingsErrorCode.INVALID_FILTER, "search text is longer than 200 characters");
        }
    }

    /** Everything, most severe first, 100 per page. */
    public static FindingQuery all() {
        return builder().build();
    }

    /** A builder starting from {@link #all()}. */
    public static Builder builder() {
        return new Builder();
    }

    /** Builds a {@link FindingQuery}. */
    public static final class Builder {
        private Set<FindingState> states = Set.of();
        private Set<Severity> severities = Set.of();
        private Optional<String> host = Optional.empty();
        private Optional<String> cve = Optional.empty();
        private boolean knownExploitedOnly;
        private boolean overdueOnly;
        private Optional<String> text = Optional.empty();
        private FindingSort sort = FindingSort.SEVERITY;
        private boolean descending;
        private int offset;
        private int limit = 100;

        private Builder() {}

        /** Only these states. */
        public Builder states(FindingState... values) {
            this.states = Set.of(values);
            return this;
        }

        /** Only these severities. */
        public Builder severities(Severity... values) {
            this.severities = Set.of(values);
            return this;
        }

        /** Only this host. */
        public Builder host(String value) {
            this.host = Optional.of(value);
            return this;
        }

        /** Only findings with this CVE. */
        public Builder cve(String value) {
            this.cve = Optional.of(value);
            return this;
        }

        /** Only KEV findings. */
        public Builder knownExploitedOnly() {
            this.knownExploitedOnly = true;
            return this;
        }

        /** Only overdue findings. */
        public Builder overdueOnly() {
            this.overdueOnly = true;
            return this;
        }

        /** Only findings containing this text. */
        public Builder text(String value) {
            this.text = Optional.of(value);
            return this;
        }

        /** The order. */
        public Builder sort(FindingSort value, boolean descending) {
            this.sort = value;
            this.descending = descending;
            return this;
        }

        /** The page. */
        public Builder page(int offset, int limit) {
            this.offset = offset;
            this.limit = limit;
            return this;
        }

        /** The query. */
        public FindingQuery build() {
            return new FindingQuery(states, severities, host, cve, knownExploitedOnly, overdueOnly, text, sort,
                    descending, offset, limit);
        }
    }
}
