package org.medsoc.ingest;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.medsoc.common.Settings;
import org.medsoc.spi.error.MedsocException;
import org.medsoc.spi.event.TenantId;

/**
 * The settings of one syslog listener (UDP, TCP or TLS).
 *
 * <p>Keys under {@code ingest.syslog.}: {@code bind} (default {@code 0.0.0.0}), {@code port} (default 1514 for UDP
 * and TCP; {@code tls.port}, default 6514, for TLS), {@code tenant} (default {@code default}), {@code tenant-mappings}
 * ({@code cidr=tenant} pairs separated by commas, first match wins), {@code max-message-size} (64KB),
 * {@code max-connections} (1024), {@code idle-timeout} (10m), {@code udp-queue} (65536 datagrams) and
 * {@code receive-buffer} (8MB, the UDP socket's SO_RCVBUF; the kernel may cap it at {@code net.core.rmem_max}).
 *
 * @param bindAddress the local address to bind, {@code 0.0.0.0} or {@code ::} for all
 * @param port the port; 0 binds an ephemeral port, which the receiver's {@code port()} then reports
 * @param tenant the tenant of messages whose sender matches no mapping
 * @param tenantMappings sender address blocks mapped to tenants, first match wins (provider-hosted mode)
 * @param maxMessageBytes the longest message kept whole; longer ones are cut and flagged truncated
 * @param maxConnections the most TCP/TLS connections open at once; further ones are refused
 * @param idleTimeout how long a TCP/TLS connection may stay silent before it is closed
 * @param udpQueueCapacity the most datagrams held between the UDP socket reader and the sink; more are dropped
 * @param receiveBufferBytes the UDP socket receive buffer requested from the kernel
 */
