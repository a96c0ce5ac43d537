package org.medsoc.intel;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.medsoc.database.Database;
import org.medsoc.database.Sql;
import org.medsoc.intel.internal.Uuids;
import org.medsoc.spi.error.MedsocException;
import org.medsoc.spi.event.TenantId;

/**
 * A TAXII 2.1 server, free of any HTTP framework: {@link #handle} takes a {@link TaxiiRequest} and answers a
 * {@link TaxiiResponse}; a thin adapter mounts it (medsoc mounts it at {@code /taxii2}, behind bearer tokens).
 *
 * <p><b>Layout.</b> One API root per tenant, {@code <mount>/<tenant>/}; a caller sees (in discovery) and reaches
 * only the roots of tenants it may read, any other root answers 404 exactly like one that does not exist. Each
 * root has the collections
 * <ul>
 *   <li>{@code inbox} — readable and writable: objects partners add with {@code POST objects/}, kept in the node
 *       database per tenant (every version);</li>
 *   <li>{@code sightings} — read-only: the tenant's sightings as STIX {@code sighting} objects (one object per
 *       stored sighting, its version and date added the sighting's last update);</li>
 *   <li>in the node tenant's root only, {@code bundle-<name>} per stored intel bundle — read-only: the bundle's
 *       objects as imported, all added when the bundle was last stored.</li>
 * </ul>
 * Collections are addressed by id (a UUIDv5 of tenant and alias, see {@link #collectionId}) or by alias.
 *
 * <p><b>Handling.</b> Objects marked above {@code maxTlp} (at most AMBER+STRICT; TLP:RED is never served) are left
 * out of every answer; objects without a TLP marking count as AMBER. {@code GET objects/} and {@code manifest/}
 * support {@code added_after}, {@code limit} (default 100, at most 1000), {@code next} (an opaque cursor after the
 * last object of the previous page, stable under concurrent additions), {@code match[id]}, {@code match[type]},
 * {@code match[version]} ({@code last} by default, {@code first}, {@code all} or timestamps) and
 * {@code match[spec_version]}, and set {@code X-TAXII-Date-Added-First/Last}. Requests must accept
 * {@value #MEDIA_TYPE} (406 otherwise) and posts must send it (415 otherwise). Errors are TAXII error messages.
 * Add requests are processed at once; their status resources ({@code status/<id>/}) are kept in memory for the
 * last {@value #MAX_STATUSES} requests.
 */
