package org.medsoc.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.Map;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medsoc.common.Settings;
import org.medsoc.federation.HubClient;
import org.medsoc.federation.NodeCredentials;
import org.medsoc.spi.error.MedsocException;
import org.medsoc.spi.event.TenantId;

/**
 * A node reaches an HTTPS hub whose self-signed certificate it trusts through {@code federation.tls.trust-store}
 * (PEM or PKCS12), and refuses one it does not trust.
 */
class FederationTlsTest {
    private static final String PASSWORD = "hub-keystore-pass";

    @TempDir
    Path dir;

    @Test
    void enrolsAtAnHttpsHubTrustedThroughAPemTrustStoreAndReports() throws Exception {
        Path keystore = dir.resolve("hub.p12");
        keytool("-genkeypair", "-alias", "hub", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=localhost",
                "-ext", "san=ip:127.0.0.1,dns:localhost", "-validity", "2", "-storetype", "PKCS12",
                "-keystore", keystore.toString(), "-storepass", PASSWORD, "-keypass", PASSWORD);
        Path pem = dir.resolve("hub.pem");
        keytool("-exportcert", "-rfc", "-alias", "hub", "-keystore", keystore.toString(), "-storepass", PASSWORD,
                "-file", pem.toString());
        Path trust = dir.resolve("trust.p12");
        keytool("-importcert", "-noprompt", "-alias", "hub", "-file", pem.toString(), "-storetype", "PKCS12",
                "-keystore", trust.toString(), "-storepass", "trust-pass");

        try (FederationLinkTest.TestHub hub = new FederationLinkTest.TestHub(dir.resolve("hub"), server(keystore))) {
            assertThat(hub.uri().getScheme()).isEqualTo("https");
            // the JDK's default trust does not know the hub's certificate
            String unused = hub.code(TenantId.of("hospital-t"), "untrusted");
            assertThatThrownBy(() -> HubClient.builder(hub.uri()).build().enrol(unused, 1))
                    .isInstanceOf(MedsocException.class);
            // a PKCS12 trust store does
            SSLContext p12 = FederationLink.trustContext(Settings.of(Map.of("federation.tls.trust-store",
                    trust.toString(), "federation.tls.trust-store-password", "trust-pass"))).orElseThrow();
            NodeCredentials viaP12 = HubClient.builder(hub.uri()).sslContext(p12).build()
                    .enrol(hub.code(TenantId.of("hospital-t"), "p12"), 1);
            assertThat(viaP12.tenant().value()).isEqualTo("hospital-t");

            // and a node with the PEM certificate as its trust store enrols by setting and reports
            Node node = Node.start(new NodeConfig(Settings.of(Map.of(
                    "node.data-dir", dir.resolve("node").toString(),
                    "node.tenant", "hospital-t",
                    "http.bind", "127.0.0.1",
                    "http.port", "0",
                    "ingest.syslog.enabled", "false",
                    "federation.hub-url", hub.uri().toString(),
                    "federation.tls.trust-store", pem.toString(),
                    "federation.enrolment-code", hub.code(TenantId.of("hospital-t"), "pem"),
                    "federation.link.interval", "200ms",
                    "federation.heartbeat.interval", "300ms"))), "tls-test-token-0123456789abcdef");
            try {
                HttpClient http = HttpClient.newHttpClient();
                long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                long heartbeats = 0;
                while (heartbeats == 0 && System.nanoTime() < deadline) {
                    heartbeats = hub.count("SELECT COUNT(*) FROM hub_report WHERE type = 'HEARTBEAT'");
                    Thread.sleep(100);
                }
                assertThat(heartbeats).isPositive();
                HttpResponse<String> status = http.send(HttpRequest.newBuilder(URI.create(node.baseUrl()
                                + "/api/v1/federation")).header("Authorization", "Bearer tls-test-token-0123456789abcdef")
                        .build(), HttpResponse.BodyHandlers.ofString());
                assertThat(status.body()).contains("\"enrolled\":true").contains("\"hubUrl\":\"https://127.0.0.1:");
            } finally {
                node.close();
            }
        }
    }

    @Test
    void aTrustStoreWithoutCertificatesIsAConfigurationError() throws Exception {
        Path empty = Files.writeString(dir.resolve("empty.pem"), "not a certificate\n");
        assertThatThrownBy(() -> FederationLink.trustContext(Settings.of(Map.of("federation.tls.trust-store",
                empty.toString())))).isInstanceOf(MedsocException.class).hasMessageContaining("federation.tls.trust-store");
        assertThat(FederationLink.trustContext(Settings.empty())).isEmpty();
    }

    private static SSLContext server(Path keystore) throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            ks.load(in, PASSWORD.toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, PASSWORD.toCharArray());
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), null, null);
        return ctx;
    }

    private static void keytool(String... args) throws Exception {
        String[] command = new String[args.length + 1];
        command[0] = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        System.arraycopy(args, 0, command, 1, args.length);
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as(output).isZero();
    }
}
