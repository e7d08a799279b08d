package io.railhead.fulfillment;

import io.railhead.inventory.StockReservations;
import io.railhead.order.CanonicalOrder;
import io.railhead.order.OrderJson;
import io.railhead.order.OrderLifecycle;
import io.railhead.order.OrderStatus;
import io.railhead.order.StoredOrder;
import io.railhead.shared.HubProperties;
import io.railhead.shared.Sha256;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A node's report of lines it cannot ship ({@code POST /api/fulfillment/cancellations}): the lines are sourced
 * again by the rules among the other nodes; if none can take them, their stock is released and they are
 * cancelled at the order's channel through its {@link LineCancelTarget} (queued on
 * {@code railhead.queues.line-cancels}, settled by {@link LineCancelSender}), or, where the channel's API
 * cannot, left to an operator as {@code CANCEL_AT_CHANNEL} with what to do. A line is re-sourced whole: the
 * report names each line's whole remaining quantity at the node. The same report again is a duplicate.
 */
@Service
public class LineCancellations {

    private static final Logger LOG = LoggerFactory.getLogger(LineCancellations.class);
    private static final String STAGE = "fulfillment-cancel";

    /** A node's report. */
    public record Report(String orderId, String nodeId, List<NodeShipment.Line> lines, String reason) {
    }

    /** What became of a report: {@code created} false for one reported before. */
    public record Outcome(boolean created, LineCancellationStore.Row row) {
    }

    private final OrderLifecycle lifecycle;
    private final FulfillmentConfigSource config;
    private final OrderSourcing sourcing;
    private final StockReservations stock;
    private final NodeShipments shipments;
    private final LineCancellationStore reports;
    private final List<LineCancelTarget> targets;
    private final TransactionTemplate tx;
    private final ProducerTemplate producer;
    private final String queue;

    public LineCancellations(OrderLifecycle lifecycle, FulfillmentConfigSource config, OrderSourcing sourcing,
                             StockReservations stock, NodeShipments shipments, LineCancellationStore store,
                             List<LineCancelTarget> targets, TransactionTemplate tx, ProducerTemplate producer,
                             HubProperties hub) {
        this.lifecycle = lifecycle;
        this.config = config;
        this.sourcing = sourcing;
        this.stock = stock;
        this.shipments = shipments;
        this.reports = store;
        this.targets = targets;
        this.tx = tx;
        this.producer = producer;
        this.queue = hub.queues().lineCancels();
    }

    public Outcome report(Report r, String cid) {
        if (config.config().nodes().get(r.nodeId()) == null) {
            throw new FulfillmentRequestException(422, "node " + r.nodeId() + " is not a fulfillment node in force");
        }
        Outcome outcome;
        try {
            outcome = tx.execute(s -> reportLocked(r, cid));
        } catch (DuplicateKeyException e) {
            outcome = tx.execute(s -> reportLocked(r, cid)); // the same report, recorded meanwhile: now a duplicate
        }
        LineCancellationStore.Row row = outcome.row();
        if (outcome.created() && row.outcome() == LineCancellationStore.Outcome.CHANNEL_OWED) {
            enqueue(row.cancellationId(), row.orderId(), cid);
        }
        if (outcome.created()) {
            LOG.info("Lines of order {} node {} cannot ship: {}", row.orderId(), row.nodeId(), row.outcome());
        }
        return outcome;
    }

