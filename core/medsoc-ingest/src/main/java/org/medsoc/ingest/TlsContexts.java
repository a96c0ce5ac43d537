package org.medsoc.ingest;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.KeyStoreException;
import java.security.UnrecoverableKeyException;
import java.util.Collections;
import java.util.Optional;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.medsoc.common.Settings;
import org.medsoc.spi.error.MedsocException;

/** Builds server-side TLS contexts for the receivers from key stores. */
public final class TlsContexts {
    private TlsContexts() {}

    /**
     * A server TLS context presenting the private key and certificate chain in {@code keystore} (PKCS12 or JKS, type
     * detected from the content). The key must be protected by the same password as the store.
     *
     * @throws MedsocException {@code TLS_KEYSTORE_NOT_READABLE} when the file is missing, unreadable, not a key store,
     *     the password is wrong or it holds no private key
     */
    public static SSLContext fromKeyStore(Path keystore, char[] password) {
        requireNonNull(keystore, "keystore is null");
        requireNonNull(password, "password is null");
        if (!Files.isRegularFile(keystore)) {
            throw unreadable(keystore, "the file does not exist; set ingest.syslog.tls.keystore to a PKCS12 or JKS file");
        }
        KeyStore store;
        try {
            store = KeyStore.getInstance(keystore.toFile(), password);
        } catch (IOException e) {
            if (e.getCause() instanceof UnrecoverableKeyException) {
                throw unreadable(keystore, "the password is wrong; check ingest.syslog.tls.keystore-password", e);
            }
            throw unreadable(keystore, "cannot read it (" + e.getMessage()
                    + "); check the file permissions and ingest.syslog.tls.keystore-password", e);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw unreadable(keystore, "it is not a PKCS12 or JKS key store (" + e.getMessage() + ")", e);
        }
        try {
            boolean hasKey = false;
            for (String alias : Collections.list(store.aliases())) {
                hasKey |= store.isKeyEntry(alias);
            }
            if (!hasKey) {
                throw unreadable(keystore, "it holds no private key entry; import the server key and certificate");
            }
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(store, password);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(kmf.getKeyManagers(), null, null);
            return context;
        } catch (UnrecoverableKeyException e) {
            throw unreadable(keystore, "the private key's password differs from the store password; use one password",
                    e);
        } catch (KeyStoreException e) {
            throw unreadable(keystore, "cannot read its entries (" + e.getMessage() + ")", e);
        } catch (GeneralSecurityException e) {
            throw new MedsocException(
                    IngestErrorCode.TLS_SETUP_FAILED, "cannot create a TLS context from " + keystore + ": " + e, e);
        }
    }

    /**
     * The TLS context configured by {@code ingest.syslog.tls.keystore} and {@code ingest.syslog.tls.keystore-password}
     * (sensitive), or empty when no key store is configured (TLS disabled).
     */
    public static Optional<SSLContext> fromSettings(Settings settings) {
        Optional<String> keystore = settings.find("ingest.syslog.tls.keystore");
        if (keystore.isEmpty() || keystore.get().isBlank()) {
            return Optional.empty();
        }
        char[] password = settings.string("ingest.syslog.tls.keystore-password", "").toCharArray();
        return Optional.of(fromKeyStore(Path.of(keystore.get()), password));
    }

    private static MedsocException unreadable(Path keystore, String why) {
        return new MedsocException(
                IngestErrorCode.TLS_KEYSTORE_NOT_READABLE, "TLS key store " + keystore + " is not usable: " + why);
    }

    private static MedsocException unreadable(Path keystore, String why, Throwable cause) {
        return new MedsocException(
                IngestErrorCode.TLS_KEYSTORE_NOT_READABLE, "TLS key store " + keystore + " is not usable: " + why,
                cause);
    }
}
