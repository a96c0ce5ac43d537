package org.medsoc.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medsoc.common.Settings;
import org.medsoc.spi.error.MedsocException;

class SyslogTlsReceiverTest {
    private static final char[] PASSWORD = "test-only-password".toCharArray();

    @TempDir
    static Path dir;

    static Path keystore;

    private final CollectingSink sink = new CollectingSink();
    private SyslogTcpReceiver receiver;

    @BeforeAll
    static void generateSelfSignedCertificate() throws Exception {
        keystore = dir.resolve("server.p12");
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        Process p = new ProcessBuilder(
                        keytool.toString(),
                        "-genkeypair",
                        "-alias", "medsoc",
                        "-keyalg", "EC",
                        "-groupname", "secp256r1",
                        "-dname", "CN=localhost",
                        "-ext", "san=ip:127.0.0.1,dns:localhost",
                        "-validity", "2",
                        "-storetype", "PKCS12",
                        "-keystore", keystore.toString(),
                        "-storepass", new String(PASSWORD),
                        "-keypass", new String(PASSWORD))
                .redirectErrorStream(true)
                .start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(output).isZero();
    }

    @AfterEach
    void closeReceiver() {
        if (receiver != null) {
            receiver.close();
        }
    }

    private void start() {
        SSLContext tls = TlsContexts.fromKeyStore(keystore, PASSWORD);
        receiver = SyslogTcpReceiver.createTls(
                SyslogConfig.defaults().withBindAddress("127.0.0.1").withPort(0), tls, sink);
        receiver.start();
    }

    private static SSLContext clientContext() throws Exception {
        KeyStore server = KeyStore.getInstance(keystore.toFile(), PASSWORD);
        KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
        trust.load(null, null);
        trust.setCertificateEntry("medsoc", server.getCertificate("medsoc"));
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext client = SSLContext.getInstance("TLS");
        client.init(null, tmf.getTrustManagers(), null);
        return client;
    }

    private SSLSocket connectTls(String... protocols) throws Exception {
        SSLSocket s = (SSLSocket) clientContext().getSocketFactory().createSocket("127.0.0.1", receiver.port());
        if (protocols.length > 0) {
            s.setEnabledProtocols(protocols);
        }
        s.setSoTimeout(10_000);
        s.startHandshake();
        return s;
    }

    @Test
    void receivesOverTls13And12() throws Exception {
        start();
        try (SSLSocket s = connectTls("TLSv1.3")) {
            assertThat(s.getSession().getProtocol()).isEqualTo("TLSv1.3");
            s.getOutputStream().write("<13>over tls 1.3\n23 <13>octet over tls 1.3".getBytes(StandardCharsets.UTF_8));
        }
        try (SSLSocket s = connectTls("TLSv1.2")) {
            assertThat(s.getSession().getProtocol()).isEqualTo("TLSv1.2");
            s.getOutputStream().write("<13>over tls 1.2\n".getBytes(StandardCharsets.UTF_8));
        }
        Await.until("3 messages", () -> sink.count() == 3, sink::texts);
        assertThat(sink.texts()).containsExactly("<13>over tls 1.3", "<13>octet over tls 1.3", "<13>over tls 1.2");
        assertThat(sink.messages().get(0).receiver()).isEqualTo("syslog-tls:" + receiver.port());
    }

    @Test
    void countsFailedHandshakesAndKeepsServing() throws Exception {
        start();
        for (int i = 0; i < 3; i++) {
            try (Socket plain = new Socket()) {
                plain.connect(new InetSocketAddress("127.0.0.1", receiver.port()), 5000);
                plain.setSoTimeout(10_000);
                plain.getOutputStream().write("<13>not tls at all\n".getBytes(StandardCharsets.UTF_8));
                readUntilClosed(plain);
            }
        }
        Await.until("handshake failures counted", () -> receiver.stats().errors() == 3, receiver::stats);
        assertThatThrownBy(() -> connectTls("TLSv1.1").close()).isInstanceOf(IOException.class);
        try (SSLSocket s = connectTls()) {
            s.getOutputStream().write("<13>good client\n".getBytes(StandardCharsets.UTF_8));
        }
        Await.until("the good client's message", () -> sink.count() == 1);
        assertThat(sink.texts()).containsExactly("<13>good client");
    }

    private static void readUntilClosed(Socket s) {
        try {
            while (s.getInputStream().read() >= 0) {
                // the server answers with an alert and closes
            }
        } catch (IOException e) {
            // reset: closed as well
        }
    }

    @Test
    void reportsWrongPasswordMissingFileAndNonKeystorePrecisely() throws Exception {
        assertThatThrownBy(() -> TlsContexts.fromKeyStore(keystore, "wrong".toCharArray()))
                .isInstanceOfSatisfying(MedsocException.class, e -> assertThat(e.errorCode())
                        .isEqualTo(IngestErrorCode.TLS_KEYSTORE_NOT_READABLE.toErrorCode()))
                .hasMessageContaining("password");
        assertThatThrownBy(() -> TlsContexts.fromKeyStore(dir.resolve("missing.p12"), PASSWORD))
                .isInstanceOf(MedsocException.class)
                .hasMessageContaining("does not exist");
        Path text = Files.writeString(dir.resolve("not-a-keystore.p12"), "hello");
        assertThatThrownBy(() -> TlsContexts.fromKeyStore(text, PASSWORD))
                .isInstanceOfSatisfying(MedsocException.class, e -> assertThat(e.errorCode())
                        .isEqualTo(IngestErrorCode.TLS_KEYSTORE_NOT_READABLE.toErrorCode()));
    }

    @Test
    void buildsContextFromSettingsOnlyWhenConfigured() {
        assertThat(TlsContexts.fromSettings(Settings.empty())).isEmpty();
        Settings s = Settings.of(java.util.Map.of(
                "ingest.syslog.tls.keystore", keystore.toString(),
                "ingest.syslog.tls.keystore-password", new String(PASSWORD)));
        assertThat(TlsContexts.fromSettings(s)).isPresent();
        assertThat(s.toString()).doesNotContain(new String(PASSWORD));
        assertThat(List.of(SyslogConfig.tlsFromSettings(s).port())).containsExactly(6514);
    }
}
