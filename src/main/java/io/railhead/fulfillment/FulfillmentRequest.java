package io.railhead.fulfillment;

import io.railhead.order.CanonicalOrder;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * What a node is asked to ship for one sourced order (or one part of a split order): the lines, where to, at
 * which service level and by when. Sourcing builds it and hands it to {@link NodeRequests#request}; the node
 * receives it as JSON ({@code docs/fulfillment-request.schema.json}), reshaped by {@code mappings/nodes/<node>.jslt}
 * when that file exists. {@code fulfillmentId} is the node's idempotency key.
 */
public record FulfillmentRequest(String fulfillmentId, String orderId, String nodeId, String channel,
                                 String channelOrderId, List<Line> lines, CanonicalOrder.Address shipTo,
                                 String serviceLevel, Instant shipBy, LocalDate promisedShipDate) {

    public FulfillmentRequest {
        lines = List.copyOf(lines);
    }

    /** One order line (or the part of it this node ships). */
    public record Line(String lineId, String sku, int quantity) {
    }
}
