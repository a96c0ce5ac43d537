package org.medsoc.intel;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.medsoc.intel.internal.ValueNormaliser;
import org.medsoc.spi.error.MedsocException;

/**
 * Reads MISP feeds: a {@code manifest.json} naming events by UUID and one {@code <uuid>.json} per event, from a
 * directory ({@link #readDirectory}) or over HTTP(S) ({@link #readHttp}, same layout under a base URI).
 *
 * <p>Attribute types mapped: {@code ip-src}, {@code ip-dst} (and their {@code |port} forms) to IPV4/IPV6/CIDR,
 * {@code domain}, {@code hostname}, {@code hostname|port} to DOMAIN, {@code domain|ip} to both, {@code url},
 * {@code md5}, {@code sha1}, {@code sha256} (and {@code filename|<hash>}), {@code email}, {@code email-src},
 * {@code email-dst}, {@code email-reply-to}, {@code user-agent}. Attributes inside MISP objects are read too.
 * Only attributes flagged {@code to_ids} are taken unless {@link MispOptions#includeNonIds()}; deleted ones never.
 * TLP comes from {@code tlp:*} tags (attribute tags over event tags); other tags become indicator tags. Distribution
 * 5 ("inherit") takes the event's. Each unreadable event or attribute is an {@link ImportProblem} naming its UUID;
 * attribute types that have no indicator type are summarised once per event.
 */
public final class MispFeeds {
    private static final System.Logger LOG = System.getLogger(MispFeeds.class.getName());
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern UUID = Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    private static final Duration HTTP_TIMEOUT = Duration.ofSeconds(30);

    private MispFeeds() {}

    /** A file of a feed by name ({@code manifest.json}, {@code <uuid>.json}); null when it does not exist. */
    @FunctionalInterface
    private interface Loader {
        byte @Nullable [] load(String name);
    }

    /**
     * Reads the feed in a directory.
     *
     * @throws MedsocException FEED_UNAVAILABLE when the manifest cannot be read, INVALID_MISP_FEED when it is
     *     malformed
     */
    public static ImportResult readDirectory(Path directory, MispOptions options) {
        requireNonNull(directory, "directory is null");
        return read(name -> {
            try {
                return Files.readAllBytes(directory.resolve(name));
            } catch (NoSuchFileException e) {
                return null;
            } catch (IOException e) {
                throw new MedsocException(IntelErrorCode.FEED_UNAVAILABLE,
                        "could not read " + directory.resolve(name) + ": " + e.getMessage(), e);
            }
        }, directory.toString(), options);
    }

