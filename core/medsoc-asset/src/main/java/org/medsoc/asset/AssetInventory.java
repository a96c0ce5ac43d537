package org.medsoc.asset;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.argument.Argument;
import org.jdbi.v3.core.argument.ObjectArgument;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.jdbi.v3.core.statement.Query;
import org.jspecify.annotations.Nullable;
import org.medsoc.database.Database;
import org.medsoc.database.DatabaseErrorCode;
import org.medsoc.spi.error.MedsocException;
import org.medsoc.spi.event.TenantId;

/**
 * The asset inventory of every tenant: creating, changing, confirming and retiring assets with optimistic locking
 * and a history of every change; lookups by address; filtered, sorted, paged lists; CSV ledger import and export;
 * and merging of hosts found by scanners or passive discovery. Every method takes the tenant and never reads or
 * writes another tenant's rows. Thread-safe.
 */
public final class AssetInventory {
    /* Storage: one row per asset in `asset` (lists in the AssetCodec form), one row per address in `asset_address`
       for indexed lookups, one row per changed field in `asset_change`. Every statement binds its values; the only
       SQL assembled at run time is from constants (the filter clauses and the AssetSort column).
       Locking: updates carry `WHERE version = :expected` and bump the version; zero rows means a stale version.
       `last_seen`/`first_seen` are telemetry and are moved without a version bump, so sightings never make an
       editor's save fail. Imports run in one transaction and roll back entirely when any row is rejected. */

    private static final System.Logger LOG = System.getLogger(AssetInventory.class.getName());
    private static final String COLUMNS = "id, tenant_id, kind, name, ips, macs, hostnames, os_name, os_version,"
            + " middleware, databases, frameworks, vendor, model, firmware, modality, rule_library_version,"
            + " business_system, owner, department, location, criticality, exposure, exposed, ports, cpes, tags,"
            + " status, first_seen, last_seen, created_at, updated_at, version";
    private static final String ASSIGN = "kind = :kind, name = :name, ips = :ips, macs = :macs,"
            + " hostnames = :hostnames, os_name = :os_name, os_version = :os_version, middleware = :middleware,"
            + " databases = :databases, frameworks = :frameworks, vendor = :vendor, model = :model,"
            + " firmware = :firmware, modality = :modality, rule_library_version = :rule_library_version,"
            + " business_system = :business_system, owner = :owner, department = :department,"
            + " location = :location, criticality = :criticality, exposure = :exposure, exposed = :exposed,"
            + " ports = :ports, cpes = :cpes, tags = :tags";

    private final Database db;
    private final Clock clock;
    private final List<Consumer<TenantId>> listeners = new CopyOnWriteArrayList<>();

