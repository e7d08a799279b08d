package io.railhead.fulfillment;

import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * No operator needed when a node fails: a request the node refused for good (or that was dead-lettered) has its
 * lines sourced again by the rules; a node marked down (by hand or after {@code downAfterFailures} dead requests)
 * has each request it has not yet accepted cancelled and its lines sourced again, once per order per node; a node
 * back up lets the backorders try again.
 */
@Component
public class Reassignment implements NodeEvents {

    private static final Logger LOG = LoggerFactory.getLogger(Reassignment.class);

    private final OrderSourcing sourcing;
    private final NodeRequests requests;
    private final Resourcing resourcing;
    private final TransactionTemplate tx;

    public Reassignment(OrderSourcing sourcing, NodeRequests requests, Resourcing resourcing,
                        PlatformTransactionManager transactions) {
        this.sourcing = sourcing;
        this.requests = requests;
        this.resourcing = resourcing;
        this.tx = new TransactionTemplate(transactions);
    }

    @Override
    public void requestRefused(FulfillmentRequest request, String reason) {
        try {
            sourcing.resource(request.orderId(), request.nodeId(), reason, "reassign-" + UUID.randomUUID());
        } catch (RuntimeException e) {
            LOG.error("Re-sourcing order {} after node {} refused it failed: {}", request.orderId(), request.nodeId(),
                    e.toString());
        }
    }

    @Override
    public void nodeDown(String nodeId, String reason) {
        String cid = "reassign-" + UUID.randomUUID();
        for (NodeRequest open : requests.openFor(nodeId)) {
            try {
                tx.executeWithoutResult(s -> {
                    if (requests.cancel(open.fulfillmentId())) {
                        sourcing.resource(open.request().orderId(), nodeId, "node " + nodeId + " down: " + reason, cid);
                    }
                });
            } catch (RuntimeException e) {
                LOG.error("Re-sourcing order {} off node {} failed: {}", open.request().orderId(), nodeId, e.toString());
            }
        }
    }

    @Override
    public void nodeUp(String nodeId) {
        resourcing.wake();
    }
}
