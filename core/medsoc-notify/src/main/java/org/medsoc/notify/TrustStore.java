package org.medsoc.notify;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.Optional;
import org.medsoc.common.Settings;

/**
 * A key store file holding the certificates a channel trusts for TLS, used instead of the JDK's default trust store
 * (for a hospital's internal CA, or a test server). Keys {@code trust-store}, {@code trust-store-password},
 * {@code trust-store-type} (default {@code PKCS12}). The password is never printed.
 */
public record TrustStore(Path path, String password, String type) {
    public TrustStore {
        requireNonNull(path, "path is null");
        requireNonNull(password, "password is null");
        requireNonNull(type, "type is null");
    }

    /** A PKCS12 trust store. */
    public static TrustStore pkcs12(Path path, String password) {
        return new TrustStore(path, password, "PKCS12");
    }

    /** The trust store configured in a channel's section, if {@code trust-store} is set. */
    public static Optional<TrustStore> fromSettings(Settings section) {
        return section.find("trust-store")
                .map(p -> new TrustStore(
                        Path.of(p), section.string("trust-store-password", ""), section.string("trust-store-type", "PKCS12")));
    }

    @Override
    public String toString() {
        return "TrustStore[path=" + path + ", password=***, type=" + type + "]";
    }
}
