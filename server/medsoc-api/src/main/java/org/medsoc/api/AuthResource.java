package org.medsoc.api;

import static java.util.Objects.requireNonNull;

import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.medsoc.audit.Actor;
import org.medsoc.audit.AuditEntry;
import org.medsoc.audit.Outcome;
import org.medsoc.identity.IdentityService;
import org.medsoc.identity.LoginResult;
import org.medsoc.identity.Principal;
import org.medsoc.spi.error.MedsocException;

/**
 * Login and the caller's own session.
 *
 * <ul>
 *   <li>{@code POST /api/v1/auth/login} {@code {username, password}} → {@code {token, expiresAt, user}} (public)</li>
 *   <li>{@code POST /api/v1/auth/logout} ends the session of the bearer token</li>
 *   <li>{@code GET /api/v1/auth/me} → the caller, its tenants and permissions</li>
 * </ul>
 * Failed logins answer the same 401 whatever the reason (unknown user, wrong password, locked) and are audited.
 */
public final class AuthResource implements HttpService {
    private final IdentityService identity;
    private final AuditTrail audit;

    public AuthResource(IdentityService identity, AuditTrail audit) {
        this.identity = requireNonNull(identity, "identity is null");
        this.audit = requireNonNull(audit, "audit is null");
    }

    @Override
    public void routing(HttpRules rules) {
        rules.post("/login", this::login).post("/logout", this::logout).get("/me", this::me);
    }

    private void login(ServerRequest req, ServerResponse res) throws IOException {
        JsonBody body = JsonBody.read(req, Set.of("username", "password"));
        String username = body.string("username");
        char[] password = body.string("password").toCharArray();
        String client = Access.clientAddress(req);
        LoginResult result;
        try {
            result = identity.login(username, password, client);
        } catch (MedsocException e) {
            String who = username.length() > 100 ? username.substring(0, 100) : username;
            audit.record(AuditEntry.of(new Actor("anonymous", who.isBlank() ? "anonymous" : who), Optional.empty(),
                    "user.login", Outcome.DENIED).withClientAddress(client));
            throw e;
        } finally {
            java.util.Arrays.fill(password, '\0');
        }
        Principal p = result.principal();
        audit.record(AuditEntry.of(new Actor(p.userId().toString(), p.username()), Optional.empty(), "user.login",
                Outcome.SUCCESS).withClientAddress(client));
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("token", result.token());
        answer.put("expiresAt", result.session().expiresAt());
        answer.put("user", me(p));
        EventsResource.sendJson(res, Json.bytes(answer));
    }

    private void logout(ServerRequest req, ServerResponse res) {
        Access.principal(req);
        req.headers().first(io.helidon.http.HeaderNames.AUTHORIZATION)
                .map(v -> v.substring(Math.min(v.length(), 7)).trim())
                .ifPresent(identity::logout);
        res.status(204);
        res.send();
    }

    private void me(ServerRequest req, ServerResponse res) {
        EventsResource.sendJson(res, Json.bytes(me(Access.principal(req))));
    }

    static Map<String, Object> me(Principal p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", p.userId().toString());
        m.put("username", p.username());
        m.put("displayName", p.displayName());
        m.put("grants", p.grants());
        Map<String, Object> perms = new java.util.TreeMap<>();
        p.permissions().forEach((t, set) -> perms.put(t.value(), new java.util.TreeSet<>(set)));
        m.put("permissions", perms);
        m.put("method", p.method());
        return m;
    }
}
