package io.railhead.order;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The only code that changes an order in the order store. Every change is checked against the
 * lifecycle ({@link OrderStatus#mayBecome}: an illegal transition is an error, never an overwrite),
 * written once with the optimistic version check, put on the order's timeline with stage, cause and
 * correlation id, and — in the same database transaction — recorded as the order's event for the
 * subscribers on {@code order.events.v1} ({@link OrderEventRelay} publishes it once the transaction
 * has committed). Callers hold the order's row lock ({@link #lock}) and run in a transaction.
 */
@Component
public class OrderLifecycle {

    private final OrderStore store;
    private final OrderEventStore events;
    private final OrderEventRelay relay;

    public OrderLifecycle(OrderStore store, OrderEventStore events, OrderEventRelay relay) {
        this.store = store;
        this.events = events;
        this.relay = relay;
    }

    /** One entry of a new order's timeline: how it came to be (received, normalized, validated). */
    public record Step(String stage, OrderStatus status, String cause) {
    }

    /** The order, locked for the rest of the caller's transaction. */
    @Transactional(propagation = Propagation.MANDATORY)
    public Optional<StoredOrder> lock(String orderId) {
        return store.findForUpdate(orderId);
    }

    /** Stores a new order with the steps that made it; its events are ORDER_ACCEPTED and what its status says. */
    @Transactional(propagation = Propagation.MANDATORY)
    public StoredOrder create(StoredOrder order, List<Step> steps, String correlationId) {
        if (!OrderStatus.INITIAL.contains(order.status())) {
            throw new IllegalTransitionException("a new order cannot be " + order.status() + " (order " + order.orderId()
                    + ")");
        }
        store.insert(order);
        for (Step s : steps) {
            store.addTimeline(order.orderId(), s.stage(), s.status(), s.cause(), correlationId);
        }
        publish(order, OrderEventType.of(null, order), correlationId);
        return order;
    }

    /**
     * Changes an order the caller has locked from {@code before} to {@code after}: the transition is checked, the
     * row written (or the change refused when someone else wrote it since {@code before} was read), the timeline
     * entry written, and the status change published as its event.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public StoredOrder change(StoredOrder before, StoredOrder after, String stage, String cause, String correlationId) {
        return change(before, after, stage, cause, correlationId, null);
    }

    /**
     * As {@link #change(StoredOrder, StoredOrder, String, String, String)}; {@code event} is published as well when
     * the status stays what it was (another shipment of a shipped order).
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public StoredOrder change(StoredOrder before, StoredOrder after, String stage, String cause, String correlationId,
                              OrderEventType event) {
        if (!before.orderId().equals(after.orderId())) {
            throw new IllegalArgumentException("a change of order " + before.orderId() + " names " + after.orderId());
        }
        if (!before.status().mayBecome(after.status())) {
            throw new IllegalTransitionException("order " + before.orderId() + " cannot go from " + before.status()
                    + " to " + after.status() + " (" + stage + ": " + cause + ")");
        }
        if (!store.update(after)) {
            throw new IllegalStateException("order " + before.orderId() + " changed concurrently");
        }
        store.addTimeline(after.orderId(), stage, after.status(), cause, correlationId);
        List<OrderEventType> types = OrderEventType.of(before, after);
        publish(after, types.isEmpty() && event != null ? List.of(event) : types, correlationId);
        return after;
    }

    /** A timeline entry that changes nothing (a delivery ignored, a decision not to act). */
    public void note(StoredOrder order, String stage, String cause, String correlationId) {
        store.addTimeline(order.orderId(), stage, order.status(), cause, correlationId);
    }

    private void publish(StoredOrder order, List<OrderEventType> types, String correlationId) {
        for (OrderEventType type : types) {
            events.insert(new OrderEvent("evt-" + UUID.randomUUID(), type, order.orderId(), order.channel(),
                    order.sourceAccount(), order.status(), Instant.now(), correlationId));
        }
        if (!types.isEmpty() && TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    relay.wake();
                }
            });
        }
    }

    /** A change the lifecycle does not allow: a bug or a race, never something to write anyway. */
    public static class IllegalTransitionException extends IllegalStateException {
        public IllegalTransitionException(String message) {
            super(message);
        }
    }
}
