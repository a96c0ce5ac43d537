package org.medsoc.server;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.medsoc.asset.Asset;
import org.medsoc.asset.AssetInventory;
import org.medsoc.common.Settings;
import org.medsoc.incident.Actor;
import org.medsoc.incident.Incident;
import org.medsoc.incident.IncidentEdit;
import org.medsoc.incident.IncidentService;
import org.medsoc.incident.Severity;
import org.medsoc.playbook.ActionResult;
import org.medsoc.playbook.EdrPort;
import org.medsoc.playbook.EnrichmentPort;
import org.medsoc.playbook.FirewallPort;
import org.medsoc.playbook.IncidentPort;
import org.medsoc.playbook.TicketPort;
import org.medsoc.spi.error.MedsocException;
import org.medsoc.spi.event.TenantId;

/**
 * The node's implementations of the playbook ports.
 *
 * <ul>
 *   <li>Firewall, EDR and ticketing: {@link Webhook}, a signed JSON POST to the device's API or to an adapter in front
 *       of it ({@code response.firewall.url}, {@code response.edr.url}, {@code response.ticket.url}, each with
 *       {@code .secret}): headers {@code X-Medsoc-Timestamp}, {@code X-Medsoc-Signature: sha256=<hex HMAC of
 *       timestamp + "." + body>} and {@code Idempotency-Key}; 2xx done, 408/429/5xx and I/O errors transient (with
 *       Retry-After), other statuses permanent.</li>
 *   <li>Incidents: comment, assign, set severity.</li>
 *   <li>Enrichment: an IP address or host name looked up in the asset inventory.</li>
 * </ul>
 */
final class ResponseConnectors {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ResponseConnectors() {}

    /** A signed JSON webhook speaking for a firewall, an EDR or a ticketing system. */
    static final class Webhook implements FirewallPort, EdrPort, TicketPort {
        private final URI url;
        private final byte[] secret;
        private final HttpClient http;
        private final Clock clock;

        Webhook(URI url, String secret, Clock clock) {
            this.url = requireNonNull(url, "url is null");
            this.secret = secret.getBytes(StandardCharsets.UTF_8);
            this.clock = requireNonNull(clock, "clock is null");
            this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        }

        /** The webhook configured under {@code response.<kind>.*}, if any. */
        static Optional<Webhook> fromSettings(Settings s, String kind, Clock clock) {
            return s.find("response." + kind + ".url").map(u -> new Webhook(URI.create(u.strip()),
                    s.string("response." + kind + ".secret", ""), clock));
        }

        @Override
        public String target() {
            return url.getHost() + (url.getPort() > 0 ? ":" + url.getPort() : "");
        }

        @Override
        public ActionResult block(TenantId tenant, BlockRequest request) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("action", "block");
            body.put("address", request.address());
            request.expiresAt().ifPresent(e -> body.put("expiresAt", e.toString()));
            body.put("reason", request.reason());
            return post(tenant, body, request.idempotencyKey());
        }

        @Override
        public ActionResult unblock(TenantId tenant, String address, String idempotencyKey) {
            return post(tenant, Map.of("action", "unblock", "address", address), idempotencyKey);
        }

        @Override
        public ActionResult isolate(TenantId tenant, String host, String reason, String idempotencyKey) {
            return post(tenant, Map.of("action", "isolate", "host", host, "reason", reason), idempotencyKey);
        }

        @Override
        public ActionResult create(TenantId tenant, String title, String body, Map<String, String> fields,
                String idempotencyKey) {
            return post(tenant, Map.of("action", "create_ticket", "title", title, "body", body, "fields", fields),
                    idempotencyKey);
        }

