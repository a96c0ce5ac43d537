package org.medsoc.notify.internal;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.medsoc.common.Settings;
import org.medsoc.notify.NotifyErrorCode;
import org.medsoc.spi.error.MedsocException;

/** Reading one channel's section of the settings, with errors that name the full key. */
public final class ChannelSection {
    private final String channel;
    private final Settings section;

    public ChannelSection(String channel, Settings section) {
        this.channel = channel;
        this.section = section;
    }

    public Settings section() {
        return section;
    }

    /** The full key of a key in this channel's section. */
    public String key(String key) {
        return "notify.channel." + channel + "." + key;
    }

    /** A required non-blank value. */
    public String required(String key) {
        String v = section.find(key).orElse("").trim();
        if (v.isEmpty()) {
            throw invalid(key, "is required");
        }
        return v;
    }

    /** A required URI with scheme http or https. */
    public URI httpUri(String key, String defaultValue) {
        String v = section.string(key, defaultValue).trim();
        if (v.isEmpty()) {
            throw invalid(key, "is required");
        }
        try {
            URI uri = new URI(v);
            if (!"https".equalsIgnoreCase(uri.getScheme()) && !"http".equalsIgnoreCase(uri.getScheme())) {
                throw invalid(key, "must be an http or https URL");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw invalid(key, "is not a valid URL: " + e.getMessage());
        }
    }

    /** A comma-separated list, blanks dropped. */
    public List<String> list(String key) {
        List<String> out = new ArrayList<>();
        for (String part : section.string(key, "").split(",")) {
            if (!part.isBlank()) {
                out.add(part.trim());
            }
        }
        return List.copyOf(out);
    }

    /** Every {@code header.<Name>=value} entry as a header map. */
    public Map<String, String> headers() {
        return Map.copyOf(new LinkedHashMap<>(section.section("header").asMap()));
    }

    /** A configuration error naming the full key. */
    public MedsocException invalid(String key, String problem) {
        return new MedsocException(NotifyErrorCode.INVALID_CHANNEL_CONFIGURATION, key(key) + " " + problem);
    }
}
