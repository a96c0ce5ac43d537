package org.medsoc.playbook;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Optional;
import org.medsoc.spi.event.TenantId;

/**
 * A snapshot of one playbook run.
 *
 * @param id the run id
 * @param tenant the tenant the run acts for
 * @param playbookId the playbook executed
 * @param playbookVersion its version
 * @param triggerJson the trigger payload as JSON
 * @param state where the run is
 * @param stepIndex the index of the next step to execute (equals the step count once all are done)
 * @param wakeAt when a worker looks at the run next
 * @param error why it failed or was cancelled, if it did
 * @param created when it was created
 * @param updated when it last changed
 */
public record PlaybookRun(
        RunId id,
        TenantId tenant,
        String playbookId,
        int playbookVersion,
        String triggerJson,
        RunState state,
        int stepIndex,
        Instant wakeAt,
        Optional<String> error,
        Instant created,
        Instant updated) {
    /** Checks the parts. */
    public PlaybookRun {
        requireNonNull(id, "id is null");
        requireNonNull(tenant, "tenant is null");
        requireNonNull(playbookId, "playbookId is null");
        requireNonNull(triggerJson, "triggerJson is null");
        requireNonNull(state, "state is null");
        requireNonNull(wakeAt, "wakeAt is null");
        requireNonNull(error, "error is null");
        requireNonNull(created, "created is null");
        requireNonNull(updated, "updated is null");
    }
}
