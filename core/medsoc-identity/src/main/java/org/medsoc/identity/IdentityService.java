package org.medsoc.identity;

import static java.util.Objects.requireNonNull;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jspecify.annotations.Nullable;
import org.medsoc.database.Database;
import org.medsoc.identity.internal.Argon2Hasher;
import org.medsoc.identity.internal.Secrets;
import org.medsoc.identity.internal.TenantTree;
import org.medsoc.identity.internal.Timestamps;
import org.medsoc.spi.error.MedsocException;
import org.medsoc.spi.event.TenantId;

/**
 * Tenants, users, grants, logins, sessions and API tokens, kept in the relational store (module {@code identity}).
 * Every administrative operation takes the acting {@link Principal} and checks it first, so the HTTP layer cannot
 * forget a check; reads answer only what the actor may see.
 *
 * <h2>Tenant and user visibility</h2>
 * <ul>
 *   <li>Tenant operations check authorization before existence: for an unknown tenant and for a tenant the actor
 *       holds nothing on, writes fail with the same {@link IdentityErrorCode#PERMISSION_DENIED} and reads return
 *       empty. A member tenant is administered through {@link Permission#TENANTS_ADMIN} on its parent; a top-level
 *       tenant by whoever holds {@code TENANTS_ADMIN} on every active top-level tenant (the installation's
 *       administrators).
 *   <li>A user not visible to the actor (no {@link Permission#USERS_READ} on its home tenant or any tenant it is
 *       granted on) is {@link IdentityErrorCode#NOT_FOUND}, exactly like a missing one. Grants shown are limited to
 *       tenants the actor may read users of.
 * </ul>
 *
 * <h2>Login</h2>
 * Every failed login (unknown user, wrong password, locked, disabled) answers the same {@link
 * IdentityErrorCode#UNAUTHENTICATED} message after the same Argon2 work. Failures within {@link
 * IdentityConfig#failureWindow()} are counted per user; reaching {@link IdentityConfig#maxLoginFailures()} locks the
 * account for {@link IdentityConfig#lockoutDuration()}. Time comes only from the injected {@link Clock}.
 */
public final class IdentityService {
    private static final System.Logger LOG = System.getLogger(IdentityService.class.getName());
    private static final String FAILED_LOGIN = "invalid username or password";
    private static final String SESSION_PREFIX = "mss_";
    private static final String TOKEN_PREFIX = "msa_";
    private static final int TOKEN_ID_HEX = 12;
    private static final int MAX_NAME = 200;

    private final Jdbi jdbi;
    private final IdentityConfig config;
    private final Clock clock;
    private final Argon2Hasher hasher;
    private final PasswordPolicy policy;

    private IdentityService(Database database, IdentityConfig config, Clock clock) {
        this.jdbi = database.jdbi();
        this.config = config;
        this.clock = clock;
        this.hasher = new Argon2Hasher(config.hashing());
        this.policy = new PasswordPolicy(config.minPasswordLength());
    }

    /** Migrates the {@code identity} schema and opens the service. */
    public static IdentityService create(Database database, IdentityConfig config, Clock clock) {
        requireNonNull(database, "database is null");
        requireNonNull(config, "config is null");
        requireNonNull(clock, "clock is null");
        database.migrate("identity");
        return new IdentityService(database, config, clock);
    }

    /** The password rules in force. */
    public PasswordPolicy passwordPolicy() {
        return policy;
    }

    // ---------------------------------------------------------------- bootstrap

    /**
     * First-start setup, idempotent: creates {@code defaultTenant} (top-level) if missing and, if no user named
     * {@code username} exists, creates it with {@link Role#ADMIN} on the tenant. An existing user is left unchanged
     * (its password is not reset). Answers whether the user was created.
     */
    public boolean bootstrapAdmin(TenantId defaultTenant, String username, char[] password) {
        requireNonNull(defaultTenant, "defaultTenant is null");
        String name = normalizeUsername(username);
        requireNonNull(password, "password is null");
        Instant now = now();
        boolean created = inTransaction("bootstrap administrator '" + name + "'", h -> {
            if (loadTenant(h, defaultTenant).isEmpty()) {
                insertTenant(h, new NewTenant(defaultTenant, defaultTenant.value(), Optional.empty()), now);
            }
            if (h.createQuery("SELECT COUNT(*) FROM identity_user WHERE username = :u")
                            .bind("u", name)
                            .mapTo(Integer.class)
                            .one()
                    > 0) {
                return false;
            }
            policy.check(name, password);
            UserId id = UserId.random();
            insertUser(h, id, new NewUser(name, UserProfile.named("Administrator"), defaultTenant),
                    hasher.hash(password), now);
            insertGrant(h, id, new Grant(defaultTenant, Role.ADMIN));
            return true;
        });
        if (created) {
            LOG.log(System.Logger.Level.INFO, "created bootstrap administrator ''{0}'' on tenant {1}", name,
                    defaultTenant);
        }
        return created;
    }

    /**
     * The principal of the node's bootstrap bearer token: {@link Role#ADMIN} on {@code tenant} and its members. The
     * API layer uses it after {@code BootstrapToken.verify} succeeds.
     */
    public Principal bootstrapPrincipal(TenantId tenant) {
        requireNonNull(tenant, "tenant is null");
        List<Grant> grants = List.of(new Grant(tenant, Role.ADMIN));
        TenantTree tree = jdbi.withHandle(IdentityService::tree);
        return new Principal(UserId.BOOTSTRAP, "bootstrap", "Bootstrap token", grants,
                effective(tree, grants, Set.of()), AuthenticationMethod.BOOTSTRAP);
    }

    // ---------------------------------------------------------------- tenants

