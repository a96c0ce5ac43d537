package org.medsoc.federation;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.medsoc.spi.error.MedsocException;

/**
 * The signature of a node's request to its hub: HMAC-SHA256 with the node's secret over the canonical string
 * <pre>
 * METHOD \n path-with-query \n timestamp \n nonce \n hex(SHA-256(body))
 * </pre>
 * where {@code METHOD} is upper case, {@code path-with-query} is the request target exactly as sent (e.g.
 * {@code /federation/v1/directives?after=3&limit=100}), {@code timestamp} is epoch seconds in decimal and {@code
 * nonce} is 16 to 64 characters of [A-Za-z0-9_-]. The signature is sent base64url without padding in {@value
 * #SIGNATURE}, beside {@value #NODE}, {@value #TIMESTAMP} and {@value #NONCE}.
 */
public final class RequestSignature {
    /** Header naming the node. */
    public static final String NODE = "X-Medsoc-Node";
    /** Header holding the epoch seconds at signing. */
    public static final String TIMESTAMP = "X-Medsoc-Timestamp";
    /** Header holding a fresh random nonce. */
    public static final String NONCE = "X-Medsoc-Nonce";
    /** Header holding the signature. */
    public static final String SIGNATURE = "X-Medsoc-Signature";

    private static final SecureRandom RANDOM = new SecureRandom();

    private RequestSignature() {}

    /** The signature of a request, base64url without padding. */
    public static String sign(String secret, String method, String pathWithQuery, long epochSeconds, String nonce,
            byte[] body) {
        String canonical = canonical(method, pathWithQuery, epochSeconds, nonce, body);
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(UTF_8), "HmacSHA256"));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal(canonical.getBytes(UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new MedsocException(FederationErrorCode.CRYPTO_FAILURE, "cannot compute HMAC-SHA256: " + e, e);
        }
    }

    /** Compares two signatures in time independent of where they differ. */
    static boolean matches(String expected, String given) {
        return MessageDigest.isEqual(expected.getBytes(UTF_8), given.getBytes(UTF_8));
    }

    /** A fresh nonce: 16 random bytes, base64url. */
    public static String newNonce() {
        byte[] b = new byte[16];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    /** A fresh signing secret: 32 random bytes, base64url. */
    static String newSecret() {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    static String canonical(String method, String pathWithQuery, long epochSeconds, String nonce, byte[] body) {
        return method.toUpperCase(java.util.Locale.ROOT) + '\n' + pathWithQuery + '\n' + epochSeconds + '\n' + nonce
                + '\n' + sha256Hex(body);
    }

    static String sha256Hex(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (GeneralSecurityException e) {
            throw new MedsocException(FederationErrorCode.CRYPTO_FAILURE, "SHA-256 is unavailable: " + e, e);
        }
    }

    static boolean validNonce(String nonce) {
        if (nonce.length() < 16 || nonce.length() > 64) {
            return false;
        }
        for (int i = 0; i < nonce.length(); i++) {
            char c = nonce.charAt(i);
            if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-'
                    || c == '_')) {
                return false;
            }
        }
        return true;
    }
}
