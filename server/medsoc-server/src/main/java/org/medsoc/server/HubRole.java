package org.medsoc.server;

import io.helidon.http.Header;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.InputStream;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.medsoc.api.HubResource;
import org.medsoc.common.Settings;
import org.medsoc.database.Database;
import org.medsoc.federation.FederationConfig;
import org.medsoc.federation.FederationHub;
import org.medsoc.federation.HubMasterKey;
import org.medsoc.federation.HubProtocol;
import org.medsoc.federation.HubRequest;
import org.medsoc.federation.HubResponse;
import org.medsoc.federation.IndicatorSharing;
import org.medsoc.federation.NodeOverview;
import org.medsoc.federation.SharingFilter;
import org.medsoc.identity.IdentityService;
import org.medsoc.spi.error.MedsocException;
import org.medsoc.spi.error.StandardErrorCode;

/**
 * The hub role of a node ({@code --role hub}, {@code node.role=hub}): a node that is also the federation hub of a
 * district health commission or MSS provider. Its member hospitals are the tenants of its identity service. It
 * mounts the signed federation protocol at {@value HubProtocol#BASE} (no bearer token: every request is signed by
 * the node, or carries an enrolment code) and the operator API at {@code /api/v1/hub}, and redistributes shared
 * indicators every minute.
 *
 * <p>The hub master key (which seals the node secrets) is {@code federation.hub.master-key} when set, else the key
 * in {@code <data>/hub-master-key}, generated on first start (readable by this user only). Losing it means every
 * member node must enrol again.
 */
