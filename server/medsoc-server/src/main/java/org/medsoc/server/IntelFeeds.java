package org.medsoc.server;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.medsoc.common.CommonErrorCode;
import org.medsoc.common.Settings;
import org.medsoc.database.Database;
import org.medsoc.intel.FeedStates;
import org.medsoc.intel.FeedStatus;
import org.medsoc.intel.ImportResult;
import org.medsoc.intel.IntelLibrary;
import org.medsoc.intel.MispFeeds;
import org.medsoc.intel.MispOptions;
import org.medsoc.intel.Sighting;
import org.medsoc.intel.SightingOrigin;
import org.medsoc.intel.Sightings;
import org.medsoc.intel.StixBundles;
import org.medsoc.intel.TaxiiClient;
import org.medsoc.intel.TaxiiServer;
import org.medsoc.intel.Tlp;
import org.medsoc.spi.error.MedsocException;
import org.medsoc.spi.event.TenantId;

/**
 * The node's threat-intelligence wiring beyond the library: sightings (counted by the pipeline's intel matching,
 * flushed every {@code intel.sightings.flush-interval}, default 30 s, and on close), the TAXII 2.1 server (served
 * at {@code /taxii2}, objects up to {@code intel.taxii-server.max-tlp}, default AMBER) and the polling of feeds:
 *
 * <ul>
 *   <li>{@code intel.taxii.<name>.url} — a TAXII 2.1 collection URL; {@code .token} (bearer) or {@code .user} and
 *       {@code .password} (basic); {@code .interval} (default 1 h); {@code .tenant} (whose sightings the feed's
 *       {@code sighting} objects become, default the node's); {@code .limit} (page size, default 500). Objects are
 *       merged into the intel bundle {@code taxii-<name>}; {@code added_after} is kept in the database, so a
 *       restart resumes.</li>
 *   <li>{@code intel.misp.<name>.url} — a MISP feed directory (with {@code manifest.json}); {@code .interval}
 *       (default 1 h), {@code .tlp} (for events without a TLP tag, default amber), {@code .confidence} (default
 *       50). The feed replaces the intel bundle {@code misp-<name>} when its manifest changed.</li>
 * </ul>
 * Names are 1 to 50 characters of a-z, 0-9, '_', '-'. A failed poll is logged with its reason and shown by
 * {@code GET /api/v1/intel/feeds}; the next poll comes after the interval.
 */
