package org.medsoc.api;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;
import org.medsoc.detect.Detector;
import org.medsoc.detect.RuleLibrary;
import org.medsoc.identity.Permission;
import org.medsoc.spi.error.MedsocException;

/**
 * Rule management.
 *
 * <ul>
 *   <li>{@code GET /api/v1/rules?q=&source=&level=&enabled=&offset=&limit=} → {@code {total, rules:[...], unreadable:[...]}};
 *       each rule with its counters (evaluations, matches, estimated evaluation time) and, when it cannot run, why</li>
 *   <li>{@code GET /api/v1/rules/{id}} → the rule and its YAML text</li>
 *   <li>{@code PATCH /api/v1/rules/{id}} with {@code {"enabled": false}} → disables (or enables) it at once</li>
 *   <li>{@code POST /api/v1/rules/reload} → rereads rule folders and packs</li>
 *   <li>{@code GET /api/v1/rule-packs}; {@code PUT /api/v1/rule-packs/{name}} with a zip of a rule folder
 *       ({@code application/zip}) or one YAML file ({@code application/yaml}); {@code DELETE /api/v1/rule-packs/{name}}</li>
 * </ul>
 * Every change takes effect between two ingest batches without a restart.
 */
public final class RulesResource {
    private static final int MAX_PACK_BYTES = 32 * 1024 * 1024;
    private static final int MAX_UNZIPPED_BYTES = 128 * 1024 * 1024;

    private final RuleLibrary library;
    private final TenantResolver tenants;
    private final java.util.function.LongSupplier clock;

