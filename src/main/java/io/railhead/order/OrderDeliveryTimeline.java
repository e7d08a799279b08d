package io.railhead.order;

import io.railhead.shared.DeliveryObserver;
import java.time.Duration;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Puts the retries and dead letters of an order's messages (its ERP command, a channel's
 * acknowledgement) on the order's timeline, so "where is order X and why" shows that its delivery
 * is being retried, how often, and what the endpoint answered, without reading logs or queues.
 * Written in a transaction of its own: the failed stage's own transaction was rolled back.
 */
@Component
class OrderDeliveryTimeline implements DeliveryObserver {

    private static final int MAX_CAUSE = 1500;

    private final OrderStore store;
    private final TransactionTemplate tx;

    OrderDeliveryTimeline(OrderStore store, PlatformTransactionManager transactions) {
        this.store = store;
        this.tx = new TransactionTemplate(transactions);
        this.tx.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    @Override
    public void retrying(Delivery d, int attempt, int maxAttempts, Duration delay) {
        record(d, "attempt " + attempt + " of " + maxAttempts + " failed (" + d.failure() + answer(d)
                + "); next attempt in " + seconds(delay));
    }

    @Override
    public void deadLettered(Delivery d, int attempts, String deadLetterQueue) {
        record(d, "dead-lettered to " + deadLetterQueue + " after " + attempts + " attempt(s): " + d.failure()
                + answer(d) + "; replay it from /api/dead-letters once the cause is fixed");
    }

    private void record(Delivery d, String cause) {
        if (d.orderId() == null) {
            return;
        }
        tx.executeWithoutResult(s -> store.find(d.orderId()).ifPresent(o -> store.addTimeline(o.orderId(),
                stage(d.routeId()), o.status(), truncate(cause), d.correlationId())));
    }

    private static String answer(Delivery d) {
        return d.endpointResponse() == null ? "" : "; answer: " + d.endpointResponse();
    }

    private static String stage(String routeId) {
        String stage = routeId == null ? "delivery" : routeId;
        return stage.length() <= 32 ? stage : stage.substring(0, 32);
    }

    private static String seconds(Duration d) {
        return d.toMillis() < 1000 ? d.toMillis() + " ms" : d.toSeconds() + " s";
    }

    private static String truncate(String s) {
        return s.length() <= MAX_CAUSE ? s : s.substring(0, MAX_CAUSE) + "…";
    }
}
