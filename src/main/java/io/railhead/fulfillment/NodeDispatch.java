package io.railhead.fulfillment;

import io.railhead.order.CanonicalOrder;
import java.time.LocalDate;
import java.util.List;

/**
 * What sourcing needs of the nodes' side: whether a node is up, how many orders it took on a day (capacity), an
 * order's requests so far, and handing a node the fulfillment request for its allocation (in the caller's
 * transaction, sent after commit).
 */
public interface NodeDispatch {

    boolean isUp(String nodeId);

    int ordersTaken(String nodeId, LocalDate nodeDay);

    /** The order's fulfillment requests so far, oldest first (their ids, and which nodes failed it). */
    List<NodeRequest> requestsOf(String orderId);

    /** Queues the node's fulfillment request for {@code allocation} of {@code order} under {@code fulfillmentId}. */
    void request(String fulfillmentId, CanonicalOrder order, SourcingDecision.Allocation allocation, String correlationId);
}
