package io.railhead.fulfillment;

import java.util.Map;
import java.util.Optional;

/**
 * Shipments a channel adapter records through a path of its own besides the nodes' (an EDI order's
 * {@code POST /api/orders/{id}/shipments}, with the partner's cartons and SCAC): a node's shipment of the same
 * order counts them as shipped before, and may not reuse their ids, so neither path ships a unit twice. Called
 * under the order's row lock, which the channel's own path takes too.
 */
public interface ChannelShipments {

    /** The canonical order's {@code channel}. */
    String channel();

    /** Per order line key the units the channel's own path recorded as shipped for {@code orderId}. */
    Map<String, Integer> shipped(String orderId);

    /** The order a shipment id was recorded for on the channel's own path, if it was. */
    Optional<String> recordedFor(String shipmentId);
}