    /**
     * Creates a tenant. A member needs {@link Permission#TENANTS_ADMIN} on the (active) parent; a top-level tenant
     * needs it on every active top-level tenant, and its creator (if a user) gets {@link Role#ADMIN} on it.
     */
    public Tenant createTenant(Principal actor, NewTenant spec) {
        requireNonNull(actor, "actor is null");
        requireNonNull(spec, "spec is null");
        String name = checkName("tenant name", spec.name());
        Instant now = now();
        return inTransaction("tenant '" + spec.id() + "'", h -> {
            TenantTree tree = tree(h);
            if (spec.parent().isPresent()) {
                TenantId parent = spec.parent().get();
                actor.require(Permission.TENANTS_ADMIN, parent);
                if (tree.find(parent).map(t -> t.status() != TenantStatus.ACTIVE).orElse(true)) {
                    throw actor.denied(Permission.TENANTS_ADMIN, parent);
                }
            } else if (!installationAdmin(actor, tree)) {
                throw new MedsocException(IdentityErrorCode.PERMISSION_DENIED,
                        "'" + actor.username() + "' may not create top-level tenants; that needs "
                                + Permission.TENANTS_ADMIN + " on every active top-level tenant");
            }
            insertTenant(h, new NewTenant(spec.id(), name, spec.parent()), now);
            if (spec.parent().isEmpty() && actor.method() != AuthenticationMethod.BOOTSTRAP) {
                insertGrant(h, actor.userId(), new Grant(spec.id(), Role.ADMIN));
            }
            return loadTenant(h, spec.id()).orElseThrow();
        });
    }

    /** Renames a tenant; needs {@link Permission#TENANTS_ADMIN} on it (or on its parent). */
    public Tenant renameTenant(Principal actor, TenantId id, String name) {
        String checked = checkName("tenant name", name);
        return inTransaction("tenant '" + id + "'", h -> {
            TenantTree tree = tree(h);
            if (!actor.can(Permission.TENANTS_ADMIN, id) && !administers(actor, tree, id)) {
                throw actor.denied(Permission.TENANTS_ADMIN, id);
            }
            h.createUpdate("UPDATE identity_tenant SET name = :n WHERE id = :id")
                    .bind("n", checked)
                    .bind("id", id.value())
                    .execute();
            return loadTenant(h, id).orElseThrow();
        });
    }

    /** Takes a tenant out of service (nobody has permissions on it or through it); needs admin of its parent. */
    public Tenant disableTenant(Principal actor, TenantId id) {
        return changeTenantStatus(actor, id, TenantStatus.DISABLED);
    }

    /** Puts a disabled tenant back into service; needs admin of its parent. */
    public Tenant enableTenant(Principal actor, TenantId id) {
        return changeTenantStatus(actor, id, TenantStatus.ACTIVE);
    }

    private Tenant changeTenantStatus(Principal actor, TenantId id, TenantStatus status) {
        return inTransaction("tenant '" + id + "'", h -> {
            Tenant tenant = administered(actor, tree(h), id);
            if (tenant.status() == TenantStatus.OFFBOARDED) {
                throw new MedsocException(IdentityErrorCode.INVALID_STATE,
                        "tenant '" + id + "' is offboarded; offboarding is final");
            }
            h.createUpdate("UPDATE identity_tenant SET status = :s WHERE id = :id")
                    .bind("s", status.name())
                    .bind("id", id.value())
                    .execute();
            return loadTenant(h, id).orElseThrow();
        });
    }

    /**
     * Offboards a tenant: marks it {@link TenantStatus#OFFBOARDED} (final; the id is never reused), removes every
     * grant on it, disables the users whose home it is and ends their sessions and API tokens. The caller must then
     * wipe the tenant's data in every store. A tenant with members that are not offboarded cannot be offboarded.
     */
    public OffboardedTenant offboardTenant(Principal actor, TenantId id) {
        Instant now = now();
        return inTransaction("tenant '" + id + "'", h -> {
            TenantTree tree = tree(h);
            Tenant tenant = administered(actor, tree, id);
            if (tenant.status() == TenantStatus.OFFBOARDED) {
                throw new MedsocException(IdentityErrorCode.INVALID_STATE, "tenant '" + id + "' is already offboarded");
            }
            List<TenantId> members = tree.liveMembers(id);
            if (!members.isEmpty()) {
                throw new MedsocException(IdentityErrorCode.INVALID_STATE,
                        "tenant '" + id + "' still has members " + members + "; offboard them first");
            }
            h.createUpdate("UPDATE identity_tenant SET status = :s, offboarded_at = :t WHERE id = :id")
                    .bind("s", TenantStatus.OFFBOARDED.name())
                    .bind("t", Timestamps.bind(now))
                    .bind("id", id.value())
                    .execute();
            int grants = h.createUpdate("DELETE FROM identity_grant WHERE tenant_id = :id")
                    .bind("id", id.value())
                    .execute();
            List<UserId> users = h.createQuery("SELECT id FROM identity_user WHERE home_tenant = :id ORDER BY id")
                    .bind("id", id.value())
                    .map((rs, ctx) -> new UserId(rs.getString("id")))
                    .list();
            for (UserId user : users) {
                setStatusRow(h, user, UserStatus.DISABLED, null);
                endAccess(h, user, now);
            }
            LOG.log(System.Logger.Level.INFO, "tenant {0} offboarded by {1}: {2} users disabled, {3} grants removed",
                    id, actor.username(), users.size(), grants);
            return new OffboardedTenant(id, now, users, grants);
        });
    }

    /** The tenant, if the actor may see it (it holds {@link Permission#TENANTS_READ} on it or administers it). */
    public Optional<Tenant> findTenant(Principal actor, TenantId id) {
        return jdbi.withHandle(h -> {
            TenantTree tree = tree(h);
            return tree.find(id).filter(t -> visible(actor, tree, t));
        });
    }

