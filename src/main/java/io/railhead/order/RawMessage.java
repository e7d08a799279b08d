package io.railhead.order;

import java.time.Instant;

/** A channel payload exactly as received, kept before any parsing so a bad payload is never lost. */
public record RawMessage(String id, String channel, String sourceAccount, String eventKey, String topic,
                         String correlationId, Instant receivedAt, String payload) {
}
