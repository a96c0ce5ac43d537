package org.medsoc.notify;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.BodyPart;
import jakarta.mail.Message;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.net.ServerSocket;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.medsoc.common.Settings;

class EmailChannelTest {
    static {
        // GreenMail's SMTPS presents our test certificate (SAN 127.0.0.1), so host name checks stay on
        System.setProperty("greenmail.tls.keystore.file", resource("tls/smtp-server.p12").toString());
        System.setProperty("greenmail.tls.keystore.password", "changeit");
        System.setProperty("greenmail.tls.key.password", "changeit");
    }

    private static final String USER = "soc@hospital-a.example";
    private static final String PASSWORD = "smtp-password-9";

    @RegisterExtension
    static final GreenMailExtension MAIL = new GreenMailExtension(
                    ServerSetup.dynamicPort(new ServerSetup[] {ServerSetupTest.SMTP, ServerSetupTest.SMTPS}))
            .withConfiguration(GreenMailConfiguration.aConfig().withUser(USER, USER, PASSWORD))
            .withPerMethodLifecycle(true);

    private static Path resource(String name) {
        try {
            return Path.of(Objects.requireNonNull(EmailChannelTest.class.getClassLoader().getResource(name)).toURI());
        } catch (URISyntaxException e) {
            throw new AssertionError(e);
        }
    }

