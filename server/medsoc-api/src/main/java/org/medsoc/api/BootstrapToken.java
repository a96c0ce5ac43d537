package org.medsoc.api;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import org.medsoc.spi.error.MedsocException;
import org.medsoc.spi.error.StandardErrorCode;

/**
 * The initial API token of a node ({@code MEDSOC_BOOTSTRAP_TOKEN}, or one generated at first start). Only its SHA-256
 * digest is kept in memory; verification compares digests in constant time. {@link #toString()} never shows it.
 */
public final class BootstrapToken implements TokenVerifier {
    /** Shortest token accepted: shorter ones are guessable. */
    public static final int MIN_LENGTH = 16;

    private final byte[] digest;

    private BootstrapToken(byte[] digest) {
        this.digest = digest;
    }

    /** A verifier for this token; fails when the token is shorter than {@link #MIN_LENGTH}. */
    public static BootstrapToken of(String token) {
        if (token.length() < MIN_LENGTH) {
            throw new MedsocException(
                    StandardErrorCode.INVALID_ARGUMENT,
                    "the bootstrap token must be at least " + MIN_LENGTH + " characters long");
        }
        return new BootstrapToken(sha256(token));
    }

    /** A new random token (32 bytes of SecureRandom, hex). */
    public static String generate() {
        byte[] b = new byte[32];
        new SecureRandom().nextBytes(b);
        return "msk_" + HexFormat.of().formatHex(b);
    }

    @Override
    public boolean verify(String token) {
        return MessageDigest.isEqual(digest, sha256(token));
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }

    @Override
    public String toString() {
        return "BootstrapToken[***]";
    }
}
