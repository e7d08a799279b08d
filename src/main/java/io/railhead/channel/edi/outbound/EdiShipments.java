package io.railhead.channel.edi.outbound;

import io.railhead.fulfillment.ChannelShipments;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * The shipments of EDI orders recorded through {@code POST /api/orders/{id}/shipments} (the warehouse's own
 * cartons and SCAC), as the nodes' shipments endpoint must count them: shipped units per line and the ids
 * taken, so an order shipped partly one way and partly the other never ships a unit twice.
 */
@Component
class EdiShipments implements ChannelShipments {

    private final FulfillmentEventStore events;

    EdiShipments(FulfillmentEventStore events) {
        this.events = events;
    }

    @Override
    public String channel() {
        return EdiShipmentRelay.CHANNEL;
    }

    @Override
    public Map<String, Integer> shipped(String orderId) {
        return FulfillmentEvents.quantities(events, orderId, FulfillmentEventStore.Kind.SHIPMENT);
    }

    @Override
    public Optional<String> recordedFor(String shipmentId) {
        return events.find(FulfillmentEventStore.Kind.SHIPMENT, shipmentId).map(FulfillmentEventStore.Event::orderId);
    }
}
