package org.medsoc.playbook;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.medsoc.database.Database;
import org.medsoc.playbook.internal.Sql;
import org.medsoc.spi.error.MedsocException;
import org.medsoc.spi.event.TenantId;

/**
 * The playbook definitions of every tenant, each version kept. Saving validates the YAML; a version once saved never
 * changes (saving the same text again is a no-op, other text under the same version is refused).
 */
public final class PlaybookStore {
    /** The most parsed versions kept (a bound, not a working-set size: tenants have tens of playbooks). */
    private static final int MAX_PARSED = 2_000;
    private final Database db;
    private final Clock clock;
    /** Parsed playbook versions by "tenant\nid\nversion"; a stored version never changes, so entries stay valid. */
    private final Map<String, Playbook> parsed = new ConcurrentHashMap<>();

    /** A store on a database whose {@code playbook} migrations have been applied. */
    public PlaybookStore(Database db, Clock clock) {
        this.db = requireNonNull(db, "db is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    /**
     * Validates and stores a playbook version.
     *
     * @throws PlaybookValidationException when the YAML is invalid
     * @throws MedsocException with {@link PlaybookErrorCode#VERSION_CONFLICT} when the version exists with other text
     *     or is older than the latest stored version
     */
    public Playbook save(TenantId tenant, String yaml, String origin) {
        requireNonNull(tenant, "tenant is null");
        Playbook playbook = PlaybookParser.parse(yaml, origin);
        try {
            return db.jdbi().inTransaction(h -> {
                Optional<Integer> latest = h.createQuery("SELECT MAX(version) FROM playbook_definition "
                                + "WHERE tenant_id = :t AND playbook_id = :id")
                        .bind("t", tenant.value()).bind("id", playbook.id())
                        .mapTo(Integer.class).findOne();
                if (latest.isPresent() && latest.get() != null) {
                    int last = latest.get();
                    if (last == playbook.version()) {
                        String stored = h.createQuery("SELECT source FROM playbook_definition "
                                        + "WHERE tenant_id = :t AND playbook_id = :id AND version = :v")
                                .bind("t", tenant.value()).bind("id", playbook.id()).bind("v", last)
                                .mapTo(String.class).one();
                        if (stored.equals(yaml)) {
                            return playbook;
                        }
                        throw new MedsocException(PlaybookErrorCode.VERSION_CONFLICT, "playbook " + playbook.id()
                                + " version " + last + " already exists with other content; raise version to " + (last + 1));
                    }
                    if (last > playbook.version()) {
                        throw new MedsocException(PlaybookErrorCode.VERSION_CONFLICT, "playbook " + playbook.id()
                                + " is already at version " + last + "; version " + playbook.version()
                                + " is older; raise version to " + (last + 1));
                    }
                }
                h.createUpdate("INSERT INTO playbook_definition (tenant_id, playbook_id, version, name, enabled, "
                                + "trigger_type, source, created_at) VALUES (:t, :id, :v, :name, :enabled, :trigger, :source, :at)")
                        .bind("t", tenant.value()).bind("id", playbook.id()).bind("v", playbook.version())
                        .bind("name", playbook.name()).bind("enabled", playbook.enabled())
                        .bind("trigger", playbook.trigger().type().yamlName()).bind("source", yaml)
                        .bind("at", Sql.at(clock.instant()))
                        .execute();
                return playbook;
            });
        } catch (RuntimeException e) {
            throw Database.translate(e, "playbook " + playbook.id() + " version " + playbook.version());
        }
    }

    /** The latest version of a playbook. */
    public Optional<Playbook> latest(TenantId tenant, String playbookId) {
        requireNonNull(tenant, "tenant is null");
        requireNonNull(playbookId, "playbookId is null");
        return db.jdbi().withHandle(h -> h.createQuery("SELECT source FROM playbook_definition WHERE tenant_id = :t "
                                + "AND playbook_id = :id ORDER BY version DESC LIMIT 1")
                        .bind("t", tenant.value()).bind("id", playbookId)
                        .mapTo(String.class).findOne())
                .map(s -> PlaybookParser.parse(s, tenant + "/" + playbookId));
    }

    /** One version of a playbook. */
    public Optional<Playbook> find(TenantId tenant, String playbookId, int version) {
        requireNonNull(tenant, "tenant is null");
        requireNonNull(playbookId, "playbookId is null");
        return db.jdbi().withHandle(h -> h.createQuery("SELECT source FROM playbook_definition WHERE tenant_id = :t "
                                + "AND playbook_id = :id AND version = :v")
                        .bind("t", tenant.value()).bind("id", playbookId).bind("v", version)
                        .mapTo(String.class).findOne())
                .map(s -> PlaybookParser.parse(s, tenant + "/" + playbookId + "@" + version));
    }

    /** The latest version of every playbook of the tenant, by id. */
    public List<Playbook> list(TenantId tenant) {
        requireNonNull(tenant, "tenant is null");
        return db.jdbi().withHandle(h -> h.createQuery("SELECT d.playbook_id, d.source FROM playbook_definition d "
                                + "WHERE d.tenant_id = :t AND d.version = (SELECT MAX(x.version) FROM playbook_definition x "
                                + "WHERE x.tenant_id = d.tenant_id AND x.playbook_id = d.playbook_id) ORDER BY d.playbook_id")
                        .bind("t", tenant.value())
                        .map((rs, ctx) -> PlaybookParser.parse(rs.getString("source"), tenant + "/" + rs.getString("playbook_id")))
                        .list());
    }

    /**
     * The latest versions of the tenant's enabled playbooks with a trigger of this type, by id. Selected on the stored
     * {@code enabled} and {@code trigger_type} columns (written from the parsed playbook by {@link #save}), so a
     * tenant without such playbooks costs one indexed query and no parsing; a version is parsed once and then kept,
     * since a saved version never changes (a new version is a new key).
     */
    public List<Playbook> enabled(TenantId tenant, TriggerType type) {
        requireNonNull(tenant, "tenant is null");
        requireNonNull(type, "type is null");
        List<Playbook> out = new ArrayList<>();
        db.jdbi().useHandle(h -> {
            List<Object[]> latest = h.createQuery("SELECT d.playbook_id, d.version FROM playbook_definition d "
                            + "WHERE d.tenant_id = :t AND d.trigger_type = :type AND d.enabled = TRUE "
                            + "AND d.version = (SELECT MAX(x.version) FROM playbook_definition x "
                            + "WHERE x.tenant_id = d.tenant_id AND x.playbook_id = d.playbook_id) ORDER BY d.playbook_id")
                    .bind("t", tenant.value()).bind("type", type.yamlName())
                    .map((rs, ctx) -> new Object[] {rs.getString("playbook_id"), rs.getInt("version")})
                    .list();
            for (Object[] row : latest) {
                String id = (String) row[0];
                int version = (Integer) row[1];
                String key = tenant.value() + "\n" + id + "\n" + version;
                Playbook p = parsed.get(key);
                if (p == null) {
                    String source = h.createQuery("SELECT source FROM playbook_definition WHERE tenant_id = :t "
                                    + "AND playbook_id = :id AND version = :v")
                            .bind("t", tenant.value()).bind("id", id).bind("v", version)
                            .mapTo(String.class).one();
                    p = PlaybookParser.parse(source, tenant + "/" + id);
                    if (parsed.size() >= MAX_PARSED) {
                        parsed.clear();
                    }
                    parsed.put(key, p);
                }
                out.add(p);
            }
        });
        return out;
    }
}
