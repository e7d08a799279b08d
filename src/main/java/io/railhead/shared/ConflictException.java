package io.railhead.shared;

/**
 * What an ops API call asks for contradicts the state of the thing it names (release an order that
 * is not held): answered 409 with this message as the reason by {@link ApiErrors}.
 */
public class ConflictException extends RuntimeException {

    public ConflictException(String message) {
        super(message);
    }
}
