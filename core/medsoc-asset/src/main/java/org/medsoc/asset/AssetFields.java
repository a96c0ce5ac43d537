package org.medsoc.asset;

import org.medsoc.spi.event.Field;
import org.medsoc.spi.event.FieldType;
import org.medsoc.spi.event.Fields;

/** The event fields the asset module reads and writes beyond those of the SPI schema. */
public final class AssetFields {
    /** Ids of the inventory assets an event's source, destination or host addresses belong to (multi-valued). */
    public static final Field ASSET_ID = Fields.declare("medsoc.asset.id", FieldType.KEYWORD);
    /** The highest criticality (1 to 4) of the assets in {@link #ASSET_ID}. */
    public static final Field ASSET_CRITICALITY = Fields.declare("medsoc.asset.criticality", FieldType.LONG);
    /** The business system of the event; the SPI field, set by enrichment only when absent. */
    public static final Field BUSINESS_SYSTEM = Fields.MEDSOC_BUSINESS_SYSTEM;
    /** MAC address of the host that reported the event (ECS {@code host.mac}). */
    public static final Field HOST_MAC = Fields.declare("host.mac", FieldType.KEYWORD);

    private AssetFields() {}
}
