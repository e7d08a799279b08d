package io.railhead.fulfillment;

import io.railhead.inventory.StockAllocations;
import io.railhead.inventory.StockReservations;
import io.railhead.order.CanonicalOrder;
import io.railhead.order.OrderJson;
import io.railhead.order.OrderSourcingResults;
import io.railhead.order.OrderStatus;
import io.railhead.order.SourcingGate;
import io.railhead.order.StoredOrder;
import io.railhead.shared.Headers;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Sources orders to fulfillment nodes (docs/fulfillment.md): route {@code fulfillment-source} hands it every
 * accepted and validated order. Under the SKUs' locks it reserves the order if the stock subscriber has not yet,
 * reads what each location can still give, lets {@link Sourcing} decide by the routing rules, and then either
 * moves the reservation to {@code allocated} at the chosen locations, records the allocations (the order becomes
 * ALLOCATED and goes on to the ERP) and queues each node's request, or holds the order {@code NO_SOURCE} as a
 * backorder. It is also the {@link SourcingGate}: with nodes configured, a valid order waits for this before
 * the ERP gets it, unless {@code railhead.fulfillment.erp-before-sourcing}. Orders the channel fulfils are
 * never sourced.
 */
@Component("orderSourcing")
public class OrderSourcing implements SourcingGate {

    private static final Logger LOG = LoggerFactory.getLogger(OrderSourcing.class);
    /** How a re-sourcing's timeline entry begins (stage {@code source}); the KPIs count these entries. */
    public static final String RESOURCED_AFTER = "re-sourced after ";

    private final FulfillmentConfigSource config;
    private final FulfillmentProperties properties;
    private final OrderSourcingResults results;
    private final StockReservations reservations;
    private final StockAllocations allocations;
    private final ObjectProvider<NodeDispatch> nodes;
    private final TransactionTemplate tx;
    private final FulfillmentMeters meters;

    public OrderSourcing(FulfillmentConfigSource config, FulfillmentProperties properties, OrderSourcingResults results,
                         StockReservations reservations, StockAllocations allocations, ObjectProvider<NodeDispatch> nodes,
                         PlatformTransactionManager transactions,
                         FulfillmentMeters meters) {
        this.meters = meters;
        this.config = config;
        this.properties = properties;
        this.results = results;
        this.reservations = reservations;
        this.allocations = allocations;
        this.nodes = nodes;
        this.tx = new TransactionTemplate(transactions);
    }

    @Override
    public boolean defersErp(CanonicalOrder order) {
        return config.config().enabled() && !properties.erpBeforeSourcing() && sourceable(order);
    }

    /** Route {@code fulfillment-source}: one order event. */
    public void onOrderEvent(Exchange exchange) {
        if (!config.config().enabled()) {
            return;
        }
        source(exchange.getIn().getHeader(Headers.ORDER_ID, String.class),
                exchange.getIn().getHeader(Headers.CORRELATION_ID, String.class));
    }

    /** Sources one order now if it is waiting to be; what was decided, or null when there was nothing to do. */
    public SourcingDecision source(String orderId, String correlationId) {
        FulfillmentConfigSource.Config c = config.config();
        if (!c.enabled()) {
            return null;
        }
        return tx.execute(s -> {
            StoredOrder order = results.lock(orderId).orElse(null);
            if (order == null || !waiting(order)) {
                return null;
            }
            CanonicalOrder canonical = OrderJson.read(order.canonical());
            if (!sourceable(canonical) || (canonical.fulfillment() != null && !canonical.fulfillment().allocations().isEmpty())) {
                return null;
            }
            reservations.ensureReserved(order, correlationId);
            SourcingDecision decision = decide(c, SourcingRequest.from(canonical), Set.of());
            if (!decision.sourced()) {
                results.noSource(order, decision.summary(), correlationId);
                return decision;
            }
            List<CanonicalOrder.Allocation> recorded = allocate(order, canonical, decision, correlationId);
            results.allocated(order, new CanonicalOrder.Fulfillment(recorded), decision.summary(), correlationId);
            LOG.info("Order {} sourced by rule {} to {}", orderId, decision.ruleName(),
                    decision.allocations().stream().map(SourcingDecision.Allocation::nodeId).toList());
            return decision;
        });
    }

    /**
     * Sources again the lines a node will not ship (it refused the request for good, it was dead-lettered, or the
     * node went down before accepting): their allocation is taken back and they are sourced by the rules among the
     * nodes that have not failed this order before (once per order per node). The order keeps its status; lines
     * no other node can take stay reserved, with the reason on the timeline.
     */
    public SourcingDecision resource(String orderId, String failedNode, String why, String correlationId) {
        FulfillmentConfigSource.Config c = config.config();
        if (!c.enabled()) {
            return null;
        }
        SourcingDecision resourced = tx.execute(s -> {
            StoredOrder order = results.lock(orderId).orElse(null);
            if (order == null || order.status() == OrderStatus.CANCELLED || order.status() == OrderStatus.SHIPPED) {
                return null;
            }
            CanonicalOrder canonical = OrderJson.read(order.canonical());
            CanonicalOrder.Allocation failed = allocationAt(canonical, failedNode);
            if (failed == null) {
                return null;
            }
            Set<String> lineIds = new TreeSet<>();
            failed.lines().forEach(l -> lineIds.add(l.lineId()));
            return sourceAgain(c, order, canonical, failedNode, lineIds, why,
                    "; these lines stay reserved until stock or a node can take them", correlationId);
        });
        if (resourced != null) {
            meters.resourced();
        }
        return resourced;
    }

