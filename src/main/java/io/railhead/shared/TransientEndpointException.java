package io.railhead.shared;

import java.time.Duration;

/**
 * A failure of an outbound call that is worth retrying (timeout, 408, 429, 5xx). Carries the
 * wait the endpoint asked for in {@code Retry-After}, if any. Permanent failures are never
 * thrown as this type: they become holds.
 */
public class TransientEndpointException extends RuntimeException {

    private final transient Duration retryAfter;

    public TransientEndpointException(String message, Duration retryAfter) {
        super(message);
        this.retryAfter = retryAfter;
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}
