package org.medsoc.api;

import static java.util.Objects.requireNonNull;

import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.medsoc.identity.Grant;
import org.medsoc.identity.IdentityService;
import org.medsoc.identity.NewApiToken;
import org.medsoc.identity.NewTenant;
import org.medsoc.identity.NewUser;
import org.medsoc.identity.Permission;
import org.medsoc.identity.Principal;
import org.medsoc.identity.Role;
import org.medsoc.identity.User;
import org.medsoc.identity.UserId;
import org.medsoc.identity.UserProfile;
import org.medsoc.identity.UserStatus;
import org.medsoc.spi.error.MedsocException;
import org.medsoc.spi.event.TenantId;

/**
 * Tenants, users, grants and API tokens. The identity service checks every permission itself against the caller
 * (tenant administration needs TENANTS_ADMIN, users USERS_ADMIN, on the tenants concerned).
 *
 * <ul>
 *   <li>{@code GET/POST /api/v1/tenants}, {@code GET/PATCH /api/v1/tenants/{id}} ({@code {name?, status?: active|disabled}}),
 *       {@code POST /api/v1/tenants/{id}/offboard}</li>
 *   <li>{@code GET /api/v1/users?tenant=}, {@code POST /api/v1/users} {@code {username, displayName, email?, phone?,
 *       homeTenant, password, roles?}}, {@code GET/PATCH /api/v1/users/{id}}, {@code POST /api/v1/users/{id}/grants},
 *       {@code DELETE /api/v1/users/{id}/grants/{tenant}/{role}}, {@code POST /api/v1/users/{id}/password}</li>
 *   <li>{@code GET/POST /api/v1/tokens} (the caller's API tokens; the secret is shown once), {@code DELETE /api/v1/tokens/{id}}</li>
 * </ul>
 */
public final class DirectoryResource {
    private final IdentityService identity;

    public DirectoryResource(IdentityService identity) {
        this.identity = requireNonNull(identity, "identity is null");
    }

    /** {@code /api/v1/tenants}. */
    public HttpService tenants() {
        return (HttpRules r) -> r
                .get("/", (req, res) -> send(res, Map.of("tenants", identity.listTenants(Access.principal(req)))))
                .post("/", this::createTenant)
                .get("/{id}", (req, res) -> {
                    TenantId id = tenantId(req);
                    send(res, identity.findTenant(Access.principal(req), id).orElseThrow(() -> tenantNotFound(id)));
                })
                .patch("/{id}", this::patchTenant)
                .post("/{id}/offboard", (req, res) -> send(res, identity.offboardTenant(Access.principal(req), tenantId(req))));
    }

    /** {@code /api/v1/users}. */
    public HttpService users() {
        return (HttpRules r) -> r
                .get("/", this::listUsers)
                .post("/", this::createUser)
                .get("/{id}", (req, res) -> {
                    UserId id = userId(req);
                    send(res, identity.findUser(Access.principal(req), id).orElseThrow(() -> userNotFound(id)));
                })
                .patch("/{id}", this::patchUser)
                .post("/{id}/grants", this::grant)
                .delete("/{id}/grants/{tenant}/{role}", this::revoke)
                .post("/{id}/password", this::resetPassword);
    }

    /** {@code /api/v1/tokens}. */
    public HttpService tokens() {
        return (HttpRules r) -> r
                .get("/", (req, res) -> {
                    Principal p = Access.principal(req);
                    send(res, Map.of("tokens", identity.listApiTokens(p, p.userId())));
                })
                .post("/", this::createToken)
                .delete("/{id}", (req, res) -> send(res,
                        identity.revokeApiToken(Access.principal(req), req.path().pathParameters().get("id"))));
    }

    private void createTenant(ServerRequest req, ServerResponse res) throws IOException {
        JsonBody b = JsonBody.read(req, Set.of("id", "name", "parent"));
        NewTenant spec = new NewTenant(tenant(b.string("id")), b.string("name"),
                b.optionalString("parent").map(DirectoryResource::tenant));
        res.status(201);
        send(res, identity.createTenant(Access.principal(req), spec));
    }

    private void patchTenant(ServerRequest req, ServerResponse res) throws IOException {
        Principal p = Access.principal(req);
        TenantId id = tenantId(req);
        JsonBody b = JsonBody.read(req, Set.of("name", "status"));
        Optional<String> name = b.optionalString("name");
        Optional<String> status = b.optionalString("status");
        if (name.isEmpty() && status.isEmpty()) {
            throw new MedsocException(ApiErrorCode.INVALID_BODY, "nothing to change: give name or status");
        }
        name.ifPresent(n -> identity.renameTenant(p, id, n));
        if (status.isPresent()) {
            switch (status.get()) {
                case "active" -> identity.enableTenant(p, id);
                case "disabled" -> identity.disableTenant(p, id);
                default -> throw new MedsocException(ApiErrorCode.INVALID_BODY, "property 'status' must be active or "
                        + "disabled (offboarding is POST /api/v1/tenants/{id}/offboard), was '" + status.get() + "'");
            }
        }
        send(res, identity.findTenant(p, id).orElseThrow(() -> tenantNotFound(id)));
    }

