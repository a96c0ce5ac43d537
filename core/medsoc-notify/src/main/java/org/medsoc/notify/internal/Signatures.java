package org.medsoc.notify.internal;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** HMAC-SHA256 signatures as the chat platforms and the generic webhook define them. */
public final class Signatures {
    private Signatures() {}

    /** HMAC-SHA256 of {@code data} under {@code key}. */
    public static byte[] hmacSha256(byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            // SecretKeySpec refuses an empty key; HMAC zero-pads short keys, so one zero byte is the same key
            mac.init(new SecretKeySpec(key.length == 0 ? new byte[1] : key, "HmacSHA256"));
            return mac.doFinal(data);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is required by every Java platform", e);
        }
    }

    /**
     * DingTalk custom robot: Base64(HmacSHA256(key = secret, data = timestamp + "\n" + secret)), timestamp in
     * milliseconds; the caller URL-encodes it into the {@code sign} query parameter.
     */
    public static String dingTalk(long timestampMillis, String secret) {
        byte[] mac = hmacSha256(utf8(secret), utf8(timestampMillis + "\n" + secret));
        return Base64.getEncoder().encodeToString(mac);
    }

    /**
     * Feishu custom bot: Base64(HmacSHA256(key = timestamp + "\n" + secret, data = empty)), timestamp in seconds. The
     * key and data are the other way round from DingTalk.
     */
    public static String feishu(long timestampSeconds, String secret) {
        byte[] mac = hmacSha256(utf8(timestampSeconds + "\n" + secret), new byte[0]);
        return Base64.getEncoder().encodeToString(mac);
    }

    /** Generic webhook: {@code sha256=} + hex(HmacSHA256(secret, timestamp + "." + body)). */
    public static String webhook(long timestampSeconds, byte[] body, String secret) {
        byte[] prefix = utf8(timestampSeconds + ".");
        byte[] data = new byte[prefix.length + body.length];
        System.arraycopy(prefix, 0, data, 0, prefix.length);
        System.arraycopy(body, 0, data, prefix.length, body.length);
        return "sha256=" + HexFormat.of().formatHex(hmacSha256(utf8(secret), data));
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
