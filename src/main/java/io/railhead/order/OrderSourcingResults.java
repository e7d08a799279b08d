package io.railhead.order;

import io.railhead.shared.Headers;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.camel.ProducerTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * What sourcing may do to an order, through the lifecycle: record where it was sourced (the canonical order's
 * {@code fulfillment.allocations}) and, for an order that waited for it ({@link SourcingGate}), move it to
 * ALLOCATED and queue its creation at the ERP once the transaction commits; or hold it {@code NO_SOURCE}. The
 * core stays closed: sourcing names nodes and lines, never a status.
 */
@Service
public class OrderSourcingResults {

    private static final String STAGE = "source";

    private final OrderLifecycle lifecycle;
    private final OrderStore store;
    private final ProducerTemplate producer;

    public OrderSourcingResults(OrderLifecycle lifecycle, OrderStore store, ProducerTemplate producer) {
        this.lifecycle = lifecycle;
        this.store = store;
        this.producer = producer;
    }

    /** The order, locked for the caller's transaction, if it exists. */
    @Transactional(propagation = Propagation.MANDATORY)
    public Optional<StoredOrder> lock(String orderId) {
        return lifecycle.lock(orderId);
    }

    /**
     * Records the allocations: an order VALIDATED, or held only {@code NO_SOURCE}, becomes ALLOCATED and owes the
     * ERP its creation; one already at the ERP (sourced after it, or re-sourced) keeps its status.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public StoredOrder allocated(StoredOrder order, CanonicalOrder.Fulfillment fulfillment, String summary,
                                 String correlationId) {
        CanonicalOrder canonical = OrderJson.read(order.canonical());
        CanonicalOrder with = new CanonicalOrder(canonical.orderId(), canonical.channel(), canonical.channelOrderId(),
                canonical.channelOrderNumber(), canonical.sourceAccount(), canonical.orderedAt(), canonical.channelUpdatedAt(),
                canonical.currency(), canonical.amountsIn(), canonical.customer(), canonical.shipTo(), canonical.billTo(),
                canonical.lines(), canonical.totals(), canonical.shipping(), canonical.payment(), canonical.fulfilledBy(),
                canonical.b2b(), canonical.riskLevel(), canonical.tags(), canonical.notes(), canonical.cancelledAt(),
                canonical.extensions(), fulfillment);
        // waited: valid and owing the ERP nothing (the gate held it back), or held for no source alone
        boolean waited = (order.status() == OrderStatus.VALIDATED && !order.dispatch().pending()) || onlyNoSource(order);
        StoredOrder next = new StoredOrder(order.orderId(), order.channel(), order.sourceAccount(), order.channelOrderId(),
                order.channelOrderNumber(), waited ? OrderStatus.ALLOCATED : order.status(),
                waited ? List.of() : order.holdReasons(), waited ? null : order.holdDetail(), OrderJson.write(with),
                order.rawMessageId(), order.channelUpdatedAt(), order.correlationId(), order.endpointResponse(),
                order.createdAt(), order.updatedAt(), order.version(), order.dispatch());
        if (waited) {
            next = next.dispatching(DispatchAction.CREATE);
        }
        StoredOrder changed = lifecycle.change(order, next, STAGE, summary, correlationId);
        if (waited) {
            dispatchAfterCommit(changed, correlationId);
        }
        return changed;
    }

    /** No node can take the order now: a VALIDATED order is held {@code NO_SOURCE}; a held one gets a note once. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void noSource(StoredOrder order, String summary, String correlationId) {
        if (order.status() == OrderStatus.VALIDATED) {
            lifecycle.change(order, order.withState(OrderStatus.ON_HOLD, List.of(HoldReason.NO_SOURCE.name()),
                    HoldReason.NO_SOURCE + ": " + summary), STAGE, HoldReason.NO_SOURCE + ": " + summary, correlationId);
        } else if (order.status() == OrderStatus.ON_HOLD && !order.holdReasons().contains(HoldReason.NO_SOURCE.name())) {
            List<String> reasons = new ArrayList<>(order.holdReasons());
            reasons.add(HoldReason.NO_SOURCE.name());
            lifecycle.change(order, order.withState(OrderStatus.ON_HOLD, reasons, order.holdDetail() + "; "
                    + HoldReason.NO_SOURCE + ": " + summary), STAGE, HoldReason.NO_SOURCE + ": " + summary, correlationId);
        } else if (!order.holdReasons().contains(HoldReason.NO_SOURCE.name())) {
            lifecycle.note(order, STAGE, "not sourced (" + summary + ")", correlationId);
        }
    }

    /** The orders held {@code NO_SOURCE}, for re-sourcing: oldest first, so stock that comes goes to who waited longest. */
    public List<StoredOrder> heldNoSource(int limit) {
        return store.findHeldOldestFirst(HoldReason.NO_SOURCE, limit);
    }

    /** Whether the order is held for no reason but {@code NO_SOURCE}. */
    public static boolean onlyNoSource(StoredOrder order) {
        return order.status() == OrderStatus.ON_HOLD && order.holdReasons().equals(List.of(HoldReason.NO_SOURCE.name()));
    }

    private void dispatchAfterCommit(StoredOrder order, String correlationId) {
        Runnable send = () -> producer.sendBodyAndHeaders("direct:order-dispatch", order.orderId(), Map.of(
                Headers.ACTION, order.dispatch().action().name(), Headers.DISPATCH_SEQ, order.dispatch().seq(),
                Headers.CORRELATION_ID, correlationId == null ? "" : correlationId));
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            send.run();
            return;
        }
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                send.run();
            }
        });
    }
}
