package io.railhead.channel.http;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * A channel's own way of saying "slower": headers or body fields beyond the standard 429 and
 * {@code Retry-After} that {@link ChannelHttp} reads for every channel. Amazon reports the
 * operation's rate ({@code x-amzn-RateLimit-Limit}), Walmart when its window refills, Shopify's
 * GraphQL the query cost left; each adapter states its rules once in an implementation of this.
 */
public interface ChannelThrottle {

    /** None beyond the standard ones. */
    ChannelThrottle STANDARD = new ChannelThrottle() {
    };

    /** Every answer, good or bad: may follow a reported rate or pause the operation's bucket. */
    default void observe(ChannelAnswer answer, TokenBucket bucket, Instant now) {
    }

    /** Whether the answer means "too many requests" (a 429, or a throttled error inside a 200). */
    default boolean throttled(ChannelAnswer answer) {
        return answer.status() == 429;
    }

    /** The wait the channel asks for when it sent no {@code Retry-After}. */
    default Optional<Duration> requestedWait(ChannelAnswer answer, Instant now) {
        return Optional.empty();
    }
}
