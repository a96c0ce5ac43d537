package org.medsoc.incident;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Optional;

/**
 * The SLA position of an incident at one moment.
 *
 * @param responseDue when the first response is (or was) due
 * @param response the first-response target's state
 * @param resolutionDue when resolution is (or was) due
 * @param resolution the resolution target's state
 */
public record SlaStatus(Instant responseDue, SlaState response, Instant resolutionDue, SlaState resolution) {
    /** Validates the values. */
    public SlaStatus {
        requireNonNull(responseDue, "responseDue is null");
        requireNonNull(response, "response is null");
        requireNonNull(resolutionDue, "resolutionDue is null");
        requireNonNull(resolution, "resolution is null");
    }

    /** Whether either target is breached. */
    public boolean breached() {
        return response == SlaState.BREACHED || resolution == SlaState.BREACHED;
    }

    /** Whether either target is at risk. */
    public boolean atRisk() {
        return response == SlaState.AT_RISK || resolution == SlaState.AT_RISK;
    }

    /**
     * The state of one target: MET/BREACHED once {@code done} is known, else BREACHED past the deadline, AT_RISK with
     * less than {@link SlaPolicy#AT_RISK_SHARE} of the window from {@code start} to {@code due} left, else ON_TRACK.
     */
    public static SlaState stateOf(Instant start, Instant due, Optional<Instant> done, Instant now) {
        if (done.isPresent()) {
            return done.get().isAfter(due) ? SlaState.BREACHED : SlaState.MET;
        }
        if (now.isAfter(due)) {
            return SlaState.BREACHED;
        }
        long window = due.toEpochMilli() - start.toEpochMilli();
        long left = due.toEpochMilli() - now.toEpochMilli();
        return left < window * SlaPolicy.AT_RISK_SHARE ? SlaState.AT_RISK : SlaState.ON_TRACK;
    }
}
