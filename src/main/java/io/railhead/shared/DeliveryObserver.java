package io.railhead.shared;

import java.time.Duration;

/**
 * Told by {@link EndpointRetries} when a queued message failed and is retried later or is
 * dead-lettered, so whatever the message is about can show it where operators look (an order's
 * timeline). {@code shared} knows no order; the capability that owns the subject implements this.
 * An observer must not throw: a retry or dead letter goes ahead whatever it does.
 */
public interface DeliveryObserver {

    /** Attempt {@code attempt} failed with {@code cause}; the message comes back after {@code delay}. */
    void retrying(Delivery delivery, int attempt, int maxAttempts, Duration delay);

    /** The message went to {@code deadLetterQueue} after {@code attempts} attempts. */
    void deadLettered(Delivery delivery, int attempts, String deadLetterQueue);

    /**
     * One failed delivery: the queue and route it failed on, what it is about (an order id, or null),
     * its correlation id, the failure and the endpoint's answer (null when it gave none).
     */
    record Delivery(String queue, String routeId, String orderId, String correlationId, String failure,
                    String endpointResponse) {
    }
}