    /**
     * Every active tenant, for the node's own background work (SLA scans, reports); never answer a caller with it —
     * callers get {@link #listTenants(Principal)}.
     */
    public List<TenantId> tenantIds() {
        return jdbi.withHandle(h -> h.createQuery(
                        "SELECT id FROM identity_tenant WHERE status = 'ACTIVE' ORDER BY id")
                .mapTo(String.class).map(TenantId::of).list());
    }

    /** The tenants the actor may see, ordered by id. */
    public List<Tenant> listTenants(Principal actor) {
        return jdbi.withHandle(h -> {
            TenantTree tree = tree(h);
            return tree.all().stream()
                    .filter(t -> visible(actor, tree, t))
                    .sorted((a, b) -> a.id().value().compareTo(b.id().value()))
                    .toList();
        });
    }

    private boolean visible(Principal actor, TenantTree tree, Tenant t) {
        return actor.can(Permission.TENANTS_READ, t.id()) || administers(actor, tree, t.id());
    }

    private Tenant administered(Principal actor, TenantTree tree, TenantId id) {
        if (!administers(actor, tree, id)) {
            throw actor.denied(Permission.TENANTS_ADMIN, id);
        }
        return tree.find(id).orElseThrow(() -> actor.denied(Permission.TENANTS_ADMIN, id));
    }

    /**
     * Whether the actor administers the tenant's lifecycle: {@code TENANTS_ADMIN} on an ancestor (so a provider
     * administrator still reaches a member of a disabled district), or installation admin for a top-level tenant.
     */
    private static boolean administers(Principal actor, TenantTree tree, TenantId id) {
        Optional<Tenant> tenant = tree.find(id);
        if (tenant.isEmpty()) {
            return false;
        }
        if (tenant.get().parent().isEmpty()) {
            return installationAdmin(actor, tree);
        }
        return tree.ancestors(id).stream().anyMatch(a -> actor.can(Permission.TENANTS_ADMIN, a));
    }

    private static boolean installationAdmin(Principal actor, TenantTree tree) {
        List<TenantId> top = tree.activeTopLevel();
        return !top.isEmpty() && top.stream().allMatch(t -> actor.can(Permission.TENANTS_ADMIN, t));
    }

    // ---------------------------------------------------------------- users

    /** Creates a user with a password; needs {@link Permission#USERS_ADMIN} on the home tenant. */
    public User createUser(Principal actor, NewUser spec, char[] password) {
        requireNonNull(actor, "actor is null");
        requireNonNull(spec, "spec is null");
        requireNonNull(password, "password is null");
        actor.require(Permission.USERS_ADMIN, spec.homeTenant());
        String username = normalizeUsername(spec.username());
        UserProfile profile = checkProfile(spec.profile());
        policy.check(username, password);
        String hash = hasher.hash(password);
        Instant now = now();
        UserId id = UserId.random();
        return inTransaction("user '" + username + "'", h -> {
            insertUser(h, id, new NewUser(username, profile, spec.homeTenant()), hash, now);
            return loadUser(h, id).orElseThrow();
        });
    }

    /** The user, if visible to the actor; grants limited to tenants the actor may read users of. */
    public Optional<User> findUser(Principal actor, UserId id) {
        return jdbi.withHandle(h -> loadUser(h, id).filter(u -> canSee(actor, u)).map(u -> redact(actor, u)));
    }

    /** The user with this username, if visible to the actor. */
    public Optional<User> findUserByUsername(Principal actor, String username) {
        String name = username.toLowerCase(Locale.ROOT);
        return jdbi.withHandle(h -> h.createQuery("SELECT id FROM identity_user WHERE username = :u")
                        .bind("u", name)
                        .map((rs, ctx) -> new UserId(rs.getString("id")))
                        .findOne())
                .flatMap(id -> findUser(actor, id));
    }

    /**
     * The users belonging to or granted on {@code tenant}, ordered by username; needs {@link Permission#USERS_READ}
     * on it.
     */
    public List<User> listUsers(Principal actor, TenantId tenant) {
        actor.require(Permission.USERS_READ, tenant);
        return jdbi.withHandle(h -> {
            List<UserId> ids = h.createQuery("SELECT id FROM identity_user WHERE home_tenant = :t OR id IN "
                            + "(SELECT user_id FROM identity_grant WHERE tenant_id = :t) ORDER BY username")
                    .bind("t", tenant.value())
                    .map((rs, ctx) -> new UserId(rs.getString("id")))
                    .list();
            List<User> users = new ArrayList<>();
            for (UserId id : ids) {
                loadUser(h, id).map(u -> redact(actor, u)).ifPresent(users::add);
            }
            return users;
        });
    }

    /** Changes display name and contact details; the user itself or {@link Permission#USERS_ADMIN} on its home. */
    public User updateProfile(Principal actor, UserId id, UserProfile profile) {
        UserProfile checked = checkProfile(profile);
        return inTransaction("user " + id, h -> {
            User user = visibleUser(h, actor, id);
            if (!actor.userId().equals(id)) {
                actor.require(Permission.USERS_ADMIN, user.homeTenant());
            }
            h.createUpdate("UPDATE identity_user SET display_name = :d, email = :e, phone = :p WHERE id = :id")
                    .bind("d", checked.displayName())
                    .bind("e", checked.email().orElse(null))
                    .bind("p", checked.phone().orElse(null))
                    .bind("id", id.value())
                    .execute();
            return redact(actor, loadUser(h, id).orElseThrow());
        });
    }

