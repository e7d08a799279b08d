package io.railhead.fulfillment;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.railhead.inventory.StockReservations;
import io.railhead.order.CanonicalOrder;
import io.railhead.order.OrderEventType;
import io.railhead.order.OrderJson;
import io.railhead.order.OrderLifecycle;
import io.railhead.order.OrderStatus;
import io.railhead.order.OrderStore;
import io.railhead.order.StoredOrder;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Takes a node's shipment: checked against the order and the node, recorded once per shipment id, the order's
 * reservation converted at the node's ledger location and the order moved to SHIPPED with a timeline entry, all
 * in one transaction; then its relay is queued on the order's channel's relay queue ({@link ShipmentRelayQueues};
 * after commit; the sweep queues what a lost send left behind). Orders whose channel has no
 * {@link ShipmentRelayTarget} are recorded with relay NONE; what the channel's target could never take is refused
 * (422), and shipments a channel's own path recorded ({@link ChannelShipments}) count as shipped before.
 */
@Service
public class NodeShipments {

    private static final Logger LOG = LoggerFactory.getLogger(NodeShipments.class);
    private static final Set<OrderStatus> SHIPPABLE = Set.of(OrderStatus.RELEASED, OrderStatus.SHIPPED,
            OrderStatus.INVOICED);

    private final OrderStore orders;
    private final OrderLifecycle lifecycle;
    private final FulfillmentConfigSource config;
    private final StockReservations stock;
    private final NodeShipmentStore shipments;
    private final LineCancellationStore cancellations;
    private final TransactionTemplate tx;
    private final List<ShipmentRelayTarget> targets;
    private final List<ChannelShipments> channelPaths;
    private final ProducerTemplate producer;
    private final ShipmentRelayQueues queues;
    private final FulfillmentMeters meters;

    public NodeShipments(OrderStore orders, OrderLifecycle lifecycle, FulfillmentConfigSource config,
                         StockReservations stock, NodeShipmentStore shipments, LineCancellationStore cancellations,
                         TransactionTemplate tx,
                         List<ShipmentRelayTarget> targets, List<ChannelShipments> channelPaths, ProducerTemplate producer,
                         ShipmentRelayQueues queues, FulfillmentMeters meters) {
        this.meters = meters;
        this.orders = orders;
        this.lifecycle = lifecycle;
        this.config = config;
        this.stock = stock;
        this.shipments = shipments;
        this.cancellations = cancellations;
        this.tx = tx;
        this.targets = targets;
        this.channelPaths = channelPaths;
        this.producer = producer;
        this.queues = queues;
    }

    /**
     * What became of a report: {@code created} false for a shipment id recorded before; {@code channel} the order's
     * (whose relay queue a created one goes to), null for a duplicate.
     */
    public record Outcome(boolean created, String shipmentId, String orderId, NodeShipmentStore.RelayStatus relayStatus,
                          String channel) {
    }

    public Outcome record(NodeShipment s, String correlationId) {
        if (shipments.find(s.shipmentId()).isPresent()) {
            return duplicate(s);
        }
        FulfillmentNode node = s.nodeId() == null ? null : config.config().nodes().get(s.nodeId());
        if (node == null) {
            throw new FulfillmentRequestException(422, s.nodeId() == null ? "nodeId is missing"
                    : "node " + s.nodeId() + " is not a fulfillment node in force");
        }
        Outcome outcome;
        try {
            outcome = tx.execute(status -> recordLocked(s, node, correlationId));
        } catch (DuplicateKeyException e) {
            return duplicate(s);
        }
        if (!outcome.created()) {
            return outcome;
        }
        if (outcome.relayStatus() == NodeShipmentStore.RelayStatus.PENDING) {
            enqueue(s.shipmentId(), outcome.orderId(), outcome.channel(), correlationId);
        }
        LOG.info("Shipment {} of order {} from node {} recorded; relay {}", s.shipmentId(), outcome.orderId(),
                node.id(), outcome.relayStatus());
        return outcome;
    }

    private Outcome duplicate(NodeShipment s) {
        NodeShipmentStore.Row row = shipments.find(s.shipmentId()).orElseThrow();
        return new Outcome(false, row.shipmentId(), row.orderId(), row.relayStatus(), null);
    }