public record SyslogConfig(
        String bindAddress,
        int port,
        TenantId tenant,
        List<TenantMapping> tenantMappings,
        int maxMessageBytes,
        int maxConnections,
        Duration idleTimeout,
        int udpQueueCapacity,
        int receiveBufferBytes) {
    /** The default port of plain syslog over UDP and TCP (unprivileged). */
    public static final int DEFAULT_PORT = 1514;
    /** The default port of syslog over TLS (RFC 5425). */
    public static final int DEFAULT_TLS_PORT = 6514;

    public SyslogConfig {
        requireNonNull(bindAddress, "bindAddress is null");
        requireNonNull(tenant, "tenant is null");
        requireNonNull(idleTimeout, "idleTimeout is null");
        tenantMappings = List.copyOf(requireNonNull(tenantMappings, "tenantMappings is null"));
        check(port >= 0 && port <= 65535, "port must be 0 to 65535: " + port);
        check(
                maxMessageBytes >= 64 && maxMessageBytes <= 64 * 1024 * 1024,
                "max-message-size must be 64B to 64MB: " + maxMessageBytes);
        check(maxConnections >= 1, "max-connections must be at least 1: " + maxConnections);
        check(
                !idleTimeout.isNegative() && !idleTimeout.isZero(),
                "idle-timeout must be positive: " + idleTimeout);
        check(udpQueueCapacity >= 1, "udp-queue must be at least 1: " + udpQueueCapacity);
        check(receiveBufferBytes >= 1024, "receive-buffer must be at least 1KB: " + receiveBufferBytes);
    }

    /** All defaults: binds all addresses on port 1514 for the default tenant. */
    public static SyslogConfig defaults() {
        return new SyslogConfig(
                "0.0.0.0",
                DEFAULT_PORT,
                TenantId.DEFAULT,
                List.of(),
                64 * 1024,
                1024,
                Duration.ofMinutes(10),
                65536,
                8 * 1024 * 1024);
    }

    /** The plain UDP/TCP listener configured by {@code ingest.syslog.*}. */
    public static SyslogConfig fromSettings(Settings settings) {
        return fromSettings(settings, "ingest.syslog.port", DEFAULT_PORT);
    }

    /** The TLS listener configured by {@code ingest.syslog.*}, its port from {@code ingest.syslog.tls.port}. */
    public static SyslogConfig tlsFromSettings(Settings settings) {
        return fromSettings(settings, "ingest.syslog.tls.port", DEFAULT_TLS_PORT);
    }

    private static SyslogConfig fromSettings(Settings settings, String portKey, int defaultPort) {
        SyslogConfig d = defaults();
        String tenant = settings.string("ingest.syslog.tenant", d.tenant().value());
        TenantId tenantId;
        try {
            tenantId = TenantId.of(tenant);
        } catch (IllegalArgumentException e) {
            throw new MedsocException(
                    IngestErrorCode.INVALID_RECEIVER_CONFIGURATION,
                    "configuration key 'ingest.syslog.tenant': " + e.getMessage(),
                    e);
        }
        return new SyslogConfig(
                settings.string("ingest.syslog.bind", d.bindAddress()),
                settings.integer(portKey, defaultPort),
                tenantId,
                parseMappings(settings.string("ingest.syslog.tenant-mappings", "")),
                toInt("ingest.syslog.max-message-size", settings.bytes("ingest.syslog.max-message-size", d.maxMessageBytes())),
                settings.integer("ingest.syslog.max-connections", d.maxConnections()),
                settings.duration("ingest.syslog.idle-timeout", d.idleTimeout()),
                settings.integer("ingest.syslog.udp-queue", d.udpQueueCapacity()),
                toInt("ingest.syslog.receive-buffer", settings.bytes("ingest.syslog.receive-buffer", d.receiveBufferBytes())));
    }

    /** Parses {@code 10.1.0.0/16=hospital-a, 10.2.0.0/16=hospital-b}. */
    static List<TenantMapping> parseMappings(String text) {
        List<TenantMapping> mappings = new ArrayList<>();
        for (String entry : text.split(",")) {
            String e = entry.trim();
            if (e.isEmpty()) {
                continue;
            }
            int eq = e.indexOf('=');
            if (eq <= 0 || eq == e.length() - 1) {
                throw new MedsocException(
                        IngestErrorCode.INVALID_TENANT_MAPPING,
                        "configuration key 'ingest.syslog.tenant-mappings' has entry '" + e
                                + "'; expected cidr=tenant, for example 10.1.0.0/16=hospital-a");
            }
            TenantId tenant;
            try {
                tenant = TenantId.of(e.substring(eq + 1).trim());
            } catch (IllegalArgumentException ex) {
                throw new MedsocException(
                        IngestErrorCode.INVALID_TENANT_MAPPING,
                        "configuration key 'ingest.syslog.tenant-mappings' entry '" + e + "': " + ex.getMessage(),
                        ex);
            }
            mappings.add(new TenantMapping(e.substring(0, eq).trim(), tenant));
        }
        return mappings;
    }

    /** This configuration with another port. */
    public SyslogConfig withPort(int newPort) {
        return new SyslogConfig(bindAddress, newPort, tenant, tenantMappings, maxMessageBytes, maxConnections,
                idleTimeout, udpQueueCapacity, receiveBufferBytes);
    }

    /** This configuration with another bind address. */
    public SyslogConfig withBindAddress(String newBindAddress) {
        return new SyslogConfig(newBindAddress, port, tenant, tenantMappings, maxMessageBytes, maxConnections,
                idleTimeout, udpQueueCapacity, receiveBufferBytes);
    }

    /** This configuration with another default tenant and tenant mappings. */
    public SyslogConfig withTenants(TenantId newTenant, List<TenantMapping> newMappings) {
        return new SyslogConfig(bindAddress, port, newTenant, newMappings, maxMessageBytes, maxConnections,
                idleTimeout, udpQueueCapacity, receiveBufferBytes);
    }

    /** This configuration with another message size limit. */
    public SyslogConfig withMaxMessageBytes(int newMaxMessageBytes) {
        return new SyslogConfig(bindAddress, port, tenant, tenantMappings, newMaxMessageBytes, maxConnections,
                idleTimeout, udpQueueCapacity, receiveBufferBytes);
    }

    /** This configuration with another connection limit. */
    public SyslogConfig withMaxConnections(int newMaxConnections) {
        return new SyslogConfig(bindAddress, port, tenant, tenantMappings, maxMessageBytes, newMaxConnections,
                idleTimeout, udpQueueCapacity, receiveBufferBytes);
    }

    /** This configuration with another idle timeout. */
    public SyslogConfig withIdleTimeout(Duration newIdleTimeout) {
        return new SyslogConfig(bindAddress, port, tenant, tenantMappings, maxMessageBytes, maxConnections,
                newIdleTimeout, udpQueueCapacity, receiveBufferBytes);
    }

    /** This configuration with another UDP queue capacity and receive buffer. */
    public SyslogConfig withUdpBuffers(int newUdpQueueCapacity, int newReceiveBufferBytes) {
        return new SyslogConfig(bindAddress, port, tenant, tenantMappings, maxMessageBytes, maxConnections,
                idleTimeout, newUdpQueueCapacity, newReceiveBufferBytes);
    }

    private static int toInt(String key, long value) {
        check(value <= Integer.MAX_VALUE, key + " must be below 2GB: " + value);
        return (int) value;
    }

    private static void check(boolean ok, String message) {
        if (!ok) {
            throw new MedsocException(IngestErrorCode.INVALID_RECEIVER_CONFIGURATION, "syslog receiver: " + message);
        }
    }
}
