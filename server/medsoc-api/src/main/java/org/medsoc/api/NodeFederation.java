package org.medsoc.api;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.medsoc.common.CommonErrorCode;
import org.medsoc.spi.error.MedsocException;

/**
 * The node's link to its federation hub as the {@code /api/v1/federation} resource sees it; the server's wiring
 * implements it over the federation module, {@link #standalone()} stands for a node without {@code
 * federation.hub-url}.
 */
public interface NodeFederation {
    /** One indicator an administrator asks to share with the region. */
    record SharedIndicator(String kind, String value, long sightings, Optional<Instant> firstSeen,
            Optional<Instant> lastSeen) {
        /** Checks the parts. */
        public SharedIndicator {
            requireNonNull(kind, "kind is null");
            requireNonNull(value, "value is null");
            requireNonNull(firstSeen, "firstSeen is null");
            requireNonNull(lastSeen, "lastSeen is null");
        }
    }

    /**
     * The link's state: {@code role}, {@code hubUrl}, {@code enrolled}, and on a linked node {@code nodeId},
     * {@code tenant}, {@code outboxPending}, {@code lastSentSequence}, {@code directiveCursor}, {@code lastError},
     * {@code policies} and {@code rulePacks}.
     */
    Map<String, Object> status();

    /** Enrols the node at its hub with a one-time code and starts the link; answers the new status. */
    Map<String, Object> enrol(String code);

    /**
     * Shares indicators with the region under a distribution and TLP; answers {@code shared} (how many were queued)
     * and {@code refused} ({@code value}, {@code reason}) for those the sharing filter kept back.
     */
    Map<String, Object> share(List<SharedIndicator> indicators, String distribution, String tlp);

    /** The hub's warnings at this node: directive id, title, severity, deadline, incident id and state. */
    List<Map<String, Object>> warnings();

    /** A node without a hub: not enrolled, and enrolling or sharing fails with what to configure. */
    static NodeFederation standalone() {
        return new NodeFederation() {
            @Override
            public Map<String, Object> status() {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("role", "node");
                m.put("hubUrl", null);
                m.put("enrolled", false);
                return m;
            }

            @Override
            public Map<String, Object> enrol(String code) {
                throw notLinked();
            }

            @Override
            public Map<String, Object> share(List<SharedIndicator> indicators, String distribution, String tlp) {
                throw notLinked();
            }

            @Override
            public List<Map<String, Object>> warnings() {
                return List.of();
            }

            private MedsocException notLinked() {
                return new MedsocException(CommonErrorCode.INVALID_CONFIGURATION, "this node has no hub: set "
                        + "federation.hub-url (and restart) before enrolling or sharing");
            }
        };
    }
}