    private AssetInventory(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    /** The inventory on this database, migrating its schema ({@code db/migration/asset}) first. */
    public static AssetInventory create(Database db, Clock clock) {
        requireNonNull(db, "db is null");
        requireNonNull(clock, "clock is null");
        db.migrate("asset");
        return new AssetInventory(db, clock);
    }

    /**
     * Registers a listener told, after each committed change, which tenant's assets changed (the enricher refreshes
     * its snapshot this way). Listeners run on the writing thread and must not throw.
     */
    public void addChangeListener(Consumer<TenantId> listener) {
        listeners.add(requireNonNull(listener, "listener is null"));
    }

    // ------------------------------------------------------------------ single-asset operations

    /** Creates an {@link AssetStatus#ACTIVE} asset, recording every non-empty field in its history. */
    public Asset create(TenantId tenant, AssetAttributes attributes, String actor) {
        requireNonNull(tenant, "tenant is null");
        requireNonNull(attributes, "attributes is null");
        requireNonNull(actor, "actor is null");
        Instant now = now();
        Asset created = write("asset '" + attributes.name() + "'", h -> insert(h, tenant, attributes,
                AssetStatus.ACTIVE, now, now, actor, ChangeSource.MANUAL, now));
        changed(tenant);
        return created;
    }

    /**
     * Replaces the attributes of an asset, recording each changed field.
     *
     * @param expectedVersion the version the caller read; a different stored version fails with
     *     {@link DatabaseErrorCode#CONCURRENT_MODIFICATION} and writes nothing
     * @throws MedsocException {@link AssetErrorCode#ASSET_NOT_FOUND}, {@link AssetErrorCode#INVALID_TRANSITION} for
     *     a retired asset, or {@link DatabaseErrorCode#CONCURRENT_MODIFICATION}
     */
    public Asset update(TenantId tenant, long id, long expectedVersion, AssetAttributes attributes, String actor) {
        requireNonNull(tenant, "tenant is null");
        requireNonNull(attributes, "attributes is null");
        requireNonNull(actor, "actor is null");
        Instant now = now();
        Asset updated = write("asset " + id, h -> {
            Asset current = loadForChange(h, tenant, id, expectedVersion);
            if (current.status() == AssetStatus.RETIRED) {
                throw new MedsocException(AssetErrorCode.INVALID_TRANSITION,
                        "asset " + id + " is retired and cannot be edited; create a new asset instead");
            }
            return store(h, current, attributes, current.status(), current.firstSeen(), current.lastSeen(), actor,
                    ChangeSource.MANUAL, now);
        });
        changed(tenant);
        return updated;
    }

    /** Confirms a {@link AssetStatus#CANDIDATE} as {@link AssetStatus#ACTIVE} (adopting it into the ledger). */
    public Asset confirm(TenantId tenant, long id, long expectedVersion, String actor) {
        return transition(tenant, id, expectedVersion, actor, AssetStatus.CANDIDATE, AssetStatus.ACTIVE);
    }

    /** Retires a candidate or active asset; it stays, with its history, but no longer matches merges. */
    public Asset retire(TenantId tenant, long id, long expectedVersion, String actor) {
        return transition(tenant, id, expectedVersion, actor, null, AssetStatus.RETIRED);
    }

    private Asset transition(TenantId tenant, long id, long expectedVersion, String actor, @Nullable AssetStatus from,
            AssetStatus to) {
        requireNonNull(tenant, "tenant is null");
        requireNonNull(actor, "actor is null");
        Instant now = now();
        Asset result = write("asset " + id, h -> {
            Asset current = loadForChange(h, tenant, id, expectedVersion);
            if (current.status() == to || (from != null && current.status() != from)) {
                throw new MedsocException(AssetErrorCode.INVALID_TRANSITION, "asset " + id + " is "
                        + current.status() + " and cannot become " + to
                        + (from == null ? "" : "; only a " + from + " asset can"));
            }
            return store(h, current, current.attributes(), to, current.firstSeen(), current.lastSeen(), actor,
                    ChangeSource.MANUAL, now);
        });
        changed(tenant);
        return result;
    }

    /** The asset with this id, if the tenant has it. */
    public Optional<Asset> find(TenantId tenant, long id) {
        requireNonNull(tenant, "tenant is null");
        return read("asset " + id, h -> load(h, tenant, id));
    }

    /** The assets (in any status) with this IP address, by id; invalid text finds nothing. */
    public List<Asset> findByIp(TenantId tenant, String ip) {
        return findByAddress(tenant, "ip", Addresses.normalIp(requireNonNull(ip, "ip is null")));
    }

    /** The assets (in any status) with this MAC address, in any common notation, by id. */
    public List<Asset> findByMac(TenantId tenant, String mac) {
        return findByAddress(tenant, "mac", Addresses.normalMac(requireNonNull(mac, "mac is null")));
    }

    /** The assets (in any status) with this host name (case-insensitive), by id. */
    public List<Asset> findByHostname(TenantId tenant, String hostname) {
        return findByAddress(tenant, "hostname",
                Addresses.normalHostname(requireNonNull(hostname, "hostname is null")));
    }

    private List<Asset> findByAddress(TenantId tenant, String kind, @Nullable String value) {
        requireNonNull(tenant, "tenant is null");
        if (value == null) {
            return List.of();
        }
        return read("asset lookup", h -> h.createQuery("SELECT " + prefixed("s") + " FROM asset s"
                        + " JOIN asset_address a ON a.asset_id = s.id AND a.tenant_id = s.tenant_id"
                        + " WHERE a.tenant_id = :tenant AND a.kind = :kind AND a.val = :val ORDER BY s.id")
                .bind("tenant", tenant.value())
                .bind("kind", kind)
                .bind("val", value)
                .map((rs, ctx) -> asset(rs))
                .list());
    }

    /** The changes of an asset, oldest first; empty when the tenant has no such asset. */
    public List<AssetChange> history(TenantId tenant, long id) {
        requireNonNull(tenant, "tenant is null");
        return read("history of asset " + id, h -> h.createQuery("SELECT id, asset_id, field, old_value, new_value,"
                        + " actor, source, changed_at FROM asset_change WHERE tenant_id = :tenant AND asset_id = :id"
                        + " ORDER BY id")
                .bind("tenant", tenant.value())
                .bind("id", id)
                .map((rs, ctx) -> new AssetChange(rs.getLong("id"), rs.getLong("asset_id"), rs.getString("field"),
                        rs.getString("old_value"), rs.getString("new_value"), rs.getString("actor"),
                        ChangeSource.valueOf(rs.getString("source")), instant(rs, "changed_at")))
                .list());
    }

    /** One page of the tenant's assets matching the query, with the total number matching. */
    public Page<Asset> list(TenantId tenant, AssetQuery query) {
        requireNonNull(tenant, "tenant is null");
        requireNonNull(query, "query is null");
        String where = where(query);
        return read("asset list", h -> {
            Query count = h.createQuery("SELECT COUNT(*) FROM asset WHERE " + where);
            bindFilter(count, tenant, query);
            long total = count.mapTo(Long.class).one();
            Query page = h.createQuery("SELECT " + COLUMNS + " FROM asset WHERE " + where + " ORDER BY "
                    + query.sort().column() + (query.descending() ? " DESC" : " ASC") + ", id ASC"
                    + " LIMIT :limit OFFSET :offset");
            bindFilter(page, tenant, query);
            List<Asset> items = page.bind("limit", query.limit()).bind("offset", query.offset())
                    .map((rs, ctx) -> asset(rs)).list();
            return new Page<>(items, total, query.offset(), query.limit());
        });
    }

    /** The tenants that have assets. */
    public List<TenantId> tenants() {
        return read("asset tenants", h -> h.createQuery("SELECT DISTINCT tenant_id FROM asset ORDER BY tenant_id")
                .map((rs, ctx) -> TenantId.of(rs.getString(1))).list());
    }

    private static String where(AssetQuery q) {
        StringBuilder w = new StringBuilder("tenant_id = :tenant");
        q.kind().ifPresent(k -> w.append(" AND kind = :kind"));
        q.businessSystem().ifPresent(b -> w.append(" AND business_system = :business_system"));
        q.minCriticality().ifPresent(c -> w.append(" AND criticality >= :criticality"));
        q.status().ifPresent(s -> w.append(" AND status = :status"));
        if (q.exposedOnly()) {
            w.append(" AND exposed = TRUE");
        }
        q.text().ifPresent(t -> {
            w.append(" AND (");
            String[] columns = {"name", "ips", "macs", "hostnames", "owner", "department", "location",
                "business_system", "vendor", "model", "os_name"};
            for (int i = 0; i < columns.length; i++) {
                w.append(i == 0 ? "" : " OR ").append("LOWER(").append(columns[i])
                        .append(") LIKE :text ESCAPE '!'");
            }
            w.append(')');
        });
        return w.toString();
    }

    private static void bindFilter(Query query, TenantId tenant, AssetQuery q) {
        query.bind("tenant", tenant.value());
        q.kind().ifPresent(k -> query.bind("kind", k.name()));
        q.businessSystem().ifPresent(b -> query.bind("business_system", b));
        q.minCriticality().ifPresent(c -> query.bind("criticality", c.intValue()));
        q.status().ifPresent(s -> query.bind("status", s.name()));
        q.text().ifPresent(t -> query.bind("text", containsPattern(t.toLowerCase(java.util.Locale.ROOT))));
    }

    /**
     * A LIKE pattern matching {@code text} literally anywhere, with {@code !} as the escape character (not a
     * backslash, which Jdbi's statement lexer and PostgreSQL's string settings treat differently).
     */
    static String containsPattern(String text) {
        StringBuilder b = new StringBuilder(text.length() + 2).append('%');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '%' || c == '_' || c == '!') {
                b.append('!');
            }
            b.append(c);
        }
        return b.append('%').toString();
    }

    // ------------------------------------------------------------------ imports and export

    /** Imports a ledger file from a stream (read fully; see {@link #importCsv(TenantId, byte[], String)}). */
    public ImportReport importCsv(TenantId tenant, InputStream in, String actor) {
        requireNonNull(in, "in is null");
        byte[] bytes;
        try {
            bytes = in.readAllBytes();
        } catch (IOException e) {
            throw new MedsocException(AssetErrorCode.LEDGER_IO_FAILED, "cannot read the ledger file: "
                    + e.getMessage() + "; upload it again", e);
        }
        return importCsv(tenant, bytes, actor);
    }

    /**
     * Imports a CSV ledger (资产台账) in one transaction: the header names {@link LedgerColumn}s in English or
     * Chinese (unknown columns are ignored and listed); each row updates the asset it matches — by MAC, else IP,
     * else host name, else (rows without addresses) by name — with its non-empty cells, or creates an active asset.
     * Rows confirm candidates. UTF-8 (with or without byte-order mark) is read as such, anything else as GB18030.
     * When any row is rejected nothing is written and the report lists every rejected row and column.
     *
     * @throws MedsocException {@link AssetErrorCode#INVALID_LEDGER} when the file has no header row
     */
    public ImportReport importCsv(TenantId tenant, byte[] bytes, String actor) {
        requireNonNull(tenant, "tenant is null");
        requireNonNull(bytes, "bytes is null");
        requireNonNull(actor, "actor is null");
        return LedgerImport.run(this, tenant, bytes, actor);
    }

    /**
     * Merges hosts found by a scanner or by passive discovery, in one transaction. A host matches the non-retired
     * asset with its MAC, else its IP (active before candidates, then the lowest id); the match gains the host's
     * addresses and, when the host has them, its operating system (a version is kept when the scanner reports the
     * same system without one); an {@link ChangeSource#NMAP} host also replaces
     * the open ports and CPE names. First and last seen widen to the host's time. Fields people maintain — name,
     * kind, owner, department, location, business system, criticality, and the rest — are never changed. A host
     * without a match becomes a {@link AssetStatus#CANDIDATE}. A host without a valid IP or MAC rejects the whole
     * import.
     */
    public ImportReport importDiscovered(TenantId tenant, List<DiscoveredHost> hosts, ChangeSource source,
            String actor) {
        requireNonNull(tenant, "tenant is null");
        requireNonNull(hosts, "hosts is null");
        requireNonNull(source, "source is null");
        requireNonNull(actor, "actor is null");
        List<DiscoveredHost> copy = List.copyOf(hosts);
        Instant now = now();
        List<ImportReport.RejectedRow> rejected = new ArrayList<>();
        for (int i = 0; i < copy.size(); i++) {
            DiscoveredHost host = copy.get(i);
            String problem = discoveredProblem(host);
            if (problem != null) {
                rejected.add(new ImportReport.RejectedRow(i + 1, problem.startsWith("mac") ? "mac" : "ip", problem));
            }
        }
        if (!rejected.isEmpty()) {
            return new ImportReport(false, 0, 0, 0, rejected, List.of(), "");
        }
        int[] counts = new int[3];
        write("import of discovered hosts", h -> {
            for (DiscoveredHost host : copy) {
                counts[merge(h, tenant, host, source, actor, now).ordinal()]++;
            }
            return null;
        });
        if (counts[Outcome.CREATED.ordinal()] + counts[Outcome.UPDATED.ordinal()] > 0) {
            changed(tenant);
        }
        return new ImportReport(true, counts[0], counts[1], counts[2], List.of(), List.of(), "");
    }

    private static @Nullable String discoveredProblem(DiscoveredHost host) {
        if (host.ip().isBlank() && host.mac().isBlank()) {
            return "ip: the host has neither an IP nor a MAC address; it cannot be matched";
        }
        if (!host.ip().isBlank() && Addresses.normalIp(host.ip()) == null) {
            return "ip: '" + host.ip() + "' is not a valid IP address";
        }
        if (!host.mac().isBlank() && Addresses.normalMac(host.mac()) == null) {
            return "mac: '" + host.mac() + "' is not a valid MAC address";
        }
        if (!host.hostname().isBlank() && Addresses.normalHostname(host.hostname()) == null) {
            return "ip: host name '" + host.hostname() + "' is not valid";
        }
        return null;
    }

    /** What a merge or import row did. */
    enum Outcome { CREATED, UPDATED, UNCHANGED }

    private Outcome merge(Handle h, TenantId tenant, DiscoveredHost host, ChangeSource source, String actor,
            Instant now) {
        String ip = host.ip().isBlank() ? null : Addresses.normalIp(host.ip());
        String mac = host.mac().isBlank() ? null : Addresses.normalMac(host.mac());
        String hostname = host.hostname().isBlank() ? null : Addresses.normalHostname(host.hostname());
        Long id = null;
        if (mac != null) {
            id = bestMatch(h, tenant, "mac", mac);
        }
        if (id == null && ip != null) {
            id = bestMatch(h, tenant, "ip", ip);
        }
        Instant seen = host.seenAt().truncatedTo(ChronoUnit.MILLIS);
        List<String> ips = ip == null ? List.of() : List.of(ip);
        List<String> macs = mac == null ? List.of() : List.of(mac);
        List<String> names = hostname == null ? List.of() : List.of(hostname);
        if (id == null) {
            String name = hostname != null ? hostname : ip != null ? ip : requireNonNull(mac);
            AssetAttributes.Builder b = AssetAttributes.builder(host.kind(), name)
                    .ips(ips).macs(macs).hostnames(names).os(host.osName(), host.osVersion())
                    .ports(host.ports()).cpes(host.cpes());
            insert(h, tenant, b.build(), AssetStatus.CANDIDATE, seen, seen, actor, source, now);
            return Outcome.CREATED;
        }
        Asset current = load(h, tenant, id).orElseThrow();
        AssetAttributes.Builder b = current.attributes().toBuilder().addAddresses(ips, macs, names);
        if (!host.osName().isBlank() && !host.osName().strip().equals(current.attributes().osName())) {
            b.os(host.osName(), host.osVersion());
        } else if (!host.osVersion().isBlank()) {
            b.osVersion(host.osVersion());
        }
        if (source == ChangeSource.NMAP) {
            b.ports(host.ports());
            if (!host.cpes().isEmpty()) {
                b.cpes(host.cpes());
            }
        } else if (!host.cpes().isEmpty()) {
            List<String> cpes = new ArrayList<>(current.attributes().cpes());
            cpes.addAll(host.cpes());
            b.cpes(cpes);
        }
        AssetAttributes next = b.build();
        Instant first = seen.isBefore(current.firstSeen()) ? seen : current.firstSeen();
        Instant last = seen.isAfter(current.lastSeen()) ? seen : current.lastSeen();
        if (next.equals(current.attributes())) {
            if (!first.equals(current.firstSeen()) || !last.equals(current.lastSeen())) {
                h.createUpdate("UPDATE asset SET first_seen = :first, last_seen = :last"
                                + " WHERE tenant_id = :tenant AND id = :id")
                        .bind("first", at(first)).bind("last", at(last))
                        .bind("tenant", tenant.value()).bind("id", id).execute();
            }
            return Outcome.UNCHANGED;
        }
        store(h, current, next, current.status(), first, last, actor, source, now);
        return Outcome.UPDATED;
    }

    /*
     * Address lookups and sightings are written so that every plan H2 may choose is an index lookup: H2 keeps a
     * session's plan for a statement text, and a plan made while the tables were empty (the first discovery batch)
     * would otherwise stay a scan of every asset per lookup. So: the address rows by their primary-key prefix, then
     * each asset by its id; sightings read and update by id only.
     */

    /** The non-retired asset with this address: active before candidates, then the lowest id. */
    @Nullable Long bestMatch(Handle h, TenantId tenant, String kind, String value) {
        Long best = null;
        boolean bestActive = false;
        for (long id : addressAssetIds(h, tenant, kind, value)) {
            String status = assetStatus(h, tenant, id);
            if (status == null || status.equals(AssetStatus.RETIRED.name())) {
                continue;
            }
            boolean active = status.equals(AssetStatus.ACTIVE.name());
            if (best == null || (active && !bestActive)) {
                best = id;
                bestActive = active;
            }
        }
        return best;
    }

    /** The ids of the non-retired assets with this address (or exact name, kind {@code name}), by id. */
    List<Long> matches(Handle h, TenantId tenant, String kind, String value) {
        if (kind.equals("name")) {
            return h.createQuery("SELECT id FROM asset WHERE tenant_id = :tenant AND name = :val"
                            + " AND status <> 'RETIRED' ORDER BY id")
                    .bind("tenant", tenant.value()).bind("val", value).mapTo(Long.class).list();
        }
        List<Long> ids = new ArrayList<>();
        for (long id : addressAssetIds(h, tenant, kind, value)) {
            String status = assetStatus(h, tenant, id);
            if (status != null && !status.equals(AssetStatus.RETIRED.name())) {
                ids.add(id);
            }
        }
        return ids;
    }

    /**
     * The ids of the assets (any status) with this address, by id: a primary-key prefix lookup (sorted here: an
     * {@code ORDER BY asset_id} could make H2 prefer the index on asset_id and scan it).
     */
    private static List<Long> addressAssetIds(Handle h, TenantId tenant, String kind, String value) {
        List<Long> ids = new ArrayList<>(h.createQuery("SELECT asset_id FROM asset_address WHERE tenant_id = :tenant"
                        + " AND kind = :kind AND val = :val")
                .bind("tenant", tenant.value()).bind("kind", kind).bind("val", value)
                .mapTo(Long.class).list());
        ids.sort(null);
        return ids;
    }

    private static @Nullable String assetStatus(Handle h, TenantId tenant, long id) {
        return h.createQuery("SELECT status FROM asset WHERE id = :id AND tenant_id = :tenant")
                .bind("id", id).bind("tenant", tenant.value()).mapTo(String.class).findFirst().orElse(null);
    }

    /**
     * Writes the tenant's ledger as CSV in UTF-8 with a byte-order mark (so spreadsheets on Chinese Windows open
     * it correctly): the header row, in Chinese or English, then one row per asset matching the query's filters
     * and order (its page is ignored: every matching asset is written). Cells a spreadsheet would run as a formula
     * ({@code = + - @}) are prefixed with {@code '}.
     */
    public void exportCsv(TenantId tenant, AssetQuery query, boolean chineseHeaders, OutputStream out) {
        requireNonNull(tenant, "tenant is null");
        requireNonNull(query, "query is null");
        requireNonNull(out, "out is null");
        StringBuilder b = new StringBuilder("\uFEFF");
        LedgerColumn[] columns = LedgerColumn.values();
        for (int i = 0; i < columns.length; i++) {
            if (i > 0) {
                b.append(',');
            }
            CsvReader.appendField(b, chineseHeaders ? columns[i].chinese() : columns[i].english());
        }
        b.append("\r\n");
        int offset = 0;
        while (true) {
            Page<Asset> page = list(tenant, query.withPage(offset, AssetQuery.MAX_LIMIT));
            for (Asset a : page.items()) {
                for (int i = 0; i < columns.length; i++) {
                    if (i > 0) {
                        b.append(',');
                    }
                    String cell = columns[i] == LedgerColumn.KIND && chineseHeaders
                            ? a.attributes().kind().chineseLabel()
                            : columns[i].display(a.attributes());
                    CsvReader.appendField(b, defuse(cell));
                }
                b.append("\r\n");
            }
            offset += page.items().size();
            if (page.items().isEmpty() || offset >= page.total()) {
                break;
            }
        }
        try {
            out.write(b.toString().getBytes(StandardCharsets.UTF_8));
            out.flush();
        } catch (IOException e) {
            throw new MedsocException(AssetErrorCode.LEDGER_IO_FAILED, "cannot write the ledger export: "
                    + e.getMessage(), e);
        }
    }

    private static String defuse(String cell) {
        if (!cell.isEmpty()) {
            char c = cell.charAt(0);
            if (c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r') {
                return "'" + cell;
            }
        }
        return cell;
    }

    // ------------------------------------------------------------------ sightings (passive discovery, enrichment)

    /**
     * Moves the last-seen time of assets forward (never back), in one batch, without a version bump or history
     * entry: sightings are telemetry. Answers how many assets moved.
     */
    public int recordSightings(TenantId tenant, Map<Long, Instant> lastSeen) {
        requireNonNull(tenant, "tenant is null");
        requireNonNull(lastSeen, "lastSeen is null");
        if (lastSeen.isEmpty()) {
            return 0;
        }
        return write("asset sightings", h -> {
            // read by id, then write only the rows that move, by id (see the note on address lookups); the update
            // keeps the later time itself, so a concurrent sighting is never moved back
            PreparedBatch batch = h.prepareBatch("UPDATE asset SET last_seen = CASE WHEN last_seen < :seen"
                    + " THEN :seen ELSE last_seen END WHERE id = :id AND tenant_id = :tenant");
            int moved = 0;
            try (PreparedStatement read = h.getConnection().prepareStatement(
                    "SELECT last_seen FROM asset WHERE id = ? AND tenant_id = ?")) {
                read.setString(2, tenant.value());
                for (Map.Entry<Long, Instant> e : lastSeen.entrySet()) {
                    Instant seen = e.getValue().truncatedTo(ChronoUnit.MILLIS);
                    read.setLong(1, e.getKey());
                    try (ResultSet rs = read.executeQuery()) {
                        if (!rs.next() || !rs.getObject(1, OffsetDateTime.class).toInstant().isBefore(seen)) {
                            continue;
                        }
                    }
                    batch.bind("seen", at(seen)).bind("tenant", tenant.value()).bind("id", e.getKey().longValue())
                            .add();
                    moved++;
                }
            } catch (SQLException e) {
                throw new MedsocException(DatabaseErrorCode.STATEMENT_FAILED, "cannot read the last-seen times of "
                        + tenant + "'s assets: " + e.getMessage(), e);
            }
            if (moved > 0) {
                batch.execute();
            }
            return moved;
        });
    }

    /**
     * The IP addresses of the tenant's non-retired assets with the asset's id, business system and criticality,
     * ordered by asset id (so that the lowest id wins when two assets share an address).
     */
    List<AddressOwner> addressOwners(TenantId tenant) {
        return read("asset addresses", h -> h.createQuery("SELECT a.val, s.id, s.business_system, s.criticality"
                        + " FROM asset_address a JOIN asset s ON s.id = a.asset_id AND s.tenant_id = a.tenant_id"
                        + " WHERE a.tenant_id = :tenant AND a.kind = 'ip' AND s.status <> 'RETIRED'"
                        + " ORDER BY s.id, a.val")
                .bind("tenant", tenant.value())
                .map((rs, ctx) -> new AddressOwner(rs.getString(1), rs.getLong(2), rs.getString(3), rs.getInt(4)))
                .list());
    }

    /** One IP address of a non-retired asset. */
    record AddressOwner(String ip, long assetId, String businessSystem, int criticality) {}

    // ------------------------------------------------------------------ internals shared with LedgerImport

    Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    <T> T write(String what, HandleCallback<T, RuntimeException> work) {
        try {
            return db.jdbi().inTransaction(work);
        } catch (RuntimeException e) {
            throw Database.translate(e, what);
        }
    }

    private <T> T read(String what, HandleCallback<T, RuntimeException> work) {
        try {
            return db.jdbi().withHandle(work);
        } catch (RuntimeException e) {
            throw Database.translate(e, what);
        }
    }

    void changed(TenantId tenant) {
        for (Consumer<TenantId> l : listeners) {
            try {
                l.accept(tenant);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "asset change listener failed for tenant " + tenant, e);
            }
        }
    }

    Asset loadForChange(Handle h, TenantId tenant, long id, long expectedVersion) {
        Asset current = load(h, tenant, id).orElseThrow(() -> notFound(id));
        if (current.version() != expectedVersion) {
            throw stale(id, expectedVersion, current.version());
        }
        return current;
    }

    private static MedsocException notFound(long id) {
        return new MedsocException(AssetErrorCode.ASSET_NOT_FOUND, "there is no asset " + id);
    }

    private static MedsocException stale(long id, long expected, long actual) {
        return new MedsocException(DatabaseErrorCode.CONCURRENT_MODIFICATION, "asset " + id
                + " was changed by someone else (version " + expected + " was read, " + actual
                + " is stored); reload it and apply your change again");
    }

    Optional<Asset> load(Handle h, TenantId tenant, long id) {
        return h.createQuery("SELECT " + COLUMNS + " FROM asset WHERE tenant_id = :tenant AND id = :id")
                .bind("tenant", tenant.value())
                .bind("id", id)
                .map((rs, ctx) -> asset(rs))
                .findOne();
    }

    Asset insert(Handle h, TenantId tenant, AssetAttributes a, AssetStatus status, Instant firstSeen,
            Instant lastSeen, String actor, ChangeSource source, Instant now) {
        long id = bindAttributes(h.createUpdate("INSERT INTO asset (tenant_id, kind, name, ips, macs, hostnames,"
                        + " os_name, os_version, middleware, databases, frameworks, vendor, model, firmware, modality,"
                        + " rule_library_version, business_system, owner, department, location, criticality,"
                        + " exposure, exposed, ports, cpes, tags, status, first_seen, last_seen, created_at,"
                        + " updated_at, version) VALUES (:tenant, :kind, :name, :ips, :macs, :hostnames, :os_name,"
                        + " :os_version, :middleware, :databases, :frameworks, :vendor, :model, :firmware, :modality,"
                        + " :rule_library_version, :business_system, :owner, :department, :location, :criticality,"
                        + " :exposure, :exposed, :ports, :cpes, :tags, :status, :first_seen, :last_seen, :now, :now,"
                        + " 1)"), a)
                .bind("tenant", tenant.value())
                .bind("status", status.name())
                .bind("first_seen", at(firstSeen))
                .bind("last_seen", at(lastSeen))
                .bind("now", at(now))
                .executeAndReturnGeneratedKeys("id")
                .mapTo(Long.class)
                .one();
        writeAddresses(h, tenant, id, a);
        Map<String, String> before = new LinkedHashMap<>();
        Map<String, String> after = new LinkedHashMap<>();
        after.put("status", status.name());
        for (LedgerColumn c : LedgerColumn.values()) {
            after.put(c.english(), c.display(a));
        }
        history(h, tenant, id, before, after, actor, source, now);
        return new Asset(id, tenant, a, status, firstSeen, lastSeen, now, now, 1);
    }

    Asset store(Handle h, Asset current, AssetAttributes next, AssetStatus status, Instant firstSeen,
            Instant lastSeen, String actor, ChangeSource source, Instant now) {
        if (next.equals(current.attributes()) && status == current.status()
                && firstSeen.equals(current.firstSeen()) && lastSeen.equals(current.lastSeen())) {
            return current;
        }
        TenantId tenant = current.tenant();
        int rows = bindAttributes(h.createUpdate("UPDATE asset SET " + ASSIGN + ", status = :status,"
                        + " first_seen = :first_seen, last_seen = :last_seen, updated_at = :now,"
                        + " version = version + 1 WHERE tenant_id = :tenant AND id = :id AND version = :version"),
                next)
                .bind("status", status.name())
                .bind("first_seen", at(firstSeen))
                .bind("last_seen", at(lastSeen))
                .bind("now", at(now))
                .bind("tenant", tenant.value())
                .bind("id", current.id())
                .bind("version", current.version())
                .execute();
        if (rows != 1) {
            long actual = load(h, tenant, current.id()).map(Asset::version).orElse(-1L);
            throw stale(current.id(), current.version(), actual);
        }
        AssetAttributes old = current.attributes();
        if (!old.ips().equals(next.ips()) || !old.macs().equals(next.macs())
                || !old.hostnames().equals(next.hostnames())) {
            h.createUpdate("DELETE FROM asset_address WHERE tenant_id = :tenant AND asset_id = :id")
                    .bind("tenant", tenant.value()).bind("id", current.id()).execute();
            writeAddresses(h, tenant, current.id(), next);
        }
        Map<String, String> before = new LinkedHashMap<>();
        Map<String, String> after = new LinkedHashMap<>();
        before.put("status", current.status().name());
        after.put("status", status.name());
        for (LedgerColumn c : LedgerColumn.values()) {
            before.put(c.english(), c.display(old));
            after.put(c.english(), c.display(next));
        }
        history(h, tenant, current.id(), before, after, actor, source, now);
        return new Asset(current.id(), tenant, next, status, firstSeen, lastSeen, current.createdAt(), now,
                current.version() + 1);
    }

    private static void writeAddresses(Handle h, TenantId tenant, long id, AssetAttributes a) {
        PreparedBatch batch = h.prepareBatch("INSERT INTO asset_address (tenant_id, kind, val, asset_id)"
                + " VALUES (:tenant, :kind, :val, :id)");
        int n = 0;
        n += addAddresses(batch, tenant, id, "ip", a.ips());
        n += addAddresses(batch, tenant, id, "mac", a.macs());
        n += addAddresses(batch, tenant, id, "hostname", a.hostnames());
        if (n > 0) {
            batch.execute();
        }
    }

    private static int addAddresses(PreparedBatch batch, TenantId tenant, long id, String kind, List<String> values) {
        for (String v : values) {
            batch.bind("tenant", tenant.value()).bind("kind", kind).bind("val", v).bind("id", id).add();
        }
        return values.size();
    }

    private static void history(Handle h, TenantId tenant, long id, Map<String, String> before,
            Map<String, String> after, String actor, ChangeSource source, Instant now) {
        PreparedBatch batch = h.prepareBatch("INSERT INTO asset_change (tenant_id, asset_id, field, old_value,"
                + " new_value, actor, source, changed_at) VALUES (:tenant, :id, :field, :old, :new, :actor, :source,"
                + " :at)");
        int n = 0;
        for (Map.Entry<String, String> e : after.entrySet()) {
            String old = before.getOrDefault(e.getKey(), "");
            if (!old.equals(e.getValue())) {
                batch.bind("tenant", tenant.value()).bind("id", id).bind("field", e.getKey()).bind("old", old)
                        .bind("new", e.getValue()).bind("actor", actor).bind("source", source.name())
                        .bind("at", at(now)).add();
                n++;
            }
        }
        if (n > 0) {
            batch.execute();
        }
    }

    private static <S extends org.jdbi.v3.core.statement.SqlStatement<S>> S bindAttributes(S s, AssetAttributes a) {
        return s.bind("kind", a.kind().name())
                .bind("name", a.name())
                .bind("ips", AssetCodec.encodeStrings(a.ips()))
                .bind("macs", AssetCodec.encodeStrings(a.macs()))
                .bind("hostnames", AssetCodec.encodeStrings(a.hostnames()))
                .bind("os_name", a.osName())
                .bind("os_version", a.osVersion())
                .bind("middleware", AssetCodec.encodeSoftware(a.middleware()))
                .bind("databases", AssetCodec.encodeSoftware(a.databases()))
                .bind("frameworks", AssetCodec.encodeSoftware(a.frameworks()))
                .bind("vendor", a.vendor())
                .bind("model", a.model())
                .bind("firmware", a.firmware())
                .bind("modality", a.modality())
                .bind("rule_library_version", a.ruleLibraryVersion())
                .bind("business_system", a.businessSystem())
                .bind("owner", a.owner())
                .bind("department", a.department())
                .bind("location", a.location())
                .bind("criticality", a.criticality())
                .bind("exposure", AssetCodec.encodeExposure(a.exposure()))
                .bind("exposed", a.exposed())
                .bind("ports", AssetCodec.encodePorts(a.ports()))
                .bind("cpes", AssetCodec.encodeStrings(a.cpes()))
                .bind("tags", AssetCodec.encodeStrings(a.tags()));
    }

    private static String prefixed(String alias) {
        StringBuilder b = new StringBuilder();
        for (String c : COLUMNS.split(",")) {
            if (b.length() > 0) {
                b.append(", ");
            }
            b.append(alias).append('.').append(c.strip());
        }
        return b.toString();
    }

    private static Asset asset(ResultSet rs) throws SQLException {
        AssetAttributes a = new AssetAttributes(
                AssetKind.valueOf(rs.getString("kind")),
                rs.getString("name"),
                AssetCodec.decodeStrings(rs.getString("ips")),
                AssetCodec.decodeStrings(rs.getString("macs")),
                AssetCodec.decodeStrings(rs.getString("hostnames")),
                rs.getString("os_name"),
                rs.getString("os_version"),
                AssetCodec.decodeSoftware(rs.getString("middleware")),
                AssetCodec.decodeSoftware(rs.getString("databases")),
                AssetCodec.decodeSoftware(rs.getString("frameworks")),
                rs.getString("vendor"),
                rs.getString("model"),
                rs.getString("firmware"),
                rs.getString("modality"),
                rs.getString("rule_library_version"),
                rs.getString("business_system"),
                rs.getString("owner"),
                rs.getString("department"),
                rs.getString("location"),
                rs.getInt("criticality"),
                AssetCodec.decodeExposure(rs.getString("exposure")),
                AssetCodec.decodePorts(rs.getString("ports")),
                AssetCodec.decodeStrings(rs.getString("cpes")),
                AssetCodec.decodeStrings(rs.getString("tags")));
        return new Asset(rs.getLong("id"), TenantId.of(rs.getString("tenant_id")), a,
                AssetStatus.valueOf(rs.getString("status")), instant(rs, "first_seen"), instant(rs, "last_seen"),
                instant(rs, "created_at"), instant(rs, "updated_at"), rs.getLong("version"));
    }

    static Argument at(Instant t) {
        return ObjectArgument.of(OffsetDateTime.ofInstant(t.truncatedTo(ChronoUnit.MILLIS), ZoneOffset.UTC),
                Types.TIMESTAMP_WITH_TIMEZONE);
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        if (t == null) {
            throw new SQLException("column " + column + " is null");
        }
        return t.toInstant();
    }
}
