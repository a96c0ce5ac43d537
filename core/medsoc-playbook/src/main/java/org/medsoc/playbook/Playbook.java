package org.medsoc.playbook;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;

/**
 * A validated playbook definition (see {@link PlaybookParser} for the YAML format).
 *
 * @param id stable identity within a tenant
 * @param name human-readable name
 * @param version increases with every change; runs record the version they executed
 * @param enabled whether triggers start it
 * @param trigger what starts it
 * @param conditions conditions on the run context that must all hold for a trigger to start a run
 * @param steps the steps, executed in order
 * @param source the YAML it was parsed from (stored with each run)
 */
public record Playbook(
        String id,
        String name,
        int version,
        boolean enabled,
        Trigger trigger,
        List<Condition> conditions,
        List<Step> steps,
        String source) {
    /** Checks the parts. */
    public Playbook {
        requireNonNull(id, "id is null");
        requireNonNull(name, "name is null");
        requireNonNull(trigger, "trigger is null");
        conditions = List.copyOf(requireNonNull(conditions, "conditions is null"));
        steps = List.copyOf(requireNonNull(steps, "steps is null"));
        requireNonNull(source, "source is null");
    }

    /** The step with this id. */
    public Optional<Step> step(String stepId) {
        return steps.stream().filter(s -> s.id().equals(stepId)).findFirst();
    }
}
