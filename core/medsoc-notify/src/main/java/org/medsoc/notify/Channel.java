package org.medsoc.notify;

/**
 * A configured destination for notifications: one robot, endpoint, gateway or mailbox set. {@link #send} makes one
 * attempt and classifies the outcome; it never retries and never throws for delivery failures. Implementations are
 * thread-safe. Secrets never appear in {@code toString()} or in failure reasons.
 */
public sealed interface Channel extends AutoCloseable
        permits DingTalkChannel, WeComChannel, FeishuChannel, WebhookChannel, SmsChannel, EmailChannel {

    /** The name this channel is configured under ({@code notify.channel.<name>}). */
    String name();

    /** The kind of channel. */
    ChannelType type();

    /** Makes one delivery attempt. */
    DeliveryResult send(Notification notification);

    /** Releases the channel's connections. */
    @Override
    void close();
}
