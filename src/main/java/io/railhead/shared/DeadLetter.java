package io.railhead.shared;

/**
 * A message in a dead-letter queue as the ops API shows it: where it failed, why (with what the
 * endpoint last answered, truncated), and for which order.
 */
public record DeadLetter(String id, String queue, String originalQueue, String orderId, String correlationId,
                         String errorClass, String errorMessage, String endpointResponse, String failedRouteId,
                         Integer attempts, String failedAt) {
}
