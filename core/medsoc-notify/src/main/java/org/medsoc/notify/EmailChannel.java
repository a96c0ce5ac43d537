package org.medsoc.notify;

import static java.util.Objects.requireNonNull;

import jakarta.mail.Address;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import javax.net.ssl.SSLException;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.jspecify.annotations.Nullable;
import org.medsoc.common.Settings;
import org.medsoc.notify.internal.ChannelSection;
import org.medsoc.notify.internal.HttpTransport;
import org.medsoc.notify.internal.Wording;

/**
 * E-mail over SMTP (Eclipse Angus Mail). Sends {@code multipart/alternative} with a UTF-8 plain part and an HTML part
 * (the notification's HTML, or its text escaped), a UTF-8 subject {@code [severity] title}, and a fresh
 * {@code Message-ID} returned as the provider message id. Security is {@code starttls} (required: never falls back to
 * plain text), {@code tls} (implicit TLS, SMTPS) or {@code none}; the server certificate and host name are always
 * checked, against the JDK trust store or the configured one.
 *
 * <p>Failures: authentication and SMTP 5xx replies are permanent; 4xx replies, connection errors and timeouts are
 * transient; TLS handshake failures are permanent (a certificate problem needs an operator).
 */
public final class EmailChannel implements Channel {
    private static final System.Logger LOG = System.getLogger(EmailChannel.class.getName());

    /** How the SMTP connection is protected. */
    public enum Security {
        /** Plain connection upgraded with STARTTLS; sending fails if the server does not offer it. */
        STARTTLS,
        /** TLS from the first byte (SMTPS, usually port 465). */
        TLS,
        /** No encryption: only for a relay on the same host or a trusted segment. */
        NONE
    }

    /**
     * A mail channel's configuration. Keys under {@code notify.channel.<name>.}: {@code host} (required), {@code port}
     * (default 587 for starttls, 465 for tls, 25 for none), {@code security} (starttls|tls|none, default starttls),
     * {@code username}, {@code password}, {@code from} (required), {@code to} (required, comma-separated), {@code cc},
     * timeouts and trust store.
     */
    public record Config(
            String host,
            int port,
            Security security,
            Optional<String> username,
            Optional<String> password,
            InternetAddress from,
            List<InternetAddress> to,
            List<InternetAddress> cc,
            Timeouts timeouts,
            Optional<TrustStore> trustStore) {
        public Config {
            requireNonNull(host, "host is null");
            requireNonNull(security, "security is null");
            requireNonNull(username, "username is null");
            requireNonNull(password, "password is null");
            requireNonNull(from, "from is null");
            to = List.copyOf(requireNonNull(to, "to is null"));
            cc = List.copyOf(requireNonNull(cc, "cc is null"));
            requireNonNull(timeouts, "timeouts is null");
            requireNonNull(trustStore, "trustStore is null");
            if (to.isEmpty()) {
                throw new IllegalArgumentException("an e-mail channel needs at least one 'to' address");
            }
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("port must be 1 to 65535: " + port);
            }
        }

        /** Reads a channel's section ({@code notify.channel.<name>.*} with the prefix removed). */
        public static Config fromSettings(String channelName, Settings section) {
            ChannelSection c = new ChannelSection(channelName, section);
            String securityText = section.string("security", "starttls").toUpperCase(Locale.ROOT);
            Security security;
            try {
                security = Security.valueOf(securityText);
            } catch (IllegalArgumentException e) {
                throw c.invalid("security", "is '" + securityText + "'; expected starttls, tls or none");
            }
            int defaultPort = switch (security) {
                case STARTTLS -> 587;
                case TLS -> 465;
                case NONE -> 25;
            };
            List<InternetAddress> to = addresses(c, "to");
            if (to.isEmpty()) {
                throw c.invalid("to", "is required: comma-separated e-mail addresses");
            }
            return new Config(
                    c.required("host"),
                    section.integer("port", defaultPort),
                    security,
                    section.find("username").filter(s -> !s.isBlank()),
                    section.find("password"),
                    address(c, "from", c.required("from")),
                    to,
                    addresses(c, "cc"),
                    Timeouts.fromSettings(section),
                    TrustStore.fromSettings(section));
        }