    /**
     * Sources again some lines of a node's allocation, which the node reported it cannot ship: among the nodes
     * other than it (and those that failed the order before). The caller holds the order's lock; the decision
     * is recorded on the timeline, and lines no node can take stay reserved for the caller to settle.
     */
    public SourcingDecision resourceLines(StoredOrder order, String nodeId, Set<String> lineIds, String why,
                                          String correlationId) {
        FulfillmentConfigSource.Config c = config.config();
        CanonicalOrder canonical = OrderJson.read(order.canonical());
        if (!c.enabled() || allocationAt(canonical, nodeId) == null) {
            return null;
        }
        SourcingDecision decision = sourceAgain(c, order, canonical, nodeId, lineIds, why, "; no other node can take them",
                correlationId);
        meters.resourced();
        return decision;
    }

    /**
     * An operator's re-sourcing: the order's lines that ship, are not shipped and are at no node (left after a
     * node failed and no other could take them) are sourced by the rules among the nodes up now, but for those that
     * failed the order before (once per order per node); the caller holds the order's lock. Null when there are none.
     */
    public SourcingDecision sourceUnallocated(StoredOrder order, Map<String, Integer> shipped, String correlationId) {
        return sourceUnallocated(order, shipped, "re-sourced by an operator: ", true, correlationId);
    }

    /**
     * As {@link #sourceUnallocated(StoredOrder, Map, String)}, the cause on the timeline starting with
     * {@code cause}; {@code noteFailure} false: a decision that sources nothing is not recorded (a pass after
     * every stock event must not fill the timeline).
     */
    public SourcingDecision sourceUnallocated(StoredOrder order, Map<String, Integer> shipped, String cause,
                                              boolean noteFailure, String correlationId) {
        FulfillmentConfigSource.Config c = config.config();
        CanonicalOrder canonical = OrderJson.read(order.canonical());
        List<CanonicalOrder.Allocation> all = canonical.fulfillment() == null ? List.of()
                : canonical.fulfillment().allocations();
        Set<String> allocated = new TreeSet<>();
        all.forEach(a -> a.lines().forEach(l -> allocated.add(l.lineId())));
        SourcingRequest whole = SourcingRequest.from(canonical);
        List<SourcingRequest.Line> open = whole.lines().stream().filter(l -> !allocated.contains(l.lineId())
                && shipped.getOrDefault(l.lineId(), 0) < l.quantity()).toList();
        if (!c.enabled() || open.isEmpty()) {
            return null;
        }
        reservations.ensureReserved(order, correlationId);
        SourcingRequest part = new SourcingRequest(whole.orderId(), whole.channel(), whole.sourceAccount(),
                whole.serviceLevel(), whole.shipTo(), whole.tags(), whole.grandTotal(), whole.shipBy(), open);
        SourcingDecision decision = decide(c, part, failedBefore(order.orderId()));
        if (!decision.sourced() && !noteFailure) {
            return decision;
        }
        List<CanonicalOrder.Allocation> kept = new ArrayList<>(all);
        if (decision.sourced()) {
            kept.addAll(allocate(order, canonical, decision, correlationId));
        }
        results.allocated(order, new CanonicalOrder.Fulfillment(kept), cause + decision.summary()
                + (decision.sourced() ? "" : "; these lines stay reserved"), correlationId);
        return decision;
    }

    /** The allocation of {@code nodeId} in the order, or null. */
    static CanonicalOrder.Allocation allocationAt(CanonicalOrder canonical, String nodeId) {
        List<CanonicalOrder.Allocation> all = canonical.fulfillment() == null ? List.of()
                : canonical.fulfillment().allocations();
        return all.stream().filter(a -> a.nodeId().equals(nodeId)).findFirst().orElse(null);
    }

    private SourcingDecision sourceAgain(FulfillmentConfigSource.Config c, StoredOrder order, CanonicalOrder canonical,
                                         String failedNode, Set<String> lineIds, String why, String unsourced,
                                         String correlationId) {
        String orderId = order.orderId();
        List<CanonicalOrder.Allocation> kept = new ArrayList<>();
        for (CanonicalOrder.Allocation a : canonical.fulfillment().allocations()) {
            if (!a.nodeId().equals(failedNode)) {
                kept.add(a);
                continue;
            }
            List<CanonicalOrder.AllocatedLine> rest = a.lines().stream().filter(l -> !lineIds.contains(l.lineId())).toList();
            if (!rest.isEmpty()) {
                kept.add(new CanonicalOrder.Allocation(a.nodeId(), a.location(), rest));
            }
        }
        allocations.deallocate(orderId, lineIds, correlationId);
        Set<String> excluded = new TreeSet<>(failedBefore(orderId));
        excluded.add(failedNode);
        SourcingRequest whole = SourcingRequest.from(canonical);
        SourcingRequest part = new SourcingRequest(whole.orderId(), whole.channel(), whole.sourceAccount(),
                whole.serviceLevel(), whole.shipTo(), whole.tags(), whole.grandTotal(), whole.shipBy(),
                whole.lines().stream().filter(l -> lineIds.contains(l.lineId())).toList());
        SourcingDecision decision = decide(c, part, excluded);
        String cause = RESOURCED_AFTER + failedNode + " (" + why + "; not asked again: " + excluded + "): ";
        if (decision.sourced()) {
            kept.addAll(allocate(order, canonical, decision, correlationId));
        }
        results.allocated(order, new CanonicalOrder.Fulfillment(kept), cause + decision.summary()
                + (decision.sourced() ? "" : unsourced),
                correlationId);
        return decision;
    }

