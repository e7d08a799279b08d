package io.railhead.shared;

/**
 * A failure of an outbound call that no retry will fix (a partner's server refused our key or host
 * key, an AS2 partner answered with a negative receipt): the message goes to its dead-letter queue
 * with the cause at once, instead of being redelivered and sent to the partner again and again.
 * An operator fixes the cause and replays the dead letter.
 */
public class PermanentEndpointException extends RuntimeException {

    private final String response;

    public PermanentEndpointException(String message) {
        this(message, (String) null);
    }

    public PermanentEndpointException(String message, Throwable cause) {
        super(message, cause);
        this.response = null;
    }

    /** @param response what the endpoint answered (kept on the dead letter, truncated) */
    public PermanentEndpointException(String message, String response) {
        super(message);
        this.response = TransientEndpointException.truncate(response);
    }

    /** The endpoint's answer, truncated; null when it gave none. */
    public String response() {
        return response;
    }
}