        ActionResult post(TenantId tenant, Map<String, Object> payload, String idempotencyKey) {
            Map<String, Object> body = new LinkedHashMap<>(payload);
            body.put("tenant", tenant.value());
            byte[] bytes;
            try {
                bytes = JSON.writeValueAsBytes(body);
            } catch (IOException e) {
                return ActionResult.permanentFailure("cannot encode the request: " + e.getMessage());
            }
            String timestamp = Long.toString(clock.millis());
            HttpRequest request = HttpRequest.newBuilder(url)
                    .timeout(Duration.ofSeconds(20))
                    .header("Content-Type", "application/json")
                    .header("Idempotency-Key", idempotencyKey)
                    .header("X-Medsoc-Timestamp", timestamp)
                    .header("X-Medsoc-Signature", "sha256=" + sign(timestamp, bytes))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(bytes))
                    .build();
            try {
                HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
                int status = r.statusCode();
                if (status / 100 == 2) {
                    return ActionResult.done(Map.of("status", status, "response", cut(r.body())));
                }
                if (status == 408 || status == 429 || status >= 500) {
                    Optional<Duration> after = r.headers().firstValue("Retry-After").flatMap(v -> {
                        try {
                            return Optional.of(Duration.ofSeconds(Long.parseLong(v.strip())));
                        } catch (NumberFormatException e) {
                            return Optional.empty();
                        }
                    });
                    return new ActionResult.TransientFailure(url.getHost() + " answered " + status, after);
                }
                return ActionResult.permanentFailure(url.getHost() + " refused the request with " + status + ": "
                        + cut(r.body()));
            } catch (IOException e) {
                return ActionResult.transientFailure("cannot reach " + url.getHost() + ": " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return ActionResult.transientFailure("interrupted while calling " + url.getHost());
            }
        }

        private String sign(String timestamp, byte[] body) {
            try {
                Mac mac = Mac.getInstance("HmacSHA256");
                mac.init(new SecretKeySpec(secret.length == 0 ? new byte[1] : secret, "HmacSHA256"));
                mac.update((timestamp + ".").getBytes(StandardCharsets.UTF_8));
                return HexFormat.of().formatHex(mac.doFinal(body));
            } catch (java.security.GeneralSecurityException e) {
                throw new IllegalStateException("HmacSHA256 is missing from the JDK", e);
            }
        }

        private static String cut(String s) {
            return s.length() > 500 ? s.substring(0, 500) + "…" : s;
        }
    }

    /** Playbook steps that change incidents: {@code comment}, {@code assignee}, {@code severity}. */
    static IncidentPort incidents(IncidentService incidents) {
        return (tenant, incidentId, changes, idempotencyKey) -> {
            long id;
            try {
                id = Long.parseLong(incidentId.strip());
            } catch (NumberFormatException e) {
                return ActionResult.permanentFailure("incident id must be a number, was '" + incidentId + "'");
            }
            // the system actor: a playbook's change is not the human first response the SLA waits for
            Actor actor = new Actor(Actor.SYSTEM.id(), "playbook");
            try {
                Incident current = incidents.load(tenant, id);
                for (var c : changes.entrySet()) {
                    switch (c.getKey()) {
                        case "comment" -> incidents.comment(tenant, id, actor, c.getValue());
                        case "assignee" -> current = incidents.assign(tenant, id, current.version(), actor, c.getValue());
                        case "severity" -> current = incidents.edit(tenant, id, current.version(), actor,
                                IncidentEdit.severity(Severity.valueOf(c.getValue().strip().toUpperCase(java.util.Locale.ROOT))));
                        default -> {
                            return ActionResult.permanentFailure("unknown incident change '" + c.getKey()
                                    + "'; one of comment, assignee, severity");
                        }
                    }
                    current = incidents.load(tenant, id);
                }
                return ActionResult.done(Map.of("incident", Long.toString(id), "state", current.state().name()));
            } catch (MedsocException | IllegalArgumentException e) {
                return ActionResult.permanentFailure(String.valueOf(e.getMessage()));
            }
        };
    }

    /** Enrichment from the asset inventory: {@code ip} or {@code host}. */
    static EnrichmentPort enrichment(AssetInventory assets) {
        return (tenant, kind, value) -> {
            List<Asset> found = switch (kind) {
                case "ip" -> assets.findByIp(tenant, value);
                case "host", "hostname" -> assets.findByHostname(tenant, value);
                default -> null;
            };
            if (found == null) {
                return ActionResult.permanentFailure("unknown enrichment kind '" + kind + "'; one of ip, host");
            }
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("found", !found.isEmpty());
            if (!found.isEmpty()) {
                Asset a = found.getFirst();
                out.put("asset_id", Long.toString(a.id()));
                out.put("name", a.attributes().name());
                out.put("business_system", a.attributes().businessSystem());
                out.put("owner", a.attributes().owner());
                out.put("criticality", a.attributes().criticality());
            }
            return ActionResult.done(out);
        };
    }
}
