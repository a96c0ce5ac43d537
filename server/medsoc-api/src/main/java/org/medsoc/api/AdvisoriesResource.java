package org.medsoc.api;

import static java.util.Objects.requireNonNull;

import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;
import org.medsoc.asset.Asset;
import org.medsoc.asset.AssetAttributes;
import org.medsoc.asset.AssetInventory;
import org.medsoc.asset.AssetQuery;
import org.medsoc.asset.Software;
import org.medsoc.findings.Actor;
import org.medsoc.findings.Advisory;
import org.medsoc.findings.AdvisoryNotice;
import org.medsoc.findings.AdvisoryStore;
import org.medsoc.findings.InventoryItem;
import org.medsoc.findings.NoticeState;
import org.medsoc.findings.NvdFeed;
import org.medsoc.findings.Product;
import org.medsoc.identity.Permission;
import org.medsoc.spi.error.MedsocException;
import org.medsoc.spi.event.TenantId;

/**
 * Advisories: newly disclosed vulnerabilities matched against every tenant's asset inventory.
 *
 * <ul>
 *   <li>{@code POST /api/v1/advisories} with CVE records in the NVD CVE API 2.0 format → each advisory is stored and
 *       matched (CPE 2.3 and vendor/product version ranges) against the inventory of every tenant; only tenants
 *       with an affected asset get a notice, and are told through the notification channel (needs TENANTS_ADMIN
 *       on the node's tenant: a provider or commission publishes)</li>
 *   <li>{@code GET /api/v1/advisories/notices?state=new|acknowledged} → the tenant's notices with the matched
 *       assets and why, each with its advisory's title, severity, CVEs and publication time; {@code POST /api/v1/advisories/notices/{id}/acknowledge}</li>
 * </ul>
 */
public final class AdvisoriesResource implements HttpService {
    private final AdvisoryStore advisories;
    private final AssetInventory assets;
    private final TenantResolver tenants;
    private final BiConsumer<Advisory, AdvisoryNotice> notify;

    public AdvisoriesResource(AdvisoryStore advisories, AssetInventory assets, TenantResolver tenants,
            BiConsumer<Advisory, AdvisoryNotice> notify) {
        this.advisories = requireNonNull(advisories, "advisories is null");
        this.assets = requireNonNull(assets, "assets is null");
        this.tenants = requireNonNull(tenants, "tenants is null");
        this.notify = requireNonNull(notify, "notify is null");
    }

    @Override
    public void routing(HttpRules rules) {
        rules.post("/", this::publish)
                .get("/notices", (req, res) -> {
                    TenantId t = Access.tenant(req, tenants, Permission.VULNS_READ);
                    Optional<NoticeState> state = req.query().first("state")
                            .map(s -> IncidentsResource.parse(NoticeState.class, "state", s));
                    List<Map<String, Object>> out = new ArrayList<>();
                    Map<String, Optional<Advisory>> known = new java.util.HashMap<>();
                    for (AdvisoryNotice n : advisories.notices(t, state)) {
                        @SuppressWarnings("unchecked")
                        Map<String, Object> m = Json.MAPPER.convertValue(n, LinkedHashMap.class);
                        known.computeIfAbsent(n.advisoryId(), advisories::find).ifPresent(a -> {
                            Map<String, Object> about = new LinkedHashMap<>();
                            about.put("title", a.title());
                            about.put("severity", a.severity());
                            about.put("cves", a.cves());
                            about.put("published", a.published());
                            m.put("advisory", about);
                        });
                        out.add(m);
                    }
                    IncidentsResource.send(res, Map.of("notices", out));
                })
                .post("/notices/{id}/acknowledge", (req, res) -> {
                    TenantId t = Access.tenant(req, tenants, Permission.VULNS_WRITE);
                    String v = req.path().pathParameters().get("id");
                    long id;
                    try {
                        id = Long.parseLong(v);
                    } catch (NumberFormatException e) {
                        throw new MedsocException(ApiErrorCode.INVALID_PARAMETER, "notice id must be an integer, was '" + v + "'");
                    }
                    var p = Access.principal(req);
                    IncidentsResource.send(res, advisories.acknowledge(t, id, new Actor(p.username(), p.displayName())));
                });
    }

    private void publish(ServerRequest req, ServerResponse res) throws IOException {
        Access.requireOnNode(req, tenants, Permission.TENANTS_ADMIN);
        byte[] body = RequestBodies.read(req, 64 * 1024 * 1024, n -> new MedsocException(ApiErrorCode.BODY_TOO_LARGE,
                "advisory feed of " + n + "+ bytes is too large"));
        List<Advisory> parsed = NvdFeed.parse(new ByteArrayInputStream(body));
        List<InventoryItem> inventory = inventory();
        List<Map<String, Object>> out = new ArrayList<>();
        for (Advisory a : parsed) {
            advisories.save(a);
            List<AdvisoryNotice> notices = advisories.publish(a, inventory);
            for (AdvisoryNotice n : notices) {
                notify.accept(a, n);
            }
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("advisory", a.id());
            m.put("tenants", notices.stream().map(n -> n.tenant().value()).toList());
            m.put("assets", notices.stream().mapToInt(n -> n.assets().size()).sum());
            out.add(m);
        }
        IncidentsResource.send(res, Map.of("advisories", out, "inventory", inventory.size()));
    }

    /** Every active asset of every tenant as advisory matching sees it: CPEs plus OS and software versions. */
    private List<InventoryItem> inventory() {
        List<InventoryItem> items = new ArrayList<>();
        for (TenantId t : assets.tenants()) {
            int offset = 0;
            while (true) {
                var page = assets.list(t, AssetQuery.all().withPage(offset, AssetQuery.MAX_LIMIT));
                for (Asset a : page.items()) {
                    AssetAttributes at = a.attributes();
                    List<Product> products = new ArrayList<>();
                    if (!at.osName().isBlank()) {
                        products.add(new Product("", at.osName(), at.osVersion()));
                    }
                    for (List<Software> list : List.of(at.middleware(), at.databases(), at.frameworks())) {
                        for (Software sw : list) {
                            products.add(new Product("", sw.name(), sw.version()));
                        }
                    }
                    if (!at.model().isBlank()) {
                        products.add(new Product(at.vendor(), at.model(), at.firmware()));
                    }
                    items.add(new InventoryItem(t, Long.toString(a.id()), at.name(), at.cpes(), products));
                }
                offset += page.items().size();
                if (page.items().isEmpty() || offset >= page.total()) {
                    break;
                }
            }
        }
        return items;
    }
}
