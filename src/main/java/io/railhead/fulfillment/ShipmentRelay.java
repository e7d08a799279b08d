package io.railhead.fulfillment;

import io.railhead.order.CanonicalOrder;
import io.railhead.order.OrderJson;
import io.railhead.order.OrderLifecycle;
import io.railhead.order.OrderStore;
import io.railhead.order.StoredOrder;
import io.railhead.shared.Headers;
import io.railhead.shared.HubProperties;
import io.railhead.shared.PermanentEndpointException;
import io.railhead.shared.TransientEndpointException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The consumer of the {@code shipment-relay-<channel>} routes: one shipment id queued on the channel's relay queue
 * is one attempt at telling the order's channel, through the {@link ShipmentRelayTarget} whose channel is the
 * order's. ACCEPTED settles it RELAYED; RETRY is a transient failure (the queue-consumer configuration reschedules
 * it), and at the last attempt settles it DEAD with a note on the order naming the channel's dead-letter queue
 * before the message is dead-lettered (a replay tries it again); REFUSED settles
 * it REFUSED and dead-letters the message. A shipment already RELAYED or REFUSED (a redelivery, a sweep's second
 * copy) is skipped.
 */
@Component("shipmentRelay")
public class ShipmentRelay {

    private static final Logger LOG = LoggerFactory.getLogger(ShipmentRelay.class);
    static final String STAGE = "relay";

    private final NodeShipmentStore shipments;
    private final OrderStore orders;
    private final OrderLifecycle lifecycle;
    private final List<ShipmentRelayTarget> targets;
    private final int maxAttempts;
    private final ShipmentRelayQueues queues;

    public ShipmentRelay(NodeShipmentStore shipments, OrderStore orders, OrderLifecycle lifecycle,
                         List<ShipmentRelayTarget> targets, ShipmentRelayQueues queues, HubProperties hub) {
        this.shipments = shipments;
        this.orders = orders;
        this.lifecycle = lifecycle;
        this.targets = targets;
        this.maxAttempts = hub.retry().maxAttempts();
        this.queues = queues;
    }

    public void relay(Exchange exchange) throws InterruptedException {
        String shipmentId = exchange.getIn().getBody(String.class);
        String cid = exchange.getIn().getHeader(Headers.CORRELATION_ID, String.class);
        NodeShipmentStore.Row row = shipments.find(shipmentId).orElseThrow(() -> new PermanentEndpointException(
                "shipment " + shipmentId + " is not recorded"));
        boolean last = exchange.getIn().getHeader(Headers.ATTEMPT, 1, Integer.class) >= maxAttempts;
        // DEAD: an operator replays it from the dead-letter queue, so it is tried again.
        if (row.relayStatus() != NodeShipmentStore.RelayStatus.PENDING
                && row.relayStatus() != NodeShipmentStore.RelayStatus.DEAD) {
            LOG.info("Shipment {} relay skipped: {}", shipmentId, row.relayStatus());
            return;
        }
        StoredOrder order = orders.find(row.orderId()).orElseThrow();
        CanonicalOrder canonical = OrderJson.read(order.canonical());
        ShipmentRelayTarget target = targets.stream().filter(t -> t.channel().equals(order.channel())).findFirst()
                .orElse(null);
        if (target == null) {
            refused(row, order, "no relay target for the order's channel " + order.channel(), cid);
        }
        RelayedShipment relayed = relayed(NodeShipments.read(row.payload()), order, canonical,
                shipments.ofOrder(order.orderId()));
        RelayResult result = target.relay(relayed);
        LOG.info("Shipment {} of order {}, relay to {} ({}): {}{}", shipmentId, order.orderId(), order.channel(),
                order.channelOrderId(), result.outcome(), result.message() == null ? "" : ": " + result.message());
        switch (result.outcome()) {
            case ACCEPTED -> {
                if (shipments.settle(shipmentId, NodeShipmentStore.RelayStatus.RELAYED, null)) {
                    lifecycle.note(order, STAGE, "shipment " + shipmentId + " relayed to " + order.channel()
                            + (result.message() == null ? "" : ": " + result.message()), cid);
                }
            }
            case RETRY -> {
                if (last && shipments.settle(shipmentId, NodeShipmentStore.RelayStatus.DEAD, result.message())) {
                    lifecycle.note(order, STAGE, "shipment " + shipmentId + " not relayed to " + order.channel()
                            + " after " + maxAttempts + " attempts (" + result.message() + "): dead-lettered; replay it "
                            + "from " + HubProperties.Queues.deadLetter(queues.of(order.channel()).orElseThrow())
                            + " once the channel takes it", cid);
                }
                throw new TransientEndpointException("shipment " + shipmentId + " relay to " + order.channel()
                        + ": " + result.message(), result.retryAfter(), result.message());
            }
            case REFUSED -> refused(row, order, result.message(), cid);
        }
    }

    private void refused(NodeShipmentStore.Row row, StoredOrder order, String message, String cid) {
        if (shipments.settle(row.shipmentId(), NodeShipmentStore.RelayStatus.REFUSED, message)) {
            lifecycle.note(order, STAGE, "shipment " + row.shipmentId() + " REFUSED by " + order.channel() + ": "
                    + message, cid);
        }
        throw new PermanentEndpointException("shipment " + row.shipmentId() + " refused: " + message, message);
    }

    /**
     * What the channel hears: lines by the canonical order's line ids, the order's extensions passed on, and what
     * the order's other shipments settled RELAYED told the channel before ({@code ofOrder}: the order's rows).
     */
    static RelayedShipment relayed(NodeShipment s, StoredOrder order, CanonicalOrder canonical,
                                   List<NodeShipmentStore.Row> ofOrder) {
        Map<String, CanonicalOrder.Line> byKey = ShipmentLines.byKey(canonical);
        Map<String, Integer> before = new HashMap<>();
        ofOrder.stream().filter(r -> r.relayStatus() == NodeShipmentStore.RelayStatus.RELAYED
                        && !r.shipmentId().equals(s.shipmentId()))
                .flatMap(r -> NodeShipments.read(r.payload()).lines().stream()).filter(l -> byKey.containsKey(l.lineId()))
                .forEach(l -> before.merge(line(l, byKey).key(), l.quantity(), Integer::sum));
        List<RelayedShipment.Line> lines = s.lines().stream().map(l -> line(l, byKey)).toList();
        List<RelayedShipment.Package> packages = s.packages() == null ? List.of() : s.packages().stream()
                .map(p -> new RelayedShipment.Package(p.sscc(), p.trackingNumber(), p.trackingUrl(),
                        ShipmentLines.map(canonical, p.lines(), Map.of(), null, "packed").quantities().entrySet()
                                .stream().map(e -> line(new NodeShipment.Line(e.getKey(), null, e.getValue()), byKey))
                                .toList())).toList();
        return new RelayedShipment(order.orderId(), order.channel(), order.sourceAccount(), order.channelOrderId(),
                s.shipmentId(), s.shippedAt(), s.carrier(), s.service(), s.trackingNumber(), s.trackingUrl(), lines,
                packages, canonical.extensions(), before);
    }

    private static RelayedShipment.Line line(NodeShipment.Line l, Map<String, CanonicalOrder.Line> byKey) {
        CanonicalOrder.Line line = byKey.get(l.lineId());
        return new RelayedShipment.Line(line.lineId(), line.sku(), l.quantity());
    }
}
