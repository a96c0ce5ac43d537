package org.medsoc.playbook;

import static java.util.Objects.requireNonNull;

import java.util.Map;
import java.util.Optional;

/**
 * Something that may start playbooks.
 *
 * @param type what happened
 * @param payload the data playbooks see as {@code trigger.*} (JSON-compatible values: maps, lists, text, numbers,
 *     booleans); for alerts {@code alert.rule_id} and {@code alert.level} are used by the trigger filter
 * @param key identifies the occurrence (for example {@code incident-42/opened}); delivering the same key twice starts
 *     each playbook once
 */
public record TriggerEvent(TriggerType type, Map<String, Object> payload, Optional<String> key) {
    /** Checks the parts. */
    public TriggerEvent {
        requireNonNull(type, "type is null");
        payload = Map.copyOf(requireNonNull(payload, "payload is null"));
        requireNonNull(key, "key is null");
    }
}
