package io.railhead.order;

import java.time.Instant;

/**
 * One order event as it is kept (table {@code order_event}) and published on {@code order.events.v1}:
 * small on purpose — a subscriber that needs the order reads it by id.
 */
public record OrderEvent(String eventId, OrderEventType type, String orderId, String channel, String sourceAccount,
                         OrderStatus status, Instant at, String correlationId) {
}
