package org.medsoc.playbook.internal;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;
import org.medsoc.notify.DeliveryResult;
import org.medsoc.notify.Language;
import org.medsoc.notify.Notification;
import org.medsoc.notify.NotificationTemplates;
import org.medsoc.notify.Notifier;
import org.medsoc.playbook.ActionResult;
import org.medsoc.playbook.EdrPort;
import org.medsoc.playbook.EnrichmentPort;
import org.medsoc.playbook.FirewallPort;
import org.medsoc.playbook.IncidentPort;
import org.medsoc.playbook.PlaybookErrorCode;
import org.medsoc.playbook.Step;
import org.medsoc.playbook.StepAction;
import org.medsoc.playbook.Template;
import org.medsoc.playbook.TicketPort;
import org.medsoc.spi.error.MedsocException;
import org.medsoc.spi.event.TenantId;

/**
 * Renders a step's templates and performs its effect through the notifier, the HTTP client or a port, within the
 * step's timeout. Every effect carries the step's idempotency key ({@code <run id>:<step id>}, the same for every
 * attempt of the step), so a retry or a re-execution after a crash is recognisable by the target.
 */
public final class ActionRunner implements AutoCloseable {
    /** The header carrying the idempotency key on HTTP steps. */
    public static final String IDEMPOTENCY_HEADER = "Idempotency-Key";
    private static final int MAX_BODY_CHARS = 8_192;
    private static final Duration GRACE = Duration.ofMillis(500);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A rendered step, ready to run. */
    public record Prepared(Optional<String> rateLimitKey, Callable<ActionResult> call) {}

    private final @Nullable Notifier notifier;
    private final @Nullable EnrichmentPort enrichment;
    private final @Nullable FirewallPort firewall;
    private final @Nullable EdrPort edr;
    private final @Nullable TicketPort tickets;
    private final @Nullable IncidentPort incidents;
    private final HttpClient http;
    private final Clock clock;
    private final ExecutorService calls = Executors.newVirtualThreadPerTaskExecutor();