    private Set<String> failedBefore(String orderId) {
        NodeDispatch dispatch = nodes.getIfAvailable();
        Set<String> failed = new TreeSet<>();
        if (dispatch != null) {
            dispatch.requestsOf(orderId).stream().filter(r -> r.status() == NodeRequestStatus.REFUSED
                    || r.status() == NodeRequestStatus.DEAD || r.status() == NodeRequestStatus.CANCELLED)
                    .forEach(r -> failed.add(r.request().nodeId()));
        }
        return failed;
    }

    /** The decision for {@code request} under the SKUs' locks, the {@code excluded} nodes taken as down. */
    private SourcingDecision decide(FulfillmentConfigSource.Config c, SourcingRequest request, Set<String> excluded) {
        Set<String> skus = new TreeSet<>();
        request.lines().forEach(l -> skus.add(l.sku()));
        allocations.lock(skus);
        Map<String, Map<String, Long>> free = allocations.freeAt(skus);
        NodeDispatch dispatch = nodes.getIfAvailable();
        SourcingState state = new SourcingState() {
            @Override
            public boolean isUp(String nodeId) {
                return !excluded.contains(nodeId) && (dispatch == null || dispatch.isUp(nodeId));
            }

            @Override
            public int ordersTaken(String nodeId, LocalDate nodeDay) {
                return dispatch == null ? 0 : dispatch.ordersTaken(nodeId, nodeDay);
            }

            @Override
            public int available(String location, String sku) {
                return (int) Math.min(Integer.MAX_VALUE, free.getOrDefault(sku, Map.of()).getOrDefault(location, 0L));
            }
        };
        return new Sourcing(c.centroids()).decide(request, c.routing(), c.nodes(), state, Instant.now());
    }

    /** Allocates the decision's lines in the ledger and queues each node's request; the allocations to record. */
    private List<CanonicalOrder.Allocation> allocate(StoredOrder order, CanonicalOrder canonical, SourcingDecision decision,
                                                     String correlationId) {
        Map<String, String> locationByLine = new LinkedHashMap<>();
        List<CanonicalOrder.Allocation> recorded = new ArrayList<>();
        for (SourcingDecision.Allocation a : decision.allocations()) {
            a.lines().forEach(l -> locationByLine.put(l.lineId(), a.location()));
            recorded.add(new CanonicalOrder.Allocation(a.nodeId(), a.location(), a.lines().stream()
                    .map(l -> new CanonicalOrder.AllocatedLine(l.lineId(), l.sku(), l.quantity())).toList()));
        }
        allocations.allocate(order.orderId(), locationByLine, correlationId);
        NodeDispatch dispatch = nodes.getIfAvailable();
        if (dispatch != null) {
            Set<String> used = new TreeSet<>();
            dispatch.requestsOf(order.orderId()).forEach(r -> used.add(r.fulfillmentId()));
            // In node order: a node with a capacity is locked while its request is recorded (no two orders deadlock).
            for (SourcingDecision.Allocation a : decision.allocations().stream()
                    .sorted(java.util.Comparator.comparing(SourcingDecision.Allocation::nodeId)).toList()) {
                dispatch.request(fulfillmentId(order.orderId(), a.nodeId(), used), canonical, a, correlationId);
            }
        }
        return recorded;
    }

    /** The id of a node's fulfillment request for an order: the order and the node, numbered on from a second one. */
    static String fulfillmentId(String orderId, String nodeId, Set<String> used) {
        String id = orderId + "~" + nodeId;
        for (int n = 2; used.contains(id); n++) {
            id = orderId + "~" + nodeId + "~" + n;
        }
        used.add(id);
        return id;
    }

    /** An order that waits for sourcing: valid and not yet sourced, at the ERP already, or held only NO_SOURCE. */
    private boolean waiting(StoredOrder order) {
        return order.status() == OrderStatus.VALIDATED || OrderSourcingResults.onlyNoSource(order)
                || (properties.erpBeforeSourcing() && order.status() == OrderStatus.RELEASED);
    }

    private static boolean sourceable(CanonicalOrder order) {
        return !"CHANNEL".equals(order.fulfilledBy()) && order.lines() != null
                && order.lines().stream().anyMatch(l -> !Boolean.FALSE.equals(l.requiresShipping()));
    }
}
