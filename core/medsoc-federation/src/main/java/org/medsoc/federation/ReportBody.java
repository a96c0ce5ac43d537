package org.medsoc.federation;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/** The content of one report from a node; serialised as the JSON object {@code payload} of the report. */
public sealed interface ReportBody {
    /** The report type this body is sent as. */
    ReportType type();

    /** The health a node reports about itself. */
    enum Health {
        /** Every stage runs. */
        OK,
        /** Something lags or drops (details in the heartbeat). */
        DEGRADED,
        /** A stage is down. */
        FAILING
    }

    /**
     * A new incident.
     *
     * @param incidentRef the node's id of the incident
     * @param title short title (no patient data)
     * @param severity low, medium, high or critical
     * @param openedAt when it was opened at the node
     */
    record IncidentOpened(String incidentRef, String title, String severity, Instant openedAt) implements ReportBody {
        /** Checks the parts. */
        public IncidentOpened {
            requireNonNull(incidentRef, "incidentRef is null");
            requireNonNull(title, "title is null");
            requireNonNull(severity, "severity is null");
            requireNonNull(openedAt, "openedAt is null");
        }

        @Override
        public ReportType type() {
            return ReportType.INCIDENT_OPENED;
        }
    }

    /** A changed incident: its current title, severity and state. */
    record IncidentUpdated(String incidentRef, String title, String severity, String state, Instant updatedAt)
            implements ReportBody {
        /** Checks the parts. */
        public IncidentUpdated {
            requireNonNull(incidentRef, "incidentRef is null");
            requireNonNull(title, "title is null");
            requireNonNull(severity, "severity is null");
            requireNonNull(state, "state is null");
            requireNonNull(updatedAt, "updatedAt is null");
        }

        @Override
        public ReportType type() {
            return ReportType.INCIDENT_UPDATED;
        }
    }

    /**
     * A closed incident.
     *
     * @param slaMet whether first response and resolution were both within the node's SLA
     */
    record IncidentClosed(String incidentRef, Instant closedAt, String resolution, boolean slaMet)
            implements ReportBody {
        /** Checks the parts. */
        public IncidentClosed {
            requireNonNull(incidentRef, "incidentRef is null");
            requireNonNull(closedAt, "closedAt is null");
            requireNonNull(resolution, "resolution is null");
        }

        @Override
        public ReportType type() {
            return ReportType.INCIDENT_CLOSED;
        }
    }

    /** A threat and how often it was seen, within a risk summary. */
    record ThreatCount(String name, long hits) {
        /** Checks the parts. */
        public ThreatCount {
            requireNonNull(name, "name is null");
        }
    }

    /** The node's risk: a score 0..100, a short text, and its top threats. */
    record RiskSummary(int score, String summary, List<ThreatCount> topThreats) implements ReportBody {
        /** Checks the parts. */
        public RiskSummary {
            requireNonNull(summary, "summary is null");
            topThreats = List.copyOf(requireNonNull(topThreats, "topThreats is null"));
            if (score < 0 || score > 100) {
                throw new IllegalArgumentException("risk score must be 0 to 100, was " + score);
            }
        }

        @Override
        public ReportType type() {
            return ReportType.RISK_SUMMARY;
        }
    }

    /** Asset and vulnerability counts. */
    record Posture(long assets, long criticalAssets, long openVulnerabilities, long criticalVulnerabilities,
            long overdueVulnerabilities) implements ReportBody {
        @Override
        public ReportType type() {
            return ReportType.POSTURE;
        }
    }

    /** A sign of life with the node's health, its version and a short detail. */
    record Heartbeat(Health health, String version, String detail) implements ReportBody {
        /** Checks the parts. */
        public Heartbeat {
            requireNonNull(health, "health is null");
            requireNonNull(version, "version is null");
            requireNonNull(detail, "detail is null");
        }

        @Override
        public ReportType type() {
            return ReportType.HEARTBEAT;
        }
    }

    /**
     * The answer to trace {@code traceId}: how often the indicator was seen in the range and when first and last;
     * {@code error} set means the node could not search.
     */
    record TraceResult(long traceId, long count, @Nullable Instant firstSeen, @Nullable Instant lastSeen,
            @Nullable String error) implements ReportBody {
        @Override
        public ReportType type() {
            return ReportType.TRACE_RESULT;
        }
    }

    /** The warning delivered as directive {@code directiveId} was acknowledged at the node by {@code by}. */
    record WarningAck(long directiveId, String by) implements ReportBody {
        /** Checks the parts. */
        public WarningAck {
            requireNonNull(by, "by is null");
        }