        private static List<InternetAddress> addresses(ChannelSection c, String key) {
            List<InternetAddress> out = new ArrayList<>();
            for (String a : c.list(key)) {
                out.add(address(c, key, a));
            }
            return out;
        }

        private static InternetAddress address(ChannelSection c, String key, String text) {
            try {
                InternetAddress address = new InternetAddress(text, true);
                address.validate();
                return address;
            } catch (AddressException e) {
                throw c.invalid(key, "holds an invalid e-mail address '" + text + "': " + e.getMessage());
            }
        }

        @Override
        public String toString() {
            return "EmailChannel.Config[host=" + host + ", port=" + port + ", security=" + security + ", username="
                    + username.orElse("none") + ", password=" + (password.isPresent() ? "***" : "none") + ", from="
                    + from + ", to=" + to + ", cc=" + cc + ", timeouts=" + timeouts + ", trustStore=" + trustStore
                    + "]";
        }
    }

    private final String name;
    private final Config config;
    private final Session session;

    private EmailChannel(String name, Config config) {
        this.name = requireNonNull(name, "name is null");
        this.config = requireNonNull(config, "config is null");
        this.session = Session.getInstance(properties(config));
    }

    /** A channel for one SMTP server and recipient list. */
    public static EmailChannel create(String name, Config config) {
        return new EmailChannel(name, config);
    }

    private static Properties properties(Config config) {
        Properties p = new Properties();
        String prefix = "mail.smtp.";
        p.put(prefix + "host", config.host());
        p.put(prefix + "port", Integer.toString(config.port()));
        p.put(prefix + "auth", Boolean.toString(config.username().isPresent()));
        p.put(prefix + "connectiontimeout", Long.toString(config.timeouts().connect().toMillis()));
        p.put(prefix + "timeout", Long.toString(config.timeouts().request().toMillis()));
        p.put(prefix + "writetimeout", Long.toString(config.timeouts().request().toMillis()));
        p.put("mail.mime.charset", "UTF-8");
        switch (config.security()) {
            case STARTTLS -> {
                p.put(prefix + "starttls.enable", "true");
                p.put(prefix + "starttls.required", "true");
            }
            case TLS -> p.put(prefix + "ssl.enable", "true");
            case NONE -> {}
        }
        if (config.security() != Security.NONE) {
            p.put(prefix + "ssl.checkserveridentity", "true");
            p.put(prefix + "ssl.protocols", "TLSv1.3 TLSv1.2");
            config.trustStore()
                    .ifPresent(t -> p.put(prefix + "ssl.socketFactory", HttpTransport.sslContext(t).getSocketFactory()));
        }
        return p;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public ChannelType type() {
        return ChannelType.EMAIL;
    }

    @Override
    public DeliveryResult send(Notification notification) {
        String messageId = "<" + notification.idempotencyId() + "." + UUID.randomUUID() + "@" + domain() + ">";
        try {
            MimeMessage message = message(notification, messageId);
            try (Transport transport = session.getTransport("smtp")) {
                transport.connect(
                        config.host(),
                        config.port(),
                        config.username().orElse(null),
                        config.password().orElse(null));
                transport.sendMessage(message, message.getAllRecipients());
            }
            return DeliveryResult.delivered(messageId);
        } catch (MessagingException e) {
            DeliveryResult result = classify(e);
            LOG.log(System.Logger.Level.DEBUG, () -> "mail channel " + name + ": " + result);
            return result;
        }
    }

    private MimeMessage message(Notification n, String messageId) throws MessagingException {
        MimeMessage message = new FixedIdMessage(session, messageId);
        message.setFrom(config.from());
        message.setRecipients(Message.RecipientType.TO, config.to().toArray(new Address[0]));
        if (!config.cc().isEmpty()) {
            message.setRecipients(Message.RecipientType.CC, config.cc().toArray(new Address[0]));
        }
        message.setSubject(Wording.titleWithSeverity(n), "UTF-8");
        message.setSentDate(Date.from(Clock.systemUTC().instant()));
        message.setHeader("X-Medsoc-Tenant", n.tenant().value());
        message.setHeader("X-Medsoc-Severity", n.severity().name().toLowerCase(Locale.ROOT));

        MimeBodyPart plain = new MimeBodyPart();
        plain.setText(Wording.plain(n), "UTF-8", "plain");
        MimeBodyPart html = new MimeBodyPart();
        html.setText(html(n), "UTF-8", "html");
        MimeMultipart alternative = new MimeMultipart("alternative", plain, html);
        message.setContent(alternative);
        message.saveChanges();
        return message;
    }

    private static String html(Notification n) {
        String title = TemplateRenderer.escape(Wording.titleWithSeverity(n), TemplateRenderer.Escaping.HTML);
        StringBuilder sb = new StringBuilder("<!DOCTYPE html>\n<html lang=\"")
                .append(n.language() == Language.ZH ? "zh-CN" : "en")
                .append("\"><head><meta charset=\"UTF-8\"><title>")
                .append(title)
                .append("</title></head><body>\n<h2>")
                .append(title)
                .append("</h2>\n");
        if (n.html().isPresent()) {
            sb.append(n.html().get());
        } else {
            sb.append("<pre style=\"white-space: pre-wrap; font-family: inherit\">")
                    .append(TemplateRenderer.escape(n.text(), TemplateRenderer.Escaping.HTML))
                    .append("</pre>");
        }
        n.link().ifPresent(l -> sb.append("\n<p><a href=\"")
                .append(TemplateRenderer.escape(l.toString(), TemplateRenderer.Escaping.HTML))
                .append("\">")
                .append(Wording.linkLabel(n.language()))
                .append("</a></p>"));
        return sb.append("\n</body></html>\n").toString();
    }

    private String domain() {
        String address = config.from().getAddress();
        int at = address.lastIndexOf('@');
        return at < 0 ? "medsoc.invalid" : address.substring(at + 1);
    }

    private static DeliveryResult classify(MessagingException e) {
        if (e instanceof AuthenticationFailedException) {
            return DeliveryResult.permanentFailure(
                    "SMTP authentication failed: " + e.getMessage() + "; check username and password");
        }
        int code = smtpCode(e);
        if (code >= 400 && code < 500) {
            return DeliveryResult.transientFailure("SMTP server deferred the message (" + code + "): " + e.getMessage());
        }
        if (code >= 500) {
            return DeliveryResult.permanentFailure("SMTP server rejected the message (" + code + "): " + e.getMessage());
        }
        if (e instanceof SendFailedException sf && sf.getInvalidAddresses() != null
                && sf.getInvalidAddresses().length > 0) {
            return DeliveryResult.permanentFailure("invalid recipient addresses: " + e.getMessage());
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SSLException) {
                return DeliveryResult.permanentFailure("TLS with the SMTP server failed: " + t.getMessage()
                        + "; check the server certificate and host name or configure trust-store");
            }
            if (t instanceof SocketTimeoutException) {
                return DeliveryResult.transientFailure("SMTP server timed out: " + t.getMessage());
            }
            if (t instanceof IOException) {
                return DeliveryResult.transientFailure("cannot talk to the SMTP server: " + t);
            }
        }
        String message = String.valueOf(e.getMessage());
        if (message.contains("STARTTLS")) {
            return DeliveryResult.permanentFailure(
                    "SMTP server does not offer STARTTLS: " + message + "; use security=tls or a server that does");
        }
        return DeliveryResult.transientFailure("mail delivery failed: " + message);
    }

    /** The SMTP reply code carried by the exception or its chain, or -1. */
    private static int smtpCode(MessagingException e) {
        for (@Nullable Exception x = e; x != null; ) {
            if (x instanceof SMTPSendFailedException s) {
                return s.getReturnCode();
            }
            if (x instanceof SMTPAddressFailedException a) {
                return a.getReturnCode();
            }
            x = x instanceof MessagingException m ? m.getNextException() : null;
        }
        return -1;
    }

    /** A message keeping the Message-ID chosen before sending instead of generating one in saveChanges(). */
    private static final class FixedIdMessage extends MimeMessage {
        private final String messageId;

        FixedIdMessage(Session session, String messageId) {
            super(session);
            this.messageId = messageId;
        }

        @Override
        protected void updateMessageID() throws MessagingException {
            setHeader("Message-ID", messageId);
        }
    }

    @Override
    public void close() {
        // a Transport is opened per message; nothing is held between sends
    }

    @Override
    public String toString() {
        return "EmailChannel[" + name + ", " + config + "]";
    }
}
