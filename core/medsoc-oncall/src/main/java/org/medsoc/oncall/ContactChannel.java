package org.medsoc.oncall;

import static java.util.Objects.requireNonNull;

/**
 * One way to reach a contact: a channel configured in the {@link org.medsoc.notify.Notifier} and the contact's
 * address on it (phone number, e-mail address, chat user id). The address is passed to the channel as the
 * notification attribute {@code recipient} and named in the message body.
 *
 * @param channel the notifier channel name ({@code notify.channel.<name>})
 * @param address the contact's address on that channel
 */
public record ContactChannel(String channel, String address) {
    /** Validates the values. */
    public ContactChannel {
        requireNonNull(channel, "channel is null");
        requireNonNull(address, "address is null");
        if (channel.isBlank()) {
            throw new IllegalArgumentException("contact channel name is blank");
        }
    }
}