    /**
     * Sets a user's status; needs {@link Permission#USERS_ADMIN} on its home tenant. {@link UserStatus#LOCKED} is
     * an administrator's lock (until set back to {@link UserStatus#ACTIVE}); locking and disabling end the user's
     * sessions. {@code ACTIVE} also clears an automatic lockout and the failure count.
     */
    public User setStatus(Principal actor, UserId id, UserStatus status) {
        requireNonNull(status, "status is null");
        Instant now = now();
        return inTransaction("user " + id, h -> {
            User user = visibleUser(h, actor, id);
            actor.require(Permission.USERS_ADMIN, user.homeTenant());
            setStatusRow(h, id, status, null);
            switch (status) {
                case ACTIVE -> h.createUpdate("DELETE FROM identity_login_failure WHERE user_id = :u")
                        .bind("u", id.value())
                        .execute();
                case LOCKED -> endSessions(h, id);
                case DISABLED -> endAccess(h, id, now);
            }
            return redact(actor, loadUser(h, id).orElseThrow());
        });
    }

    /**
     * Grants a role on a tenant; needs {@link Permission#USERS_ADMIN} on that tenant and on the user's home tenant.
     * Granting a grant the user already holds changes nothing.
     */
    public User grant(Principal actor, UserId id, Grant grant) {
        requireNonNull(grant, "grant is null");
        return inTransaction("grant of " + grant.role() + " on '" + grant.tenant() + "'", h -> {
            actor.require(Permission.USERS_ADMIN, grant.tenant());
            User user = visibleUser(h, actor, id);
            actor.require(Permission.USERS_ADMIN, user.homeTenant());
            if (!user.grants().contains(grant)) {
                insertGrant(h, id, grant);
            }
            return redact(actor, loadUser(h, id).orElseThrow());
        });
    }

    /** Removes a grant; same permissions as {@link #grant}. Removing a grant the user lacks changes nothing. */
    public User revoke(Principal actor, UserId id, Grant grant) {
        requireNonNull(grant, "grant is null");
        return inTransaction("grant of " + grant.role() + " on '" + grant.tenant() + "'", h -> {
            actor.require(Permission.USERS_ADMIN, grant.tenant());
            User user = visibleUser(h, actor, id);
            actor.require(Permission.USERS_ADMIN, user.homeTenant());
            h.createUpdate("DELETE FROM identity_grant WHERE user_id = :u AND tenant_id = :t AND role = :r")
                    .bind("u", id.value())
                    .bind("t", grant.tenant().value())
                    .bind("r", grant.role().name())
                    .execute();
            return redact(actor, loadUser(h, id).orElseThrow());
        });
    }

    /** Sets a new password for another user; needs {@link Permission#USERS_ADMIN} on its home. Ends its sessions. */
    public void resetPassword(Principal actor, UserId id, char[] password) {
        requireNonNull(password, "password is null");
        User user = jdbi.withHandle(h -> visibleUser(h, actor, id));
        actor.require(Permission.USERS_ADMIN, user.homeTenant());
        policy.check(user.username(), password);
        String hash = hasher.hash(password);
        inTransaction("user " + id, h -> {
            updatePassword(h, id, hash);
            endSessions(h, id);
            return null;
        });
    }

    /** Changes the actor's own password after checking the current one; ends the actor's other sessions too. */
    public void changeOwnPassword(Principal actor, char[] currentPassword, char[] newPassword) {
        requireNonNull(currentPassword, "currentPassword is null");
        requireNonNull(newPassword, "newPassword is null");
        if (actor.method() == AuthenticationMethod.BOOTSTRAP) {
            throw new MedsocException(IdentityErrorCode.INVALID_STATE, "the bootstrap token has no password");
        }
        Optional<String> stored = jdbi.withHandle(h -> h.createQuery(
                        "SELECT password_hash FROM identity_user WHERE id = :id")
                .bind("id", actor.userId().value())
                .map((rs, ctx) -> Optional.ofNullable(rs.getString(1)))
                .findOne()
                .flatMap(o -> o));
        boolean ok = stored.isPresent() ? hasher.verify(currentPassword, stored.get()) : hasher.burn(currentPassword);
        if (!ok) {
            throw new MedsocException(IdentityErrorCode.UNAUTHENTICATED,
                    "the current password is wrong; the password was not changed");
        }
        policy.check(actor.username(), newPassword);
        String hash = hasher.hash(newPassword);
        inTransaction("user " + actor.userId(), h -> {
            updatePassword(h, actor.userId(), hash);
            endSessions(h, actor.userId());
            return null;
        });
    }

    private boolean canSee(Principal actor, User user) {
        if (actor.userId().equals(user.id())) {
            return true;
        }
        return actor.can(Permission.USERS_READ, user.homeTenant())
                || user.grants().stream().anyMatch(g -> actor.can(Permission.USERS_READ, g.tenant()));
    }

    private User redact(Principal actor, User user) {
        if (actor.userId().equals(user.id())) {
            return user;
        }
        List<Grant> grants = user.grants().stream()
                .filter(g -> actor.can(Permission.USERS_READ, g.tenant()))
                .toList();
        return new User(user.id(), user.username(), user.displayName(), user.email(), user.phone(),
                user.homeTenant(), user.status(), user.lockedUntil(), grants, user.createdAt());
    }

    private User visibleUser(Handle h, Principal actor, UserId id) {
        return loadUser(h, id)
                .filter(u -> canSee(actor, u))
                .orElseThrow(() -> new MedsocException(IdentityErrorCode.NOT_FOUND,
                        "user " + id + " does not exist or is not visible to '" + actor.username() + "'"));
    }

    // ---------------------------------------------------------------- login and sessions

