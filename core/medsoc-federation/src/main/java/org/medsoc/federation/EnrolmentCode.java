package org.medsoc.federation;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import org.medsoc.spi.event.TenantId;

/**
 * A one-time enrolment code, shown once to the hub operator who hands it to the hospital; the hub keeps only its
 * hash.
 *
 * @param code the code, e.g. {@code K7QM-2XHD-9RTB-WC4P}
 * @param tenant the tenant the enrolling node will belong to
 * @param nodeName the name the node will carry
 * @param expiresAt after this the code no longer enrols
 */
public record EnrolmentCode(String code, TenantId tenant, String nodeName, Instant expiresAt) {
    /** Checks the parts. */
    public EnrolmentCode {
        requireNonNull(code, "code is null");
        requireNonNull(tenant, "tenant is null");
        requireNonNull(nodeName, "nodeName is null");
        requireNonNull(expiresAt, "expiresAt is null");
    }

    @Override
    public String toString() {
        return "EnrolmentCode[code=***, tenant=" + tenant + ", nodeName=" + nodeName + ", expiresAt=" + expiresAt + "]";
    }
}