final class HubRole implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(HubRole.class.getName());
    /** The file holding the generated master key, under the data directory. */
    static final String KEY_FILE = "hub-master-key";

    private final FederationHub hub;
    private final FederationConfig federation;
    private final IdentityService identity;
    private final Clock clock;
    private final ScheduledExecutorService scheduler;

    private HubRole(FederationHub hub, FederationConfig federation, IdentityService identity, Clock clock) {
        this.hub = hub;
        this.federation = federation;
        this.identity = identity;
        this.clock = clock;
        this.scheduler = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("hub-sharing").daemon().factory());
    }

    /** The hub role when the node is configured as a hub, else null. */
    static @Nullable HubRole open(NodeConfig config, Database database, IdentityService identity, Clock clock) {
        if (!config.hub()) {
            return null;
        }
        Settings settings = config.settings();
        HubMasterKey key = settings.find(HubMasterKey.SETTING).isPresent() ? HubMasterKey.fromSettings(settings)
                : storedKey(config.dataDir().resolve(KEY_FILE));
        FederationConfig federation = FederationConfig.fromSettings(settings);
        FederationHub hub = FederationHub.open(database, key, federation, SharingFilter.fromSettings(settings), clock);
        HubRole role = new HubRole(hub, federation, identity, clock);
        role.scheduler.scheduleWithFixedDelay(role::redistribute, 1, 1, TimeUnit.MINUTES);
        return role;
    }

    /**
     * Mounts the hub's routes (or, for a plain node, the 404 of {@code /api/v1/hub}); call before the web console
     * registers its catch-all.
     */
    static void register(@Nullable HubRole role, HttpRouting.Builder api) {
        if (role == null) {
            api.register("/api/v1/hub", HubResource.notAHub());
            return;
        }
        api.register(HubProtocol.BASE, rules -> rules.any(role::handle));
        api.register("/api/v1/hub", new HubResource(role.hub, t -> role.identity.tenantIds().contains(t),
                role.federation.enrolmentCodeValidity(), role.clock));
    }

    /**
     * The {@code federation} component of {@code /health}: the role and, on a hub, its member nodes; {@code link} is
     * the node link's own component (if any), whose entries are kept.
     */
    static Map<String, Object> health(@Nullable HubRole role, @Nullable Object link) {
        Map<String, Object> h = new LinkedHashMap<>();
        if (link instanceof Map<?, ?> m) {
            m.forEach((k, v) -> h.put(String.valueOf(k), v));
        }
        if (role == null) {
            h.put("role", "node");
            return h;
        }
        h.put("role", "hub");
        try {
            List<NodeOverview> nodes = role.hub.region().nodes(role.identity.tenantIds());
            h.put("memberNodes", nodes.size());
            h.put("activeNodes", nodes.stream().filter(n -> n.state() == org.medsoc.federation.MemberState.ACTIVE)
                    .count());
            h.put("silentNodes", nodes.stream().filter(n -> n.state() == org.medsoc.federation.MemberState.ACTIVE
                    && n.silent()).count());
        } catch (RuntimeException e) {
            h.put("error", String.valueOf(e.getMessage()));
        }
        return h;
    }

    /** The hub's federation services. */
    FederationHub hub() {
        return hub;
    }

    /** One redistribution run of shared indicators (also run every minute). */
    IndicatorSharing.Run redistribute() {
        try {
            IndicatorSharing.Run run = hub.sharing().run();
            if (!run.directives().isEmpty()) {
                LOG.log(Level.INFO, "redistributed " + (run.sightings() - run.refused()) + " shared indicator(s) in "
                        + run.directives().size() + " directive(s)");
            }
            return run;
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "redistributing shared indicators failed: " + e.getMessage(), e);
            return new IndicatorSharing.Run(0, 0, List.of());
        }
    }

    /** Hands one request to the protocol: method, the raw target (which the node signed), headers and body. */
    private void handle(ServerRequest req, ServerResponse res) throws IOException {
        String rawQuery = req.query().rawValue();
        String target = req.prologue().uriPath().rawPath() + (rawQuery.isEmpty() ? "" : "?" + rawQuery);
        Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (Header h : req.headers()) {
            headers.putIfAbsent(h.name(), h.get());
        }
        byte[] body = new byte[0];
        if (req.content().hasEntity()) {
            try (InputStream in = req.content().inputStream()) {
                body = in.readNBytes(HubProtocol.MAX_BODY + 1);
            } catch (IOException | RuntimeException e) {
                // the link dropped mid-request (Helidon signals a short body with a runtime exception): nothing was
                // applied, and the node sends the batch again on its next attempt
                LOG.log(Level.INFO, "a request to " + req.prologue().uriPath().rawPath() + " ended before its body"
                        + " did (" + e.getClass().getSimpleName() + "); the node will send it again");
                try {
                    res.status(400);
                    res.header(HeaderNames.CONTENT_TYPE, HubResponse.CONTENT_TYPE);
                    res.send("{\"error\":\"TRUNCATED_REQUEST\",\"message\":\"the request body ended early\"}");
                } catch (RuntimeException closed) {
                    // the connection is gone; nobody reads the answer
                }
                return;
            }
        }
        HubResponse r = hub.protocol().handle(new HubRequest(req.prologue().method().text(), target, headers, body));
        res.status(r.status());
        res.header(HeaderNames.CONTENT_TYPE, HubResponse.CONTENT_TYPE);
        res.send(r.body());
    }

    /** The key in {@code file}, generated (32 random bytes, base64, mode 600) when absent. */
    private static HubMasterKey storedKey(Path file) {
        try {
            if (Files.exists(file)) {
                byte[] raw;
                try {
                    raw = Base64.getDecoder().decode(Files.readString(file, StandardCharsets.US_ASCII).strip());
                } catch (IllegalArgumentException e) {
                    throw new MedsocException(StandardErrorCode.IO_FAILURE, file + " does not hold a base64 hub "
                            + "master key: " + e.getMessage() + "; restore it from backup (a new key means every "
                            + "member node must enrol again)", e);
                }
                return HubMasterKey.of(raw);
            }
            Files.createDirectories(file.getParent());
            byte[] raw = new byte[32];
            new SecureRandom().nextBytes(raw);
            Path tmp = file.resolveSibling(KEY_FILE + ".tmp");
            Files.deleteIfExists(tmp);
            try {
                // created readable by this user only before the key is written into it
                Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (UnsupportedOperationException e) {
                // not a POSIX file system: the data directory's own permissions apply
            }
            Files.writeString(tmp, Base64.getEncoder().encodeToString(raw) + "\n", StandardCharsets.US_ASCII);
            Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            LOG.log(Level.INFO, "generated the hub master key and stored it in " + file
                    + " (readable by this user only); back it up: losing it means re-enrolling every node");
            return HubMasterKey.of(raw);
        } catch (IOException e) {
            throw new MedsocException(StandardErrorCode.IO_FAILURE, "cannot read or create " + file + ": " + e, e);
        }
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
