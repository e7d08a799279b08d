package io.railhead.fulfillment;

import java.time.Duration;

/**
 * What a channel made of a relayed shipment: {@code ACCEPTED} (it has the shipment, also when it had it
 * already), {@code RETRY} (not now: throttled, timed out, 5xx; again after {@code retryAfter}, or the
 * caller's back-off when null) or {@code REFUSED} (for good, with the channel's own message).
 */
public record RelayResult(Outcome outcome, String message, Duration retryAfter) {

    public enum Outcome { ACCEPTED, RETRY, REFUSED }

    public static RelayResult accepted(String message) {
        return new RelayResult(Outcome.ACCEPTED, message, null);
    }

    public static RelayResult retry(String message, Duration retryAfter) {
        return new RelayResult(Outcome.RETRY, message, retryAfter);
    }

    public static RelayResult refused(String message) {
        return new RelayResult(Outcome.REFUSED, message, null);
    }
}
