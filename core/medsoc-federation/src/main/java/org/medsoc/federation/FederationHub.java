package org.medsoc.federation;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import org.medsoc.database.Database;

/**
 * The hub's federation services wired over one database: the node registry, the signature check, the inbox, the
 * directive stream, traces, the region view, and the {@link HubProtocol} endpoint the HTTP server mounts at
 * {@value HubProtocol#BASE}.
 */
public record FederationHub(NodeRegistry registry, HubAuthenticator authenticator, Inbox inbox, Directives directives,
        Traces traces, RegionView region, HubProtocol protocol, IndicatorSharing sharing) {
    /** Checks the parts. */
    public FederationHub {
        requireNonNull(registry, "registry is null");
        requireNonNull(authenticator, "authenticator is null");
        requireNonNull(inbox, "inbox is null");
        requireNonNull(directives, "directives is null");
        requireNonNull(traces, "traces is null");
        requireNonNull(region, "region is null");
        requireNonNull(protocol, "protocol is null");
        requireNonNull(sharing, "sharing is null");
    }

    /** Migrates the federation schema and wires the hub's services; redistribution uses the built-in filter. */
    public static FederationHub open(Database db, HubMasterKey key, FederationConfig config, Clock clock) {
        return open(db, key, config, new SharingFilter(java.util.List.of()), clock);
    }

    /**
     * Migrates the federation schema and wires the hub's services; {@code sharingFilter} is applied again before
     * shared indicators are redistributed.
     */
    public static FederationHub open(Database db, HubMasterKey key, FederationConfig config,
            SharingFilter sharingFilter, Clock clock) {
        requireNonNull(db, "db is null");
        requireNonNull(sharingFilter, "sharingFilter is null");
        db.migrate("federation");
        NodeRegistry registry = new NodeRegistry(db, key, clock);
        HubAuthenticator authenticator = new HubAuthenticator(db, registry, clock, config.clockSkew());
        Inbox inbox = new Inbox(db, clock);
        Directives directives = new Directives(db, clock);
        return new FederationHub(registry, authenticator, inbox, directives, new Traces(db, directives, clock),
                new RegionView(db, clock, config.silentAfter()),
                new HubProtocol(registry, authenticator, inbox, directives),
                new IndicatorSharing(db, directives, sharingFilter, clock));
    }
}
