package io.railhead.channel.walmart;

import io.railhead.channel.http.ChannelAnswer;
import io.railhead.channel.http.ChannelThrottle;
import io.railhead.channel.http.TokenBucket;
import io.railhead.shared.RetryAfter;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Function;

/**
 * How long Walmart wants us to wait, read from a response's headers: {@code Retry-After}
 * (seconds or an HTTP date) first, then the rate-limit window's end in
 * {@code x-next-replenish-time} / {@code x-next-replenishment-time} (epoch milliseconds, epoch
 * seconds or an ISO instant); without either, ChannelHttp backs off. Every wait is capped, so a
 * wrong header cannot park a poller for hours. {@link #RULES} tells {@link WalmartApiClient}'s
 * {@code ChannelHttp} about the replenish headers, and pauses the account when a good answer says
 * its window is spent.
 */
final class WalmartThrottle {

    /** Walmart's throttle headers for {@code ChannelHttp}; {@code Retry-After} it reads itself. */
    static final ChannelThrottle RULES = new ChannelThrottle() {
        @Override
        public void observe(ChannelAnswer answer, TokenBucket bucket, Instant now) {
            if (answer.ok()) {
                exhaustedWindow(answer::header, now).ifPresent(bucket::pauseFor);
            }
        }

        @Override
        public Optional<Duration> requestedWait(ChannelAnswer answer, Instant now) {
            return WalmartThrottle.requestedWait(answer::header, now);
        }
    };

    static final Duration MAX_WAIT = Duration.ofMinutes(5);
    private static final Duration FIRST_BACKOFF = Duration.ofSeconds(1);
    private static final String[] REPLENISH_HEADERS = {"x-next-replenish-time", "x-next-replenishment-time"};

    private WalmartThrottle() {
    }

    /** The wait the headers ask for, if they ask for one. */
    static Optional<Duration> requestedWait(Function<String, Optional<String>> header, Instant now) {
        Optional<Duration> retryAfter = header.apply("Retry-After").flatMap(v -> RetryAfter.parse(v, now));
        if (retryAfter.isPresent()) {
            return retryAfter.map(WalmartThrottle::cap);
        }
        for (String name : REPLENISH_HEADERS) {
            Optional<Duration> untilReplenished = header.apply(name).flatMap(v -> until(v, now));
            if (untilReplenished.isPresent()) {
                return untilReplenished.map(WalmartThrottle::cap);
            }
        }
        return Optional.empty();
    }

    /** After a successful answer: when the window has no calls left, the wait until it is replenished. */
    static Optional<Duration> exhaustedWindow(Function<String, Optional<String>> header, Instant now) {
        boolean empty = header.apply("x-current-token-count").map(String::trim).map(v -> {
            try {
                return Double.parseDouble(v) <= 0;
            } catch (NumberFormatException e) {
                return false;
            }
        }).orElse(false);
        if (!empty) {
            return Optional.empty();
        }
        for (String name : REPLENISH_HEADERS) {
            Optional<Duration> wait = header.apply(name).flatMap(v -> until(v, now));
            if (wait.isPresent()) {
                return wait.map(WalmartThrottle::cap);
            }
        }
        return Optional.of(FIRST_BACKOFF);
    }

    private static Optional<Duration> until(String value, Instant now) {
        String v = value.trim();
        try {
            long n = Long.parseLong(v);
            Instant at = n >= 100_000_000_000L ? Instant.ofEpochMilli(n) : Instant.ofEpochSecond(n);
            return Optional.of(nonNegative(Duration.between(now, at)));
        } catch (NumberFormatException e) {
            try {
                return Optional.of(nonNegative(Duration.between(now, Instant.parse(v))));
            } catch (RuntimeException ignored) {
                return Optional.empty();
            }
        }
    }

    private static Duration nonNegative(Duration d) {
        return d.isNegative() ? Duration.ZERO : d;
    }

    private static Duration cap(Duration d) {
        return d.compareTo(MAX_WAIT) > 0 ? MAX_WAIT : d;
    }
}