    private Outcome recordLocked(NodeShipment s, FulfillmentNode node, String cid) {
        String orderId = orderId(s);
        StoredOrder order = lifecycle.lock(orderId).orElseThrow(() -> new FulfillmentRequestException(404,
                "order " + orderId + " is not known"));
        // A copy delivered at the same time may have got the lock first: checked against itself it would be refused.
        // The copy and what shipped before come from one read, so whatever counts as shipped before is seen.
        List<NodeShipmentStore.Row> earlier = shipments.ofOrder(orderId);
        for (NodeShipmentStore.Row row : earlier) {
            if (row.shipmentId().equals(s.shipmentId())) {
                return new Outcome(false, row.shipmentId(), row.orderId(), row.relayStatus(), null);
            }
        }
        if (!SHIPPABLE.contains(order.status())) {
            throw new FulfillmentRequestException(409, "order " + orderId + " is " + order.status()
                    + ": only orders the ERP accepted (RELEASED) can ship");
        }
        CanonicalOrder canonical = OrderJson.read(order.canonical());
        Map<String, Integer> before = shipped(earlier.stream().map(NodeShipmentStore.Row::payload).toList());
        for (ChannelShipments own : channelPaths) {
            if (own.channel().equals(order.channel())) {
                own.recordedFor(s.shipmentId()).ifPresent(other -> {
                    throw new FulfillmentRequestException(409, "shipment " + s.shipmentId() + " is recorded for order "
                            + other + " through the channel's own shipments endpoint: a node's shipment needs its own id");
                });
            }
        }
        addChannelPaths(before, orderId);
        ShipmentLines.Mapped mapped = ShipmentLines.map(canonical, s.lines(), before, null, "shipped");
        if (!mapped.reasons().isEmpty()) {
            throw new FulfillmentRequestException(422, mapped.reasons());
        }
        Map<String, Integer> cancelled = cancelled(orderId);
        Map<String, CanonicalOrder.Line> byKey = ShipmentLines.byKey(canonical);
        List<String> overCancelled = new java.util.ArrayList<>();
        mapped.quantities().forEach((key, qty) -> {
            int ordered = byKey.get(key).quantity() == null ? 0 : byKey.get(key).quantity();
            int gone = cancelled.getOrDefault(key, 0);
            if (gone > 0 && before.getOrDefault(key, 0) + qty > ordered - gone) {
                overCancelled.add("line " + key + ": " + gone + " of its " + ordered + " were cancelled (no node could "
                        + "ship them), so at most " + Math.max(0, ordered - gone - before.getOrDefault(key, 0))
                        + " more can ship");
            }
        });
        if (!overCancelled.isEmpty()) {
            throw new FulfillmentRequestException(422, overCancelled);
        }
        ShipmentRelayTarget target = targets.stream().filter(t -> t.channel().equals(order.channel())).findFirst()
                .orElse(null);
        boolean relayed = target != null;
        NodeShipmentStore.RelayStatus status = relayed ? NodeShipmentStore.RelayStatus.PENDING
                : NodeShipmentStore.RelayStatus.NONE;
        NodeShipment resolved = resolved(s, mapped.quantities(), orderId);
        if (target != null) {
            List<String> unrelayable = target.unrelayable(ShipmentRelay.relayed(resolved, order, canonical, earlier));
            if (!unrelayable.isEmpty()) {
                throw new FulfillmentRequestException(422, unrelayable);
            }
        }
        int units = mapped.quantities().values().stream().mapToInt(Integer::intValue).sum();
        Instant now = Instant.now();
        shipments.insert(new NodeShipmentStore.Row(s.shipmentId(), orderId, node.id(), OrderJson.write(resolved), status,
                null, cid, now), s.shippedAt(), units);
        stock.shipped(orderId, s.shipmentId(), mapped.quantities(), node.location(), cid);
        Map<String, Integer> all = new HashMap<>(shippedBefore(orderId));
        boolean full = byKey.entrySet().stream().allMatch(e -> all.getOrDefault(e.getKey(), 0)
                + cancelled.getOrDefault(e.getKey(), 0) >= (e.getValue().quantity() == null ? 0 : e.getValue().quantity()));
        if (order.status() == OrderStatus.RELEASED) {
            meters.firstShipmentAfterCommit(order.channel(), order.createdAt(), now);
        }
        StoredOrder next = order.status() == OrderStatus.RELEASED
                ? order.withState(OrderStatus.SHIPPED, order.holdReasons(), order.holdDetail()) : order;
        lifecycle.change(order, next, "ship", "shipment " + s.shipmentId() + " from node " + node.id() + " ("
                + (full ? "full" : "partial") + "): " + units + " unit(s) of " + mapped.quantities().size()
                + " line(s), carrier " + s.carrier() + ", tracking " + tracking(s)
                + (relayed ? "" : "; nothing to relay to the channel"), cid, OrderEventType.ORDER_SHIPPED);
        return new Outcome(true, s.shipmentId(), orderId, status, order.channel());
    }

