package io.railhead.shared;

/**
 * A queued message names a record the store does not have (an order id with no order row, a
 * document with no outbound row). Never a reason to drop the message quietly: it is an error with
 * this cause, rolled back and redelivered like any unexpected failure (a store that was briefly
 * behind catches up) and then dead-lettered with the cause, where an operator sees it.
 */
public class UnmatchedMessageException extends IllegalStateException {

    public UnmatchedMessageException(String message) {
        super(message);
    }
}
