package org.medsoc.identity.internal;

import static java.util.Objects.requireNonNull;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;
import org.medsoc.identity.IdentityErrorCode;
import org.medsoc.identity.PasswordHashing;
import org.medsoc.spi.error.MedsocException;

/**
 * Argon2id password hashes in the PHC string format {@code $argon2id$v=19$m=..,t=..,p=..$salt$hash} (unpadded
 * standard Base64, 16-byte salt, 32-byte hash), as written by the reference implementation and libsodium.
 *
 * <p>{@link #verify} compares in constant time. {@link #burn} spends the same work as a verification, for unknown
 * users, so response time does not reveal whether a username exists.
 */
public final class Argon2Hasher {
    private static final int SALT_BYTES = 16;
    private static final int HASH_BYTES = 32;
    private static final String PREFIX = "$argon2id$v=19$";
    private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getDecoder();

    private final PasswordHashing parameters;
    private final SecureRandom random = new SecureRandom();
    private final String dummy;

    /** A hasher writing new hashes with {@code parameters}. */
    public Argon2Hasher(PasswordHashing parameters) {
        this.parameters = requireNonNull(parameters, "parameters is null");
        this.dummy = hash("medsoc-timing-equaliser".toCharArray());
    }

    /** A new PHC string for the password, with a fresh random salt. */
    public String hash(char[] password) {
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        byte[] out = derive(password, salt, parameters, HASH_BYTES);
        return PREFIX + "m=" + parameters.memoryKib() + ",t=" + parameters.iterations() + ",p="
                + parameters.parallelism() + "$" + B64.encodeToString(salt) + "$" + B64.encodeToString(out);
    }

    /** True when {@code password} matches the PHC string; constant-time in the comparison. */
    public boolean verify(char[] password, String phc) {
        Parsed p = parse(phc);
        byte[] actual = derive(password, p.salt, p.parameters, p.hash.length);
        return MessageDigest.isEqual(actual, p.hash);
    }

    /** Spends the work of verifying against a hash of the current parameters; the answer is always false. */
    public boolean burn(char[] password) {
        verify(password, dummy);
        return false;
    }

    /** True when the stored hash was made with other parameters than the current ones. */
    public boolean needsRehash(String phc) {
        return !parse(phc).parameters.equals(parameters);
    }

    private record Parsed(PasswordHashing parameters, byte[] salt, byte[] hash) {}

    private static Parsed parse(String phc) {
        try {
            if (!phc.startsWith(PREFIX)) {
                throw corrupt("it is not an Argon2id v19 PHC string");
            }
            String[] parts = phc.substring(PREFIX.length()).split("\\$", -1);
            if (parts.length != 3) {
                throw corrupt("it does not have parameters, salt and hash");
            }
            int m = -1;
            int t = -1;
            int p = -1;
            for (String kv : parts[0].split(",", -1)) {
                int eq = kv.indexOf('=');
                if (eq < 0) {
                    throw corrupt("parameter '" + kv + "' has no value");
                }
                int v = Integer.parseInt(kv.substring(eq + 1));
                switch (kv.substring(0, eq)) {
                    case "m" -> m = v;
                    case "t" -> t = v;
                    case "p" -> p = v;
                    default -> throw corrupt("unknown parameter '" + kv + "'");
                }
            }
            byte[] salt = B64D.decode(parts[1]);
            byte[] hash = B64D.decode(parts[2]);
            if (salt.length < 8 || hash.length < 16) {
                throw corrupt("salt or hash is too short");
            }
            return new Parsed(new PasswordHashing(m, t, p), salt, hash);
        } catch (IllegalArgumentException e) {
            throw new MedsocException(IdentityErrorCode.CORRUPT_PASSWORD_HASH,
                    "a stored password hash cannot be read: " + e.getMessage()
                            + "; reset the user's password", e);
        } catch (MedsocException e) {
            if (e.errorCode().equals(IdentityErrorCode.CORRUPT_PASSWORD_HASH.toErrorCode())) {
                throw e;
            }
            throw new MedsocException(IdentityErrorCode.CORRUPT_PASSWORD_HASH,
                    "a stored password hash has invalid parameters: " + e.getMessage()
                            + "; reset the user's password", e);
        }
    }

    private static MedsocException corrupt(String why) {
        return new MedsocException(IdentityErrorCode.CORRUPT_PASSWORD_HASH,
                "a stored password hash cannot be read: " + why + "; reset the user's password");
    }

    private static byte[] derive(char[] password, byte[] salt, PasswordHashing p, int length) {
        Argon2Parameters params = new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                .withVersion(Argon2Parameters.ARGON2_VERSION_13)
                .withMemoryAsKB(p.memoryKib())
                .withIterations(p.iterations())
                .withParallelism(p.parallelism())
                .withSalt(salt)
                .build();
        Argon2BytesGenerator generator = new Argon2BytesGenerator();
        generator.init(params);
        byte[] secret = utf8(password);
        try {
            byte[] out = new byte[length];
            generator.generateBytes(secret, out);
            return out;
        } finally {
            Arrays.fill(secret, (byte) 0);
        }
    }

    /** The UTF-8 bytes of a password without making a String of it. */
    static byte[] utf8(char[] password) {
        ByteBuffer buffer = StandardCharsets.UTF_8.encode(CharBuffer.wrap(password));
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        if (buffer.hasArray()) {
            Arrays.fill(buffer.array(), (byte) 0);
        }
        return bytes;
    }
}
