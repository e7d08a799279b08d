package io.railhead.fulfillment;

import java.time.Instant;
import java.time.LocalDate;

/**
 * A fulfillment request as {@link NodeRequests} keeps it: the request, the node's day it counts on, where it
 * stands, how many times it was sent and the node's last answer or failure.
 */
public record NodeRequest(FulfillmentRequest request, LocalDate nodeDay, NodeRequestStatus status, int attempts,
                          String lastError, String correlationId, Instant createdAt, Instant updatedAt) {

    public String fulfillmentId() {
        return request.fulfillmentId();
    }
}
