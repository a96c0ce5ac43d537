package org.medsoc.parse;

import static java.util.Objects.requireNonNull;

import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.medsoc.parse.internal.AddressMatcher;
import org.medsoc.parse.internal.Decoder;
import org.medsoc.parse.internal.Text;
import org.medsoc.parse.internal.Timestamps;
import org.medsoc.parse.syslog.SyslogHeader;
import org.medsoc.spi.error.MedsocException;
import org.medsoc.spi.event.Event;
import org.medsoc.spi.event.Fields;
import org.medsoc.spi.event.RawMessage;

/**
 * Turns a {@link RawMessage} into a normalised {@link Event}: decodes the bytes (UTF-8, else GB18030), reads the
 * syslog header if any, parses the payload in the format of the first matching {@link SourceProfile} (or the
 * detected one) and tags the event with its tenant, receiver, peer, parser and profile. A message that cannot be
 * parsed becomes a dead-letter event ({@code event.kind: pipeline_error}) that keeps the original and the reason.
 *
 * <p>Auto-detection order: CEF, LEEF, JSON, Linux auth (by syslog app name), access log, key=value; text nothing
 * detects is kept as {@code message} ({@code medsoc.parser: plain}). Thread-safe and stateless per message.
 */
public final class LogParser {
    /* Invariants: parse() never throws; every outcome's event has the message's tenant and a non-null original.
       Parsers are stateless, so one LogParser serves all ingest threads. */
    private static final System.Logger LOG = System.getLogger(LogParser.class.getName());
    private static final int HEADERS = SyslogHeader.Kind.values().length;

    private final CompiledProfile[] profiles;
    private final CompiledProfile fallback;
    private final int maxMessageBytes;
    private final PayloadParser[] parsers;
    private final String[][] parserNames;
    private final AtomicLong internalErrors = new AtomicLong();

    private static final int CEF = 0, LEEF = 1, JSON = 2, LINUX_AUTH = 3, ACCESS_LOG = 4, KV = 5;

    private LogParser(List<SourceProfile> profiles, ZoneId defaultZone, int maxMessageBytes) {
        this.maxMessageBytes = maxMessageBytes;
        this.profiles = new CompiledProfile[profiles.size()];
        for (int i = 0; i < profiles.size(); i++) {
            this.profiles[i] = new CompiledProfile(profiles.get(i), defaultZone);
        }
        this.fallback = new CompiledProfile(null, defaultZone);
        this.parsers = new PayloadParser[] {new CefPayloadParser(), new LeefPayloadParser(), new JsonPayloadParser(),
            new LinuxAuthPayloadParser(), new AccessLogPayloadParser(), new KeyValuePayloadParser()};
        this.parserNames = new String[HEADERS][parsers.length + 1];
        for (SyslogHeader.Kind k : SyslogHeader.Kind.values()) {
            String prefix = k == SyslogHeader.Kind.NONE ? "" : headerName(k) + "+";
            for (int i = 0; i < parsers.length; i++) {
                parserNames[k.ordinal()][i] = prefix + parsers[i].name();
            }
            parserNames[k.ordinal()][parsers.length] = k == SyslogHeader.Kind.NONE ? "plain" : headerName(k);
        }
    }

    /**
     * Creates a parser.
     *
     * @param profiles source profiles in matching order; the first that matches a message's receiver and peer wins
     * @param defaultZone the zone of timestamps without offset when the profile names none
     * @param maxMessageBytes longer messages are dead-lettered as truncated
     */
    public static LogParser create(List<SourceProfile> profiles, ZoneId defaultZone, int maxMessageBytes) {
        requireNonNull(profiles, "profiles is null");
        requireNonNull(defaultZone, "defaultZone is null");
        if (maxMessageBytes <= 0) {
            throw new MedsocException(ParseErrorCode.INVALID_PARSER_CONFIGURATION,
                    "maximum message size must be positive, was " + maxMessageBytes);
        }
        return new LogParser(List.copyOf(profiles), defaultZone, maxMessageBytes);
    }