    /** Creates the runner; absent ports make their steps fail permanently with a precise reason. */
    public ActionRunner(@Nullable Notifier notifier, @Nullable EnrichmentPort enrichment, @Nullable FirewallPort firewall,
            @Nullable EdrPort edr, @Nullable TicketPort tickets, @Nullable IncidentPort incidents, HttpClient http,
            Clock clock) {
        this.notifier = notifier;
        this.enrichment = enrichment;
        this.firewall = firewall;
        this.edr = edr;
        this.tickets = tickets;
        this.incidents = incidents;
        this.http = requireNonNull(http, "http is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    /** The idempotency key of a step of a run. */
    public static String idempotencyKey(String runId, String stepId) {
        return runId + ":" + stepId;
    }

    /**
     * Renders the step against the run context.
     *
     * @throws MedsocException when a template variable is missing or the step's port is not configured
     */
    public Prepared prepare(TenantId tenant, String runId, Step step, JsonNode context) {
        String key = idempotencyKey(runId, step.id());
        return switch (step.action()) {
            case StepAction.Enrich e -> {
                EnrichmentPort port = port(enrichment, "EnrichmentPort", step);
                String value = e.value().render(context);
                yield new Prepared(Optional.empty(), () -> port.enrich(tenant, e.kind(), value));
            }
            case StepAction.Notify n -> {
                Notifier sender = port(notifier, "Notifier", step);
                Notification notification = notification(tenant, n, key, context);
                yield new Prepared(Optional.empty(), () -> deliver(sender, n.channel(), notification));
            }
            case StepAction.Http h -> prepareHttp(h, key, step, context);
            case StepAction.BlockIp b -> {
                FirewallPort port = port(firewall, "FirewallPort", step);
                String address = b.address().render(context);
                String reason = b.reason().render(context);
                Optional<Instant> expires = b.expiresAfter().map(d -> clock.instant().plus(d));
                yield new Prepared(Optional.of("firewall:" + port.target()), () -> withOutput(
                        port.block(tenant, new FirewallPort.BlockRequest(address, expires, reason, key)),
                        Map.of("ip", address)));
            }
            case StepAction.UnblockIp u -> {
                FirewallPort port = port(firewall, "FirewallPort", step);
                String address = u.address().render(context);
                yield new Prepared(Optional.of("firewall:" + port.target()),
                        () -> withOutput(port.unblock(tenant, address, key), Map.of("ip", address)));
            }
            case StepAction.IsolateHost i -> {
                EdrPort port = port(edr, "EdrPort", step);
                String host = i.host().render(context);
                String reason = i.reason().render(context);
                yield new Prepared(Optional.of("edr:" + port.target()),
                        () -> withOutput(port.isolate(tenant, host, reason, key), Map.of("host", host)));
            }
            case StepAction.CreateTicket t -> {
                TicketPort port = port(tickets, "TicketPort", step);
                String title = t.title().render(context);
                String body = t.body().render(context);
                Map<String, String> fields = renderAll(t.fields(), context);
                yield new Prepared(Optional.of("ticket:" + port.target()), () -> port.create(tenant, title, body, fields, key));
            }
            case StepAction.SetIncident s -> {
                IncidentPort port = port(incidents, "IncidentPort", step);
                String incident = s.incidentId().render(context);
                Map<String, String> changes = renderAll(s.changes(), context);
                yield new Prepared(Optional.empty(),
                        () -> withOutput(port.update(tenant, incident, changes, key), Map.of("incident", incident)));
            }
            case StepAction.Approval a -> throw new IllegalArgumentException("approval steps wait, they are not executed");
            case StepAction.Wait w -> throw new IllegalArgumentException("wait steps wait, they are not executed");
        };
    }

    /**
     * Runs a prepared step, giving up after {@code timeout} plus half a second (a transient failure: the outcome is
     * unknown). An exception
     * from a port is a transient failure too, logged once.
     */
    public ActionResult execute(Prepared prepared, Duration timeout) {
        Future<ActionResult> future = calls.submit(prepared.call());
        try {
            // the HTTP client enforces the timeout itself with a precise reason; the grace keeps this guard second
            return future.get(timeout.plus(GRACE).toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            return ActionResult.transientFailure("no answer within the step timeout of " + format(timeout)
                    + "; the outcome is unknown, retried with the same idempotency key");
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            return ActionResult.transientFailure("the worker was interrupted; retried with the same idempotency key");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            if (cause instanceof MedsocException m) {
                return ActionResult.permanentFailure(m.getMessage());
            }
            return ActionResult.transientFailure("the step failed unexpectedly: " + cause);
        }
    }

    private static <T> T port(@Nullable T port, String name, Step step) {
        if (port == null) {
            throw new MedsocException(PlaybookErrorCode.PORT_NOT_CONFIGURED, "step '" + step.id() + "' ("
                    + step.action().typeName() + ") needs a " + name + ", and this medsoc has none configured");
        }
        return port;
    }

    private static Map<String, String> renderAll(Map<String, Template> templates, JsonNode context) {
        Map<String, String> out = new LinkedHashMap<>();
        templates.forEach((k, t) -> out.put(k, t.render(context)));
        return out;
    }

    private static ActionResult withOutput(ActionResult result, Map<String, Object> extra) {
        if (result instanceof ActionResult.Done done) {
            Map<String, Object> merged = new LinkedHashMap<>(extra);
            merged.putAll(done.output());
            return new ActionResult.Done(merged);
        }
        return result;
    }

    private Notification notification(TenantId tenant, StepAction.Notify n, String key, JsonNode context) {
        Map<String, String> variables = renderAll(n.variables(), context);
        if (n.template().isPresent()) {
            Map<String, Object> vars = new LinkedHashMap<>();
            flatten("", context.path("trigger"), vars);
            vars.putAll(variables);
            return NotificationTemplates.render(n.template().get(), Language.ZH, tenant, n.severity(), key, vars);
        }
        Notification.Builder b = Notification.builder(tenant, n.title().render(context), n.text().render(context))
                .severity(n.severity())
                .dedupeKey(key);
        variables.forEach(b::attribute);
        return b.build();
    }

    private static void flatten(String prefix, JsonNode node, Map<String, Object> into) {
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> e : node.properties()) {
                flatten(prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey(), e.getValue(), into);
            }
        } else if (!prefix.isEmpty() && !node.isMissingNode() && !node.isNull()) {
            into.put(prefix, node.isTextual() ? node.textValue() : node.toString());
        }
    }

    private static ActionResult deliver(Notifier notifier, String channel, Notification notification) {
        DeliveryResult result = notifier.send(channel, notification);
        return switch (result) {
            case DeliveryResult.Delivered d -> {
                Map<String, Object> out = new LinkedHashMap<>();
                out.put("channel", channel);
                out.put("idempotency_id", notification.idempotencyId());
                d.providerMessageId().ifPresent(id -> out.put("provider_message_id", id));
                yield ActionResult.done(out);
            }
            case DeliveryResult.TransientFailure t -> new ActionResult.TransientFailure(t.reason(), t.retryAfter());
            case DeliveryResult.PermanentFailure p -> ActionResult.permanentFailure(p.reason());
        };
    }

    private Prepared prepareHttp(StepAction.Http h, String key, Step step, JsonNode context) {
        String url = h.url().render(context);
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new MedsocException(PlaybookErrorCode.TEMPLATE_VARIABLE_MISSING,
                    "step '" + step.id() + "': rendered URL '" + url + "' is not a valid URI: " + e.getMessage(), e);
        }
        if (uri.getHost() == null || !("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()))) {
            throw new MedsocException(PlaybookErrorCode.TEMPLATE_VARIABLE_MISSING,
                    "step '" + step.id() + "': rendered URL '" + url + "' is not an http:// or https:// URL with a host");
        }
        Map<String, String> headers = renderAll(h.headers(), context);
        String body = h.body().map(b -> renderTree(b, context).toString()).orElse(null);
        String rateKey = "http:" + uri.getHost() + (uri.getPort() >= 0 ? ":" + uri.getPort() : "");
        Duration timeout = step.timeout();
        return new Prepared(Optional.of(rateKey), () -> {
            HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(timeout).header(IDEMPOTENCY_HEADER, key);
            boolean hasContentType = false;
            try {
                for (Map.Entry<String, String> e : headers.entrySet()) {
                    request.header(e.getKey(), e.getValue());
                    hasContentType |= e.getKey().equalsIgnoreCase("Content-Type");
                }
            } catch (IllegalArgumentException e) {
                return ActionResult.permanentFailure("step '" + step.id() + "': header not allowed: " + e.getMessage());
            }
            if (body != null && !hasContentType) {
                request.header("Content-Type", "application/json; charset=utf-8");
            }
            request.method(h.method(), body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
            return send(request.build(), h, uri);
        });
    }

    private ActionResult send(HttpRequest request, StepAction.Http h, URI uri) {
        HttpResponse<InputStream> response;
        String target = h.method() + " " + uri.getScheme() + "://" + uri.getHost()
                + (uri.getPort() >= 0 ? ":" + uri.getPort() : "") + uri.getPath();
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (HttpTimeoutException e) {
            return ActionResult.transientFailure(target + " timed out: " + e.getMessage());
        } catch (IOException e) {
            return ActionResult.transientFailure(target + " failed: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ActionResult.transientFailure(target + " was interrupted");
        }
        String text;
        try (InputStream in = response.body()) {
            byte[] bytes = in.readNBytes(MAX_BODY_CHARS * 4);
            text = new String(bytes, StandardCharsets.UTF_8);
            if (text.length() > MAX_BODY_CHARS) {
                text = text.substring(0, MAX_BODY_CHARS);
            }
        } catch (IOException e) {
            return ActionResult.transientFailure(target + ": reading the answer failed: " + e);
        }
        int status = response.statusCode();
        if (h.expect().contains(status)) {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("status", status);
            out.put("body", parseBody(text));
            return ActionResult.done(out);
        }
        String preview = text.length() > 300 ? text.substring(0, 300) + "…" : text;
        String reason = target + " answered HTTP " + status + (preview.isBlank() ? "" : ": " + preview.strip());
        if (status == 408 || status == 429 || status >= 500) {
            return new ActionResult.TransientFailure(reason, retryAfter(response.headers().firstValue("Retry-After")));
        }
        return ActionResult.permanentFailure(reason + " (expected " + new java.util.TreeSet<>(h.expect()) + ")");
    }

    private static Object parseBody(String text) {
        String t = text.strip();
        if (t.startsWith("{") || t.startsWith("[")) {
            try {
                return JSON.readTree(t);
            } catch (IOException e) {
                return text;
            }
        }
        return text;
    }

    private Optional<Duration> retryAfter(Optional<String> header) {
        if (header.isEmpty()) {
            return Optional.empty();
        }
        String value = header.get().strip();
        try {
            long seconds = Long.parseLong(value);
            return seconds >= 0 ? Optional.of(Duration.ofSeconds(seconds)) : Optional.empty();
        } catch (NumberFormatException e) {
            try {
                Instant at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                Duration d = Duration.between(clock.instant(), at);
                return Optional.of(d.isNegative() ? Duration.ZERO : d);
            } catch (DateTimeParseException ex) {
                return Optional.empty();
            }
        }
    }

    /** Renders every text leaf of a JSON tree as a template. */
    static JsonNode renderTree(JsonNode node, JsonNode context) {
        if (node.isTextual()) {
            return JSON.getNodeFactory().textNode(Template.parse(node.textValue()).render(context));
        }
        if (node.isObject()) {
            ObjectNode out = JSON.createObjectNode();
            node.properties().forEach(e -> out.set(e.getKey(), renderTree(e.getValue(), context)));
            return out;
        }
        if (node.isArray()) {
            ArrayNode out = JSON.createArrayNode();
            node.forEach(child -> out.add(renderTree(child, context)));
            return out;
        }
        return node;
    }

    /** A duration as {@code 5m}, {@code 30s} or {@code 250ms}. */
    public static String format(Duration d) {
        if (d.toMillis() % 60_000 == 0) {
            return d.toMinutes() + "m";
        }
        if (d.toMillis() % 1000 == 0) {
            return d.toSeconds() + "s";
        }
        return d.toMillis() + "ms";
    }

    @Override
    public void close() {
        calls.shutdownNow();
    }
}
