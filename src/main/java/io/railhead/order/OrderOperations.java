package io.railhead.order;

import io.railhead.shared.ConflictException;
import io.railhead.shared.Headers;
import io.railhead.shared.NotFoundException;
import java.util.List;
import java.util.Map;
import org.apache.camel.ProducerTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * What an operator can do to an order through the ops API: release a held order (normalize its
 * raw payload again with the current mapping, validate again, and send it on if it passes) and
 * cancel an order (locally before release, through the ERP after). The database change commits
 * before the dispatch is queued; a release of a VALIDATED order only queues it again, so an
 * operator can always repeat a release whose dispatch failed (and a command lost in a crash
 * between the two commits is sent again at start-up by {@link DispatchRecovery}).
 */
@Service
public class OrderOperations {

    private final OrderStore store;
    private final OrderLifecycle lifecycle;
    private final OrderIntakeService intake;
    private final OrderNormalizer normalizer;
    private final ProducerTemplate producer;
    private final TransactionTemplate tx;

    public OrderOperations(OrderStore store, OrderLifecycle lifecycle, OrderIntakeService intake,
                           OrderNormalizer normalizer, ProducerTemplate producer, TransactionTemplate tx) {
        this.store = store;
        this.lifecycle = lifecycle;
        this.intake = intake;
        this.normalizer = normalizer;
        this.producer = producer;
        this.tx = tx;
    }

    /** Re-validates a held order and continues it; the result says whether it is still held and why. */
    public IntakeOutcome release(String orderId, String correlationId) {
        IntakeOutcome outcome = tx.execute(status -> {
            StoredOrder order = lifecycle.lock(orderId).orElseThrow(() -> new OrderNotFoundException(orderId));
            if (order.status() == OrderStatus.VALIDATED) {
                return intake.dispatchAgain(order, "released by operator", correlationId);
            }
            if (order.status() != OrderStatus.ON_HOLD) {
                throw new OrderStateException("order " + orderId + " is " + order.status() + ", only ON_HOLD orders are released");
            }
            RawMessage raw = store.findRaw(order.rawMessageId()).orElseThrow();
            // The payload is mapped as the channel adapter that delivered it named it, which is not always the
            // order's channel (an adapter's mapping may map its deliveries to another channel's orders).
            OrderNormalizer.Read read = normalizer.normalize(raw.channel(), raw.sourceAccount(), raw.payload());
            if (read.order() == null) {
                throw new OrderStateException("order " + orderId + " still cannot be read: " + read.unreadable() + ": "
                        + read.cause());
            }
            CanonicalOrder canonical = read.order();
            if (!orderId.equals(canonical.orderId())) {
                throw new OrderStateException("order " + orderId + " maps to a different channel order now ("
                        + canonical.channelOrderId() + "); it stays on hold");
            }
            // What the channel adapter flagged is the operator's call now; the order's own rules are checked again.
            return intake.revalidate(order, canonical, read.holds(), raw.id(), "released by operator", correlationId);
        });
        dispatch(outcome, correlationId);
        return outcome;
    }

    /** Cancels the order; an order the ERP already has is cancelled there first. */
    public IntakeOutcome cancel(String orderId, String correlationId) {
        IntakeOutcome outcome = tx.execute(status -> intake.cancel(
                lifecycle.lock(orderId).orElseThrow(() -> new OrderNotFoundException(orderId)), "operator", correlationId));
        dispatch(outcome, correlationId);
        return outcome;
    }

    public StoredOrder get(String orderId) {
        return store.find(orderId).orElseThrow(() -> new OrderNotFoundException(orderId));
    }

    public List<StoredOrder> byChannelOrder(String channel, String channelOrderId) {
        return store.findByChannelOrder(channel, channelOrderId);
    }

    public List<TimelineEntry> timeline(String orderId) {
        return store.timeline(orderId);
    }

    public List<StoredOrder> held(HoldReason reason, int limit) {
        return store.findHeld(reason, limit);
    }

    private void dispatch(IntakeOutcome outcome, String correlationId) {
        if (outcome.dispatch() != DispatchAction.NONE) {
            producer.sendBodyAndHeaders("direct:order-dispatch", outcome.orderId(), Map.of(
                    Headers.ACTION, outcome.dispatch().name(), Headers.DISPATCH_SEQ, outcome.dispatchSeq(),
                    Headers.CORRELATION_ID, correlationId));
        }
    }

    /** No order has this id. */
    public static class OrderNotFoundException extends NotFoundException {
        public OrderNotFoundException(String orderId) {
            super("no order " + orderId);
        }
    }

    /** The order is not in a state that allows the operation. */
    public static class OrderStateException extends ConflictException {
        public OrderStateException(String message) {
            super(message);
        }
    }
}
