package io.railhead.shared;

import java.time.Duration;

/**
 * A failure of an outbound call that is worth retrying (timeout, 408, 429, 5xx). Carries the
 * wait the endpoint asked for in {@code Retry-After}, if any, and what the endpoint answered
 * (status and the start of its body), which a dead letter and the order's timeline show.
 * Permanent failures are never thrown as this type: they become holds.
 */
public class TransientEndpointException extends RuntimeException {

    /** How much of an endpoint's answer is kept on a failure. */
    public static final int MAX_RESPONSE = 1000;

    private final transient Duration retryAfter;
    private final String response;

    public TransientEndpointException(String message, Duration retryAfter) {
        this(message, retryAfter, null);
    }

    public TransientEndpointException(String message, Duration retryAfter, String response) {
        super(message);
        this.retryAfter = retryAfter;
        this.response = truncate(response);
    }

    public Duration retryAfter() {
        return retryAfter;
    }

    /** The endpoint's answer, at most {@link #MAX_RESPONSE} characters; null when it gave none. */
    public String response() {
        return response;
    }

    public static String truncate(String s) {
        return s == null || s.length() <= MAX_RESPONSE ? s : s.substring(0, MAX_RESPONSE) + "…";
    }
}
