package io.railhead.fulfillment;

import java.time.Instant;
import java.time.LocalDate;

/**
 * A fulfillment request as {@link NodeRequests} keeps it: the request, the node's day it counts on, where it
 * stands, how many times it was sent and the node's last answer or failure; once cancelled, whether the node is
 * owed (or was given) a cancel call ({@code cancelStatus}, null when none is owed) and its answer.
 */
public record NodeRequest(FulfillmentRequest request, LocalDate nodeDay, NodeRequestStatus status, int attempts,
                          String lastError, String correlationId, Instant createdAt, Instant updatedAt,
                          CancelStatus cancelStatus, String cancelAnswer) {

    /** The cancel call a cancelled request owes its node: OWED until the node answers. */
    public enum CancelStatus {
        OWED, SENT, REFUSED, DEAD
    }

    public String fulfillmentId() {
        return request.fulfillmentId();
    }
}