    /** Parses one message. Never throws for any input; thread-safe. */
    public ParseOutcome parse(RawMessage message) {
        CompiledProfile profile = fallback;
        try {
            profile = select(message);
            return parse(message, profile);
        } catch (RuntimeException | StackOverflowError e) {
            long count = internalErrors.incrementAndGet();
            if (Long.bitCount(count) == 1) {
                LOG.log(System.Logger.Level.WARNING, "parser failed on a message from receiver " + message.receiver()
                        + " of tenant " + message.tenant() + " (" + count + " such failures so far)", e);
            }
            byte[] b = message.payload();
            int n = Math.min(Decoder.trimmedLength(b, b.length), maxMessageBytes);
            Kept kept = keep(b, n);
            return dead(message, profile, kept.text, kept.encoding, "internal",
                    "internal parser error: " + e.getClass().getSimpleName()
                            + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        }
    }

    private ParseOutcome parse(RawMessage m, CompiledProfile profile) {
        byte[] b = m.payload();
        int n = Decoder.trimmedLength(b, b.length);
        if (m.truncated() || n > maxMessageBytes) {
            int keepBytes = Math.min(n, maxMessageBytes);
            Kept kept = keep(b, keepBytes);
            String reason = m.truncated()
                    ? "message truncated at " + n + " bytes by receiver " + m.receiver() + " (limit "
                            + maxMessageBytes + " bytes)"
                    : "message truncated at " + maxMessageBytes + " bytes (limit " + maxMessageBytes + " bytes, "
                            + n + " bytes received)";
            return dead(m, profile, kept.text, kept.encoding, "decode", reason);
        }
        if (n == 0) {
            return dead(m, profile, "", null, "decode", "empty message");
        }
        String binary = Decoder.binaryReason(b, n);
        if (binary != null) {
            return dead(m, profile, Decoder.base64(b, n), "base64", "decode", binary);
        }
        String text;
        String encoding = null;
        if (Decoder.isUtf8(b, n)) {
            text = Decoder.utf8(b, n);
        } else {
            String gb = Decoder.gb18030(b, n);
            if (gb == null) {
                return dead(m, profile, Decoder.base64(b, n), "base64", "decode",
                        "payload is neither valid UTF-8 nor valid GB18030 text");
            }
            text = gb;
            encoding = "GB18030";
        }
        if (text.charAt(0) == '\uFEFF') {
            text = text.substring(1);
        }
        Event event = new Event(m.tenant(), m.receivedAt(), text);
        event.add(Fields.EVENT_KIND, "event");
        tag(event, m, profile, encoding);
        SyslogHeader header = new SyslogHeader().parse(text, profile.zone, m.receivedAt(), event);
        String headerError = header.error();
        if (headerError != null) {
            return dead(m, profile, text, encoding, headerName(header.kind()), headerError);
        }
        if (header.timestamp() != Timestamps.INVALID) {
            event.timestamp(header.timestamp());
        }
        int start = header.kind() == SyslogHeader.Kind.NONE ? 0 : header.payloadStart();
        String payload = start == 0 ? text : text.substring(start);
        ParseContext context =
                new ParseContext(profile.zone, m.receivedAt(), header.appName(), profile.vendor, profile.product);
        int chosen = choose(profile.format, payload, context);
        String[] names = parserNames[header.kind().ordinal()];
        if (chosen >= 0) {
            String reason = parsers[chosen].parse(payload, context, event);
            if (reason != null) {
                return dead(m, profile, text, encoding, names[chosen], reason);
            }
        } else {
            Text.put(event, Fields.MESSAGE, payload);
        }
        event.add(Fields.MEDSOC_PARSER, names[chosen >= 0 ? chosen : parsers.length]);
        return new ParseOutcome.Parsed(event);
    }

    /** Index of the parser for the payload, or -1 for plain text. */
    private int choose(Format format, String payload, ParseContext context) {
        return switch (format) {
            case CEF -> CEF;
            case LEEF -> LEEF;
            case JSON -> JSON;
            case LINUX_AUTH -> LINUX_AUTH;
            case ACCESS_LOG -> ACCESS_LOG;
            case KV -> KV;
            case PLAIN -> -1;
            case AUTO -> {
                if (payload.isEmpty()) {
                    yield -1;
                }
                for (int i = 0; i < parsers.length; i++) {
                    if (parsers[i].detects(payload, context)) {
                        yield i;
                    }
                }
                yield -1;
            }
        };
    }

    private CompiledProfile select(RawMessage m) {
        CompiledProfile[] ps = profiles;
        if (ps.length == 0) {
            return fallback;
        }
        byte[] peer = null;
        boolean peerParsed = false;
        for (CompiledProfile p : ps) {
            if (!p.profile().matchesReceiver(m.receiver())) {
                continue;
            }
            if (p.peers.length == 0) {
                return p;
            }
            if (!peerParsed) {
                peer = AddressMatcher.address(m.peer());
                peerParsed = true;
            }
            for (AddressMatcher a : p.peers) {
                if (a.matches(peer)) {
                    return p;
                }
            }
        }
        return fallback;
    }

    private static void tag(Event event, RawMessage m, CompiledProfile profile, @Nullable String encoding) {
        event.add(Fields.EVENT_INGESTED, Long.toString(m.receivedAt()));
        event.add(Fields.MEDSOC_RECEIVER, m.receiver());
        if (!m.peer().isEmpty() && Text.isIp(m.peer())) {
            event.add(Fields.MEDSOC_PEER, m.peer());
        }
        if (profile.name != null) {
            event.add(Fields.MEDSOC_PROFILE, profile.name);
        }
        if (profile.businessSystem != null) {
            event.add(Fields.MEDSOC_BUSINESS_SYSTEM, profile.businessSystem);
        }
        if (profile.vendor != null) {
            event.add(Fields.OBSERVER_VENDOR, profile.vendor);
        }
        if (profile.product != null) {
            event.add(Fields.OBSERVER_PRODUCT, profile.product);
        }
        if (encoding != null) {
            event.add(Fields.MEDSOC_ORIGINAL_ENCODING, encoding);
        }
    }

    private static ParseOutcome dead(RawMessage m, CompiledProfile profile, String original,
            @Nullable String encoding, String stage, String reason) {
        Event event = new Event(m.tenant(), m.receivedAt(), original);
        event.add(Fields.EVENT_KIND, "pipeline_error");
        event.add(Fields.ERROR_TYPE, "parse");
        event.add(Fields.ERROR_MESSAGE, reason);
        tag(event, m, profile, encoding);
        event.add(Fields.MEDSOC_PARSER, stage);
        return new ParseOutcome.DeadLettered(event, reason);
    }

    private record Kept(String text, @Nullable String encoding) {}

    /** What to keep of a message that is dead-lettered before parsing: text if it decodes, else base64. */
    private static Kept keep(byte[] b, int n) {
        if (n == 0) {
            return new Kept("", null);
        }
        if (Decoder.binaryReason(b, n) == null) {
            int whole = Decoder.withoutPartialUtf8Tail(b, n);
            if (Decoder.isUtf8(b, whole)) {
                return new Kept(Decoder.utf8(b, whole), null);
            }
            String gb = Decoder.gb18030(b, n);
            if (gb == null && n > 1) {
                gb = Decoder.gb18030(b, n - 1); // a cut inside a two-byte character
            }
            if (gb != null) {
                return new Kept(gb, "GB18030");
            }
        }
        return new Kept(Decoder.base64(b, n), "base64");
    }

    private static String headerName(SyslogHeader.Kind kind) {
        return switch (kind) {
            case NONE -> "syslog";
            case RFC5424 -> "rfc5424";
            case RFC3164 -> "rfc3164";
        };
    }

    /** A profile with its peers parsed and its zone resolved; the fallback has no profile. */
    private static final class CompiledProfile {
        private final @Nullable SourceProfile source;
        private final AddressMatcher[] peers;
        private final ZoneId zone;
        private final Format format;
        private final @Nullable String name;
        private final @Nullable String vendor;
        private final @Nullable String product;
        private final @Nullable String businessSystem;

        CompiledProfile(@Nullable SourceProfile p, ZoneId defaultZone) {
            this.source = p;
            if (p == null) {
                peers = new AddressMatcher[0];
                zone = defaultZone;
                format = Format.AUTO;
                name = null;
                vendor = null;
                product = null;
                businessSystem = null;
                return;
            }
            peers = p.peers().stream().map(AddressMatcher::parse).toArray(AddressMatcher[]::new);
            zone = p.zone().orElse(defaultZone);
            format = p.format();
            name = p.name();
            vendor = p.vendor();
            product = p.product();
            businessSystem = p.businessSystem();
        }

        SourceProfile profile() {
            return requireNonNull(source, "fallback profile is never matched");
        }
    }
}
