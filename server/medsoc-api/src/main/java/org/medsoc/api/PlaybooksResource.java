package org.medsoc.api;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.medsoc.identity.Permission;
import org.medsoc.playbook.ApprovalDecision;
import org.medsoc.playbook.Playbook;
import org.medsoc.playbook.PlaybookExecutor;
import org.medsoc.playbook.PlaybookRun;
import org.medsoc.playbook.RunId;
import org.medsoc.playbook.RunState;
import org.medsoc.playbook.Step;
import org.medsoc.spi.error.MedsocException;
import org.medsoc.spi.event.TenantId;

/**
 * Response playbooks and their durable runs.
 *
 * <ul>
 *   <li>{@code GET /api/v1/playbooks}; {@code GET /api/v1/playbooks/{id}} (with its YAML); {@code PUT
 *       /api/v1/playbooks/{id}} with the YAML ({@code application/yaml}; a new version must raise {@code version});
 *       {@code PATCH /api/v1/playbooks/{id}} {@code {enabled, version}} → enables or disables it as a new version
 *       (409 when {@code version} is not the latest)</li>
 *   <li>{@code POST /api/v1/playbooks/{id}/runs} with a JSON trigger payload → starts a run by hand</li>
 *   <li>{@code GET /api/v1/playbook-runs?state=&limit=}; {@code GET /api/v1/playbook-runs/{id}} (with its step log);
 *       {@code POST /api/v1/playbook-runs/{id}/cancel} {@code {reason}}; {@code POST
 *       /api/v1/playbook-runs/{id}/approvals/{step}} {@code {decision: approve|reject, reason}}</li>
 * </ul>
 */
public final class PlaybooksResource {
    private static final int MAX_YAML_BYTES = 512 * 1024;

    private final PlaybookExecutor executor;
    private final TenantResolver tenants;

    public PlaybooksResource(PlaybookExecutor executor, TenantResolver tenants) {
        this.executor = requireNonNull(executor, "executor is null");
        this.tenants = requireNonNull(tenants, "tenants is null");
    }

    /** {@code /api/v1/playbooks}. */
    public HttpService playbooks() {
        return (HttpRules r) -> r
                .get("/", (req, res) -> {
                    TenantId t = Access.tenant(req, tenants, Permission.PLAYBOOKS_READ);
                    IncidentsResource.send(res, Map.of("playbooks",
                            executor.playbooks().list(t).stream().map(p -> summary(p, false)).toList()));
                })
                .get("/{id}", (req, res) -> {
                    TenantId t = Access.tenant(req, tenants, Permission.PLAYBOOKS_READ);
                    String id = req.path().pathParameters().get("id");
                    IncidentsResource.send(res, summary(executor.playbooks().latest(t, id)
                            .orElseThrow(() -> notFound("playbook", id)), true));
                })
                .put("/{id}", this::save)
                .patch("/{id}", this::patch)
                .post("/{id}/runs", this::start);
    }

    /** {@code /api/v1/playbook-runs}. */
    public HttpService runs() {
        return (HttpRules r) -> r
                .get("/", this::listRuns)
                .get("/{id}", (req, res) -> {
                    TenantId t = Access.tenant(req, tenants, Permission.PLAYBOOKS_READ);
                    RunId id = runId(req);
                    PlaybookRun run = executor.run(t, id).orElseThrow(() -> notFound("playbook run", id.value()));
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("run", run);
                    m.put("steps", executor.timeline(t, id));
                    IncidentsResource.send(res, m);
                })
                .post("/{id}/cancel", (req, res) -> {
                    TenantId t = Access.tenant(req, tenants, Permission.PLAYBOOKS_WRITE);
                    RunId id = runId(req);
                    String reason = JsonBody.read(req, Set.of("reason")).string("reason");
                    executor.run(t, id).orElseThrow(() -> notFound("playbook run", id.value()));
                    boolean cancelled = executor.cancel(t, id, "cancelled by " + Access.principal(req).username()
                            + ": " + reason);
                    IncidentsResource.send(res, Map.of("cancelled", cancelled, "run", executor.run(t, id).orElseThrow()));
                })
                .post("/{id}/approvals/{step}", (req, res) -> {
                    TenantId t = Access.tenant(req, tenants, Permission.PLAYBOOKS_WRITE);
                    RunId id = runId(req);
                    JsonBody body = JsonBody.read(req, Set.of("decision", "reason"));
                    ApprovalDecision decision = IncidentsResource.parse(ApprovalDecision.class, "decision",
                            body.string("decision"));
                    executor.run(t, id).orElseThrow(() -> notFound("playbook run", id.value()));
                    executor.decide(t, id, req.path().pathParameters().get("step"), decision,
                            Access.principal(req).username(), body.optionalString("reason").orElse(""));
                    IncidentsResource.send(res, executor.run(t, id).orElseThrow());
                });
    }

    private void save(ServerRequest req, ServerResponse res) throws IOException {
        TenantId t = Access.tenant(req, tenants, Permission.PLAYBOOKS_WRITE);
        String id = req.path().pathParameters().get("id");
        byte[] body = RequestBodies.read(req, MAX_YAML_BYTES, n -> new MedsocException(ApiErrorCode.BODY_TOO_LARGE,
                "a playbook is at most " + MAX_YAML_BYTES + " bytes of YAML"));
        Playbook saved = executor.playbooks().save(t, new String(body, StandardCharsets.UTF_8), "api:" + id);
        if (!saved.id().equals(id)) {
            throw new MedsocException(ApiErrorCode.INVALID_BODY,
                    "the playbook's id is '" + saved.id() + "' but the path names '" + id + "'");
        }
        res.status(201);
        IncidentsResource.send(res, summary(saved, false));
    }