final class IntelFeeds implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(IntelFeeds.class.getName());
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,49}");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration DEFAULT_INTERVAL = Duration.ofHours(1);

    private record Feed(String name, String kind, URI url, Optional<String> authorization, Duration interval,
            TenantId tenant, int limit, Tlp tlp, int confidence) {
        String key() {
            return kind + ":" + name;
        }
    }

    private final Sightings sightings;
    private final TaxiiServer taxii;
    private final IntelLibrary library;
    private final FeedStates states;
    private final List<Feed> feeds;
    private final Clock clock;
    private final HttpClient http;
    private final ScheduledExecutorService scheduler;

    private IntelFeeds(Sightings sightings, TaxiiServer taxii, IntelLibrary library, FeedStates states,
            List<Feed> feeds, Clock clock) {
        this.sightings = sightings;
        this.taxii = taxii;
        this.library = library;
        this.states = states;
        this.feeds = feeds;
        this.clock = clock;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(20)).followRedirects(HttpClient.Redirect.NORMAL).build();
        this.scheduler = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("intel-feeds").daemon().factory());
    }

    /** Reads the settings, opens the stores, hooks sightings into the library and starts flushing and polling. */
    static IntelFeeds start(Settings settings, Database db, IntelLibrary library, TenantId nodeTenant,
            Supplier<Collection<TenantId>> tenants, Clock clock) {
        requireNonNull(settings, "settings is null");
        Sightings sightings = Sightings.create(db, clock);
        library.sightings(sightings);
        Tlp maxTlp = tlp(settings, "intel.taxii-server.max-tlp", "amber");
        TaxiiServer taxii = new TaxiiServer(new TaxiiServer.Config("/taxii2", "medsoc " + nodeTenant.value(),
                nodeTenant, maxTlp, tenants), db, library, sightings, clock);
        List<Feed> feeds = new ArrayList<>();
        feeds.addAll(feeds(settings, "taxii", nodeTenant));
        feeds.addAll(feeds(settings, "misp", nodeTenant));
        IntelFeeds f = new IntelFeeds(sightings, taxii, library, FeedStates.create(db), List.copyOf(feeds), clock);
        Duration flush = settings.duration("intel.sightings.flush-interval", Duration.ofSeconds(30));
        f.scheduler.scheduleWithFixedDelay(f::flush, flush.toMillis(), flush.toMillis(), TimeUnit.MILLISECONDS);
        for (Feed feed : f.feeds) {
            f.scheduler.scheduleWithFixedDelay(() -> f.poll(feed), 1_000, feed.interval().toMillis(),
                    TimeUnit.MILLISECONDS);
            LOG.log(Level.INFO, "intel feed " + feed.key() + " polls " + feed.url() + " every " + feed.interval());
        }
        return f;
    }

    private static List<Feed> feeds(Settings settings, String kind, TenantId nodeTenant) {
        Settings section = settings.section("intel." + kind);
        TreeSet<String> names = new TreeSet<>();
        for (String key : section.asMap().keySet()) {
            if (key.endsWith(".url")) {
                names.add(key.substring(0, key.length() - 4));
            }
        }
        List<Feed> out = new ArrayList<>();
        for (String name : names) {
            String prefix = "intel." + kind + "." + name;
            if (!NAME.matcher(name).matches()) {
                throw new MedsocException(CommonErrorCode.INVALID_CONFIGURATION, "feed name '" + name + "' in "
                        + prefix + ".url must be 1 to 50 characters of a-z, 0-9, '_', '-'");
            }
            Settings s = section.section(name);
            URI url;
            try {
                url = URI.create(s.string("url", "").strip());
                if (url.getScheme() == null || !(url.getScheme().equals("http") || url.getScheme().equals("https"))) {
                    throw new IllegalArgumentException("not http(s)");
                }
            } catch (IllegalArgumentException e) {
                throw new MedsocException(CommonErrorCode.INVALID_CONFIGURATION, prefix + ".url '"
                        + s.string("url", "") + "' is not an http(s) URL");
            }
            Optional<String> auth = Optional.empty();
            if (s.find("token").isPresent()) {
                auth = Optional.of(TaxiiClient.bearer(s.string("token", "").strip()));
            } else if (s.find("user").isPresent()) {
                auth = Optional.of(TaxiiClient.basic(s.string("user", ""), s.string("password", "")));
            }
            TenantId tenant = nodeTenant;
            if (s.find("tenant").isPresent()) {
                tenant = TenantId.of(s.string("tenant", "").strip());
            }
            Duration interval = s.duration("interval", DEFAULT_INTERVAL);
            if (interval.isNegative() || interval.isZero()) {
                throw new MedsocException(CommonErrorCode.INVALID_CONFIGURATION, prefix + ".interval must be positive");
            }
            out.add(new Feed(name, kind, url, auth, interval, tenant, Math.max(1, s.integer("limit", 500)),
                    tlp(s, "tlp", "amber"), s.integer("confidence", 50)));
        }
        return out;
    }

    private static Tlp tlp(Settings s, String key, String fallback) {
        String v = s.string(key, fallback);
        return Tlp.parse(v).orElseThrow(() -> new MedsocException(CommonErrorCode.INVALID_CONFIGURATION,
                key + " '" + v + "' is not a TLP label (clear, green, amber, amber+strict, red)"));
    }

    /** The sightings. */
    Sightings sightings() {
        return sightings;
    }

    /** The TAXII server. */
    TaxiiServer taxii() {
        return taxii;
    }

    /** Every configured feed and how its polls went. */
    List<FeedStatus> feeds() {
        List<FeedStatus> out = new ArrayList<>();
        for (Feed f : feeds) {
            FeedStates.State st = states.get(f.key());
            out.add(new FeedStatus(f.name(), f.kind(), f.url().toString(), f.interval(), f.tenant().value(),
                    st.lastAttempt(), st.lastSuccess(), st.lastError(), st.addedAfter(), st.objects()));
        }
        return out;
    }

    private void flush() {
        try {
            sightings.flush();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "flushing sightings failed (kept for the next flush): " + e.getMessage(), e);
        }
    }

    /** Polls one feed now and records the outcome; never throws. */
    void poll(Feed feed) {
        FeedStates.State before;
        try {
            before = states.get(feed.key());
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "intel feed " + feed.key() + ": cannot read its state: " + e.getMessage());
            return;
        }
        Instant attempt = clock.instant();
        try {
            FeedStates.State after = switch (feed.kind()) {
                case "taxii" -> pollTaxii(feed, before, attempt);
                default -> pollMisp(feed, before, attempt);
            };
            states.put(feed.key(), after);
        } catch (RuntimeException e) {
            String reason = String.valueOf(e.getMessage());
            LOG.log(Level.WARNING, "intel feed " + feed.key() + " (" + feed.url() + ") failed: " + reason);
            try {
                states.put(feed.key(), new FeedStates.State(before.addedAfter(), before.digest(), Optional.of(attempt),
                        before.lastSuccess(), Optional.of(reason), before.objects()));
            } catch (RuntimeException e2) {
                LOG.log(Level.WARNING, "intel feed " + feed.key() + ": cannot store its state: " + e2.getMessage());
            }
        }
    }

    private FeedStates.State pollTaxii(Feed feed, FeedStates.State before, Instant attempt) {
        TaxiiClient client = new TaxiiClient(http, feed.url(), feed.authorization());
        TaxiiClient.Poll p = client.poll(before.addedAfter().map(Instant::parse), feed.limit());
        if (!p.objects().isEmpty()) {
            String bundle = "taxii-" + feed.name();
            ImportResult r = library.mergeStix(bundle, p.objects());
            recordSightings(feed, bundle, p.objects());
            LOG.log(Level.INFO, "intel feed " + feed.key() + ": " + p.objects().size() + " objects in " + p.pages()
                    + " pages; bundle " + bundle + " now holds " + r.indicators().size() + " indicators");
        }
        return new FeedStates.State(p.addedAfter().map(StixBundles::stamp), before.digest(), Optional.of(attempt),
                Optional.of(attempt), Optional.empty(), before.objects() + p.objects().size());
    }

    /** The feed's new sighting objects become NODE sightings of the feed's tenant. */
    private void recordSightings(Feed feed, String bundle, List<JsonNode> polled) {
        List<JsonNode> fresh = polled.stream().filter(o -> "sighting".equals(o.path("type").asText())).toList();
        if (fresh.isEmpty()) {
            return;
        }
        ObjectNode b = JSON.createObjectNode();
        b.put("type", "bundle");
        b.put("id", "bundle--00000000-0000-4000-8000-000000000000");
        ArrayNode objects = b.putArray("objects");
        try {
            for (JsonNode o : JSON.readTree(library.bundleText(bundle).orElse("{}")).path("objects")) {
                if (!"sighting".equals(o.path("type").asText())) {
                    objects.add(o);
                }
            }
        } catch (IOException e) {
            return;
        }
        fresh.forEach(objects::add);
        for (Sighting s : StixBundles.read(b.toString(), "taxii:" + feed.name(), Tlp.AMBER).sightings()) {
            sightings.report(feed.tenant(), s, SightingOrigin.NODE);
        }
    }

    private FeedStates.State pollMisp(Feed feed, FeedStates.State before, Instant attempt) {
        String base = feed.url().toString().endsWith("/") ? feed.url().toString() : feed.url() + "/";
        URI manifest = URI.create(base + "manifest.json");
        byte[] bytes;
        try {
            HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(manifest).timeout(Duration.ofSeconds(60))
                    .header("Accept", "application/json").GET().build(), HttpResponse.BodyHandlers.ofByteArray());
            if (r.statusCode() != 200) {
                throw new MedsocException(org.medsoc.intel.IntelErrorCode.FEED_UNAVAILABLE, "GET " + manifest
                        + " answered HTTP " + r.statusCode() + "; check the feed URL");
            }
            bytes = r.body();
        } catch (IOException e) {
            throw new MedsocException(org.medsoc.intel.IntelErrorCode.FEED_UNAVAILABLE, "GET " + manifest + " failed: "
                    + e + "; check the feed URL and the network", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MedsocException(org.medsoc.intel.IntelErrorCode.FEED_UNAVAILABLE, "interrupted", e);
        }
        String digest = sha256(bytes);
        if (before.digest().equals(Optional.of(digest))) {
            return new FeedStates.State(before.addedAfter(), before.digest(), Optional.of(attempt),
                    Optional.of(attempt), Optional.empty(), before.objects());
        }
        MispOptions options = new MispOptions("misp:" + feed.name(), feed.tlp(), feed.confidence(), Optional.empty(),
                false);
        ImportResult r = MispFeeds.readHttp(URI.create(base), http, options);
        if (r.indicators().isEmpty()) {
            throw new MedsocException(org.medsoc.intel.IntelErrorCode.INVALID_MISP_FEED, "the MISP feed has no usable"
                    + " indicator" + (r.problems().isEmpty() ? "" : "; problems: " + r.problems()));
        }
        library.importStix("misp-" + feed.name(), StixBundles.write(r.indicators(), List.of(), attempt));
        LOG.log(Level.INFO, "intel feed " + feed.key() + ": " + r.indicators().size() + " indicators, "
                + r.problems().size() + " problems");
        return new FeedStates.State(before.addedAfter(), Optional.of(digest), Optional.of(attempt),
                Optional.of(attempt), Optional.empty(), r.indicators().size());
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from the JVM", e);
        }
    }

    /** Stops polling and writes the sightings still counted in memory. */
    @Override
    public void close() {
        scheduler.shutdownNow();
        try {
            scheduler.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        flush();
    }

    @Override
    public String toString() {
        return "IntelFeeds" + feeds.stream().map(Feed::key).toList();
    }
}
