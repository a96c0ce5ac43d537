package org.medsoc.oncall;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;
import org.medsoc.notify.Language;
import org.medsoc.spi.event.TenantId;

/**
 * A person who can be paged.
 *
 * @param tenant the tenant the contact belongs to
 * @param id a stable id, unique within the tenant (for example the user name)
 * @param name the display name
 * @param channels the ways to reach the person, in order of preference
 * @param language the language messages to this person are written in
 */
public record Contact(TenantId tenant, String id, String name, List<ContactChannel> channels, Language language) {
    /** Validates and copies the values. */
    public Contact {
        requireNonNull(tenant, "tenant is null");
        requireNonNull(id, "id is null");
        requireNonNull(name, "name is null");
        channels = List.copyOf(requireNonNull(channels, "channels is null"));
        requireNonNull(language, "language is null");
        if (id.isBlank()) {
            throw new IllegalArgumentException("contact id is blank");
        }
    }

    /** The contact's entry for a notifier channel, if the contact has one. */
    public Optional<ContactChannel> channel(String channelName) {
        for (ContactChannel c : channels) {
            if (c.channel().equals(channelName)) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }
}