    /**
     * Checks a username and password and opens a session. Fails with {@link IdentityErrorCode#UNAUTHENTICATED} and
     * the same message for every reason (unknown user, wrong password, locked, disabled, no password set), after
     * the same hashing work. A successful login with a hash of older parameters rehashes it.
     *
     * @param clientAddress the client's address, stored with the session and with failures
     */
    public LoginResult login(String username, char[] password, String clientAddress) {
        requireNonNull(username, "username is null");
        requireNonNull(password, "password is null");
        String address = truncate(requireNonNull(clientAddress, "clientAddress is null"), 100);
        String name = username.strip().toLowerCase(Locale.ROOT);
        Instant now = now();
        Optional<LoginRow> found = jdbi.withHandle(h -> h.createQuery(
                        "SELECT id, status, locked_until, password_hash FROM identity_user WHERE username = :u")
                .bind("u", name)
                .map((rs, ctx) -> new LoginRow(new UserId(rs.getString("id")),
                        UserStatus.valueOf(rs.getString("status")),
                        Timestamps.readOptional(rs, "locked_until").orElse(null),
                        rs.getString("password_hash")))
                .findOne());
        if (found.isEmpty() || found.get().hash() == null) {
            hasher.burn(password);
            throw failedLogin();
        }
        LoginRow row = found.get();
        String hash = requireNonNull(row.hash());
        boolean passwordOk = hasher.verify(password, hash);
        switch (row.status()) {
            case DISABLED -> throw failedLogin();
            case LOCKED -> {
                Instant until = row.lockedUntil();
                if (until == null || now.isBefore(until)) {
                    throw failedLogin();
                }
                inTransaction("user " + row.id(), h -> {
                    setStatusRow(h, row.id(), UserStatus.ACTIVE, null);
                    h.createUpdate("DELETE FROM identity_login_failure WHERE user_id = :u")
                            .bind("u", row.id().value())
                            .execute();
                    return null;
                });
            }
            case ACTIVE -> {
                // proceed
            }
        }
        if (!passwordOk) {
            recordFailure(row.id(), address, now);
            throw failedLogin();
        }
        String token = SESSION_PREFIX + Secrets.randomBase64(32);
        Session session = new Session(Secrets.randomHex(16), row.id(), now, now.plus(config.sessionLifetime()),
                address);
        String newHash = hasher.needsRehash(hash) ? hasher.hash(password) : null;
        Principal principal = inTransaction("session of user " + row.id(), h -> {
            h.createUpdate("DELETE FROM identity_login_failure WHERE user_id = :u")
                    .bind("u", row.id().value())
                    .execute();
            if (newHash != null) {
                updatePassword(h, row.id(), newHash);
            }
            h.createUpdate("INSERT INTO identity_session (token_hash, id, user_id, created_at, last_used_at, "
                            + "expires_at, client_address) VALUES (:h, :id, :u, :c, :c, :e, :a)")
                    .bind("h", Secrets.sha256Hex(token))
                    .bind("id", session.id())
                    .bind("u", row.id().value())
                    .bind("c", Timestamps.bind(now))
                    .bind("e", Timestamps.bind(session.expiresAt()))
                    .bind("a", address)
                    .execute();
            return principal(h, row.id(), AuthenticationMethod.SESSION, Set.of()).orElseThrow();
        });
        return new LoginResult(token, session, principal);
    }

    private record LoginRow(UserId id, UserStatus status, @Nullable Instant lockedUntil, @Nullable String hash) {}

    private void recordFailure(UserId id, String address, Instant now) {
        int count = inTransaction("login failure of user " + id, h -> {
            h.createUpdate("INSERT INTO identity_login_failure (user_id, failed_at, client_address) "
                            + "VALUES (:u, :t, :a)")
                    .bind("u", id.value())
                    .bind("t", Timestamps.bind(now))
                    .bind("a", address)
                    .execute();
            h.createUpdate("DELETE FROM identity_login_failure WHERE user_id = :u AND failed_at <= :t")
                    .bind("u", id.value())
                    .bind("t", Timestamps.bind(now.minus(config.failureWindow())))
                    .execute();
            int failures = h.createQuery("SELECT COUNT(*) FROM identity_login_failure WHERE user_id = :u")
                    .bind("u", id.value())
                    .mapTo(Integer.class)
                    .one();
            if (failures >= config.maxLoginFailures()) {
                setStatusRow(h, id, UserStatus.LOCKED, now.plus(config.lockoutDuration()));
                h.createUpdate("DELETE FROM identity_login_failure WHERE user_id = :u")
                        .bind("u", id.value())
                        .execute();
            }
            return failures;
        });
        if (count >= config.maxLoginFailures()) {
            LOG.log(System.Logger.Level.WARNING, "user {0} locked for {1} after {2} failed logins, last from {3}", id,
                    config.lockoutDuration(), count, address);
        }
    }

    private static MedsocException failedLogin() {
        return new MedsocException(IdentityErrorCode.UNAUTHENTICATED, FAILED_LOGIN);
    }

    /** Ends the session of this token; unknown tokens are ignored. */
    public void logout(String sessionToken) {
        requireNonNull(sessionToken, "sessionToken is null");
        jdbi.useHandle(h -> h.createUpdate("DELETE FROM identity_session WHERE token_hash = :h")
                .bind("h", Secrets.sha256Hex(sessionToken))
                .execute());
    }

    /** The user's open sessions, newest first: the user itself or {@link Permission#USERS_ADMIN} on its home. */
    public List<Session> listSessions(Principal actor, UserId id) {
        return jdbi.withHandle(h -> {
            User user = visibleUser(h, actor, id);
            if (!actor.userId().equals(id)) {
                actor.require(Permission.USERS_ADMIN, user.homeTenant());
            }
            return h.createQuery("SELECT id, user_id, created_at, expires_at, client_address FROM identity_session "
                            + "WHERE user_id = :u ORDER BY created_at DESC, id")
                    .bind("u", id.value())
                    .map((rs, ctx) -> new Session(rs.getString("id"), new UserId(rs.getString("user_id")),
                            Timestamps.read(rs, "created_at"), Timestamps.read(rs, "expires_at"),
                            rs.getString("client_address")))
                    .list();
        });
    }

