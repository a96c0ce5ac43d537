package org.medsoc.intel;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Where a polled feed stands: its name and kind ({@code taxii} or {@code misp}), URL, poll interval, the tenant its
 * sightings belong to, the last attempt and success, the last failure's reason (empty after a success), the
 * {@code added_after} resumed from (TAXII) and how many objects or indicators all polls brought.
 */
public record FeedStatus(
        String name,
        String kind,
        String url,
        Duration interval,
        String tenant,
        Optional<Instant> lastAttempt,
        Optional<Instant> lastSuccess,
        Optional<String> lastError,
        Optional<String> addedAfter,
        long objects) {
    public FeedStatus {
        requireNonNull(name, "name is null");
        requireNonNull(kind, "kind is null");
        requireNonNull(url, "url is null");
        requireNonNull(interval, "interval is null");
        requireNonNull(tenant, "tenant is null");
        requireNonNull(lastAttempt, "lastAttempt is null");
        requireNonNull(lastSuccess, "lastSuccess is null");
        requireNonNull(lastError, "lastError is null");
        requireNonNull(addedAfter, "addedAfter is null");
    }
}