    /** Rules are node-wide: reading needs RULES_READ, changing RULES_WRITE, on the node's own tenant. */
    public RulesResource(RuleLibrary library, TenantResolver tenants, java.util.function.LongSupplier clock) {
        this.library = requireNonNull(library, "library is null");
        this.tenants = requireNonNull(tenants, "tenants is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    private void read(ServerRequest req) {
        Access.requireOnNode(req, tenants, Permission.RULES_READ);
    }

    private void write(ServerRequest req) {
        Access.requireOnNode(req, tenants, Permission.RULES_WRITE);
    }

    /** The {@code /api/v1/rules} service. */
    public HttpService rules() {
        return (HttpRules rules) -> rules
                .get("/", this::list)
                .post("/reload", this::reload)
                .get("/{id}", this::one)
                .patch("/{id}", this::patch);
    }

    /** The {@code /api/v1/rule-packs} service. */
    public HttpService packs() {
        return (HttpRules rules) -> rules
                .get("/", (req, res) -> {
                    read(req);
                    EventsResource.sendJson(res, Json.bytes(Map.of("packs", library.packs())));
                })
                .put("/{name}", this::upload)
                .delete("/{name}", this::deletePack);
    }

    private void list(ServerRequest req, ServerResponse res) {
        read(req);
        RequestParameters p = new RequestParameters(req.query(), clock);
        String q = p.string("q", "").toLowerCase(Locale.ROOT);
        String source = p.string("source", "");
        String level = p.string("level", "");
        String enabled = p.string("enabled", "");
        if (!enabled.isEmpty() && !enabled.equals("true") && !enabled.equals("false")) {
            throw RequestParameters.invalid("enabled", enabled, "true or false");
        }
        int offset = p.integer("offset", 0, 0, Integer.MAX_VALUE);
        int limit = p.integer("limit", 100, 1, 10_000);
        List<RuleLibrary.Entry> matching = library.list().stream()
                .filter(e -> q.isEmpty() || e.title().toLowerCase(Locale.ROOT).contains(q)
                        || e.key().toLowerCase(Locale.ROOT).contains(q)
                        || e.tags().stream().anyMatch(t -> t.toLowerCase(Locale.ROOT).contains(q)))
                .filter(e -> source.isEmpty() || e.source().equals(source) || e.source().startsWith(source + ":"))
                .filter(e -> level.isEmpty() || level.equalsIgnoreCase(String.valueOf(e.level())))
                .filter(e -> enabled.isEmpty() || e.enabled() == Boolean.parseBoolean(enabled))
                .toList();
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("total", matching.size());
        answer.put("offset", offset);
        answer.put("limit", limit);
        answer.put("rules", matching.stream().skip(offset).limit(limit).map(RulesResource::json).toList());
        answer.put("unreadable", library.unreadable().stream()
                .map(r -> Map.of("file", r.rule(), "reason", r.reason())).toList());
        EventsResource.sendJson(res, Json.bytes(answer));
    }

    private void one(ServerRequest req, ServerResponse res) {
        read(req);
        String id = req.path().pathParameters().get("id");
        RuleLibrary.Entry e = library.find(id).orElseThrow(() -> notFound(id));
        Map<String, Object> answer = json(e);
        answer.put("yaml", library.text(id).orElse(""));
        EventsResource.sendJson(res, Json.bytes(answer));
    }

    private void patch(ServerRequest req, ServerResponse res) throws IOException {
        write(req);
        String id = req.path().pathParameters().get("id");
        byte[] body = RequestBodies.read(req, 64 * 1024, n -> new MedsocException(ApiErrorCode.BODY_TOO_LARGE,
                "a rule update is a small JSON object; this body has " + n + "+ bytes"));
        JsonNode node;
        try {
            node = Json.MAPPER.readTree(body);
        } catch (IOException e) {
            throw new MedsocException(ApiErrorCode.INVALID_BODY, "body is not JSON: " + e.getMessage());
        }
        if (node == null || !node.isObject() || !node.has("enabled") || !node.get("enabled").isBoolean()) {
            throw new MedsocException(ApiErrorCode.INVALID_BODY,
                    "body must be a JSON object with a boolean 'enabled', e.g. {\"enabled\": false}");
        }
        var names = node.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!name.equals("enabled")) {
                throw new MedsocException(ApiErrorCode.INVALID_BODY,
                        "unknown property '" + name + "'; only 'enabled' can be changed");
            }
        }
        if (library.find(id).isEmpty()) {
            throw notFound(id);
        }
        EventsResource.sendJson(res, Json.bytes(json(library.enable(id, node.get("enabled").booleanValue()))));
    }

    private void reload(ServerRequest req, ServerResponse res) {
        write(req);
        Detector d = library.reload();
        EventsResource.sendJson(res, Json.bytes(Map.of("rules", d.ruleCount(), "refused", d.refused().size(),
                "logSources", d.logSourceCount())));
    }

    private void upload(ServerRequest req, ServerResponse res) throws IOException {
        write(req);
        String name = req.path().pathParameters().get("name");
        String type = req.headers().contentType().map(t -> t.mediaType().text()).orElse("").toLowerCase(Locale.ROOT);
        byte[] body = RequestBodies.read(req, MAX_PACK_BYTES, n -> new MedsocException(ApiErrorCode.BODY_TOO_LARGE,
                "rule pack of " + n + "+ bytes exceeds the limit of " + MAX_PACK_BYTES + " bytes"));
        Map<String, String> files;
        if (type.equals("application/zip") || type.equals("application/x-zip-compressed")) {
            files = unzip(body);
        } else if (type.equals("application/yaml") || type.equals("application/x-yaml") || type.equals("text/yaml")) {
            files = Map.of(name + ".yml", new String(body, StandardCharsets.UTF_8));
        } else {
            throw new MedsocException(ApiErrorCode.INVALID_BODY, "Content-Type '" + type
                    + "' is not a rule pack; send a zip of the rule folder as application/zip or one rule as application/yaml");
        }
        RuleLibrary.UploadResult r = library.upload(name, files);
        res.status(201);
        EventsResource.sendJson(res, Json.bytes(Map.of("pack", r.pack(), "rules", r.rules(), "refused",
                r.refused().stream().map(x -> Map.of("rule", x.rule(), "reason", x.reason())).toList())));
    }

    private void deletePack(ServerRequest req, ServerResponse res) {
        write(req);
        library.deletePack(req.path().pathParameters().get("name"));
        res.status(204);
        res.send();
    }

    /** The .yml/.yaml entries of a zip (other entries are ignored), bounded in size. */
    static Map<String, String> unzip(byte[] zip) {
        Map<String, String> files = new LinkedHashMap<>();
        long total = 0;
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip), StandardCharsets.UTF_8)) {
            ZipEntry entry;
            byte[] buf = new byte[64 * 1024];
            while ((entry = in.getNextEntry()) != null) {
                String n = entry.getName();
                if (entry.isDirectory() || !(n.endsWith(".yml") || n.endsWith(".yaml"))
                        || n.contains("__MACOSX/")) {
                    continue;
                }
                var out = new java.io.ByteArrayOutputStream();
                int r;
                while ((r = in.read(buf)) > 0) {
                    total += r;
                    if (total > MAX_UNZIPPED_BYTES) {
                        throw new MedsocException(ApiErrorCode.BODY_TOO_LARGE,
                                "rule pack unpacks to more than " + MAX_UNZIPPED_BYTES + " bytes");
                    }
                    out.write(buf, 0, r);
                }
                files.put(n, out.toString(StandardCharsets.UTF_8));
            }
        } catch (ZipException e) {
            throw new MedsocException(ApiErrorCode.INVALID_BODY, "rule pack is not a valid zip file: " + e.getMessage());
        } catch (IOException e) {
            throw new MedsocException(ApiErrorCode.INVALID_BODY, "rule pack could not be unzipped: " + e.getMessage());
        }
        if (files.isEmpty()) {
            throw new MedsocException(ApiErrorCode.INVALID_BODY, "rule pack zip holds no .yml or .yaml file");
        }
        return files;
    }

    private static Map<String, Object> json(RuleLibrary.Entry e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", e.key());
        m.put("title", e.title());
        m.put("level", e.level());
        m.put("status", e.status());
        m.put("tags", e.tags());
        m.put("logsource", e.logsource());
        m.put("source", e.source());
        m.put("enabled", e.enabled());
        m.put("runnable", e.refusal() == null);
        if (e.refusal() != null) {
            m.put("refusal", e.refusal());
        }
        m.put("evaluations", e.counters().evaluations());
        m.put("matches", e.counters().matches());
        m.put("evaluationNanos", e.counters().nanos());
        m.put("meanEvaluationNanos", Math.round(e.counters().meanNanos()));
        return m;
    }

    private static MedsocException notFound(String id) {
        return new MedsocException(org.medsoc.detect.DetectErrorCode.RULE_NOT_FOUND, "no rule has id '" + id + "'");
    }
}
