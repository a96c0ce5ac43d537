package org.medsoc.notify;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.medsoc.spi.event.TenantId;

/**
 * One message for the on-duty engineer, rendered for every kind of target: {@code text} for SMS and plain chat,
 * {@code markdown} for chat robots, {@code html} for e-mail (derived from {@code text} when absent).
 *
 * @param tenant the tenant the message is about
 * @param severity how urgent it is
 * @param title a one-line title (e-mail subject, card header)
 * @param text the body as plain text
 * @param markdown the body as Markdown
 * @param html the body as HTML, when a template provides one
 * @param link where to act on it (the incident page), if any
 * @param language the language the message is written in
 * @param dedupeKey identifies the thing notified about; retries of the same notification keep it
 * @param attributes extra key/value pairs, passed on by the generic webhook
 */
public record Notification(
        TenantId tenant,
        Severity severity,
        String title,
        String text,
        String markdown,
        Optional<String> html,
        Optional<URI> link,
        Language language,
        String dedupeKey,
        Map<String, String> attributes) {

    public Notification {
        requireNonNull(tenant, "tenant is null");
        requireNonNull(severity, "severity is null");
        requireNonNull(title, "title is null");
        requireNonNull(text, "text is null");
        requireNonNull(markdown, "markdown is null");
        requireNonNull(html, "html is null");
        requireNonNull(link, "link is null");
        requireNonNull(language, "language is null");
        requireNonNull(dedupeKey, "dedupeKey is null");
        attributes = Map.copyOf(requireNonNull(attributes, "attributes is null"));
    }

    /** A builder starting with a tenant, a title and a plain-text body (also used as the Markdown body). */
    public static Builder builder(TenantId tenant, String title, String text) {
        return new Builder(tenant, title, text);
    }

    /**
     * A stable id of this notification's content: the first 32 hex digits of SHA-256 over dedupe key, title and text.
     * Retrying the same notification yields the same id, so receivers can drop duplicates.
     */
    public String idempotencyId() {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(tenant.value().getBytes(StandardCharsets.UTF_8));
            digest.update((byte) 0);
            digest.update(dedupeKey.getBytes(StandardCharsets.UTF_8));
            digest.update((byte) 0);
            digest.update(title.getBytes(StandardCharsets.UTF_8));
            digest.update((byte) 0);
            digest.update(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest.digest(), 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }

    /** Builds a {@link Notification}; everything but tenant, title and text has a default. */
    public static final class Builder {
        private final TenantId tenant;
        private final String title;
        private final String text;
        private @Nullable String markdown;
        private @Nullable String html;
        private @Nullable URI link;
        private Severity severity = Severity.MEDIUM;
        private Language language = Language.ZH;
        private @Nullable String dedupeKey;
        private final Map<String, String> attributes = new LinkedHashMap<>();

        private Builder(TenantId tenant, String title, String text) {
            this.tenant = requireNonNull(tenant, "tenant is null");
            this.title = requireNonNull(title, "title is null");
            this.text = requireNonNull(text, "text is null");
        }

        public Builder severity(Severity severity) {
            this.severity = requireNonNull(severity, "severity is null");
            return this;
        }

        public Builder markdown(String markdown) {
            this.markdown = requireNonNull(markdown, "markdown is null");
            return this;
        }

        public Builder html(String html) {
            this.html = requireNonNull(html, "html is null");
            return this;
        }

        public Builder link(URI link) {
            this.link = requireNonNull(link, "link is null");
            return this;
        }

        public Builder language(Language language) {
            this.language = requireNonNull(language, "language is null");
            return this;
        }

        public Builder dedupeKey(String dedupeKey) {
            this.dedupeKey = requireNonNull(dedupeKey, "dedupeKey is null");
            return this;
        }

        public Builder attribute(String key, String value) {
            attributes.put(requireNonNull(key, "key is null"), requireNonNull(value, "value is null"));
            return this;
        }

        /** The notification; the dedupe key defaults to the title. */
        public Notification build() {
            return new Notification(
                    tenant,
                    severity,
                    title,
                    text,
                    markdown == null ? text : markdown,
                    Optional.ofNullable(html),
                    Optional.ofNullable(link),
                    language,
                    dedupeKey == null ? title : dedupeKey,
                    attributes);
        }
    }
}
