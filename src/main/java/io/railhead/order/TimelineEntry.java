package io.railhead.order;

import java.time.Instant;

/** One transition of an order: when, in which stage, to which status, and why. */
public record TimelineEntry(Instant at, String stage, OrderStatus status, String cause, String correlationId) {
}
