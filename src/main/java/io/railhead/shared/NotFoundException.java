package io.railhead.shared;

/**
 * What an ops API call names does not exist (an order, an archived file, a document): answered 404
 * with this message as the reason by {@link ApiErrors}. Each capability extends it for its own things,
 * so the shared web layer needs to know none of them.
 */
public class NotFoundException extends RuntimeException {

    public NotFoundException(String message) {
        super(message);
    }
}
