package io.railhead.fulfillment;

/**
 * Where a fulfillment request stands: PENDING until the node answers; ACCEPTED (2xx, or 409: the node already
 * has it); REFUSED (any other 4xx); DEAD (retried until the attempts ran out, then dead-lettered); CANCELLED.
 * Only {@link NodeRequests} changes it.
 */
public enum NodeRequestStatus {
    PENDING, ACCEPTED, REFUSED, DEAD, CANCELLED
}
