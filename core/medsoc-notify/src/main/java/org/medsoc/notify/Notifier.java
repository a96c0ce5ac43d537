package org.medsoc.notify;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.LongSupplier;
import org.medsoc.common.Settings;
import org.medsoc.notify.internal.TokenBucket;
import org.medsoc.spi.error.MedsocException;

/**
 * The sending facade: looks up a channel by name, applies its rate limit, makes one delivery attempt and returns the
 * classified result. When a channel is over its limit the answer is a {@link DeliveryResult.TransientFailure} with
 * the time until the next slot, and nothing is sent. Thread-safe; no retries, queues or metrics here.
 *
 * <p>Configuration: {@code notify.channel.<name>.type} plus the type's keys (see each channel's {@code Config}), and
 * {@code notify.channel.<name>.rate-limit-per-minute} (default per type: DingTalk and WeCom 20, Feishu 100, webhook
 * 60, SMS 30, e-mail 60).
 */
public final class Notifier implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(Notifier.class.getName());

    private record Entry(Channel channel, TokenBucket bucket) {}

    private final Map<String, Entry> channels;

    private Notifier(Map<String, Entry> channels) {
        this.channels = Collections.unmodifiableMap(channels);
    }

    /** A builder to add channels one by one. */
    public static Builder builder() {
        return new Builder();
    }

    /** A notifier for every channel under {@code notify.channel.} in the settings. */
    public static Notifier fromSettings(Settings settings) {
        requireNonNull(settings, "settings is null");
        Builder builder = builder();
        Settings all = settings.section("notify.channel");
        Set<String> names = new TreeSet<>();
        for (String key : all.asMap().keySet()) {
            int dot = key.indexOf('.');
            if (dot > 0) {
                names.add(key.substring(0, dot));
            }
        }
        try {
            for (String name : names) {
                Settings section = all.section(name);
                Channel channel = Channels.create(name, section);
                builder.channel(
                        channel,
                        section.integer("rate-limit-per-minute", channel.type().defaultRatePerMinute()));
            }
        } catch (RuntimeException e) {
            builder.closeAll();
            throw e;
        }
        return builder.build();
    }

    /**
     * Sends through the named channel unless it is over its rate limit.
     *
     * @throws MedsocException with {@link NotifyErrorCode#UNKNOWN_CHANNEL} when no such channel is configured
     */
    public DeliveryResult send(String channelName, Notification notification) {
        requireNonNull(channelName, "channelName is null");
        requireNonNull(notification, "notification is null");
        Entry entry = channels.get(channelName);
        if (entry == null) {
            throw new MedsocException(
                    NotifyErrorCode.UNKNOWN_CHANNEL,
                    "no notification channel '" + channelName + "'; configured: " + new TreeSet<>(channels.keySet())
                            + "; add notify.channel." + channelName + ".type");
        }
        long waitNanos = entry.bucket().tryAcquire();
        if (waitNanos > 0) {
            Duration wait = Duration.ofNanos(waitNanos);
            return DeliveryResult.transientFailure(
                    "channel " + channelName + " is over its limit of " + entry.bucket().perMinute()
                            + " messages per minute; not sent",
                    wait);
        }
        try {
            return entry.channel().send(notification);
        } catch (RuntimeException e) {
            // a bug in a channel must not take down the caller's alert path; log once with tenant and channel
            LOG.log(
                    System.Logger.Level.ERROR,
                    "channel " + channelName + " failed unexpectedly for tenant " + notification.tenant(),
                    e);
            return DeliveryResult.permanentFailure("channel " + channelName + " failed unexpectedly: " + e);
        }
    }

    /** The configured channel names. */
    public Set<String> channelNames() {
        return channels.keySet();
    }

    /** The channel configured under a name, if any. */
    public Optional<Channel> channel(String name) {
        Entry e = channels.get(name);
        return e == null ? Optional.empty() : Optional.of(e.channel());
    }

    /** Closes every channel. */
    @Override
    public void close() {
        channels.values().forEach(e -> e.channel().close());
    }

    /** Builds a {@link Notifier}. */
    public static final class Builder {
        private final Map<String, Channel> channels = new LinkedHashMap<>();
        private final Map<String, Integer> limits = new LinkedHashMap<>();
        private LongSupplier nanoTime = System::nanoTime;

        private Builder() {}

        /** Adds a channel with its type's default rate limit. */
        public Builder channel(Channel channel) {
            return channel(channel, channel.type().defaultRatePerMinute());
        }

        /** Adds a channel allowing {@code perMinute} messages per minute (a burst of that many, then a steady rate). */
        public Builder channel(Channel channel, int perMinute) {
            requireNonNull(channel, "channel is null");
            if (perMinute < 1) {
                throw new MedsocException(
                        NotifyErrorCode.INVALID_CHANNEL_CONFIGURATION,
                        "notify.channel." + channel.name() + ".rate-limit-per-minute is " + perMinute
                                + "; expected at least 1");
            }
            if (channels.containsKey(channel.name())) {
                throw new MedsocException(
                        NotifyErrorCode.INVALID_CHANNEL_CONFIGURATION, "two channels are named '" + channel.name() + "'");
            }
            channels.put(channel.name(), channel);
            limits.put(channel.name(), perMinute);
            return this;
        }

        /** The nanosecond ticker of the rate limits (default {@link System#nanoTime()}); tests pass a controllable one. */
        public Builder ticker(LongSupplier nanoTime) {
            this.nanoTime = requireNonNull(nanoTime, "nanoTime is null");
            return this;
        }

        /** The notifier. */
        public Notifier build() {
            Map<String, Entry> built = new LinkedHashMap<>();
            channels.forEach((name, channel) ->
                    built.put(name, new Entry(channel, new TokenBucket(limits.getOrDefault(name, 1), nanoTime))));
            return new Notifier(built);
        }

        void closeAll() {
            channels.values().forEach(Channel::close);
        }
    }
}
