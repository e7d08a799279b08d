package io.railhead.fulfillment;

import java.time.Instant;
import java.util.List;

/**
 * Goods a customer sent back, as received (POST /api/returns): the order, where they were received (a ledger
 * location, or a node id meaning its location), when, and per order line how many in which disposition.
 */
public record OrderReturn(String returnId, String orderId, String location, Instant receivedAt, List<Line> lines) {

    /** What becomes of returned units in the ledger. */
    public enum Disposition { RESTOCK, QUARANTINE, DAMAGED, WRITE_OFF }

    /** A quantity of an order line (by {@code lineId} or {@code sku}) in one disposition. */
    public record Line(String lineId, String sku, int quantity, Disposition disposition) {
    }
}
