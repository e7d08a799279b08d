package io.railhead.fulfillment;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.railhead.inventory.ReservationStore;
import io.railhead.inventory.StockEventIntake;
import io.railhead.order.CanonicalOrder;
import io.railhead.order.OrderJson;
import io.railhead.order.OrderLifecycle;
import io.railhead.order.StoredOrder;
import io.railhead.shared.HubProperties;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Takes a return: checked against what the order shipped (node shipments and the reservations' shipped units),
 * recorded once per return id, its units put back into the ledger in their disposition's state through the stock
 * ledger's own intake (a DELTA RETURNED event, journaled, the channel pushes follow) and the order's timeline
 * annotated RETURNED, in one transaction; then the ERP's returns call is queued.
 */
@Service
public class OrderReturns {

    private static final Logger LOG = LoggerFactory.getLogger(OrderReturns.class);
    static final String SOURCE = "returns";

    private final OrderLifecycle lifecycle;
    private final FulfillmentConfigSource config;
    private final NodeShipments shipments;
    private final ReservationStore reservations;
    private final StockEventIntake intake;
    private final OrderReturnStore returns;
    private final TransactionTemplate tx;
    private final ProducerTemplate producer;
    private final String queue;

    public OrderReturns(OrderLifecycle lifecycle, FulfillmentConfigSource config, NodeShipments shipments,
                        ReservationStore reservations, StockEventIntake intake, OrderReturnStore returns,
                        TransactionTemplate tx, ProducerTemplate producer, HubProperties hub) {
        this.lifecycle = lifecycle;
        this.config = config;
        this.shipments = shipments;
        this.reservations = reservations;
        this.intake = intake;
        this.returns = returns;
        this.tx = tx;
        this.producer = producer;
        this.queue = hub.queues().erpReturns();
    }

    /** {@code created} false for a return id recorded before. */
    public record Outcome(boolean created, String returnId, String orderId) {
    }

    public Outcome record(OrderReturn r, String cid) {
        if (returns.find(r.returnId()).isPresent()) {
            return new Outcome(false, r.returnId(), returns.find(r.returnId()).orElseThrow().orderId());
        }
        FulfillmentNode node = config.config().nodes().get(r.location());
        String location = node != null ? node.location() : r.location();
        try {
            if (!Boolean.TRUE.equals(tx.execute(status -> recordLocked(r, location, cid)))) {
                return new Outcome(false, r.returnId(), r.orderId());
            }
        } catch (DuplicateKeyException e) {
            return new Outcome(false, r.returnId(), r.orderId());
        }
        enqueue(r.returnId(), r.orderId(), cid);
        LOG.info("Return {} of order {} recorded at {}", r.returnId(), r.orderId(), location);
        return new Outcome(true, r.returnId(), r.orderId());
    }

    /** Records the return under the order's lock; false when a copy of it was recorded meanwhile (while we waited). */
    private boolean recordLocked(OrderReturn r, String location, String cid) {
        StoredOrder order = lifecycle.lock(r.orderId()).orElseThrow(() -> new FulfillmentRequestException(404,
                "order " + r.orderId() + " is not known"));
        // A copy delivered at the same time may have got the lock first: checked against itself it would be refused.
        // The copy and what was returned before come from one read, so whatever counts as returned before is seen.
        List<OrderReturnStore.Row> earlier = returns.ofOrder(r.orderId());
        if (earlier.stream().anyMatch(x -> x.returnId().equals(r.returnId()))) {
            return false;
        }
        CanonicalOrder canonical = OrderJson.read(order.canonical());
        List<NodeShipment.Line> asLines = r.lines().stream()
                .map(l -> new NodeShipment.Line(l.lineId(), l.sku(), l.quantity())).toList();
        ShipmentLines.Mapped mapped = ShipmentLines.map(canonical, asLines,
                returned(earlier.stream().map(OrderReturnStore.Row::payload).toList()), shipped(r.orderId()), "returned");
        if (!mapped.reasons().isEmpty()) {
            throw new FulfillmentRequestException(422, mapped.reasons());
        }
        Map<String, CanonicalOrder.Line> byKey = ShipmentLines.byKey(canonical);
        List<OrderReturn.Line> resolved = new ArrayList<>();
        for (OrderReturn.Line l : r.lines()) {
            String key = keyOf(canonical, l);
            resolved.add(new OrderReturn.Line(key, byKey.get(key).sku(), l.quantity(), l.disposition()));
        }
        returns.insert(new OrderReturnStore.Row(r.returnId(), r.orderId(), OrderJson.write(new OrderReturn(r.returnId(),
                r.orderId(), location, r.receivedAt(), resolved)), cid, OrderReturnStore.ErpStatus.PENDING));
        byte[] event = stockEvent(r, location, resolved);
        if (event != null) {
            StockEventIntake.Outcome taken = intake.accept(event, SOURCE, cid);
            if (taken.status() == StockEventIntake.Status.REFUSED) {
                throw new FulfillmentRequestException(422, taken.reasons());
            }
        }
        Map<String, Integer> all = new HashMap<>(returnedBefore(r.orderId()));
        boolean full = byKey.entrySet().stream().allMatch(e -> all.getOrDefault(e.getKey(), 0)
                >= (e.getValue().quantity() == null ? 0 : e.getValue().quantity()));
        Map<OrderReturn.Disposition, Integer> by = new TreeMap<>();
        resolved.forEach(l -> by.merge(l.disposition(), l.quantity(), Integer::sum));
        lifecycle.note(order, "return", "RETURNED (" + (full ? "full" : "partial") + "): return " + r.returnId() + ", "
                + mapped.quantities().values().stream().mapToInt(Integer::intValue).sum() + " unit(s) of "
                + mapped.quantities().size() + " line(s) at " + location + " " + by, cid);
        return true;
    }

    /** The order line key of a return line (it maps: checked before). */
    private static String keyOf(CanonicalOrder canonical, OrderReturn.Line l) {
        return ShipmentLines.map(canonical, List.of(new NodeShipment.Line(l.lineId(), l.sku(), 1)), Map.of(), null,
                "returned").quantities().keySet().iterator().next();
    }

    /**
     * The DELTA RETURNED stock event of the lines the ledger takes back: RESTOCK on hand, QUARANTINE and DAMAGED on
     * hand and in their state, WRITE_OFF nothing (the timeline keeps it); null when nothing goes into the ledger.
     */
    static byte[] stockEvent(OrderReturn r, String location, List<OrderReturn.Line> lines) {
        Map<String, ObjectNode> items = new LinkedHashMap<>();
        for (OrderReturn.Line l : lines) {
            if (l.disposition() == OrderReturn.Disposition.WRITE_OFF) {
                continue;
            }
            ObjectNode item = items.computeIfAbsent(l.sku(), sku -> OrderJson.MAPPER.createObjectNode()
                    .put("sku", sku).put("location", location));
            item.put("onHand", item.path("onHand").asLong() + l.quantity());
            String state = l.disposition() == OrderReturn.Disposition.QUARANTINE ? "quarantined"
                    : l.disposition() == OrderReturn.Disposition.DAMAGED ? "damaged" : null;
            if (state != null) {
                item.put(state, item.path(state).asLong() + l.quantity());
            }
        }
        if (items.isEmpty()) {
            return null;
        }
        ObjectNode e = OrderJson.MAPPER.createObjectNode().put("eventId", "return-" + r.returnId()).put("source", SOURCE)
                .put("occurredAt", r.receivedAt().toString()).put("kind", "DELTA").put("reason", "RETURNED")
                .put("orderId", r.orderId());
        ArrayNode array = e.putArray("items");
        items.values().forEach(array::add);
        return e.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Units shipped per order line key: the node shipments, or the reservations' shipped units when more. */
    private Map<String, Integer> shipped(String orderId) {
        Map<String, Integer> shipped = new HashMap<>(shipments.shippedBefore(orderId));
        Map<String, Long> byReservation = new HashMap<>();
        for (ReservationStore.Row x : reservations.ofOrder(orderId)) {
            long units = x.perUnit() <= 0 ? 0 : x.shipped() / x.perUnit();
            byReservation.merge(x.lineId(), units, Math::min);
        }
        byReservation.forEach((line, units) -> shipped.merge(line, (int) (long) units, Math::max));
        return shipped;
    }

    private Map<String, Integer> returnedBefore(String orderId) {
        return returned(returns.payloadsOf(orderId));
    }

    private static Map<String, Integer> returned(List<String> payloads) {
        Map<String, Integer> sum = new HashMap<>();
        for (String payload : payloads) {
            try {
                OrderJson.MAPPER.readValue(payload, OrderReturn.class).lines()
                        .forEach(l -> sum.merge(l.lineId(), l.quantity(), Integer::sum));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("a stored return cannot be read", e);
            }
        }
        return sum;
    }

    /** Queues the ERP's returns call; a failure leaves it to the sweep. */
    private void enqueue(String returnId, String orderId, String correlationId) {
        OutboxQueue.send(producer, queue, "Return's ERP call", returnId, orderId, correlationId,
                () -> returns.queued(returnId));
    }

    /** Queues the ERP calls of returns recorded before {@code before} whose message never reached the broker. */
    public int sweep(Instant before) {
        List<OrderReturnStore.Row> rows = returns.unqueued(before, 100);
        rows.forEach(r -> enqueue(r.returnId(), r.orderId(), r.correlationId()));
        return rows.size();
    }
}
