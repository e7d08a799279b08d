package io.railhead.fulfillment;

import io.railhead.order.CanonicalOrder;
import java.time.LocalDate;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * Sourcing's view of the nodes backed by the node requests and states: a node is up unless marked down, its
 * orders taken are its requests of that day, and an allocation becomes a {@link FulfillmentRequest} queued in the
 * caller's transaction.
 */
@Component
public class NodeRequestDispatch implements NodeDispatch {

    private final NodeRequests requests;
    private final NodeStates states;

    public NodeRequestDispatch(NodeRequests requests, NodeStates states) {
        this.requests = requests;
        this.states = states;
    }

    @Override
    public boolean isUp(String nodeId) {
        return states.isUp(nodeId);
    }

    @Override
    public int ordersTaken(String nodeId, LocalDate nodeDay) {
        return requests.ordersTaken(nodeId, nodeDay);
    }

    @Override
    public List<NodeRequest> requestsOf(String orderId) {
        return requests.byOrder(orderId);
    }

    @Override
    public void request(String fulfillmentId, CanonicalOrder order, SourcingDecision.Allocation allocation,
                        String correlationId) {
        CanonicalOrder.Shipping shipping = order.shipping();
        requests.request(new FulfillmentRequest(fulfillmentId, order.orderId(), allocation.nodeId(), order.channel(),
                order.channelOrderId(), allocation.lines().stream()
                .map(l -> new FulfillmentRequest.Line(l.lineId(), l.sku(), l.quantity())).toList(), order.shipTo(),
                shipping == null || shipping.serviceLevel() == null ? SourcingRequest.DEFAULT_SERVICE_LEVEL
                        : shipping.serviceLevel(), shipping == null ? null : shipping.shipBy(), allocation.promisedShipDate()));
    }
}