    /**
     * The principal of a bearer token: a session token ({@code mss_…}) that has not expired or idled out, or an
     * API token ({@code msa_…}) that is neither expired nor revoked, of a user that is not disabled or locked by
     * an administrator. Using a token refreshes its last-use time. Empty for anything else.
     */
    public Optional<Principal> authenticate(String bearerToken) {
        requireNonNull(bearerToken, "bearerToken is null");
        if (bearerToken.startsWith(SESSION_PREFIX) && bearerToken.length() < 200) {
            return authenticateSession(bearerToken);
        }
        if (bearerToken.startsWith(TOKEN_PREFIX) && bearerToken.length() < 200) {
            return authenticateApiToken(bearerToken);
        }
        return Optional.empty();
    }

    private Optional<Principal> authenticateSession(String token) {
        String hash = Secrets.sha256Hex(token);
        Instant now = now();
        return inTransaction("session", h -> {
            Optional<SessionRow> row = h.createQuery(
                            "SELECT user_id, last_used_at, expires_at FROM identity_session WHERE token_hash = :h")
                    .bind("h", hash)
                    .map((rs, ctx) -> new SessionRow(new UserId(rs.getString("user_id")),
                            Timestamps.read(rs, "last_used_at"), Timestamps.read(rs, "expires_at")))
                    .findOne();
            if (row.isEmpty()) {
                return Optional.empty();
            }
            SessionRow s = row.get();
            if (!now.isBefore(s.expiresAt()) || !now.isBefore(s.lastUsedAt().plus(config.sessionIdleTimeout()))) {
                h.createUpdate("DELETE FROM identity_session WHERE token_hash = :h").bind("h", hash).execute();
                return Optional.empty();
            }
            h.createUpdate("UPDATE identity_session SET last_used_at = :t WHERE token_hash = :h")
                    .bind("t", Timestamps.bind(now))
                    .bind("h", hash)
                    .execute();
            return principal(h, s.userId(), AuthenticationMethod.SESSION, Set.of());
        });
    }

    private record SessionRow(UserId userId, Instant lastUsedAt, Instant expiresAt) {}

    // ---------------------------------------------------------------- API tokens

    /**
     * Issues an API token for the actor itself. Only from a login session (a token cannot mint tokens); each scope
     * permission must be one the actor holds on some tenant. The returned token is shown this once.
     */
    public IssuedApiToken createApiToken(Principal actor, NewApiToken spec) {
        requireNonNull(actor, "actor is null");
        requireNonNull(spec, "spec is null");
        if (actor.method() != AuthenticationMethod.SESSION) {
            throw new MedsocException(IdentityErrorCode.PERMISSION_DENIED,
                    "API tokens are issued from a login session, not with " + actor.method());
        }
        String name = checkName("token name", spec.name());
        if (name.length() > 100) {
            throw invalid("token name must be at most 100 characters");
        }
        Set<Permission> missing = EnumSet.noneOf(Permission.class);
        missing.addAll(spec.scope());
        missing.removeAll(actor.anyPermissions());
        if (!missing.isEmpty()) {
            throw new MedsocException(IdentityErrorCode.PERMISSION_DENIED,
                    "a token cannot hold permissions its owner lacks: " + new TreeSet<>(missing));
        }
        Instant now = now();
        if (spec.expiresAt().isPresent() && !spec.expiresAt().get().isAfter(now)) {
            throw invalid("token expiry " + spec.expiresAt().get() + " is not in the future");
        }
        String id = Secrets.randomHex(TOKEN_ID_HEX / 2);
        String secret = Secrets.randomBase64(32);
        String scope = spec.scope().stream().map(Enum::name).sorted().collect(Collectors.joining(","));
        return inTransaction("API token '" + name + "'", h -> {
            h.createUpdate("INSERT INTO identity_api_token (id, user_id, name, secret_hash, scope, created_at, "
                            + "expires_at) VALUES (:id, :u, :n, :h, :s, :c, :e)")
                    .bind("id", id)
                    .bind("u", actor.userId().value())
                    .bind("n", name)
                    .bind("h", Secrets.sha256Hex(secret))
                    .bind("s", scope)
                    .bind("c", Timestamps.bind(now))
                    .bind("e", Timestamps.bindNullable(spec.expiresAt().orElse(null)))
                    .execute();
            return new IssuedApiToken(TOKEN_PREFIX + id + "_" + secret, loadToken(h, id).orElseThrow());
        });
    }

    /** The API tokens of a user (revoked ones included): the user itself or {@code USERS_ADMIN} on its home. */
    public List<ApiToken> listApiTokens(Principal actor, UserId owner) {
        return jdbi.withHandle(h -> {
            if (!actor.userId().equals(owner)) {
                User user = visibleUser(h, actor, owner);
                actor.require(Permission.USERS_ADMIN, user.homeTenant());
            }
            return h.createQuery(TOKEN_SELECT + " WHERE user_id = :u ORDER BY created_at, id")
                    .bind("u", owner.value())
                    .map((rs, ctx) -> tokenRow(rs))
                    .list();
        });
    }

    /** Revokes an API token: its owner, or {@code USERS_ADMIN} on the owner's home tenant. Idempotent. */
    public ApiToken revokeApiToken(Principal actor, String tokenId) {
        requireNonNull(tokenId, "tokenId is null");
        Instant now = now();
        return inTransaction("API token " + tokenId, h -> {
            MedsocException notFound = new MedsocException(IdentityErrorCode.NOT_FOUND,
                    "API token " + tokenId + " does not exist or is not visible to '" + actor.username() + "'");
            ApiToken token = loadToken(h, tokenId).orElseThrow(() -> notFound);
            if (!actor.userId().equals(token.userId())) {
                User owner = loadUser(h, token.userId()).filter(u -> canSee(actor, u)).orElseThrow(() -> notFound);
                actor.require(Permission.USERS_ADMIN, owner.homeTenant());
            }
            h.createUpdate("UPDATE identity_api_token SET revoked_at = :t WHERE id = :id AND revoked_at IS NULL")
                    .bind("t", Timestamps.bind(now))
                    .bind("id", tokenId)
                    .execute();
            return loadToken(h, tokenId).orElseThrow();
        });
    }