    /**
     * Reads the feed published under a base URI (which should end with '/'), fetching the manifest and each event
     * with {@code client}.
     *
     * @throws MedsocException FEED_UNAVAILABLE when the manifest cannot be fetched, INVALID_MISP_FEED when it is
     *     malformed
     */
    public static ImportResult readHttp(URI base, HttpClient client, MispOptions options) {
        requireNonNull(base, "base is null");
        requireNonNull(client, "client is null");
        URI root = base.toString().endsWith("/") ? base : URI.create(base + "/");
        return read(name -> {
            URI uri = root.resolve(name);
            HttpRequest request = HttpRequest.newBuilder(uri).timeout(HTTP_TIMEOUT).GET()
                    .header("Accept", "application/json").build();
            try {
                HttpResponse<byte[]> response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
                if (response.statusCode() == 404) {
                    return null;
                }
                if (response.statusCode() != 200) {
                    throw new MedsocException(IntelErrorCode.FEED_UNAVAILABLE,
                            "GET " + uri + " answered HTTP " + response.statusCode() + "; check the feed URL");
                }
                return response.body();
            } catch (IOException e) {
                throw new MedsocException(IntelErrorCode.FEED_UNAVAILABLE,
                        "GET " + uri + " failed: " + e.getMessage() + "; check the feed URL and the network", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new MedsocException(IntelErrorCode.FEED_UNAVAILABLE, "interrupted while fetching " + uri, e);
            }
        }, root.toString(), options);
    }

    private static ImportResult read(Loader loader, String where, MispOptions options) {
        requireNonNull(options, "options is null");
        byte[] manifestBytes = loader.load("manifest.json");
        if (manifestBytes == null) {
            throw new MedsocException(IntelErrorCode.FEED_UNAVAILABLE,
                    "the MISP feed at " + where + " has no manifest.json");
        }
        JsonNode manifest;
        try {
            manifest = JSON.readTree(manifestBytes);
        } catch (IOException e) {
            throw new MedsocException(IntelErrorCode.INVALID_MISP_FEED,
                    "the manifest.json of the MISP feed at " + where + " is not valid JSON", e);
        }
        if (manifest == null || !manifest.isObject()) {
            throw new MedsocException(IntelErrorCode.INVALID_MISP_FEED,
                    "the manifest.json of the MISP feed at " + where + " is not a JSON object of events by UUID");
        }
        List<Indicator> indicators = new ArrayList<>();
        List<ImportProblem> problems = new ArrayList<>();
        Set<String> uuids = new TreeSet<>();
        manifest.fieldNames().forEachRemaining(uuids::add);
        for (String uuid : uuids) {
            if (!UUID.matcher(uuid).matches()) {
                problems.add(new ImportProblem(uuid, "the manifest key is not a UUID; the event is skipped"));
                continue;
            }
            byte[] bytes = loader.load(uuid + ".json");
            if (bytes == null) {
                problems.add(new ImportProblem(uuid, "the manifest lists the event but " + uuid + ".json is missing"));
                continue;
            }
            JsonNode event;
            try {
                event = JSON.readTree(bytes).path("Event");
            } catch (IOException e) {
                problems.add(new ImportProblem(uuid, uuid + ".json is not valid JSON: " + e.getMessage()));
                continue;
            }
            if (!event.isObject()) {
                problems.add(new ImportProblem(uuid, uuid + ".json has no 'Event' object"));
                continue;
            }
            event(uuid, event, options, indicators, problems);
        }
        LOG.log(System.Logger.Level.DEBUG, "read MISP feed {0}: {1} events, {2} indicators, {3} problems", where,
                uuids.size(), indicators.size(), problems.size());
        return new ImportResult(indicators, List.of(), problems);
    }

    private static void event(
            String uuid, JsonNode event, MispOptions options, List<Indicator> out, List<ImportProblem> problems) {
        Distribution eventDistribution = Distribution.fromMisp(number(event.path("distribution"), 1),
                Distribution.COMMUNITY);
        Tags eventTags = tags(event.path("Tag"), options.defaultTlp());
        Map<String, Integer> unmapped = new TreeMap<>();
        List<JsonNode> attributes = new ArrayList<>();
        event.path("Attribute").forEach(attributes::add);
        for (JsonNode object : event.path("Object")) {
            if (!flag(object.path("deleted"))) {
                object.path("Attribute").forEach(attributes::add);
            }
        }
        int skippedNonIds = 0;
        for (JsonNode a : attributes) {
            String type = a.path("type").asText("");
            String value = a.path("value").asText("");
            String id = a.path("uuid").asText(uuid);
            if (flag(a.path("deleted"))) {
                continue;
            }
            List<IndicatorType> types = new ArrayList<>(2);
            List<String> values = new ArrayList<>(2);
            if (!map(type, value, types, values)) {
                unmapped.merge(type.isEmpty() ? "(no type)" : type, 1, Integer::sum);
                continue;
            }
            if (!flag(a.path("to_ids")) && !options.includeNonIds()) {
                skippedNonIds++;
                continue;
            }
            Tags own = tags(a.path("Tag"), eventTags.tlp);
            Set<String> tagNames = new LinkedHashSet<>(eventTags.names);
            tagNames.addAll(own.names);
            Distribution distribution = Distribution.fromMisp(number(a.path("distribution"), 5), eventDistribution);
            try {
                Optional<Instant> stamp = epoch(a.path("timestamp"));
                Optional<Instant> firstSeen = iso(a.path("first_seen")).or(() -> stamp);
                Optional<Instant> lastSeen = iso(a.path("last_seen")).or(() -> stamp);
                Optional<Instant> validUntil = options.timeToLive().isPresent() && lastSeen.isPresent()
                        ? Optional.of(lastSeen.get().plus(options.timeToLive().get())) : Optional.empty();
                for (int i = 0; i < types.size(); i++) {
                    out.add(new Indicator(types.get(i), values.get(i), options.source(), options.confidence(),
                            own.tlp, distribution, firstSeen, lastSeen, validUntil, List.copyOf(tagNames),
                            Optional.empty()));
                }
            } catch (MedsocException e) {
                problems.add(new ImportProblem(id, "attribute " + type + " of event " + uuid + ": " + e.getMessage()));
            }
        }
        if (!unmapped.isEmpty()) {
            problems.add(new ImportProblem(uuid, "attribute types without an indicator type were skipped: " + unmapped));
        }
        if (skippedNonIds > 0) {
            LOG.log(System.Logger.Level.DEBUG, "event {0}: {1} attributes without to_ids skipped", uuid, skippedNonIds);
        }
    }

    /** Maps a MISP attribute to indicator types and raw values; false when its type has none. */
    private static boolean map(String type, String value, List<IndicatorType> types, List<String> values) {
        int bar = value.indexOf('|');
        String left = bar < 0 ? value : value.substring(0, bar);
        String right = bar < 0 ? "" : value.substring(bar + 1);
        switch (type) {
            case "ip-src", "ip-dst" -> ip(value, types, values);
            case "ip-src|port", "ip-dst|port" -> ip(left, types, values);
            case "domain", "hostname" -> add(IndicatorType.DOMAIN, value, types, values);
            case "hostname|port" -> add(IndicatorType.DOMAIN, left, types, values);
            case "domain|ip" -> {
                add(IndicatorType.DOMAIN, left, types, values);
                ip(right, types, values);
            }
            case "url" -> add(IndicatorType.URL, value, types, values);
            case "md5" -> add(IndicatorType.MD5, value, types, values);
            case "sha1" -> add(IndicatorType.SHA1, value, types, values);
            case "sha256" -> add(IndicatorType.SHA256, value, types, values);
            case "filename|md5" -> add(IndicatorType.MD5, right, types, values);
            case "filename|sha1" -> add(IndicatorType.SHA1, right, types, values);
            case "filename|sha256" -> add(IndicatorType.SHA256, right, types, values);
            case "email", "email-src", "email-dst", "email-reply-to" -> add(IndicatorType.EMAIL, value, types, values);
            case "user-agent" -> add(IndicatorType.USER_AGENT, value, types, values);
            default -> {
                return false;
            }
        }
        return true;
    }

    private static void ip(String value, List<IndicatorType> types, List<String> values) {
        IndicatorType t = ValueNormaliser.ipType(value);
        // an unparseable address is reported by the Indicator constructor as IPV4
        add(t == null ? IndicatorType.IPV4 : t, value, types, values);
    }

    private static void add(IndicatorType type, String value, List<IndicatorType> types, List<String> values) {
        types.add(type);
        values.add(value);
    }

    private record Tags(Tlp tlp, List<String> names) {}

    private static Tags tags(JsonNode tagArray, Tlp inherited) {
        Tlp tlp = null;
        List<String> names = new ArrayList<>();
        for (JsonNode t : tagArray) {
            String name = t.path("name").asText("");
            if (name.regionMatches(true, 0, "tlp:", 0, 4)) {
                Optional<Tlp> parsed = Tlp.parse(name);
                if (parsed.isPresent()) {
                    tlp = tlp == null ? parsed.get() : tlp.max(parsed.get());
                    continue;
                }
            }
            if (!name.isEmpty()) {
                names.add(name);
            }
        }
        return new Tags(tlp == null ? inherited : tlp, names);
    }

    private static boolean flag(JsonNode n) {
        return n.isBoolean() ? n.asBoolean() : n.isNumber() ? n.asInt() != 0 : "1".equals(n.asText()) || "true".equals(n.asText());
    }

    private static int number(JsonNode n, int fallback) {
        if (n.isNumber()) {
            return n.asInt();
        }
        String t = n.asText("");
        if (t.length() == 1 && Character.isDigit(t.charAt(0))) {
            return t.charAt(0) - '0';
        }
        return fallback;
    }

    private static Optional<Instant> epoch(JsonNode n) {
        String t = n.asText("");
        if (t.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Instant.ofEpochSecond(Long.parseLong(t)));
        } catch (NumberFormatException e) {
            throw new MedsocException(IntelErrorCode.INVALID_MISP_FEED, "timestamp '" + t + "' is not epoch seconds");
        }
    }

    private static Optional<Instant> iso(JsonNode n) {
        String t = n.asText("");
        if (t.isEmpty() || n.isNull()) {
            return Optional.empty();
        }
        try {
            return Optional.of(java.time.OffsetDateTime.parse(t).toInstant());
        } catch (DateTimeParseException e) {
            throw new MedsocException(IntelErrorCode.INVALID_MISP_FEED, "'" + t + "' is not an ISO 8601 time");
        }
    }
}
