package io.railhead.channel.edi.outbound;

import io.railhead.fulfillment.OwnShipmentPath;
import org.springframework.stereotype.Component;

/**
 * EDI orders ship through {@link FulfillmentEvents} (their 856 needs cartons with SSCCs and the carrier's SCAC),
 * so the nodes' common shipment endpoints refuse them and say where to report instead.
 */
@Component
class EdiShipmentPath implements OwnShipmentPath {

    @Override
    public String channel() {
        return "edi";
    }

    @Override
    public String howToReport() {
        return "shipments of EDI orders are reported with POST /api/orders/{orderId}/shipments (the partner's 856)";
    }
}
