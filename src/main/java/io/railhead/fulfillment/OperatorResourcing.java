package io.railhead.fulfillment;

import io.railhead.order.OrderLifecycle;
import io.railhead.order.OrderSourcingResults;
import io.railhead.order.OrderStatus;
import io.railhead.order.StoredOrder;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * {@code POST /api/orders/{id}/resource}: an operator sources one order again now, without waiting for the next
 * stock event or node change. An order waiting to be sourced (valid, or held {@code NO_SOURCE}) is sourced as
 * intake would; one already sourced has its lines that are at no node (a node failed and none other could take
 * them) sourced by the rules. Lines a node has are left with it: the node reports what it cannot ship.
 */
@Service
public class OperatorResourcing {

    private static final Set<OrderStatus> DONE = EnumSet.of(OrderStatus.CANCELLED, OrderStatus.INVOICED);

    private final OrderSourcing sourcing;
    private final OrderLifecycle lifecycle;
    private final FulfillmentConfigSource config;
    private final NodeShipments shipments;
    private final TransactionTemplate tx;

    public OperatorResourcing(OrderSourcing sourcing, OrderLifecycle lifecycle, FulfillmentConfigSource config,
                              NodeShipments shipments, TransactionTemplate tx) {
        this.sourcing = sourcing;
        this.lifecycle = lifecycle;
        this.config = config;
        this.shipments = shipments;
        this.tx = tx;
    }

    /** What was done: {@code outcome} SOURCED, NO_SOURCE (with the decision's summary) or NOTHING_TO_SOURCE. */
    public Map<String, Object> resource(String orderId, String cid) {
        if (!config.config().enabled()) {
            throw new FulfillmentRequestException(409, "no fulfillment nodes are configured (railhead.fulfillment.nodes-file)");
        }
        StoredOrder order = tx.execute(s -> lifecycle.lock(orderId)).orElseThrow(() -> new FulfillmentRequestException(404,
                "order " + orderId + " is not known"));
        if (DONE.contains(order.status())) {
            throw new FulfillmentRequestException(409, "order " + orderId + " is " + order.status() + ": nothing to source");
        }
        SourcingDecision decision;
        if (order.status() == OrderStatus.VALIDATED || OrderSourcingResults.onlyNoSource(order)) {
            decision = sourcing.source(orderId, cid);
        } else if (order.status() == OrderStatus.ON_HOLD) {
            throw new FulfillmentRequestException(409, "order " + orderId + " is held " + order.holdReasons()
                    + ": release it first");
        } else {
            decision = tx.execute(s -> lifecycle.lock(orderId).map(o -> sourcing.sourceUnallocated(o,
                    shipments.shippedBefore(orderId), cid)).orElse(null));
        }
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("orderId", orderId);
        view.put("outcome", decision == null ? "NOTHING_TO_SOURCE" : decision.sourced() ? "SOURCED" : "NO_SOURCE");
        view.put("summary", decision == null ? "every line that ships is with a node or shipped" : decision.summary());
        if (decision != null) {
            view.put("allocations", decision.allocations().stream().map(a -> Map.of("nodeId", a.nodeId(),
                    "location", a.location(), "lines", a.lines())).toList());
        }
        return view;
    }
}
