package io.railhead.inventory;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One stock event from an ERP, WMS, 3PL or store, as checked by {@link StockEventReader} (contract:
 * docs/stock.md and docs/stock-event.schema.json). A {@code SNAPSHOT} gives its items' states as absolute
 * values at {@code occurredAt}; a {@code DELTA} changes them by signed amounts, for a {@code reason} an item
 * may override, optionally for an order ({@code orderId}, likewise).
 */
public record StockEvent(String eventId, String source, Instant occurredAt, Kind kind, String reason, String orderId,
                         List<Item> items) {

    public enum Kind { SNAPSHOT, DELTA }

    /** The states an event may set; {@code allocated} is kept by the hub (sourcing) and is not among them. */
    public enum State {
        onHand, quarantined, damaged, inTransit, allocated;

        public static final List<State> REPORTED = List.of(onHand, quarantined, damaged, inTransit);
    }

    /** Why a delta happened; the hub's own changes use SOLD (a completed store sale). */
    public enum Reason { RECEIVED, PICKED, SHIPPED, ADJUSTED, TRANSFERRED, RETURNED, DAMAGED, COUNTED, SOLD }

    public record Item(String sku, String location, Map<State, Long> quantities, String reason, String orderId) {

        public String reasonOr(String eventReason) {
            return reason != null ? reason : eventReason;
        }

        public String orderIdOr(String eventOrderId) {
            return orderId != null ? orderId : eventOrderId;
        }
    }
}
