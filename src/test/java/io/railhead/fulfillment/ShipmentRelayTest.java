package io.railhead.fulfillment;

import static org.assertj.core.api.Assertions.assertThat;

import io.railhead.fulfillment.NodeShipmentStore.RelayStatus;
import io.railhead.order.CanonicalOrder;
import io.railhead.order.OrderJson;
import io.railhead.order.OrderStatus;
import io.railhead.order.StoredOrder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What the relay tells the channel of a shipment: its lines by the order's line ids, and what the order's
 * other shipments settled RELAYED told the channel before (not those refused, dead, still pending, nor itself).
 */
class ShipmentRelayTest {

    static final Instant AT = Instant.parse("2026-05-04T15:30:00Z");

    /** Lines 11 (SKU A, 4 ordered), 12 (SKU B, 1 ordered) and one without an id (SKU C, 2 ordered, key 3). */
    static final CanonicalOrder CANONICAL = OrderJson.read("""
            {"orderId": "ord-1", "channel": "test", "channelOrderId": "1001", "sourceAccount": "default",
             "lines": [{"lineId": "11", "sku": "A", "quantity": 4}, {"lineId": "12", "sku": "B", "quantity": 1},
                       {"sku": "C", "quantity": 2}],
             "extensions": {"MarketplaceId": "ATVPDKIKX0DER"}}
            """);
    static final StoredOrder ORDER = new StoredOrder("ord-1", "test", "default", "1001", "1001", OrderStatus.SHIPPED,
            List.of(), null, OrderJson.write(CANONICAL), null, AT, "cid", null, AT, AT, 1, StoredOrder.Dispatch.NONE);

    static NodeShipment shipment(String id, Map<String, Integer> lines) {
        List<NodeShipment.Line> l = new ArrayList<>();
        lines.forEach((key, n) -> l.add(new NodeShipment.Line(key, null, n)));
        return new NodeShipment(id, "ord-1", null, null, "MX-A", AT, "UPS", "STANDARD", "1Z" + id, null, l, null);
    }

    static NodeShipmentStore.Row row(NodeShipment s, RelayStatus status) {
        return new NodeShipmentStore.Row(s.shipmentId(), "ord-1", "MX-A", OrderJson.write(s), status, null, "cid", AT);
    }

    @Test
    void relayedBefore_countsTheOrdersOtherShipmentsSettledRelayed_perLine() {
        NodeShipment now = shipment("shp-6", Map.of("11", 1));
        List<NodeShipmentStore.Row> ofOrder = List.of(
                row(shipment("shp-1", Map.of("11", 1, "3", 1)), RelayStatus.RELAYED),
                row(shipment("shp-2", Map.of("11", 1)), RelayStatus.REFUSED),
                row(shipment("shp-3", Map.of("11", 1)), RelayStatus.DEAD),
                row(shipment("shp-4", Map.of("12", 1)), RelayStatus.PENDING),
                row(shipment("shp-5", Map.of("11", 1, "12", 1)), RelayStatus.RELAYED),
                row(now, RelayStatus.DEAD));

        RelayedShipment relayed = ShipmentRelay.relayed(now, ORDER, CANONICAL, ofOrder);

        assertThat(relayed.relayedBefore()).as("by the channel's line id, else sku:")
                .isEqualTo(Map.of("11", 2, "12", 1, "sku:C", 1));
        assertThat(relayed.relayedBefore("11")).isEqualTo(2);
        assertThat(relayed.relayedBefore("99")).isZero();
        assertThat(relayed.lines()).containsExactly(new RelayedShipment.Line("11", "A", 1));
        assertThat(relayed.orderExtension("MarketplaceId")).isEqualTo("ATVPDKIKX0DER");
    }

    @Test
    void relayedBefore_isEmptyForTheOrdersFirstShipment_andNeverCountsItself() {
        NodeShipment now = shipment("shp-1", Map.of("11", 2));

        assertThat(ShipmentRelay.relayed(now, ORDER, CANONICAL, List.of()).relayedBefore()).isEmpty();
        // A row of its own settled RELAYED (a second copy seen mid-settle) is not "before".
        assertThat(ShipmentRelay.relayed(now, ORDER, CANONICAL, List.of(row(now, RelayStatus.RELAYED)))
                .relayedBefore()).isEmpty();
    }
}
