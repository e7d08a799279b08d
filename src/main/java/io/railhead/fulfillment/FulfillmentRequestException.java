package io.railhead.fulfillment;

import java.util.List;

/**
 * A shipment or return the hub does not take, with the HTTP status to answer (400 unreadable, 404 unknown
 * order, 409 an order in the wrong state, 422 does not fit the order) and every reason found.
 */
public class FulfillmentRequestException extends RuntimeException {

    private final int status;
    private final List<String> reasons;

    public FulfillmentRequestException(int status, List<String> reasons) {
        super(String.join("; ", reasons));
        this.status = status;
        this.reasons = List.copyOf(reasons);
    }

    public FulfillmentRequestException(int status, String reason) {
        this(status, List.of(reason));
    }

    public int status() {
        return status;
    }

    public List<String> reasons() {
        return reasons;
    }
}