public final class TaxiiServer {
    private static final System.Logger LOG = System.getLogger(TaxiiServer.class.getName());
    /** The TAXII 2.1 media type. */
    public static final String MEDIA_TYPE = "application/taxii+json;version=2.1";
    /** The STIX 2.1 media type of the objects served. */
    public static final String STIX_MEDIA_TYPE = "application/stix+json;version=2.1";
    /** Objects per page when the request names no limit. */
    public static final int DEFAULT_LIMIT = 100;
    /** Most objects per page. */
    public static final int MAX_LIMIT = 1000;
    /** Largest accepted add request, in bytes. */
    public static final int MAX_CONTENT_LENGTH = 16 * 1024 * 1024;
    /** Status resources kept. */
    public static final int MAX_STATUSES = 1000;
    /** Alias of the writable collection of every root. */
    public static final String INBOX = "inbox";
    /** Alias of the sightings collection of every root. */
    public static final String SIGHTINGS = "sightings";
    /** Alias prefix of the collections of stored bundles (node root only). */
    public static final String BUNDLE_PREFIX = "bundle-";
    /**
     * The intel library bundle {@code taxii-inbox-<tenant>} holds the indicators posted to a tenant's inbox, so that
     * events carrying their values raise the intel alert.
     */
    public static final String INBOX_BUNDLE_PREFIX = "taxii-inbox-";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern STIX_ID = Pattern.compile(
            "[a-z0-9][a-z0-9-]*--[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    private static final int MAX_SIGHTINGS = 100_000;

    /**
     * What the server serves.
     *
     * @param mount the path the server is mounted at, for the URLs in discovery (for example {@code /taxii2})
     * @param title the server's title in discovery
     * @param nodeTenant the node's own tenant, whose root holds the bundle collections
     * @param maxTlp the most restrictive TLP served (RED is lowered to AMBER+STRICT)
     * @param tenants the tenants of the node (discovery lists those the caller may read)
     */
    public record Config(String mount, String title, TenantId nodeTenant, Tlp maxTlp, Supplier<Collection<TenantId>> tenants) {
        public Config {
            requireNonNull(mount, "mount is null");
            requireNonNull(title, "title is null");
            requireNonNull(nodeTenant, "nodeTenant is null");
            requireNonNull(maxTlp, "maxTlp is null");
            requireNonNull(tenants, "tenants is null");
            if (maxTlp == Tlp.RED) {
                maxTlp = Tlp.AMBER_STRICT;
            }
            mount = mount.endsWith("/") ? mount.substring(0, mount.length() - 1) : mount;
        }
    }

    private enum Kind { BUNDLE, INBOX, SIGHTINGS }

    private record Coll(String id, String alias, String title, String description, Kind kind, @Nullable String bundle) {}

    /** One object version as served: its TLP is null when it carries no TLP marking. */
    private record Entry(String id, String type, String specVersion, String version, Instant dateAdded,
            @Nullable Tlp tlp, JsonNode json) {}

    private record Cached(Instant stored, List<Entry> entries) {}

    private final Config config;
    private final Database db;
    private final IntelLibrary library;
    private final Sightings sightings;
    private final Clock clock;
    private final Map<String, Cached> bundleCache = new HashMap<>();
    private final LinkedHashMap<String, ObjectNode> statuses = new LinkedHashMap<>(16, 0.75f, false) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, ObjectNode> eldest) {
            return size() > MAX_STATUSES;
        }
    };

    /** A server over the library's bundles, the sightings and the inbox tables of {@code db}. */
    public TaxiiServer(Config config, Database db, IntelLibrary library, Sightings sightings, Clock clock) {
        this.config = requireNonNull(config, "config is null");
        this.db = requireNonNull(db, "db is null");
        this.library = requireNonNull(library, "library is null");
        this.sightings = requireNonNull(sightings, "sightings is null");
        this.clock = requireNonNull(clock, "clock is null");
        db.migrate("intel");
    }

    /** The id of a tenant's collection with this alias. */
    public static String collectionId(TenantId tenant, String alias) {
        return Uuids.v5(StixBundles.NAMESPACE, "taxii-collection:" + tenant.value() + ":" + alias).toString();
    }

    /** Answers a request; never throws for a bad request (it answers a TAXII error message). */
    public TaxiiResponse handle(TaxiiRequest r) {
        requireNonNull(r, "r is null");
        try {
            return route(r);
        } catch (Failure f) {
            return error(f.status, f.title, f.getMessage());
        } catch (MedsocException e) {
            LOG.log(Level.WARNING, "TAXII " + r.method() + " " + r.path() + " failed: " + e.getMessage(), e);
            return error(500, "Internal error", "the request failed: " + e.getMessage());
        }
    }

    private TaxiiResponse route(TaxiiRequest r) {
        if (!acceptable(r.header("Accept").orElse(""))) {
            throw new Failure(406, "Not acceptable", "this server answers only " + MEDIA_TYPE
                    + "; send 'Accept: " + MEDIA_TYPE + "'");
        }
        List<String> s = new ArrayList<>();
        for (String part : r.path().split("/")) {
            if (!part.isEmpty()) {
                s.add(part);
            }
        }
        String method = r.method().toUpperCase(Locale.ROOT);
        boolean get = method.equals("GET") || method.equals("HEAD");
        boolean post = method.equals("POST");
        if (s.isEmpty()) {
            requireMethod(get, method);
            return discovery(r);
        }
        TenantId tenant = root(r, s.get(0));
        int n = s.size();
        if (n == 1) {
            requireMethod(get, method);
            ObjectNode o = JSON.createObjectNode();
            o.put("title", config.title() + " – " + tenant.value());
            o.put("description", "Threat intelligence of tenant " + tenant.value() + " on this medsoc node");
            o.putArray("versions").add(MEDIA_TYPE);
            o.put("max_content_length", MAX_CONTENT_LENGTH);
            return ok(o, Map.of());
        }
        if (n == 3 && s.get(1).equals("status")) {
            requireMethod(get, method);
            ObjectNode status;
            synchronized (statuses) {
                status = statuses.get(tenant.value() + "/" + s.get(2));
            }
            if (status == null) {
                throw new Failure(404, "Not found", "no status " + s.get(2) + " in this API root");
            }
            return ok(status, Map.of());
        }
        if (!s.get(1).equals("collections")) {
            throw notFound(r);
        }
        if (n == 2) {
            requireMethod(get, method);
            ObjectNode o = JSON.createObjectNode();
            ArrayNode list = o.putArray("collections");
            for (Coll c : collections(tenant)) {
                list.add(describe(c, r.caller(), tenant));
            }
            return ok(o, Map.of());
        }
        Coll c = collection(tenant, s.get(2));
        if (n == 3) {
            requireMethod(get, method);
            return ok(describe(c, r.caller(), tenant), Map.of());
        }
        String what = s.get(3);
        if (what.equals("manifest") && n == 4) {
            requireMethod(get, method);
            return page(r, tenant, c, null, true);
        }
        if (what.equals("objects") && n == 4) {
            if (post) {
                return add(r, tenant, c);
            }
            requireMethod(get, method);
            return page(r, tenant, c, null, false);
        }
        if (what.equals("objects") && n == 5) {
            requireMethod(get, method);
            TaxiiResponse answer = page(r, tenant, c, s.get(4), false);
            if (answer.status() == 200 && !parse(answer.body()).has("objects")) {
                throw new Failure(404, "Not found", "no object " + s.get(4) + " in collection " + c.alias());
            }
            return answer;
        }
        if (what.equals("objects") && n == 6 && s.get(5).equals("versions")) {
            requireMethod(get, method);
            return versions(r, tenant, c, s.get(4));
        }
        throw notFound(r);
    }

    // ---- discovery, roots, collections ----

    private TaxiiResponse discovery(TaxiiRequest r) {
        ObjectNode o = JSON.createObjectNode();
        o.put("title", config.title());
        o.put("description", "TAXII 2.1 server of a medsoc node: one API root per tenant");
        ArrayNode roots = JSON.createArrayNode();
        boolean nodeReadable = false;
        for (TenantId t : config.tenants().get()) {
            if (r.caller().canRead(t)) {
                roots.add(config.mount() + "/" + t.value() + "/");
                nodeReadable |= t.equals(config.nodeTenant());
            }
        }
        if (nodeReadable) {
            o.put("default", config.mount() + "/" + config.nodeTenant().value() + "/");
        }
        o.set("api_roots", roots);
        return ok(o, Map.of());
    }

    private TenantId root(TaxiiRequest r, String segment) {
        TenantId t;
        try {
            t = TenantId.of(segment);
        } catch (RuntimeException e) {
            throw new Failure(404, "Not found", "no API root '" + segment + "'");
        }
        if (!r.caller().canRead(t) || !config.tenants().get().contains(t)) {
            throw new Failure(404, "Not found", "no API root '" + segment + "' (or not one this caller may read)");
        }
        return t;
    }

    private List<Coll> collections(TenantId tenant) {
        List<Coll> out = new ArrayList<>();
        out.add(new Coll(collectionId(tenant, INBOX), INBOX, "Inbox of " + tenant.value(),
                "Objects added by partners of " + tenant.value(), Kind.INBOX, null));
        out.add(new Coll(collectionId(tenant, SIGHTINGS), SIGHTINGS, "Sightings of " + tenant.value(),
                "Where and how often " + tenant.value() + " saw indicators, and its analysts' verdicts",
                Kind.SIGHTINGS, null));
        if (tenant.equals(config.nodeTenant())) {
            for (IntelLibrary.Bundle b : library.bundles()) {
                if (b.name().startsWith(INBOX_BUNDLE_PREFIX)) {
                    continue; // a tenant's inbox is served in that tenant's root only
                }
                String alias = BUNDLE_PREFIX + b.name();
                out.add(new Coll(collectionId(tenant, alias), alias, "Intel bundle " + b.name(),
                        "The objects of the node's intel bundle " + b.name() + " (" + b.indicators() + " indicators)",
                        Kind.BUNDLE, b.name()));
            }
        }
        return out;
    }

    private Coll collection(TenantId tenant, String idOrAlias) {
        for (Coll c : collections(tenant)) {
            if (c.id().equals(idOrAlias) || c.alias().equals(idOrAlias)) {
                return c;
            }
        }
        throw new Failure(404, "Not found", "no collection '" + idOrAlias + "' in API root " + tenant.value());
    }

    private ObjectNode describe(Coll c, TaxiiCaller caller, TenantId tenant) {
        ObjectNode o = JSON.createObjectNode();
        o.put("id", c.id());
        o.put("title", c.title());
        o.put("description", c.description());
        o.put("alias", c.alias());
        o.put("can_read", true);
        o.put("can_write", c.kind() == Kind.INBOX && caller.canWrite(tenant));
        o.putArray("media_types").add(STIX_MEDIA_TYPE);
        return o;
    }

    // ---- objects, manifest, versions ----

    private TaxiiResponse page(TaxiiRequest r, TenantId tenant, Coll c, @Nullable String objectId, boolean manifest) {
        Optional<Instant> addedAfter = r.parameter("added_after").map(t -> time("added_after", t));
        int limit = r.parameter("limit").map(TaxiiServer::limit).orElse(DEFAULT_LIMIT);
        List<Entry> entries = filtered(r, tenant, c, addedAfter, objectId);
        int start = 0;
        Optional<String> next = r.parameter("next");
        if (next.isPresent()) {
            Cursor cursor = Cursor.decode(next.get());
            while (start < entries.size() && cursor.compareTo(entries.get(start)) >= 0) {
                start++;
            }
        }
        int end = Math.min(entries.size(), start + limit);
        List<Entry> pageEntries = entries.subList(start, end);
        boolean more = end < entries.size();
        ObjectNode o = JSON.createObjectNode();
        o.put("more", more);
        if (more) {
            o.put("next", Cursor.of(pageEntries.get(pageEntries.size() - 1)).encode());
        }
        if (!pageEntries.isEmpty()) {
            ArrayNode objects = o.putArray("objects");
            for (Entry e : pageEntries) {
                if (manifest) {
                    ObjectNode m = objects.addObject();
                    m.put("id", e.id());
                    m.put("date_added", StixBundles.stamp(e.dateAdded()));
                    m.put("version", e.version());
                    m.put("media_type", STIX_MEDIA_TYPE);
                } else {
                    objects.add(e.json());
                }
            }
        }
        return ok(o, dateHeaders(pageEntries));
    }

    private TaxiiResponse versions(TaxiiRequest r, TenantId tenant, Coll c, String objectId) {
        Map<String, List<String>> q = new HashMap<>(r.query());
        q.put("match[version]", List.of("all"));
        TaxiiRequest all = new TaxiiRequest(r.method(), r.path(), q, r.headers(), r.body(), r.caller());
        Optional<Instant> addedAfter = all.parameter("added_after").map(t -> time("added_after", t));
        List<Entry> entries = filtered(all, tenant, c, addedAfter, objectId);
        if (entries.isEmpty()) {
            throw new Failure(404, "Not found", "no object " + objectId + " in collection " + c.alias());
        }
        int limit = all.parameter("limit").map(TaxiiServer::limit).orElse(DEFAULT_LIMIT);
        List<Entry> pageEntries = entries.subList(0, Math.min(limit, entries.size()));
        ObjectNode o = JSON.createObjectNode();
        o.put("more", pageEntries.size() < entries.size());
        ArrayNode v = o.putArray("versions");
        pageEntries.forEach(e -> v.add(e.version()));
        return ok(o, dateHeaders(pageEntries));
    }

    private List<Entry> filtered(TaxiiRequest r, TenantId tenant, Coll c, Optional<Instant> addedAfter,
            @Nullable String objectId) {
        Set<String> ids = values(r, "match[id]");
        if (objectId != null) {
            ids = Set.of(objectId);
        }
        Set<String> types = values(r, "match[type]");
        Set<String> specVersions = values(r, "match[spec_version]");
        Set<String> versions = values(r, "match[version]");
        if (versions.isEmpty()) {
            versions = Set.of("last");
        }
        List<Entry> out = new ArrayList<>();
        for (Entry e : entries(tenant, c, addedAfter)) {
            Tlp tlp = e.tlp() == null ? Tlp.AMBER : e.tlp();
            if (tlp == Tlp.RED || tlp.ordinal() > config.maxTlp().ordinal()) {
                continue;
            }
            if (addedAfter.isPresent() && !e.dateAdded().isAfter(addedAfter.get())) {
                continue;
            }
            if ((!ids.isEmpty() && !ids.contains(e.id())) || (!types.isEmpty() && !types.contains(e.type()))
                    || (!specVersions.isEmpty() && !specVersions.contains(e.specVersion()))) {
                continue;
            }
            out.add(e);
        }
        if (!versions.contains("all")) {
            Map<String, List<Entry>> byId = new LinkedHashMap<>();
            for (Entry e : out) {
                byId.computeIfAbsent(e.id(), k -> new ArrayList<>()).add(e);
            }
            List<Entry> kept = new ArrayList<>();
            for (List<Entry> vs : byId.values()) {
                vs.sort(Comparator.comparing(e -> Instant.parse(e.version())));
                for (Entry e : vs) {
                    boolean keep = versions.contains(e.version())
                            || versions.stream().anyMatch(v -> sameTime(v, e.version()))
                            || (versions.contains("first") && e == vs.get(0))
                            || (versions.contains("last") && e == vs.get(vs.size() - 1));
                    if (keep) {
                        kept.add(e);
                    }
                }
            }
            out = kept;
        }
        out.sort(ORDER);
        return out;
    }

    private static final Comparator<Entry> ORDER = Comparator.comparing(Entry::dateAdded).thenComparing(Entry::id)
            .thenComparing(Entry::version);

    private static boolean sameTime(String a, String b) {
        try {
            return Instant.parse(a).equals(Instant.parse(b));
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    private List<Entry> entries(TenantId tenant, Coll c, Optional<Instant> addedAfter) {
        return switch (c.kind()) {
            case BUNDLE -> bundleEntries(requireNonNull(c.bundle()));
            case INBOX -> inboxEntries(tenant, c.alias(), addedAfter);
            case SIGHTINGS -> sightingEntries(tenant, addedAfter);
        };
    }

    private List<Entry> bundleEntries(String name) {
        Instant stored = null;
        for (IntelLibrary.Bundle b : library.bundles()) {
            if (b.name().equals(name)) {
                stored = b.stored();
            }
        }
        if (stored == null) {
            return List.of();
        }
        synchronized (bundleCache) {
            Cached cached = bundleCache.get(name);
            if (cached != null && cached.stored().equals(stored)) {
                return cached.entries();
            }
        }
        Optional<String> text = library.bundleText(name);
        List<Entry> out = new ArrayList<>();
        if (text.isPresent()) {
            JsonNode root;
            try {
                root = JSON.readTree(text.get());
            } catch (JsonProcessingException e) {
                LOG.log(Level.WARNING, "intel bundle " + name + " is not valid JSON; its collection is empty");
                return List.of();
            }
            Map<String, Tlp> local = new HashMap<>();
            for (JsonNode o : root.path("objects")) {
                if ("marking-definition".equals(o.path("type").asText())) {
                    StixBundles.tlpDefinedBy(o).ifPresent(t -> local.put(o.path("id").asText(), t));
                }
            }
            for (JsonNode o : root.path("objects")) {
                String id = o.path("id").asText("");
                if (!o.isObject() || !STIX_ID.matcher(id).matches()) {
                    continue;
                }
                out.add(new Entry(id, o.path("type").asText(), o.path("spec_version").asText("2.1"),
                        version(o, stored), stored, StixBundles.tlpOf(o, local).orElse(null), o));
            }
        }
        List<Entry> entries = List.copyOf(out);
        synchronized (bundleCache) {
            bundleCache.put(name, new Cached(stored, entries));
        }
        return entries;
    }

    private static String version(JsonNode o, Instant dateAdded) {
        String t = o.path("modified").asText(o.path("created").asText(""));
        try {
            return StixBundles.stamp(Instant.parse(t));
        } catch (DateTimeParseException e) {
            return StixBundles.stamp(dateAdded);
        }
    }

    private List<Entry> sightingEntries(TenantId tenant, Optional<Instant> addedAfter) {
        List<Entry> out = new ArrayList<>();
        for (RecordedSighting s : sightings.updatedAfter(tenant, addedAfter, MAX_SIGHTINGS)) {
            String id = "sighting--" + Uuids.v5(StixBundles.NAMESPACE, "sighting-row:" + tenant.value() + ":" + s.id());
            ObjectNode o = StixBundles.sighting(s.toSighting(), id, s.recordedAt(), s.updatedAt());
            o.putArray("object_marking_refs").add(StixBundles.tlpMarkingId(Tlp.AMBER));
            out.add(new Entry(id, "sighting", "2.1", o.path("modified").asText(), s.updatedAt(), Tlp.AMBER, o));
        }
        return out;
    }

    // ---- adding objects (inbox) ----

    private TaxiiResponse add(TaxiiRequest r, TenantId tenant, Coll c) {
        if (c.kind() != Kind.INBOX) {
            throw new Failure(403, "Forbidden", "collection " + c.alias() + " is read-only; add objects to "
                    + INBOX);
        }
        if (!r.caller().canWrite(tenant)) {
            throw new Failure(403, "Forbidden", "this caller may not add objects to API root " + tenant.value());
        }
        String type = r.header("Content-Type").orElse("");
        if (!isTaxii(type)) {
            throw new Failure(415, "Unsupported media type", "send the envelope as 'Content-Type: " + MEDIA_TYPE
                    + "', not '" + type + "'");
        }
        if (r.body().length > MAX_CONTENT_LENGTH) {
            throw new Failure(413, "Request too large", "the envelope has " + r.body().length
                    + " bytes; this API root takes at most " + MAX_CONTENT_LENGTH);
        }
        JsonNode envelope;
        try {
            envelope = JSON.readTree(r.body());
        } catch (IOException e) {
            throw new Failure(400, "Bad request", "the body is not valid JSON: " + e.getMessage());
        }
        if (envelope == null || !envelope.isObject() || !envelope.path("objects").isArray()) {
            throw new Failure(400, "Bad request", "the body must be a TAXII envelope: {\"objects\": [ ... ]}");
        }
        Instant now = Sql.millis(clock.instant());
        ArrayNode successes = JSON.createArrayNode();
        ArrayNode failures = JSON.createArrayNode();
        Map<String, Tlp> local = new HashMap<>();
        for (JsonNode o : envelope.path("objects")) {
            if ("marking-definition".equals(o.path("type").asText())) {
                StixBundles.tlpDefinedBy(o).ifPresent(t -> local.put(o.path("id").asText(), t));
            }
        }
        List<Entry> accepted = new ArrayList<>();
        int index = 0;
        for (JsonNode o : envelope.path("objects")) {
            String id = o.path("id").asText("objects[" + index + "]");
            index++;
            String problem = problem(o);
            String version = version(o, now);
            if (problem != null) {
                ObjectNode f = failures.addObject();
                f.put("id", id);
                f.put("version", version);
                f.put("message", problem);
                continue;
            }
            accepted.add(new Entry(id, o.path("type").asText(), o.path("spec_version").asText("2.1"), version, now,
                    StixBundles.tlpOf(o, local).orElse(null), o));
        }
        db.inTransaction("adding " + accepted.size() + " TAXII objects", h -> {
            for (Entry e : accepted) {
                h.createUpdate("DELETE FROM intel_taxii_object WHERE tenant_id = :t AND collection = :c"
                                + " AND object_id = :id AND version = :v")
                        .bind("t", tenant.value()).bind("c", c.alias()).bind("id", e.id()).bind("v", e.version())
                        .execute();
                h.createUpdate("INSERT INTO intel_taxii_object (tenant_id, collection, object_id, version,"
                                + " object_type, spec_version, tlp, date_added, body) VALUES (:t, :c, :id, :v, :type,"
                                + " :sv, :tlp, :added, :body)")
                        .bind("t", tenant.value()).bind("c", c.alias()).bind("id", e.id()).bind("v", e.version())
                        .bind("type", e.type()).bind("sv", e.specVersion())
                        .bind("tlp", e.tlp() == null ? "" : e.tlp().name()).bind("added", Sql.at(now))
                        .bind("body", e.json().toString()).execute();
            }
            return null;
        });
        loadIndicators(tenant, accepted);
        for (Entry e : accepted) {
            ObjectNode s = successes.addObject();
            s.put("id", e.id());
            s.put("version", e.version());
        }
        ObjectNode status = JSON.createObjectNode();
        String statusId = UUID.randomUUID().toString();
        status.put("id", statusId);
        status.put("status", "complete");
        status.put("request_timestamp", StixBundles.stamp(now));
        status.put("total_count", successes.size() + failures.size());
        status.put("success_count", successes.size());
        status.set("successes", successes);
        status.put("failure_count", failures.size());
        status.set("failures", failures);
        status.put("pending_count", 0);
        synchronized (statuses) {
            statuses.put(tenant.value() + "/" + statusId, status);
        }
        LOG.log(Level.INFO, "TAXII: " + r.caller().name() + " added " + successes.size() + " objects to "
                + tenant.value() + "/" + c.alias() + " (" + failures.size() + " refused)");
        return respond(202, status, Map.of());
    }

    /**
     * Loads the added STIX indicators whose patterns the library understands (with the envelope's marking
     * definitions) into the library bundle {@value #INBOX_BUNDLE_PREFIX}{@code <tenant>}, where they are matched from
     * now on; the objects stay in the inbox either way. A failure here is logged: the add itself succeeded.
     */
    private void loadIndicators(TenantId tenant, List<Entry> accepted) {
        List<JsonNode> objects = new ArrayList<>();
        boolean indicators = false;
        for (Entry e : accepted) {
            if (e.type().equals("indicator")) {
                indicators = true;
                objects.add(e.json());
            } else if (e.type().equals("marking-definition")) {
                objects.add(e.json());
            }
        }
        if (!indicators) {
            return;
        }
        String bundle = INBOX_BUNDLE_PREFIX + tenant.value();
        ObjectNode probe = JSON.createObjectNode();
        probe.put("type", "bundle");
        probe.put("id", "bundle--" + UUID.randomUUID());
        probe.putArray("objects").addAll(objects);
        try {
            ImportResult usable = StixBundles.read(probe.toString(), "stix:" + bundle, Tlp.AMBER);
            if (usable.indicators().isEmpty()) {
                LOG.log(Level.INFO, "TAXII: no indicator added to " + tenant.value() + "/" + INBOX
                        + " has a pattern this node can match; nothing loaded for matching");
                return;
            }
            ImportResult r = library.mergeStix(bundle, objects);
            LOG.log(Level.INFO, "TAXII: " + usable.indicators().size() + " indicator(s) from " + tenant.value() + "/"
                    + INBOX + " loaded for matching (intel bundle " + bundle + " holds " + r.indicators().size()
                    + ")");
        } catch (MedsocException e) {
            LOG.log(Level.WARNING, "TAXII: loading the indicators added to " + tenant.value() + "/" + INBOX
                    + " into intel bundle " + bundle + " failed: " + e.getMessage());
        }
    }

    /** Why an object cannot be added, or null when it can. */
    private static @Nullable String problem(JsonNode o) {
        if (!o.isObject()) {
            return "is not a JSON object";
        }
        String type = o.path("type").asText("");
        if (type.isEmpty()) {
            return "missing required property 'type'";
        }
        String id = o.path("id").asText("");
        if (type.length() > 100 || id.length() > 200) {
            return "the type (at most 100 characters) or id (at most 200) is too long";
        }
        if (!STIX_ID.matcher(id).matches() || !id.startsWith(type + "--")) {
            return "the id must be '" + type + "--' followed by a UUID";
        }
        if (o.has("spec_version") && !"2.1".equals(o.path("spec_version").asText())) {
            return "spec_version '" + o.path("spec_version").asText() + "' is not supported; expected '2.1'";
        }
        for (String p : new String[] {"created", "modified"}) {
            if (o.has(p)) {
                try {
                    Instant.parse(o.path(p).asText());
                } catch (DateTimeParseException e) {
                    return "property '" + p + "' is not an RFC 3339 UTC timestamp";
                }
            }
        }
        if (o.toString().length() > 1_000_000) {
            return "the object is larger than 1000000 characters";
        }
        return null;
    }

    private List<Entry> inboxEntries(TenantId tenant, String collection, Optional<Instant> addedAfter) {
        return db.inTransaction("reading TAXII collection " + collection, h -> h.createQuery(
                        "SELECT * FROM intel_taxii_object WHERE tenant_id = :t AND collection = :c"
                                + (addedAfter.isPresent() ? " AND date_added > :after" : "")
                                + " ORDER BY date_added, object_id, version")
                .bind("t", tenant.value()).bind("c", collection).bind("after", Sql.at(addedAfter.orElse(null)))
                .map((rs, ctx) -> {
                    String tlp = rs.getString("tlp");
                    JsonNode body;
                    try {
                        body = JSON.readTree(rs.getString("body"));
                    } catch (JsonProcessingException e) {
                        body = JSON.createObjectNode();
                    }
                    return new Entry(rs.getString("object_id"), rs.getString("object_type"),
                            rs.getString("spec_version"), rs.getString("version"), Sql.instant(rs, "date_added"),
                            tlp == null || tlp.isEmpty() ? null : Tlp.valueOf(tlp), body);
                }).list());
    }

    // ---- helpers ----

    private static Set<String> values(TaxiiRequest r, String name) {
        Set<String> out = new LinkedHashSet<>();
        for (String v : r.query().getOrDefault(name, List.of())) {
            for (String part : v.split(",")) {
                if (!part.isBlank()) {
                    out.add(part.strip());
                }
            }
        }
        return out;
    }

    private static Instant time(String name, String value) {
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new Failure(400, "Bad request", name + " '" + value + "' is not an RFC 3339 UTC timestamp");
        }
    }

    private static int limit(String value) {
        try {
            int n = Integer.parseInt(value.strip());
            if (n < 1) {
                throw new Failure(400, "Bad request", "limit " + n + " must be at least 1");
            }
            return Math.min(n, MAX_LIMIT);
        } catch (NumberFormatException e) {
            throw new Failure(400, "Bad request", "limit '" + value + "' is not a number");
        }
    }

    /** Whether an Accept header admits the TAXII 2.1 media type (absent, wildcards, or without version). */
    static boolean acceptable(String accept) {
        if (accept.isBlank()) {
            return true;
        }
        for (String range : accept.split(",")) {
            String type = range.split(";")[0].strip().toLowerCase(Locale.ROOT);
            if (type.equals("*/*") || type.equals("application/*")) {
                return true;
            }
            if (type.equals("application/taxii+json") && isTaxii(range)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isTaxii(String mediaType) {
        String[] parts = mediaType.split(";");
        if (!parts[0].strip().equalsIgnoreCase("application/taxii+json")) {
            return false;
        }
        for (int i = 1; i < parts.length; i++) {
            String p = parts[i].strip();
            int eq = p.indexOf('=');
            if (eq > 0 && p.substring(0, eq).strip().equalsIgnoreCase("version")
                    && !p.substring(eq + 1).strip().replace("\"", "").equals("2.1")) {
                return false;
            }
        }
        return true;
    }

    private static void requireMethod(boolean allowed, String method) {
        if (!allowed) {
            throw new Failure(405, "Method not allowed", "method " + method + " is not supported here");
        }
    }

    private static Failure notFound(TaxiiRequest r) {
        return new Failure(404, "Not found", "no TAXII resource at " + r.path());
    }

    private static Map<String, String> dateHeaders(List<Entry> page) {
        if (page.isEmpty()) {
            return Map.of();
        }
        Instant first = page.get(0).dateAdded();
        Instant last = first;
        for (Entry e : page) {
            first = e.dateAdded().isBefore(first) ? e.dateAdded() : first;
            last = e.dateAdded().isAfter(last) ? e.dateAdded() : last;
        }
        return Map.of("X-TAXII-Date-Added-First", StixBundles.stamp(first),
                "X-TAXII-Date-Added-Last", StixBundles.stamp(last));
    }

    private static TaxiiResponse ok(JsonNode body, Map<String, String> headers) {
        return respond(200, body, headers);
    }

    private static TaxiiResponse respond(int status, JsonNode body, Map<String, String> headers) {
        Map<String, String> h = new LinkedHashMap<>(headers);
        h.put("Content-Type", MEDIA_TYPE);
        try {
            return new TaxiiResponse(status, h, JSON.writeValueAsBytes(body));
        } catch (JsonProcessingException e) {
            throw new MedsocException(IntelErrorCode.INVALID_TAXII, "cannot write a TAXII answer", e);
        }
    }

    /** A TAXII error message answer. */
    public static TaxiiResponse error(int status, String title, String description) {
        ObjectNode o = JSON.createObjectNode();
        o.put("title", title);
        o.put("description", description);
        o.put("http_status", Integer.toString(status));
        return respond(status, o, Map.of());
    }

    private static JsonNode parse(byte[] body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new MedsocException(IntelErrorCode.INVALID_TAXII, "cannot read a TAXII answer", e);
        }
    }

    /** The position after an object version in the serving order, as the opaque {@code next} token. */
    private record Cursor(Instant dateAdded, String id, String version) {
        static Cursor of(Entry e) {
            return new Cursor(e.dateAdded(), e.id(), e.version());
        }

        String encode() {
            String raw = dateAdded.toEpochMilli() + "|" + id + "|" + version;
            return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
        }

        static Cursor decode(String token) {
            try {
                String raw = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
                String[] p = raw.split("\\|", 3);
                return new Cursor(Instant.ofEpochMilli(Long.parseLong(p[0])), p[1], p[2]);
            } catch (RuntimeException e) {
                throw new Failure(400, "Bad request", "next '" + token + "' is not a token this server issued");
            }
        }

        int compareTo(Entry e) {
            int c = dateAdded.compareTo(e.dateAdded());
            if (c == 0) {
                c = id.compareTo(e.id());
            }
            if (c == 0) {
                c = version.compareTo(e.version());
            }
            return c;
        }
    }

    /** Internal control flow: a request answered with a TAXII error message. */
    private static final class Failure extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final int status;
        final String title;

        Failure(int status, String title, String message) {
            super(message, null, false, false);
            this.status = status;
            this.title = title;
        }
    }
}