    private Optional<Principal> authenticateApiToken(String token) {
        int sep = TOKEN_PREFIX.length() + TOKEN_ID_HEX;
        if (token.length() <= sep + 1 || token.charAt(sep) != '_') {
            return Optional.empty();
        }
        String id = token.substring(TOKEN_PREFIX.length(), sep);
        String secretHash = Secrets.sha256Hex(token.substring(sep + 1));
        Instant now = now();
        return inTransaction("API token", h -> {
            Optional<String> stored = h.createQuery("SELECT secret_hash FROM identity_api_token WHERE id = :id")
                    .bind("id", id)
                    .mapTo(String.class)
                    .findOne();
            if (stored.isEmpty() || !Secrets.sameDigest(stored.get(), secretHash)) {
                return Optional.empty();
            }
            ApiToken info = loadToken(h, id).orElseThrow();
            if (info.revokedAt().isPresent() || info.expiresAt().map(e -> !now.isBefore(e)).orElse(false)) {
                return Optional.empty();
            }
            h.createUpdate("UPDATE identity_api_token SET last_used_at = :t WHERE id = :id")
                    .bind("t", Timestamps.bind(now))
                    .bind("id", id)
                    .execute();
            return principal(h, info.userId(), AuthenticationMethod.API_TOKEN, info.scope());
        });
    }

    private static final String TOKEN_SELECT = "SELECT id, user_id, name, scope, created_at, expires_at, "
            + "last_used_at, revoked_at FROM identity_api_token";

    private static Optional<ApiToken> loadToken(Handle h, String id) {
        return h.createQuery(TOKEN_SELECT + " WHERE id = :id")
                .bind("id", id)
                .map((rs, ctx) -> tokenRow(rs))
                .findOne();
    }

    private static ApiToken tokenRow(ResultSet rs) throws SQLException {
        String scope = rs.getString("scope");
        Set<Permission> permissions = scope.isEmpty()
                ? Set.of()
                : Arrays.stream(scope.split(",")).map(Permission::valueOf).collect(Collectors.toSet());
        return new ApiToken(rs.getString("id"), new UserId(rs.getString("user_id")), rs.getString("name"),
                permissions, Timestamps.read(rs, "created_at"), Timestamps.readOptional(rs, "expires_at"),
                Timestamps.readOptional(rs, "last_used_at"), Timestamps.readOptional(rs, "revoked_at"));
    }

    // ---------------------------------------------------------------- principals

    /** The principal of a user, or empty when it may not act (disabled, or locked by an administrator). */
    private Optional<Principal> principal(Handle h, UserId id, AuthenticationMethod method, Set<Permission> scope) {
        Optional<User> user = loadUser(h, id);
        if (user.isEmpty()) {
            return Optional.empty();
        }
        User u = user.get();
        boolean mayAct = switch (u.status()) {
            case ACTIVE -> true;
            case LOCKED -> u.lockedUntil().isPresent();
            case DISABLED -> false;
        };
        if (!mayAct) {
            return Optional.empty();
        }
        return Optional.of(new Principal(u.id(), u.username(), u.displayName(), u.grants(),
                effective(tree(h), u.grants(), scope), method));
    }

    private static Map<TenantId, Set<Permission>> effective(TenantTree tree, List<Grant> grants,
            Set<Permission> scope) {
        Map<TenantId, Set<Permission>> out = new LinkedHashMap<>();
        for (Grant g : grants) {
            EnumSet<Permission> given = EnumSet.copyOf(g.role().permissions());
            if (!scope.isEmpty()) {
                given.retainAll(scope);
            }
            if (given.isEmpty()) {
                continue;
            }
            for (TenantId t : tree.coverage(g.tenant())) {
                out.computeIfAbsent(t, k -> EnumSet.noneOf(Permission.class)).addAll(given);
            }
        }
        return out;
    }

    // ---------------------------------------------------------------- rows

    private static TenantTree tree(Handle h) {
        return new TenantTree(h.createQuery("SELECT id, name, parent_id, status, created_at FROM identity_tenant")
                .map((rs, ctx) -> tenantRow(rs))
                .list());
    }

    private static Optional<Tenant> loadTenant(Handle h, TenantId id) {
        return h.createQuery("SELECT id, name, parent_id, status, created_at FROM identity_tenant WHERE id = :id")
                .bind("id", id.value())
                .map((rs, ctx) -> tenantRow(rs))
                .findOne();
    }

    private static Tenant tenantRow(ResultSet rs) throws SQLException {
        String parent = rs.getString("parent_id");
        return new Tenant(TenantId.of(rs.getString("id")), rs.getString("name"),
                parent == null ? Optional.empty() : Optional.of(TenantId.of(parent)),
                TenantStatus.valueOf(rs.getString("status")), Timestamps.read(rs, "created_at"));
    }

    private static void insertTenant(Handle h, NewTenant spec, Instant now) {
        h.createUpdate("INSERT INTO identity_tenant (id, name, parent_id, status, created_at) "
                        + "VALUES (:id, :n, :p, :s, :c)")
                .bind("id", spec.id().value())
                .bind("n", spec.name())
                .bind("p", spec.parent().map(TenantId::value).orElse(null))
                .bind("s", TenantStatus.ACTIVE.name())
                .bind("c", Timestamps.bind(now))
                .execute();
    }