    private void listUsers(ServerRequest req, ServerResponse res) {
        Principal p = Access.principal(req);
        String t = req.query().first("tenant").orElseThrow(() -> new MedsocException(ApiErrorCode.MISSING_PARAMETER,
                "query parameter 'tenant' is required: users are listed per tenant"));
        send(res, Map.of("users", identity.listUsers(p, tenant(t))));
    }

    private void createUser(ServerRequest req, ServerResponse res) throws IOException {
        JsonBody b = JsonBody.read(req, Set.of("username", "displayName", "email", "phone", "homeTenant", "password",
                "roles"));
        Principal p = Access.principal(req);
        TenantId home = tenant(b.string("homeTenant"));
        NewUser spec = new NewUser(b.string("username"),
                new UserProfile(b.string("displayName"), b.optionalString("email"), b.optionalString("phone")), home);
        char[] password = b.string("password").toCharArray();
        User user;
        try {
            user = identity.createUser(p, spec, password);
        } finally {
            java.util.Arrays.fill(password, '\0');
        }
        for (String role : b.strings("roles")) {
            user = identity.grant(p, user.id(), new Grant(home, IncidentsResource.parse(Role.class, "roles", role)));
        }
        res.status(201);
        send(res, user);
    }

    private void patchUser(ServerRequest req, ServerResponse res) throws IOException {
        Principal p = Access.principal(req);
        UserId id = userId(req);
        JsonBody b = JsonBody.read(req, Set.of("displayName", "email", "phone", "status"));
        User current = identity.findUser(p, id).orElseThrow(() -> userNotFound(id));
        if (b.has("displayName") || b.has("email") || b.has("phone")) {
            current = identity.updateProfile(p, id, new UserProfile(
                    b.optionalString("displayName").orElse(current.displayName()),
                    b.has("email") ? b.optionalString("email") : current.email(),
                    b.has("phone") ? b.optionalString("phone") : current.phone()));
        }
        if (b.has("status")) {
            current = identity.setStatus(p, id, IncidentsResource.parse(UserStatus.class, "status", b.string("status")));
        }
        send(res, current);
    }

    private void grant(ServerRequest req, ServerResponse res) throws IOException {
        JsonBody b = JsonBody.read(req, Set.of("tenant", "role"));
        send(res, identity.grant(Access.principal(req), userId(req), new Grant(tenant(b.string("tenant")),
                IncidentsResource.parse(Role.class, "role", b.string("role")))));
    }

    private void revoke(ServerRequest req, ServerResponse res) {
        var params = req.path().pathParameters();
        send(res, identity.revoke(Access.principal(req), userId(req), new Grant(tenant(params.get("tenant")),
                IncidentsResource.parse(Role.class, "role", params.get("role")))));
    }

    private void resetPassword(ServerRequest req, ServerResponse res) throws IOException {
        JsonBody b = JsonBody.read(req, Set.of("password", "currentPassword"));
        Principal p = Access.principal(req);
        UserId id = userId(req);
        char[] password = b.string("password").toCharArray();
        try {
            if (id.equals(p.userId()) && b.has("currentPassword")) {
                identity.changeOwnPassword(p, b.string("currentPassword").toCharArray(), password);
            } else {
                identity.resetPassword(p, id, password);
            }
        } finally {
            java.util.Arrays.fill(password, '\0');
        }
        res.status(204);
        res.send();
    }

    private void createToken(ServerRequest req, ServerResponse res) throws IOException {
        JsonBody b = JsonBody.read(req, Set.of("name", "scope", "expiresAt"));
        Set<Permission> scope = EnumSet.noneOf(Permission.class);
        for (String s : b.strings("scope")) {
            scope.add(IncidentsResource.parse(Permission.class, "scope", s));
        }
        Optional<Instant> expires = b.optionalString("expiresAt").map(v -> {
            try {
                return Instant.parse(v);
            } catch (DateTimeParseException e) {
                throw new MedsocException(ApiErrorCode.INVALID_BODY, "property 'expiresAt' must be an ISO-8601 instant");
            }
        });
        res.status(201);
        send(res, identity.createApiToken(Access.principal(req), new NewApiToken(b.string("name"), scope, expires)));
    }

    private static TenantId tenantId(ServerRequest req) {
        return tenant(req.path().pathParameters().get("id"));
    }

    private static TenantId tenant(String value) {
        return RequestParameters.tenant(value);
    }

    private static UserId userId(ServerRequest req) {
        String v = req.path().pathParameters().get("id");
        try {
            return new UserId(v);
        } catch (IllegalArgumentException e) {
            throw new MedsocException(ApiErrorCode.INVALID_PARAMETER, e.getMessage());
        }
    }

    private static MedsocException tenantNotFound(TenantId id) {
        return new MedsocException(org.medsoc.identity.IdentityErrorCode.NOT_FOUND, "no tenant '" + id + "' visible to you");
    }

    private static MedsocException userNotFound(UserId id) {
        return new MedsocException(org.medsoc.identity.IdentityErrorCode.NOT_FOUND, "no user '" + id + "' visible to you");
    }

    private static void send(ServerResponse res, Object value) {
        IncidentsResource.send(res, value);
    }
}
