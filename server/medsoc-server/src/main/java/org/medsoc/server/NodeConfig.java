package org.medsoc.server;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.time.ZoneId;
import java.util.Optional;
import org.medsoc.common.Settings;
import org.medsoc.spi.event.TenantId;

/**
 * Configuration of a node, read from {@link Settings} (a properties file plus flags). Keys:
 *
 * <ul>
 *   <li>{@code node.data-dir} (default {@code ./data}) — journal, event index, state files, bootstrap token</li>
 *   <li>{@code node.tenant} (default {@code default}) — tenant of everything received without a tenant mapping</li>
 *   <li>{@code node.role} (default {@code node}) — {@code hub} makes the node also a federation hub</li>
 *   <li>{@code node.timezone} (default: the machine's) — zone of device timestamps that carry none</li>
 *   <li>{@code http.bind} (default {@code 0.0.0.0}), {@code http.port} (default 8080), {@code http.max-body-size}
 *       (default 32MB), {@code http.metrics-public} (default true)</li>
 *   <li>{@code ingest.syslog.port} (default 1514; TCP and UDP), {@code ingest.syslog.enabled} (default true),
 *       {@code ingest.syslog.tls.port} with {@code ingest.syslog.tls.keystore} and
 *       {@code ingest.syslog.tls.keystore-password} (TLS receiver, off unless a keystore is set)</li>
 *   <li>{@code ingest.file.dir} (file tail, off unless set), {@code ingest.file.glob} (default {@code *.log})</li>
 *   <li>{@code ingest.max-message-size} (default 64KB)</li>
 *   <li>{@code ingest.journal.*}, {@code ingest.pipeline.*}, {@code ingest.profile.*}, {@code store.lucene.*},
 *       {@code store.retention.*} — see the respective modules</li>
 * </ul>
 */
public record NodeConfig(Settings settings) {
    public NodeConfig {
        requireNonNull(settings, "settings is null");
    }

    public Path dataDir() {
        return settings.path("node.data-dir", Path.of("data")).toAbsolutePath().normalize();
    }

    public TenantId tenant() {
        return TenantId.of(settings.string("node.tenant", TenantId.DEFAULT.value()));
    }

    public ZoneId zone() {
        return settings.find("node.timezone").map(ZoneId::of).orElse(ZoneId.systemDefault());
    }

    public String httpBind() {
        return settings.string("http.bind", "0.0.0.0");
    }

    public int httpPort() {
        return settings.integer("http.port", 8080);
    }

    public int maxBodyBytes() {
        return (int) Math.min(Integer.MAX_VALUE - 16, settings.bytes("http.max-body-size", 32L << 20));
    }

    public boolean metricsPublic() {
        return settings.bool("http.metrics-public", true);
    }

    public boolean syslogEnabled() {
        return settings.bool("ingest.syslog.enabled", true);
    }

    public int syslogPort() {
        return settings.integer("ingest.syslog.port", 1514);
    }

    public int maxMessageBytes() {
        return (int) Math.min(16 << 20, settings.bytes("ingest.max-message-size", 64 << 10));
    }

    public Optional<Path> fileTailDir() {
        return settings.find("ingest.file.dir").map(Path::of);
    }

    /**
     * {@code node.role}: {@code node} (default) or {@code hub} — a hub is a node that is also the federation hub of
     * its member hospitals (the tenants of its identity service); see HubRole.
     */
    public String role() {
        String role = settings.string("node.role", "node").strip().toLowerCase(java.util.Locale.ROOT);
        if (!role.equals("node") && !role.equals("hub")) {
            throw new org.medsoc.spi.error.MedsocException(org.medsoc.common.CommonErrorCode.INVALID_CONFIGURATION,
                    "node.role must be 'node' or 'hub', was '" + settings.string("node.role", "") + "'");
        }
        return role;
    }

    /** Whether {@link #role()} is {@code hub}. */
    public boolean hub() {
        return role().equals("hub");
    }

}