        @Override
        public ReportType type() {
            return ReportType.WARNING_ACK;
        }
    }

    /** The warning delivered as directive {@code directiveId} was disposed of; {@code evidence} says how. */
    record WarningDisposed(long directiveId, String by, String evidence) implements ReportBody {
        /** Checks the parts. */
        public WarningDisposed {
            requireNonNull(by, "by is null");
            requireNonNull(evidence, "evidence is null");
            if (evidence.isBlank()) {
                throw new IllegalArgumentException("disposing of a warning needs evidence text");
            }
        }

        @Override
        public ReportType type() {
            return ReportType.WARNING_DISPOSED;
        }
    }

    /**
     * One indicator seen at a node.
     *
     * @param distribution how far the hub may pass it on: {@code ORGANISATION} (kept at the hub), {@code COMMUNITY},
     *     {@code CONNECTED_COMMUNITIES}, {@code ALL} or {@code SHARING_GROUP} (the names of
     *     {@code org.medsoc.intel.Distribution}); {@code null} (absent on the wire, older nodes) reads as
     *     {@link #DEFAULT_DISTRIBUTION}
     * @param tlp its Traffic Light Protocol label, {@code CLEAR}, {@code GREEN}, {@code AMBER}, {@code AMBER_STRICT}
     *     or {@code RED} (the names of {@code org.medsoc.intel.Tlp}); {@code null} reads as {@link #DEFAULT_TLP}
     */
    record IndicatorSighting(String kind, String value, long sightings, Instant firstSeen, Instant lastSeen,
            String distribution, String tlp) {
        /** The distribution of a sighting that names none. */
        public static final String DEFAULT_DISTRIBUTION = "COMMUNITY";
        /** The TLP label of a sighting that names none. */
        public static final String DEFAULT_TLP = "AMBER";
        /** The distribution names a sighting may carry. */
        public static final Set<String> DISTRIBUTIONS =
                Set.of("ORGANISATION", "COMMUNITY", "CONNECTED_COMMUNITIES", "ALL", "SHARING_GROUP");
        /** The TLP names a sighting may carry. */
        public static final Set<String> TLPS = Set.of("CLEAR", "GREEN", "AMBER", "AMBER_STRICT", "RED");

        /** Checks the parts; a {@code null} distribution or TLP takes the default, names are upper-cased. */
        public IndicatorSighting(String kind, String value, long sightings, Instant firstSeen, Instant lastSeen,
                @Nullable String distribution, @Nullable String tlp) {
            this.kind = requireNonNull(kind, "kind is null");
            this.value = requireNonNull(value, "value is null");
            this.sightings = sightings;
            this.firstSeen = requireNonNull(firstSeen, "firstSeen is null");
            this.lastSeen = requireNonNull(lastSeen, "lastSeen is null");
            String d = distribution == null ? DEFAULT_DISTRIBUTION
                    : distribution.strip().toUpperCase(Locale.ROOT);
            if (!DISTRIBUTIONS.contains(d)) {
                throw new IllegalArgumentException("unknown distribution '" + distribution + "'; use one of "
                        + "ORGANISATION, COMMUNITY, CONNECTED_COMMUNITIES, ALL, SHARING_GROUP");
            }
            String t = tlp == null ? DEFAULT_TLP : tlp.strip().toUpperCase(Locale.ROOT)
                    .replace("TLP:", "").replace("AMBER+STRICT", "AMBER_STRICT").replace("WHITE", "CLEAR");
            if (!TLPS.contains(t)) {
                throw new IllegalArgumentException(
                        "unknown TLP '" + tlp + "'; use one of CLEAR, GREEN, AMBER, AMBER_STRICT, RED");
            }
            this.distribution = d;
            this.tlp = t;
        }

        /** A sighting with the default distribution ({@code COMMUNITY}) and TLP ({@code AMBER}). */
        public IndicatorSighting(String kind, String value, long sightings, Instant firstSeen, Instant lastSeen) {
            this(kind, value, sightings, firstSeen, lastSeen, null, null);
        }

        /** This sighting with another value (for example a URL without its query string). */
        public IndicatorSighting withValue(String newValue) {
            return new IndicatorSighting(kind, newValue, sightings, firstSeen, lastSeen, distribution, tlp);
        }
    }

    /** Indicators the node shares with the region. */
    record SharedIndicators(List<IndicatorSighting> indicators) implements ReportBody {
        /** Checks the parts. */
        public SharedIndicators {
            indicators = List.copyOf(requireNonNull(indicators, "indicators is null"));
        }

        @Override
        public ReportType type() {
            return ReportType.SHARED_INDICATORS;
        }
    }
}