    private static EmailChannel channel(Map<String, String> overrides) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("host", "127.0.0.1");
        m.put("port", Integer.toString(MAIL.getSmtp().getPort()));
        m.put("security", "none");
        m.put("username", USER);
        m.put("password", PASSWORD);
        m.put("from", "medsoc <" + USER + ">");
        m.put("to", "oncall@hospital-a.example, 值班工程师 <duty@hospital-a.example>");
        m.put("cc", "ciso@hospital-a.example");
        m.put("connect-timeout", "2s");
        m.put("request-timeout", "5s");
        m.putAll(overrides);
        return EmailChannel.create("mail", EmailChannel.Config.fromSettings("mail", Settings.of(m)));
    }

    private static Map<String, String> tls(boolean trusted) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("security", "tls");
        m.put("port", Integer.toString(MAIL.getSmtps().getPort()));
        if (trusted) {
            m.put("trust-store", resource("tls/smtp-trust.p12").toString());
            m.put("trust-store-password", "changeit");
        }
        return m;
    }

    @Test
    void sendsMultipartMailWithChineseSubjectAndOwnMessageId() throws Exception {
        DeliveryResult result;
        try (EmailChannel channel = channel(Map.of())) {
            result = channel.send(Samples.chinese());
        }

        assertThat(result).isInstanceOf(DeliveryResult.Delivered.class);
        String messageId = ((DeliveryResult.Delivered) result).providerMessageId().orElseThrow();
        assertThat(messageId).startsWith("<" + Samples.chinese().idempotencyId()).endsWith("@hospital-a.example>");

        assertThat(MAIL.waitForIncomingEmail(5_000, 3)).isTrue();
        MimeMessage received = MAIL.getReceivedMessages()[0];
        assertThat(received.getSubject()).isEqualTo("[严重] " + Samples.TITLE);
        assertThat(received.getMessageID()).isEqualTo(messageId);
        assertThat(received.getFrom()).containsExactly(new InternetAddress("medsoc <" + USER + ">"));
        assertThat(Arrays.stream(received.getRecipients(Message.RecipientType.TO))
                        .map(a -> ((InternetAddress) a).getAddress()))
                .containsExactly("oncall@hospital-a.example", "duty@hospital-a.example");
        assertThat(Arrays.stream(received.getRecipients(Message.RecipientType.CC))
                        .map(a -> ((InternetAddress) a).getAddress()))
                .containsExactly("ciso@hospital-a.example");

        MimeMultipart alternative = (MimeMultipart) received.getContent();
        assertThat(alternative.getContentType()).startsWith("multipart/alternative");
        BodyPart plain = alternative.getBodyPart(0);
        BodyPart html = alternative.getBodyPart(1);
        assertThat(plain.getContentType()).containsIgnoringCase("text/plain").containsIgnoringCase("utf-8");
        assertThat((String) plain.getContent())
                .contains(Samples.TEXT)
                .contains("查看详情: https://soc.hospital-a.example/incidents/INC-42");
        assertThat(html.getContentType()).containsIgnoringCase("text/html");
        assertThat((String) html.getContent())
                .contains("<h2>[严重] " + Samples.TITLE + "</h2>")
                .contains("<a href=\"https://soc.hospital-a.example/incidents/INC-42\">查看详情</a>");
    }

    @Test
    void htmlOfTheNotificationIsUsedAndPlainTextIsEscaped() throws Exception {
        Notification n = Notification.builder(Samples.TENANT, "<script>标题</script>", "a < b & c").build();
        try (EmailChannel channel = channel(Map.of())) {
            assertThat(channel.send(n).isDelivered()).isTrue();
        }
        assertThat(MAIL.waitForIncomingEmail(5_000, 1)).isTrue();
        MimeMultipart alternative = (MimeMultipart) MAIL.getReceivedMessages()[0].getContent();
        assertThat((String) alternative.getBodyPart(1).getContent())
                .contains("&lt;script&gt;标题&lt;/script&gt;")
                .contains("a &lt; b &amp; c")
                .doesNotContain("<script>");
    }

    @Test
    void implicitTlsWithConfiguredTrustStoreDelivers() throws Exception {
        try (EmailChannel channel = channel(tls(true))) {
            assertThat(channel.send(Samples.chinese()).isDelivered()).isTrue();
        }
        assertThat(MAIL.waitForIncomingEmail(5_000, 3)).isTrue();
        assertThat(MAIL.getReceivedMessages()[0].getSubject()).isEqualTo("[严重] " + Samples.TITLE);
    }

    @Test
    void implicitTlsWithUntrustedCertificateIsPermanent() {
        try (EmailChannel channel = channel(tls(false))) {
            DeliveryResult result = channel.send(Samples.chinese());

            assertThat(result).isInstanceOf(DeliveryResult.PermanentFailure.class);
            assertThat(((DeliveryResult.PermanentFailure) result).reason()).contains("TLS");
        }
        assertThat(MAIL.getReceivedMessages()).isEmpty();
    }

    @Test
    void requiredStartTlsNeverFallsBackToPlainText() {
        // GreenMail's SMTP server does not offer STARTTLS: the message must not go out in the clear
        try (EmailChannel channel = channel(Map.of("security", "starttls"))) {
            DeliveryResult result = channel.send(Samples.chinese());

            assertThat(result).isInstanceOf(DeliveryResult.PermanentFailure.class);
            assertThat(((DeliveryResult.PermanentFailure) result).reason()).contains("STARTTLS");
        }
        assertThat(MAIL.getReceivedMessages()).isEmpty();
    }

    @Test
    void wrongPasswordIsPermanentAndNotEchoed() {
        try (EmailChannel channel = channel(Map.of("password", "not-the-password"))) {
            DeliveryResult result = channel.send(Samples.chinese());

            assertThat(result).isInstanceOf(DeliveryResult.PermanentFailure.class);
            assertThat(((DeliveryResult.PermanentFailure) result).reason())
                    .contains("authentication")
                    .doesNotContain("not-the-password");
        }
    }

    @Test
    void refusedConnectionIsTransient() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        try (EmailChannel channel = channel(Map.of("port", Integer.toString(port)))) {
            assertThat(channel.send(Samples.chinese())).isInstanceOf(DeliveryResult.TransientFailure.class);
        }
    }

    @Test
    void configToStringMasksPassword() {
        try (EmailChannel channel = channel(Map.of())) {
            assertThat(channel.toString()).doesNotContain(PASSWORD).contains("password=***");
        }
    }
}
