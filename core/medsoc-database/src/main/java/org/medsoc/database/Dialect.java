package org.medsoc.database;

import java.util.Locale;
import org.medsoc.spi.error.MedsocException;

/** The database products medsoc runs on. */
public enum Dialect {
    /** Embedded H2 (file or memory), run in PostgreSQL compatibility mode. */
    H2,
    /** PostgreSQL 14 or newer. */
    POSTGRESQL;

    /** The dialect of a JDBC URL. */
    public static Dialect ofUrl(String url) {
        String u = url.toLowerCase(Locale.ROOT);
        if (u.startsWith("jdbc:h2:")) {
            return H2;
        }
        if (u.startsWith("jdbc:postgresql:")) {
            return POSTGRESQL;
        }
        throw new MedsocException(org.medsoc.common.CommonErrorCode.INVALID_CONFIGURATION,
                "db.url '" + url + "' is neither jdbc:h2: nor jdbc:postgresql:; medsoc runs on H2 (default) or PostgreSQL");
    }
}