    private static Optional<User> loadUser(Handle h, UserId id) {
        Optional<User> bare = h.createQuery("SELECT id, username, display_name, email, phone, home_tenant, status, "
                        + "locked_until, created_at FROM identity_user WHERE id = :id")
                .bind("id", id.value())
                .map((rs, ctx) -> new User(new UserId(rs.getString("id")), rs.getString("username"),
                        rs.getString("display_name"), Optional.ofNullable(rs.getString("email")),
                        Optional.ofNullable(rs.getString("phone")), TenantId.of(rs.getString("home_tenant")),
                        UserStatus.valueOf(rs.getString("status")), Timestamps.readOptional(rs, "locked_until"),
                        List.of(), Timestamps.read(rs, "created_at")))
                .findOne();
        if (bare.isEmpty()) {
            return bare;
        }
        List<Grant> grants = h.createQuery(
                        "SELECT tenant_id, role FROM identity_grant WHERE user_id = :id ORDER BY tenant_id, role")
                .bind("id", id.value())
                .map((rs, ctx) -> new Grant(TenantId.of(rs.getString("tenant_id")), Role.valueOf(rs.getString("role"))))
                .list();
        User u = bare.get();
        return Optional.of(new User(u.id(), u.username(), u.displayName(), u.email(), u.phone(), u.homeTenant(),
                u.status(), u.lockedUntil(), grants, u.createdAt()));
    }

    private static void insertUser(Handle h, UserId id, NewUser spec, String passwordHash, Instant now) {
        h.createUpdate("INSERT INTO identity_user (id, username, display_name, email, phone, home_tenant, status, "
                        + "password_hash, created_at) VALUES (:id, :u, :d, :e, :p, :t, :s, :h, :c)")
                .bind("id", id.value())
                .bind("u", spec.username())
                .bind("d", spec.profile().displayName())
                .bind("e", spec.profile().email().orElse(null))
                .bind("p", spec.profile().phone().orElse(null))
                .bind("t", spec.homeTenant().value())
                .bind("s", UserStatus.ACTIVE.name())
                .bind("h", passwordHash)
                .bind("c", Timestamps.bind(now))
                .execute();
    }

    private static void insertGrant(Handle h, UserId id, Grant grant) {
        h.createUpdate("INSERT INTO identity_grant (user_id, tenant_id, role) VALUES (:u, :t, :r)")
                .bind("u", id.value())
                .bind("t", grant.tenant().value())
                .bind("r", grant.role().name())
                .execute();
    }

    private static void setStatusRow(Handle h, UserId id, UserStatus status, @Nullable Instant lockedUntil) {
        h.createUpdate("UPDATE identity_user SET status = :s, locked_until = :l WHERE id = :id")
                .bind("s", status.name())
                .bind("l", Timestamps.bindNullable(lockedUntil))
                .bind("id", id.value())
                .execute();
    }

    private static void updatePassword(Handle h, UserId id, String hash) {
        h.createUpdate("UPDATE identity_user SET password_hash = :h WHERE id = :id")
                .bind("h", hash)
                .bind("id", id.value())
                .execute();
    }

    private static void endSessions(Handle h, UserId id) {
        h.createUpdate("DELETE FROM identity_session WHERE user_id = :u").bind("u", id.value()).execute();
    }

    private static void endAccess(Handle h, UserId id, Instant now) {
        endSessions(h, id);
        h.createUpdate("UPDATE identity_api_token SET revoked_at = :t WHERE user_id = :u AND revoked_at IS NULL")
                .bind("t", Timestamps.bind(now))
                .bind("u", id.value())
                .execute();
    }

    // ---------------------------------------------------------------- plumbing

    private Instant now() {
        return Timestamps.truncate(clock.instant());
    }

    private <T> T inTransaction(String what, HandleFunction<T> work) {
        try {
            return jdbi.inTransaction(work::apply);
        } catch (MedsocException e) {
            throw e;
        } catch (RuntimeException e) {
            throw Database.translate(e, what);
        }
    }

    /** A unit of work on a handle. */
    @FunctionalInterface
    private interface HandleFunction<T> {
        T apply(Handle h);
    }

    private static String normalizeUsername(String username) {
        requireNonNull(username, "username is null");
        String u = username.strip().toLowerCase(Locale.ROOT);
        if (u.isEmpty() || u.length() > 100) {
            throw invalid("username must be 1 to 100 characters");
        }
        for (int i = 0; i < u.length(); i++) {
            char c = u.charAt(i);
            if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-' || c == '@')) {
                throw invalid("username may hold only a-z, 0-9, '.', '_', '-' and '@': '" + username + "'");
            }
        }
        return u;
    }

    private static UserProfile checkProfile(UserProfile p) {
        String display = checkName("display name", p.displayName());
        Optional<String> email = p.email().map(String::strip).filter(s -> !s.isEmpty());
        if (email.isPresent() && (email.get().length() > 320 || email.get().indexOf('@') < 1)) {
            throw invalid("e-mail address '" + email.get() + "' is not an address");
        }
        Optional<String> phone = p.phone().map(String::strip).filter(s -> !s.isEmpty());
        if (phone.isPresent() && (phone.get().length() > 40 || !phone.get().matches("[+0-9 ()./-]+"))) {
            throw invalid("phone number '" + phone.get() + "' may hold only digits, spaces and + ( ) . / -");
        }
        return new UserProfile(display, email, phone);
    }

    private static String checkName(String what, String value) {
        requireNonNull(value, what + " is null");
        String v = value.strip();
        if (v.isEmpty() || v.length() > MAX_NAME) {
            throw invalid(what + " must be 1 to " + MAX_NAME + " characters");
        }
        for (int i = 0; i < v.length(); i++) {
            if (Character.isISOControl(v.charAt(i))) {
                throw invalid(what + " must not contain control characters");
            }
        }
        return v;
    }

    private static String truncate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max);
    }

    private static MedsocException invalid(String message) {
        return new MedsocException(IdentityErrorCode.INVALID_IDENTITY_VALUE, message);
    }
}
