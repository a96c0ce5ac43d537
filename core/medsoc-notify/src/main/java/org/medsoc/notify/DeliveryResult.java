package org.medsoc.notify;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Optional;

/**
 * The outcome of one attempt to deliver a notification through a channel. Only a {@link TransientFailure} is worth
 * retrying; a {@link PermanentFailure} fails again until someone fixes the configuration or the message.
 */
public sealed interface DeliveryResult
        permits DeliveryResult.Delivered, DeliveryResult.TransientFailure, DeliveryResult.PermanentFailure {

    /** The provider accepted the message; {@code providerMessageId} is its id when the provider returns one. */
    record Delivered(Optional<String> providerMessageId) implements DeliveryResult {
        public Delivered {
            requireNonNull(providerMessageId, "providerMessageId is null");
        }
    }

    /**
     * The attempt failed for a reason expected to pass: network error, timeout, HTTP 5xx or 429, a provider rate
     * limit, or the local rate limit. {@code retryAfter} is the provider's or the limiter's hint when known.
     */
    record TransientFailure(String reason, Optional<Duration> retryAfter) implements DeliveryResult {
        public TransientFailure {
            requireNonNull(reason, "reason is null");
            requireNonNull(retryAfter, "retryAfter is null");
        }
    }

    /** The provider rejected the message for a reason that a retry does not fix: bad signature, token, keyword, 4xx. */
    record PermanentFailure(String reason) implements DeliveryResult {
        public PermanentFailure {
            requireNonNull(reason, "reason is null");
        }
    }

    /** Delivered without a provider message id. */
    static DeliveryResult delivered() {
        return new Delivered(Optional.empty());
    }

    /** Delivered with the provider's message id. */
    static DeliveryResult delivered(String providerMessageId) {
        return new Delivered(Optional.of(providerMessageId));
    }

    /** A transient failure without a retry hint. */
    static DeliveryResult transientFailure(String reason) {
        return new TransientFailure(reason, Optional.empty());
    }

    /** A transient failure to be retried after {@code retryAfter}. */
    static DeliveryResult transientFailure(String reason, Duration retryAfter) {
        return new TransientFailure(reason, Optional.of(retryAfter));
    }

    /** A permanent failure. */
    static DeliveryResult permanentFailure(String reason) {
        return new PermanentFailure(reason);
    }

    /** Whether the message reached the provider. */
    default boolean isDelivered() {
        return this instanceof Delivered;
    }
}
