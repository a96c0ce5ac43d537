package org.medsoc.incident;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.medsoc.spi.error.MedsocException;

class TransitionTest {
    private static final Map<Transition, Set<IncidentState>> ALLOWED = Map.of(
            Transition.ACKNOWLEDGE, EnumSet.of(IncidentState.NEW),
            Transition.CONTAIN, EnumSet.of(IncidentState.TRIAGING),
            Transition.RESOLVE, EnumSet.of(IncidentState.TRIAGING, IncidentState.CONTAINING),
            Transition.CLOSE, EnumSet.of(IncidentState.RESOLVED),
            Transition.REOPEN, EnumSet.of(IncidentState.RESOLVED, IncidentState.CLOSED),
            Transition.MARK_FALSE_POSITIVE, EnumSet.of(IncidentState.NEW, IncidentState.TRIAGING));

    @Test
    void everyTransitionIsAllowedExactlyFromItsDocumentedStates() {
        for (Transition t : Transition.values()) {
            for (IncidentState s : IncidentState.values()) {
                if (ALLOWED.get(t).contains(s)) {
                    assertThat(t.apply(7, s)).as("%s from %s", t, s).isEqualTo(t.to());
                } else {
                    assertThatThrownBy(() -> t.apply(7, s)).as("%s from %s", t, s)
                            .isInstanceOfSatisfying(MedsocException.class, e -> assertThat(e.errorCode())
                                    .isEqualTo(IncidentErrorCode.INVALID_TRANSITION.toErrorCode()))
                            .hasMessageStartingWith("incident 7 is " + s + "; '" + t.label() + "' is allowed only from ");
                }
            }
        }
    }

    @Test
    void messagesNameTheStateAndTheAllowedOrigins() {
        assertThatThrownBy(() -> Transition.CONTAIN.apply(42, IncidentState.RESOLVED))
                .hasMessage("incident 42 is RESOLVED; 'contain' is allowed only from TRIAGING");
        assertThatThrownBy(() -> Transition.RESOLVE.apply(42, IncidentState.NEW))
                .hasMessage("incident 42 is NEW; 'resolve' is allowed only from TRIAGING or CONTAINING");
        assertThatThrownBy(() -> Transition.MARK_FALSE_POSITIVE.apply(1, IncidentState.CLOSED))
                .hasMessage("incident 1 is CLOSED; 'mark_false_positive' is allowed only from NEW or TRIAGING");
    }

    @Test
    void targetsAreTheDocumentedStates() {
        assertThat(Transition.ACKNOWLEDGE.to()).isEqualTo(IncidentState.TRIAGING);
        assertThat(Transition.CONTAIN.to()).isEqualTo(IncidentState.CONTAINING);
        assertThat(Transition.RESOLVE.to()).isEqualTo(IncidentState.RESOLVED);
        assertThat(Transition.CLOSE.to()).isEqualTo(IncidentState.CLOSED);
        assertThat(Transition.REOPEN.to()).isEqualTo(IncidentState.TRIAGING);
        assertThat(Transition.MARK_FALSE_POSITIVE.to()).isEqualTo(IncidentState.RESOLVED);
        assertThat(IncidentState.NEW.isOpen()).isTrue();
        assertThat(IncidentState.RESOLVED.isOpen()).isFalse();
    }
}
