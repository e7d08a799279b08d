package io.railhead.shared;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Optional;

/**
 * Reads an HTTP {@code Retry-After} value the way every endpoint and channel API may send it:
 * delta-seconds (whole, or decimal as Shopify's REST API sends "2.0") or an HTTP date. One parser
 * for the ERP delivery and all channel clients, so they agree on what a wait means.
 */
public final class RetryAfter {

    private RetryAfter() {
    }

    /** The wait asked for, never negative; empty when the value is absent or not understood. */
    public static Optional<Duration> parse(String value, Instant now) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        String v = value.trim();
        try {
            long millis = (long) Math.ceil(Double.parseDouble(v) * 1000);
            return Optional.of(Duration.ofMillis(Math.max(0, millis)));
        } catch (NumberFormatException e) {
            try {
                Duration d = Duration.between(now, ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
                return Optional.of(d.isNegative() ? Duration.ZERO : d);
            } catch (RuntimeException ignored) {
                return Optional.empty();
            }
        }
    }

    public static Optional<Duration> parse(String value) {
        return parse(value, Instant.now());
    }
}