    private String orderId(NodeShipment s) {
        if (s.orderId() != null) {
            return s.orderId();
        }
        List<StoredOrder> found = orders.findByChannelOrder(s.channel(), s.channelOrderId());
        if (found.size() != 1) {
            throw new FulfillmentRequestException(404, found.isEmpty() ? "no order " + s.channelOrderId() + " of channel "
                    + s.channel() : s.channel() + " order " + s.channelOrderId() + " is ambiguous: give the orderId");
        }
        return found.get(0).orderId();
    }

    /** The shipment with each line named by its order line key (and its SKU kept), as it is stored. */
    private static NodeShipment resolved(NodeShipment s, Map<String, Integer> quantities, String orderId) {
        List<NodeShipment.Line> lines = quantities.entrySet().stream()
                .map(e -> new NodeShipment.Line(e.getKey(), null, e.getValue())).toList();
        return new NodeShipment(s.shipmentId(), orderId, s.channel(), s.channelOrderId(), s.nodeId(), s.shippedAt(),
                s.carrier(), s.service(), s.trackingNumber(), s.trackingUrl(), lines, s.packages());
    }

    /** Per line key the units cancelled because no node could ship them (not those another node took). */
    Map<String, Integer> cancelled(String orderId) {
        Map<String, Integer> sum = new HashMap<>();
        for (LineCancellationStore.Row r : cancellations.byOrder(orderId)) {
            if (r.outcome() == LineCancellationStore.Outcome.RESOURCED) {
                continue;
            }
            try {
                OrderJson.MAPPER.readValue(r.payload(), LineCancel.class).lines()
                        .forEach(l -> sum.merge(l.lineId(), l.quantity(), Integer::sum));
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalStateException("line cancellation " + r.cancellationId() + " cannot be read", e);
            }
        }
        return sum;
    }

    /** Units per order line key the order's recorded shipments took: the nodes' and any channel's own path's. */
    public Map<String, Integer> shippedBefore(String orderId) {
        return addChannelPaths(shippedByNodes(orderId), orderId);
    }

    /** {@code sum} with the units the channels' own paths shipped of the order added. */
    private Map<String, Integer> addChannelPaths(Map<String, Integer> sum, String orderId) {
        channelPaths.forEach(own -> own.shipped(orderId).forEach((key, qty) -> sum.merge(key, qty, Integer::sum)));
        return sum;
    }

    /** The order a node shipment id was recorded for, if it was. */
    public Optional<String> orderOf(String shipmentId) {
        return shipments.find(shipmentId).map(NodeShipmentStore.Row::orderId);
    }

    /** Units per order line key of the order's recorded node shipments only. */
    public Map<String, Integer> shippedByNodes(String orderId) {
        return shipped(shipments.payloadsOf(orderId));
    }

    private static Map<String, Integer> shipped(List<String> payloads) {
        Map<String, Integer> sum = new HashMap<>();
        for (String payload : payloads) {
            read(payload).lines().forEach(l -> sum.merge(l.lineId(), l.quantity(), Integer::sum));
        }
        return sum;
    }

    static NodeShipment read(String payload) {
        try {
            return OrderJson.MAPPER.readValue(payload, NodeShipment.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored node shipment cannot be read", e);
        }
    }

    private static String tracking(NodeShipment s) {
        return s.trackingNumber() != null ? s.trackingNumber() : String.join(", ", s.packages().stream()
                .map(NodeShipment.Parcel::trackingNumber).toList());
    }

    /** Puts the shipment's relay on its channel's queue; a failure leaves it to the sweep. */
    void enqueue(String shipmentId, String orderId, String channel, String correlationId) {
        Optional<String> queue = queues.of(channel);
        if (queue.isEmpty()) {
            // Recorded PENDING while the channel had a relay target, which this hub no longer has.
            StoredOrder order = orders.find(orderId).orElseThrow();
            if (shipments.settle(shipmentId, NodeShipmentStore.RelayStatus.REFUSED, "no relay target for " + channel)) {
                lifecycle.note(order, ShipmentRelay.STAGE, "shipment " + shipmentId + " not relayed: the hub has no "
                        + "relay to " + channel, correlationId);
            }
            return;
        }
        OutboxQueue.send(producer, queue.get(), "Shipment relay", shipmentId, orderId, correlationId,
                () -> shipments.queued(shipmentId));
    }

    /** Queues the relay of shipments recorded before {@code before} whose message never reached the broker. */
    public int sweep(Instant before) {
        List<NodeShipmentStore.Unqueued> rows = shipments.unqueued(before, 100);
        rows.forEach(r -> enqueue(r.shipmentId(), r.orderId(), r.channel(), r.correlationId()));
        return rows.size();
    }
}
