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

    private final FulfillmentConfigSource config;
    private final FulfillmentProperties properties;
    private final OrderSourcingResults results;
    private final StockReservations reservations;
    private final StockAllocations allocations;
    private final ObjectProvider<NodeDispatch> nodes;
    private final TransactionTemplate tx;

    public OrderSourcing(FulfillmentConfigSource config, FulfillmentProperties properties, OrderSourcingResults results,
                         StockReservations reservations, StockAllocations allocations, ObjectProvider<NodeDispatch> nodes,
                         PlatformTransactionManager transactions) {
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
            SourcingRequest request = SourcingRequest.from(canonical);
            Set<String> skus = new TreeSet<>();
            request.lines().forEach(l -> skus.add(l.sku()));
            allocations.lock(skus);
            Map<String, Map<String, Long>> free = allocations.freeAt(skus);
            NodeDispatch dispatch = nodes.getIfAvailable();
            SourcingState state = new SourcingState() {
                @Override
                public boolean isUp(String nodeId) {
                    return dispatch == null || dispatch.isUp(nodeId);
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
            SourcingDecision decision = new Sourcing(c.centroids()).decide(request, c.routing(), c.nodes(), state, Instant.now());
            if (!decision.sourced()) {
                results.noSource(order, decision.summary(), correlationId);
                return decision;
            }
            Map<String, String> locationByLine = new LinkedHashMap<>();
            List<CanonicalOrder.Allocation> recorded = new ArrayList<>();
            for (SourcingDecision.Allocation a : decision.allocations()) {
                a.lines().forEach(l -> locationByLine.put(l.lineId(), a.location()));
                recorded.add(new CanonicalOrder.Allocation(a.nodeId(), a.location(), a.lines().stream()
                        .map(l -> new CanonicalOrder.AllocatedLine(l.lineId(), l.sku(), l.quantity())).toList()));
            }
            allocations.allocate(orderId, locationByLine, correlationId);
            results.allocated(order, new CanonicalOrder.Fulfillment(recorded), decision.summary(), correlationId);
            if (dispatch != null) {
                for (SourcingDecision.Allocation a : decision.allocations()) {
                    dispatch.request(fulfillmentId(orderId, a.nodeId()), canonical, a, correlationId);
                }
            }
            LOG.info("Order {} sourced by rule {} to {}", orderId, decision.ruleName(),
                    decision.allocations().stream().map(SourcingDecision.Allocation::nodeId).toList());
            return decision;
        });
    }

    /** The id of a node's fulfillment request for an order: one per order and node. */
    static String fulfillmentId(String orderId, String nodeId) {
        return orderId + "~" + nodeId;
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
