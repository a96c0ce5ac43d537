package org.medsoc.parse;

import static java.util.Objects.requireNonNull;

import java.time.ZoneId;
import org.jspecify.annotations.Nullable;

/**
 * What a payload parser knows besides the payload.
 *
 * @param zone the time zone of timestamps that carry none (from the source profile; default the node's zone)
 * @param receivedAt when medsoc received the message, epoch millis (fallback timestamp, year inference)
 * @param appName the syslog APP-NAME/TAG of the message, if it had a syslog header (selects sshd, sudo, nginx...)
 * @param vendor the vendor named by the source profile, if any (for key=value dialects)
 * @param product the product named by the source profile, if any
 */
public record ParseContext(
        ZoneId zone, long receivedAt, @Nullable String appName, @Nullable String vendor, @Nullable String product) {
    public ParseContext {
        requireNonNull(zone, "zone is null");
    }
}