    private Outcome reportLocked(Report r, String cid) {
        StoredOrder order = lifecycle.lock(r.orderId()).orElseThrow(() -> new FulfillmentRequestException(404,
                "order " + r.orderId() + " is not known"));
        CanonicalOrder canonical = OrderJson.read(order.canonical());
        ShipmentLines.Mapped mapped = ShipmentLines.map(canonical, r.lines(), Map.of(), null, "reported");
        if (!mapped.reasons().isEmpty()) {
            throw new FulfillmentRequestException(422, mapped.reasons());
        }
        String id = id(r.orderId(), r.nodeId(), mapped.quantities());
        Optional<LineCancellationStore.Row> before = reports.find(id);
        if (before.isPresent()) {
            return new Outcome(false, before.get());
        }
        if (order.status() == OrderStatus.CANCELLED) {
            throw new FulfillmentRequestException(409, "order " + r.orderId() + " is cancelled already");
        }
        Map<String, Integer> shipped = shipments.shippedBefore(r.orderId());
        checkAtNode(canonical, r.nodeId(), mapped.quantities(), shipped);
        Set<String> lineIds = new TreeSet<>(mapped.quantities().keySet());
        String why = "node " + r.nodeId() + " cannot ship " + describe(mapped.quantities())
                + (r.reason() == null ? "" : " (" + r.reason() + ")");
        SourcingDecision decision = sourcing.resourceLines(order, r.nodeId(), lineIds, why, cid);
        List<LineCancel.Line> lines = new ArrayList<>();
        Map<String, CanonicalOrder.Line> byKey = ShipmentLines.byKey(canonical);
        mapped.quantities().forEach((k, q) -> lines.add(new LineCancel.Line(k, byKey.get(k).sku(), q)));
        StoredOrder now = lifecycle.lock(r.orderId()).orElseThrow();
        LineCancellationStore.Outcome outcome;
        String action = null;
        if (decision != null && decision.sourced()) {
            outcome = LineCancellationStore.Outcome.RESOURCED;
        } else {
            stock.releaseLines(now, lineIds, "no node can ship them", cid);
            CanonicalOrder after = OrderJson.read(now.canonical());
            boolean whole = shipped.isEmpty() && lineIds.containsAll(byKey.keySet())
                    && (after.fulfillment() == null || after.fulfillment().allocations().isEmpty());
            LineCancel cancel = new LineCancel(id, r.orderId(), now.channel(), now.channelOrderId(), now.sourceAccount(),
                    whole, why, lines);
            LineCancelTarget target = targets.stream().filter(t -> t.channel().equals(now.channel())).findFirst().orElse(null);
            Optional<String> cannot = target == null ? Optional.of("the " + now.channel() + " connection cannot cancel "
                    + "lines through the channel's API") : target.cannotCancel(cancel);
            if (cannot.isPresent()) {
                outcome = LineCancellationStore.Outcome.CANCEL_AT_CHANNEL;
                action = "cancel " + describe(mapped.quantities()) + " of order " + now.channelOrderId() + " at "
                        + now.channel() + " by hand: " + cannot.get();
                lifecycle.note(now, STAGE, "CANCEL_AT_CHANNEL: " + action, cid);
            } else {
                outcome = LineCancellationStore.Outcome.CHANNEL_OWED;
                lifecycle.note(now, STAGE, "no node can ship " + describe(mapped.quantities()) + ": cancelling "
                        + (whole ? "the order" : "them") + " at " + now.channel(), cid);
            }
            reports.insert(new LineCancellationStore.Row(id, r.orderId(), r.nodeId(), OrderJson.write(cancel), outcome,
                    action, cid, null, null));
            return new Outcome(true, reports.find(id).orElseThrow());
        }
        reports.insert(new LineCancellationStore.Row(id, r.orderId(), r.nodeId(), OrderJson.write(new LineCancel(id,
                r.orderId(), now.channel(), now.channelOrderId(), now.sourceAccount(), false, why, lines)), outcome,
                null, cid, null, null));
        return new Outcome(true, reports.find(id).orElseThrow());
    }

    /** Every reported line is allocated to the node, with its whole quantity still to ship there. */
    private static void checkAtNode(CanonicalOrder canonical, String nodeId, Map<String, Integer> reported,
                                    Map<String, Integer> shipped) {
        CanonicalOrder.Allocation at = OrderSourcing.allocationAt(canonical, nodeId);
        Map<String, Integer> allocated = new HashMap<>();
        if (at != null) {
            at.lines().forEach(l -> allocated.merge(l.lineId(), l.quantity(), Integer::sum));
        }
        List<String> reasons = new ArrayList<>();
        reported.forEach((line, qty) -> {
            Integer there = allocated.get(line);
            if (there == null) {
                reasons.add("line " + line + " is not allocated to node " + nodeId);
                return;
            }
            int left = there - shipped.getOrDefault(line, 0);
            if (qty != left) {
                reasons.add("line " + line + ": " + qty + " reported, " + left + " still to ship at node " + nodeId
                        + "; a line is sourced again whole, so report its whole remaining quantity (ship what you "
                        + "can first)");
            }
        });
        if (!reasons.isEmpty()) {
            throw new FulfillmentRequestException(422, reasons);
        }
    }

    /** The same lines of the same order from the same node are the same report. */
    static String id(String orderId, String nodeId, Map<String, Integer> quantities) {
        StringBuilder key = new StringBuilder();
        new TreeMap<>(quantities).forEach((k, q) -> key.append(k).append('=').append(q).append(';'));
        return orderId + "~" + nodeId + "~" + Sha256.hex(key.toString()).substring(0, 16);
    }

    private static String describe(Map<String, Integer> quantities) {
        List<String> parts = new ArrayList<>();
        quantities.forEach((k, q) -> parts.add(q + " × line " + k));
        return String.join(", ", parts);
    }

    /** Puts the channel cancel on its queue; a failure leaves it to the sweep. */
    void enqueue(String cancellationId, String orderId, String correlationId) {
        OutboxQueue.send(producer, queue, "Line cancellation", cancellationId, orderId, correlationId,
                () -> reports.queued(cancellationId));
    }

    /** Queues the channel cancels owed since before {@code before} whose message never reached the broker. */
    public int sweep(Instant before) {
        List<LineCancellationStore.Row> rows = reports.unqueued(before, 100);
        rows.forEach(r -> enqueue(r.cancellationId(), r.orderId(), r.correlationId()));
        return rows.size();
    }
}
