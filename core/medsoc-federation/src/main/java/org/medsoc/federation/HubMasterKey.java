package org.medsoc.federation;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.medsoc.common.Settings;
import org.medsoc.spi.error.MedsocException;

/**
 * The hub's master key: seals node signing secrets at rest with AES-256-GCM. HMAC verification needs each node's
 * secret itself, so the hub cannot keep only a hash; it keeps the secret sealed with this key, which comes from
 * configuration ({@code federation.hub.master-key}, base64 of 32 bytes, marked sensitive) and never from the
 * database. Losing the key means every node must enrol again.
 */
public final class HubMasterKey {
    /** The configuration key of the master key. */
    public static final String SETTING = "federation.hub.master-key";

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final SecretKeySpec key;

    private HubMasterKey(byte[] raw) {
        this.key = new SecretKeySpec(raw, "AES");
    }

    /** A key from its 32 raw bytes. */
    public static HubMasterKey of(byte[] raw) {
        requireNonNull(raw, "raw is null");
        if (raw.length != 32) {
            throw new MedsocException(FederationErrorCode.MASTER_KEY_INVALID,
                    "the hub master key must be 32 bytes, was " + raw.length
                            + "; generate one with: head -c 32 /dev/urandom | base64");
        }
        return new HubMasterKey(raw.clone());
    }

    /** Reads {@value #SETTING} (base64 of 32 bytes). */
    public static HubMasterKey fromSettings(Settings settings) {
        String text = settings.find(SETTING).orElseThrow(() -> new MedsocException(
                FederationErrorCode.MASTER_KEY_INVALID,
                SETTING + " is not set; a hub needs it to seal node secrets. Generate one with: "
                        + "head -c 32 /dev/urandom | base64"));
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(text.strip());
        } catch (IllegalArgumentException e) {
            throw new MedsocException(FederationErrorCode.MASTER_KEY_INVALID,
                    SETTING + " is not valid base64: " + e.getMessage(), e);
        }
        return of(raw);
    }

    /** A new random key (tests and first-time setup). */
    public static HubMasterKey random() {
        byte[] raw = new byte[32];
        RANDOM.nextBytes(raw);
        return new HubMasterKey(raw);
    }

    /** Seals {@code secret}, binding it to {@code context} (the node id): base64 of IV followed by ciphertext. */
    String seal(String secret, String context) {
        byte[] iv = new byte[IV_BYTES];
        RANDOM.nextBytes(iv);
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, iv));
            c.updateAAD(context.getBytes(UTF_8));
            byte[] sealed = c.doFinal(secret.getBytes(UTF_8));
            byte[] out = Arrays.copyOf(iv, IV_BYTES + sealed.length);
            System.arraycopy(sealed, 0, out, IV_BYTES, sealed.length);
            return Base64.getEncoder().encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new MedsocException(FederationErrorCode.CRYPTO_FAILURE, "cannot seal a node secret: " + e, e);
        }
    }

    /** Opens what {@link #seal} produced for the same context. */
    String open(String sealed, String context) {
        byte[] in = Base64.getDecoder().decode(sealed);
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, in, 0, IV_BYTES));
            c.updateAAD(context.getBytes(UTF_8));
            return new String(c.doFinal(in, IV_BYTES, in.length - IV_BYTES), UTF_8);
        } catch (AEADBadTagException e) {
            throw new MedsocException(FederationErrorCode.MASTER_KEY_INVALID,
                    "the secret of node " + context + " does not open with the configured " + SETTING
                            + "; the key changed since the node enrolled: restore the old key or re-enrol the node", e);
        } catch (GeneralSecurityException e) {
            throw new MedsocException(FederationErrorCode.CRYPTO_FAILURE, "cannot open a node secret: " + e, e);
        }
    }

    @Override
    public String toString() {
        return "HubMasterKey[***]";
    }
}
