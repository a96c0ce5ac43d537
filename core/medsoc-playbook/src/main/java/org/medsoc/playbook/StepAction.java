package org.medsoc.playbook;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.medsoc.notify.Severity;
import org.medsoc.notify.TemplateName;

/** What a step does: its type and the type-specific settings ({@code with:} in YAML), templates unrendered. */
public sealed interface StepAction
        permits StepAction.Enrich,
                StepAction.Notify,
                StepAction.Http,
                StepAction.BlockIp,
                StepAction.UnblockIp,
                StepAction.IsolateHost,
                StepAction.CreateTicket,
                StepAction.Approval,
                StepAction.SetIncident,
                StepAction.Wait {

    /** The YAML type name, for example {@code block_ip}. */
    String typeName();

    /** Every template of the step, to check the paths they refer to. */
    List<Template> templates();

    /** Looks up context about an indicator through the {@link EnrichmentPort}. */
    record Enrich(String kind, Template value) implements StepAction {
        /** Checks the parts. */
        public Enrich {
            requireNonNull(kind, "kind is null");
            requireNonNull(value, "value is null");
        }

        @Override
        public String typeName() {
            return "enrich";
        }

        @Override
        public List<Template> templates() {
            return List.of(value);
        }
    }

    /**
     * Sends a notification through a configured channel: either a built-in {@code template} (variables: the trigger
     * payload flattened to dotted keys plus {@code variables}) or {@code title} and {@code text}.
     */
    record Notify(
            String channel,
            Optional<TemplateName> template,
            Template title,
            Template text,
            Severity severity,
            Map<String, Template> variables)
            implements StepAction {
        /** Checks the parts. */
        public Notify {
            requireNonNull(channel, "channel is null");
            requireNonNull(template, "template is null");
            requireNonNull(title, "title is null");
            requireNonNull(text, "text is null");
            requireNonNull(severity, "severity is null");
            variables = Map.copyOf(requireNonNull(variables, "variables is null"));
        }

        @Override
        public String typeName() {
            return "notify";
        }

        @Override
        public List<Template> templates() {
            List<Template> all = new ArrayList<>(List.of(title, text));
            all.addAll(variables.values());
            return all;
        }
    }

    /**
     * Calls an HTTP endpoint. {@code body} is a JSON tree whose text leaves are templates. Statuses in {@code expect}
     * succeed; 408, 429 and 5xx are transient (Retry-After honoured); anything else is permanent.
     */
    record Http(String method, Template url, Map<String, Template> headers, Optional<JsonNode> body, Set<Integer> expect)
            implements StepAction {
        /** Checks the parts. */
        public Http {
            requireNonNull(method, "method is null");
            requireNonNull(url, "url is null");
            headers = Map.copyOf(requireNonNull(headers, "headers is null"));
            requireNonNull(body, "body is null");
            expect = Set.copyOf(requireNonNull(expect, "expect is null"));
        }

        @Override
        public String typeName() {
            return "http";
        }

        @Override
        public List<Template> templates() {
            List<Template> all = new ArrayList<>();
            all.add(url);
            all.addAll(headers.values());
            body.ifPresent(b -> collect(b, all));
            return all;
        }

        private static void collect(JsonNode node, List<Template> into) {
            if (node.isTextual()) {
                into.add(Template.parse(node.textValue()));
            }
            for (JsonNode child : node) {
                collect(child, into);
            }
        }
    }

    /** Blocks an address on the firewall; with {@code expiresAfter}, an automatic unblock run is scheduled. */
    record BlockIp(Template address, Optional<Duration> expiresAfter, Template reason) implements StepAction {
        /** Checks the parts. */
        public BlockIp {
            requireNonNull(address, "address is null");
            requireNonNull(expiresAfter, "expiresAfter is null");
            requireNonNull(reason, "reason is null");
        }

        @Override
        public String typeName() {
            return "block_ip";
        }

        @Override
        public List<Template> templates() {
            return List.of(address, reason);
        }
    }

    /** Removes a block on an address. */
    record UnblockIp(Template address) implements StepAction {
        /** Checks the parts. */
        public UnblockIp {
            requireNonNull(address, "address is null");
        }

        @Override
        public String typeName() {
            return "unblock_ip";
        }

        @Override
        public List<Template> templates() {
            return List.of(address);
        }
    }

    /** Isolates a host through the EDR. */
    record IsolateHost(Template host, Template reason) implements StepAction {
        /** Checks the parts. */
        public IsolateHost {
            requireNonNull(host, "host is null");
            requireNonNull(reason, "reason is null");
        }

        @Override
        public String typeName() {
            return "isolate_host";
        }

        @Override
        public List<Template> templates() {
            return List.of(host, reason);
        }
    }

    /** Creates a ticket. */
    record CreateTicket(Template title, Template body, Map<String, Template> fields) implements StepAction {
        /** Checks the parts. */
        public CreateTicket {
            requireNonNull(title, "title is null");
            requireNonNull(body, "body is null");
            fields = Map.copyOf(requireNonNull(fields, "fields is null"));
        }

        @Override
        public String typeName() {
            return "create_ticket";
        }

        @Override
        public List<Template> templates() {
            List<Template> all = new ArrayList<>(List.of(title, body));
            all.addAll(fields.values());
            return all;
        }
    }

    /** What an approval step does when nobody decided before its deadline. */
    enum DeadlineOutcome {
        /** Go on as if approved. */
        APPROVE,
        /** Stop the run as if rejected (it ends cancelled). */
        REJECT,
        /** Fail the run. */
        FAIL
    }

    /** Waits for a person to approve or reject, at most until {@code deadline} after the step began. */
    record Approval(Template prompt, Duration deadline, DeadlineOutcome onDeadline) implements StepAction {
        /** Checks the parts. */
        public Approval {
            requireNonNull(prompt, "prompt is null");
            requireNonNull(deadline, "deadline is null");
            requireNonNull(onDeadline, "onDeadline is null");
        }

        @Override
        public String typeName() {
            return "approval";
        }

        @Override
        public List<Template> templates() {
            return List.of(prompt);
        }
    }

    /** Changes the incident through the {@link IncidentPort}. */
    record SetIncident(Template incidentId, Map<String, Template> changes) implements StepAction {
        /** Checks the parts. */
        public SetIncident {
            requireNonNull(incidentId, "incidentId is null");
            changes = Map.copyOf(requireNonNull(changes, "changes is null"));
        }

        @Override
        public String typeName() {
            return "set_incident";
        }

        @Override
        public List<Template> templates() {
            List<Template> all = new ArrayList<>(List.of(incidentId));
            all.addAll(changes.values());
            return all;
        }
    }

    /** Waits for a duration. */
    record Wait(Duration duration) implements StepAction {
        /** Checks the parts. */
        public Wait {
            requireNonNull(duration, "duration is null");
        }

        @Override
        public String typeName() {
            return "wait";
        }

        @Override
        public List<Template> templates() {
            return List.of();
        }
    }
}
