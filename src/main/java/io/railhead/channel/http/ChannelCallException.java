package io.railhead.channel.http;

import java.io.IOException;
import java.time.Duration;

/**
 * A channel API call that did not succeed, classified: {@link #transientFailure()} for a timeout,
 * a broken connection, 408, 429 or 5xx that was still failing after the last attempt (worth
 * repeating later: the next poll, the queue's redelivery), otherwise a refusal (other 4xx) that
 * the same call will meet again. An {@link IOException}, so queue consumers retry it.
 */
public class ChannelCallException extends IOException {

    private final int status;
    private final boolean transientFailure;
    private final transient Duration retryAfter;

    public ChannelCallException(String message, int status, boolean transientFailure, Duration retryAfter,
                                Throwable cause) {
        super(message, cause);
        this.status = status;
        this.transientFailure = transientFailure;
        this.retryAfter = retryAfter;
    }

    /** The HTTP status, or 0 when no answer came. */
    public int status() {
        return status;
    }

    public boolean transientFailure() {
        return transientFailure;
    }

    /** The wait the channel asked for, if it did. */
    public Duration retryAfter() {
        return retryAfter;
    }
}
