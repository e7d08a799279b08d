package io.railhead.fulfillment;

import java.time.Instant;
import java.util.List;

/**
 * A shipment as a node reports it (docs/shipment.schema.json), the one shape every node speaks: the order by
 * our id or by its channel's, the node, when and how it left, what shipped per order line (by line id or SKU)
 * and optionally the parcels. Read and checked by {@link NodeShipmentReader}; never logged whole.
 */
public record NodeShipment(String shipmentId, String orderId, String channel, String channelOrderId, String nodeId,
                           Instant shippedAt, String carrier, String service, String trackingNumber,
                           String trackingUrl, List<Line> lines, List<Parcel> packages) {

    /** A quantity of an order line, named by {@code lineId} or, without it, {@code sku}. */
    public record Line(String lineId, String sku, int quantity) {
    }

    /** One parcel: its SSCC, its own tracking (the shipment's when null) and what is in it. */
    public record Parcel(String sscc, String trackingNumber, String trackingUrl, List<Line> lines) {
    }

    public NodeShipment withNode(String node) {
        return new NodeShipment(shipmentId, orderId, channel, channelOrderId, node, shippedAt, carrier, service,
                trackingNumber, trackingUrl, lines, packages);
    }
}
