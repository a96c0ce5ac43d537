package org.medsoc.federation;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.medsoc.common.Settings;
import org.medsoc.spi.error.MedsocException;

class RequestSignatureTest {
    private static final byte[] BODY = "{\"reports\":[]}".getBytes(UTF_8);

    @Test
    void canonicalStringCoversMethodPathTimestampNonceAndBodyHash() {
        String canonical = RequestSignature.canonical("post", "/federation/v1/reports", 1_764_057_600L,
                "abcdefghijklmnop", BODY);
        assertThat(canonical.split("\n")).containsExactly("POST", "/federation/v1/reports", "1764057600",
                "abcdefghijklmnop", RequestSignature.sha256Hex(BODY));
        assertThat(RequestSignature.sha256Hex(new byte[0]))
                .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    }

    @Test
    void signatureChangesWithEveryPart() {
        String s = RequestSignature.sign("secret", "POST", "/p", 10, "abcdefghijklmnop", BODY);
        assertThat(RequestSignature.sign("secret", "POST", "/p", 10, "abcdefghijklmnop", BODY)).isEqualTo(s);
        assertThat(RequestSignature.sign("secreT", "POST", "/p", 10, "abcdefghijklmnop", BODY)).isNotEqualTo(s);
        assertThat(RequestSignature.sign("secret", "GET", "/p", 10, "abcdefghijklmnop", BODY)).isNotEqualTo(s);
        assertThat(RequestSignature.sign("secret", "POST", "/q", 10, "abcdefghijklmnop", BODY)).isNotEqualTo(s);
        assertThat(RequestSignature.sign("secret", "POST", "/p", 11, "abcdefghijklmnop", BODY)).isNotEqualTo(s);
        assertThat(RequestSignature.sign("secret", "POST", "/p", 10, "abcdefghijklmnoq", BODY)).isNotEqualTo(s);
        assertThat(RequestSignature.sign("secret", "POST", "/p", 10, "abcdefghijklmnop", "{}".getBytes(UTF_8)))
                .isNotEqualTo(s);
        assertThat(RequestSignature.matches(s, s)).isTrue();
        assertThat(RequestSignature.matches(s, s.substring(1))).isFalse();
    }

    @Test
    void noncesAreFreshAndWellFormed() {
        String a = RequestSignature.newNonce();
        assertThat(RequestSignature.validNonce(a)).isTrue();
        assertThat(RequestSignature.newNonce()).isNotEqualTo(a);
        assertThat(RequestSignature.validNonce("short")).isFalse();
        assertThat(RequestSignature.validNonce("abcdefghijklmnop\n")).isFalse();
    }

    @Test
    void masterKeySealsSecretsBoundToTheNode() {
        HubMasterKey key = HubMasterKey.random();
        String sealed = key.seal("s3cret", "node-a");
        assertThat(sealed).doesNotContain("s3cret");
        assertThat(key.open(sealed, "node-a")).isEqualTo("s3cret");
        assertThatThrownBy(() -> key.open(sealed, "node-b")).isInstanceOf(MedsocException.class)
                .hasMessageContaining("does not open");
        assertThatThrownBy(() -> HubMasterKey.random().open(sealed, "node-a"))
                .hasMessageContaining("restore the old key or re-enrol");
        assertThat(key.toString()).doesNotContain("=");
    }

    @Test
    void masterKeyComesFromConfiguration() {
        byte[] raw = new byte[32];
        raw[0] = 7;
        HubMasterKey key = HubMasterKey.fromSettings(Settings.of(java.util.Map.of(HubMasterKey.SETTING,
                Base64.getEncoder().encodeToString(raw))));
        assertThat(HubMasterKey.of(raw).open(key.seal("x", "n"), "n")).isEqualTo("x");
        assertThatThrownBy(() -> HubMasterKey.fromSettings(Settings.empty()))
                .hasMessageContaining(HubMasterKey.SETTING + " is not set");
        assertThatThrownBy(() -> HubMasterKey.fromSettings(Settings.of(java.util.Map.of(HubMasterKey.SETTING,
                Base64.getEncoder().encodeToString(new byte[16]))))).hasMessageContaining("must be 32 bytes, was 16");
        assertThatThrownBy(() -> HubMasterKey.fromSettings(Settings.of(java.util.Map.of(HubMasterKey.SETTING,
                "not base64!")))).hasMessageContaining("not valid base64");
    }

    @Test
    void credentialsNeverPrintTheirSecret() {
        NodeCredentials c = new NodeCredentials(new NodeId("node-1"), org.medsoc.spi.event.TenantId.of("h1"),
                "very-secret-value");
        assertThat(c.toString()).doesNotContain("very-secret-value");
        assertThatThrownBy(() -> new NodeId("Node_1")).isInstanceOf(IllegalArgumentException.class);
        assertThat(NodeId.random().value()).matches("node-[0-9a-f]{20}");
    }
}
