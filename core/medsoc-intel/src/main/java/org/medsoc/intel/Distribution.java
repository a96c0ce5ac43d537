package org.medsoc.intel;

/** How far an indicator may be redistributed through the sharing network (MISP distribution levels). */
public enum Distribution {
    /** Only the organisation that holds it (MISP 0). */
    ORGANISATION,
    /** The organisations of this instance, for example the hospitals of one commission (MISP 1). */
    COMMUNITY,
    /** This community and the instances directly connected to it (MISP 2). */
    CONNECTED_COMMUNITIES,
    /** Everyone in the sharing network (MISP 3). */
    ALL,
    /** A named sharing group (MISP 4). */
    SHARING_GROUP;

    /**
     * The level of a MISP distribution number 0..4; answers {@code inherited} for 5 ("inherit event") and for
     * numbers outside the range.
     */
    public static Distribution fromMisp(int level, Distribution inherited) {
        return switch (level) {
            case 0 -> ORGANISATION;
            case 1 -> COMMUNITY;
            case 2 -> CONNECTED_COMMUNITIES;
            case 3 -> ALL;
            case 4 -> SHARING_GROUP;
            default -> inherited;
        };
    }
}