    /**
     * {@code PATCH /api/v1/playbooks/{id}} {@code {enabled, version}}: stores a new version (the latest plus one) whose
     * YAML differs only in its top-level {@code enabled} and {@code version} lines; {@code version} must name the
     * latest version, else 409 (someone else changed the playbook). Audited like every change.
     */
    private void patch(ServerRequest req, ServerResponse res) throws IOException {
        TenantId t = Access.tenant(req, tenants, Permission.PLAYBOOKS_WRITE);
        String id = req.path().pathParameters().get("id");
        JsonBody body = JsonBody.read(req, Set.of("enabled", "version"));
        boolean enabled = body.optionalBoolean("enabled").orElseThrow(() -> JsonBody.missing("enabled", "true or false"));
        if (!body.has("version")) {
            throw JsonBody.missing("version", "the version the change is based on (the latest version)");
        }
        long expected = body.longValue("version");
        Playbook latest = executor.playbooks().latest(t, id).orElseThrow(() -> notFound("playbook", id));
        if (latest.version() != expected) {
            throw new MedsocException(org.medsoc.playbook.PlaybookErrorCode.VERSION_CONFLICT, "playbook '" + id
                    + "' is at version " + latest.version() + ", not " + expected
                    + "; someone else changed it: read it again and repeat the change");
        }
        if (latest.enabled() == enabled) {
            IncidentsResource.send(res, summary(latest, false));
            return;
        }
        String yaml = withTopLevel(withTopLevel(latest.source(), "version", Integer.toString(latest.version() + 1)),
                "enabled", Boolean.toString(enabled));
        Playbook saved = executor.playbooks().save(t, yaml, "api:" + id);
        IncidentsResource.send(res, summary(saved, false));
    }

    /**
     * The YAML with the top-level (unindented) {@code key} set to {@code value}: its line replaced, or a line added
     * after {@code version:} (or at the start) when the key is absent; comments and everything else kept as written.
     */
    static String withTopLevel(String yaml, String key, String value) {
        String[] lines = yaml.split("\n", -1);
        StringBuilder out = new StringBuilder(yaml.length() + 32);
        boolean done = false;
        int versionLine = -1;
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (!done && line.startsWith(key + ":")) {
                int hash = line.indexOf(" #");
                while (hash > 0 && line.charAt(hash - 1) == ' ') {
                    hash--;
                }
                line = key + ": " + value + (hash >= 0 ? line.substring(hash) : "");
                done = true;
            }
            if (versionLine < 0 && line.startsWith("version:")) {
                versionLine = i;
            }
            lines[i] = line;
        }
        for (int i = 0; i < lines.length; i++) {
            if (i > 0) {
                out.append('\n');
            }
            if (!done && i == Math.max(0, versionLine + 1) && versionLine >= 0) {
                out.append(key).append(": ").append(value).append('\n');
                done = true;
            }
            out.append(lines[i]);
        }
        return done ? out.toString() : key + ": " + value + "\n" + out;
    }

    private void start(ServerRequest req, ServerResponse res) throws IOException {
        TenantId t = Access.tenant(req, tenants, Permission.PLAYBOOKS_WRITE);
        String id = req.path().pathParameters().get("id");
        Playbook p = executor.playbooks().latest(t, id).orElseThrow(() -> notFound("playbook", id));
        byte[] body = RequestBodies.read(req, JsonBody.MAX_BYTES, n -> new MedsocException(ApiErrorCode.BODY_TOO_LARGE,
                "trigger payload too large"));
        JsonNode payload = body.length == 0 ? Json.MAPPER.createObjectNode() : Json.MAPPER.readTree(body);
        if (payload == null || !payload.isObject()) {
            throw new MedsocException(ApiErrorCode.INVALID_BODY, "the trigger payload must be a JSON object");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> map = Json.MAPPER.convertValue(payload, Map.class);
        map.put("started_by", Access.principal(req).username());
        RunId run = executor.start(t, p, map);
        res.status(201);
        IncidentsResource.send(res, executor.run(t, run).orElseThrow());
    }

    private void listRuns(ServerRequest req, ServerResponse res) {
        TenantId t = Access.tenant(req, tenants, Permission.PLAYBOOKS_READ);
        int limit = new RequestParameters(req.query(), () -> 0L).integer("limit", 100, 1, 1000);
        var state = req.query().first("state");
        List<PlaybookRun> runs = state.isPresent()
                ? executor.runs(t, IncidentsResource.parse(RunState.class, "state", state.get()), limit)
                : executor.runs(t, limit);
        IncidentsResource.send(res, Map.of("runs", runs));
    }

    private static Map<String, Object> summary(Playbook p, boolean withSource) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", p.id());
        m.put("name", p.name());
        m.put("version", p.version());
        m.put("enabled", p.enabled());
        m.put("trigger", p.trigger().getClass().getSimpleName().toLowerCase(Locale.ROOT));
        m.put("steps", p.steps().stream().map(Step::id).toList());
        if (withSource) {
            m.put("yaml", p.source());
        }
        return m;
    }

    private static RunId runId(ServerRequest req) {
        try {
            return new RunId(req.path().pathParameters().get("id"));
        } catch (IllegalArgumentException e) {
            throw new MedsocException(ApiErrorCode.INVALID_PARAMETER, String.valueOf(e.getMessage()));
        }
    }

    private static MedsocException notFound(String what, String id) {
        return new MedsocException(org.medsoc.playbook.PlaybookErrorCode.NOT_FOUND,
                "no " + what + " '" + id + "' in this tenant");
    }
}
