package org.medsoc.notify;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import org.medsoc.spi.error.MedsocException;
import org.medsoc.spi.event.TenantId;

/**
 * Renders the built-in {@link TemplateName templates} into {@link Notification}s: the title and plain body from
 * {@code .txt}, the Markdown body from {@code .md} and the HTML body from {@code .html}, each with its own escaping.
 * Besides the caller's variables, {@code severity} (localized label) and {@code tenant} are always defined, and
 * {@code link} becomes the notification's link when it is a valid absolute URI. Thread-safe; resources are cached.
 */
public final class NotificationTemplates {
    private static final Map<String, String> CACHE = new ConcurrentHashMap<>();

    private NotificationTemplates() {}

    /** A notification rendered from a built-in template. */
    public static Notification render(
            TemplateName name,
            Language language,
            TenantId tenant,
            Severity severity,
            String dedupeKey,
            Map<String, ?> variables) {
        requireNonNull(name, "name is null");
        requireNonNull(language, "language is null");
        requireNonNull(tenant, "tenant is null");
        requireNonNull(severity, "severity is null");
        requireNonNull(dedupeKey, "dedupeKey is null");
        requireNonNull(variables, "variables is null");
        Map<String, Object> vars = new HashMap<>(variables);
        vars.putIfAbsent("severity", severity.label(language));
        vars.putIfAbsent("tenant", tenant.value());

        String txt = resource(name, language, "txt");
        int firstBreak = txt.indexOf('\n');
        String titleTemplate = firstBreak < 0 ? txt : txt.substring(0, firstBreak);
        String bodyTemplate = firstBreak < 0 ? "" : txt.substring(firstBreak + 1).strip();

        String title = TemplateRenderer.render(titleTemplate.strip(), vars, TemplateRenderer.Escaping.PLAIN);
        String text = TemplateRenderer.render(bodyTemplate, vars, TemplateRenderer.Escaping.PLAIN);
        String markdown =
                TemplateRenderer.render(resource(name, language, "md").strip(), vars, TemplateRenderer.Escaping.MARKDOWN);
        String html =
                TemplateRenderer.render(resource(name, language, "html").strip(), vars, TemplateRenderer.Escaping.HTML);
        return new Notification(
                tenant,
                severity,
                title,
                text,
                markdown,
                Optional.of(html),
                link(vars.get("link")),
                language,
                dedupeKey,
                Map.of("template", name.resourceName()));
    }

    /** The raw text of a built-in template resource, for example {@code ("incident-opened", ZH, "md")}. */
    public static String resource(TemplateName name, Language language, String extension) {
        String path = "templates/" + name.resourceName() + "." + language.tag() + "." + extension;
        return CACHE.computeIfAbsent(path, NotificationTemplates::load);
    }

    private static String load(String path) {
        try (InputStream in = NotificationTemplates.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new MedsocException(
                        NotifyErrorCode.TEMPLATE_NOT_FOUND, "template resource " + path + " is missing from the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("\r\n", "\n");
        } catch (IOException e) {
            throw new MedsocException(NotifyErrorCode.TEMPLATE_NOT_FOUND, "cannot read template " + path + ": " + e, e);
        }
    }

    private static Optional<URI> link(@Nullable Object value) {
        if (value == null) {
            return Optional.empty();
        }
        try {
            URI uri = new URI(value.toString());
            return uri.isAbsolute() ? Optional.of(uri) : Optional.empty();
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
    }
}
