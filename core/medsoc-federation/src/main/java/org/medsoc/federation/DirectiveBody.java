package org.medsoc.federation;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** The content of one directive from the hub; serialised as the JSON object {@code payload} of the directive. */
public sealed interface DirectiveBody {
    /** The directive type this body is sent as. */
    DirectiveType type();

    /**
     * A warning: what happened, what the node must do, and by when (the hub tracks it to verification).
     *
     * @param severity low, medium, high or critical
     */
    record Warning(String title, String description, String severity, List<String> requiredActions,
            Instant deadline) implements DirectiveBody {
        /** Checks the parts. */
        public Warning {
            requireNonNull(title, "title is null");
            requireNonNull(description, "description is null");
            requireNonNull(severity, "severity is null");
            requiredActions = List.copyOf(requireNonNull(requiredActions, "requiredActions is null"));
            requireNonNull(deadline, "deadline is null");
        }

        @Override
        public DirectiveType type() {
            return DirectiveType.WARNING;
        }
    }

    /** A rule pack: its name, version and content (a Sigma rule archive or YAML; base64 on the wire). */
    record RulePack(String name, String version, byte[] content) implements DirectiveBody {
        /** Checks the parts. */
        public RulePack {
            requireNonNull(name, "name is null");
            requireNonNull(version, "version is null");
            content = requireNonNull(content, "content is null").clone();
        }

        /** A copy of the content. */
        @Override
        public byte[] content() {
            return content.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof RulePack r && name.equals(r.name) && version.equals(r.version)
                    && java.util.Arrays.equals(content, r.content);
        }

        @Override
        public int hashCode() {
            return (name.hashCode() * 31 + version.hashCode()) * 31 + java.util.Arrays.hashCode(content);
        }

        @Override
        public String toString() {
            return "RulePack[name=" + name + ", version=" + version + ", bytes=" + content.length + "]";
        }

        @Override
        public DirectiveType type() {
            return DirectiveType.RULE_PACK;
        }
    }

    /** One indicator: its kind (ip, cidr, domain, url, md5, sha1, sha256, email) and value. */
    record Indicator(String kind, String value) {
        /** Checks the parts. */
        public Indicator {
            requireNonNull(kind, "kind is null");
            requireNonNull(value, "value is null");
        }
    }

    /**
     * A named set of indicators the node loads into its intel store, with the labels of the whole set (each optional
     * on the wire; a payload without them, as older hubs send, still reads, and the node applies its defaults).
     *
     * @param tlp the TLP of every indicator (CLEAR, GREEN, AMBER, AMBER_STRICT, RED), or null
     * @param distribution how far they may travel (ORGANISATION, COMMUNITY, CONNECTED_COMMUNITIES, ALL,
     *     SHARING_GROUP), or null
     * @param confidence how much the hub trusts them (0..100), or null
     */
    record IndicatorSet(String name, List<Indicator> indicators, @Nullable String tlp,
            @Nullable String distribution, @Nullable Integer confidence) implements DirectiveBody {
        /** Checks the parts; TLP and distribution names are normalised like a sighting's. */
        public IndicatorSet {
            requireNonNull(name, "name is null");
            indicators = List.copyOf(requireNonNull(indicators, "indicators is null"));
            if (tlp != null || distribution != null) {
                Instant t = Instant.EPOCH;
                ReportBody.IndicatorSighting labels = new ReportBody.IndicatorSighting("set", name, 0, t, t,
                        distribution, tlp);
                tlp = tlp == null ? null : labels.tlp();
                distribution = distribution == null ? null : labels.distribution();
            }
            if (confidence != null && (confidence < 0 || confidence > 100)) {
                throw new IllegalArgumentException("confidence " + confidence + " of indicator set " + name
                        + " is outside 0..100");
            }
        }

        /** A set without labels (the node's defaults apply). */
        public IndicatorSet(String name, List<Indicator> indicators) {
            this(name, indicators, null, null, null);
        }

        @Override
        public DirectiveType type() {
            return DirectiveType.INDICATOR_SET;
        }
    }

    /** A named policy: settings the node applies (e.g. a baseline or retention). */
    record Policy(String name, Map<String, String> settings) implements DirectiveBody {
        /** Checks the parts. */
        public Policy {
            requireNonNull(name, "name is null");
            settings = Map.copyOf(requireNonNull(settings, "settings is null"));
        }

        @Override
        public DirectiveType type() {
            return DirectiveType.POLICY;
        }
    }

    /** A trace query: was {@code indicator} seen in [{@code from}, {@code to})? Answered with a trace result. */
    record TraceQuery(long traceId, String indicator, Instant from, Instant to) implements DirectiveBody {
        /** Checks the parts. */
        public TraceQuery {
            requireNonNull(indicator, "indicator is null");
            requireNonNull(from, "from is null");
            requireNonNull(to, "to is null");
        }

        @Override
        public DirectiveType type() {
            return DirectiveType.TRACE_QUERY;
        }
    }
}
