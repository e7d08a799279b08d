package io.railhead.inventory;

import com.fasterxml.jackson.databind.JsonNode;
import io.railhead.order.OrderJson;
import io.railhead.order.OrderLifecycle;
import io.railhead.order.OrderStatus;
import io.railhead.order.OrderStore;
import io.railhead.order.StoredOrder;
import io.railhead.shared.Headers;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Stock held for orders, from the order events (route {@code stock-reserve}, its own queue on
 * {@code order.events.v1}): an accepted order (held or not) reserves its lines at once, before the ERP
 * confirms anything; a cancellation releases; a shipment converts (reservation released, on-hand taken off
 * at the shipping location), once. Orders the channel fulfils reserve nothing, except completed store
 * sales, which take their quantities off the store's on-hand directly. An order for more than is free is
 * still reserved in full and flagged as a backorder on its timeline. Every change is journaled; SKUs are
 * locked, so two orders racing for the last unit are served one after the other and only one gets it.
 */
@Service("stockReservations")
public class StockReservations {

    private static final Logger LOG = LoggerFactory.getLogger(StockReservations.class);
    static final String STAGE = "stock";

    private final LedgerStore ledger;
    private final ReservationStore reservations;
    private final OrderStore orders;
    private final OrderLifecycle lifecycle;
    private final StockRulesSource rules;
    private final DesiredStock desired;
    private final StockAllocations allocations;

    public StockReservations(LedgerStore ledger, ReservationStore reservations, OrderStore orders, OrderLifecycle lifecycle,
                             StockRulesSource rules, DesiredStock desired, StockAllocations allocations) {
        this.allocations = allocations;
        this.ledger = ledger;
        this.reservations = reservations;
        this.orders = orders;
        this.lifecycle = lifecycle;
        this.rules = rules;
        this.desired = desired;
    }

    /** Route {@code stock-reserve}: one order event. */
    @Transactional
    public void onOrderEvent(Exchange exchange) {
        String type = exchange.getIn().getHeader(Headers.EVENT_TYPE, String.class);
        String orderId = exchange.getIn().getHeader(Headers.ORDER_ID, String.class);
        String cid = exchange.getIn().getHeader(Headers.CORRELATION_ID, String.class);
        // The order row first, then the SKUs: the order each writer of both takes them in (sourcing, shipments),
        // so none waits on the other's SKUs while holding what the other needs for the timeline row.
        Optional<StoredOrder> order = orders.findForUpdate(orderId);
        if (order.isEmpty()) {
            LOG.warn("Order event {} for order {}: no such order; nothing reserved", type, orderId);
            return;
        }
        switch (type) {
            // Held and validated again: an order first stored held without a channel order id has no ORDER_ACCEPTED;
            // reserving is once per order, so the later events of an order that reserved change nothing.
            case "ORDER_ACCEPTED", "ORDER_HELD", "ORDER_VALIDATED" -> reserve(order.get(), cid);
            case "ORDER_CANCELLED" -> release(order.get(), cid);
            default -> {
            }
        }
    }

    /**
     * Reserves the order's lines now unless it reserved before (sourcing reserves first, so its allocation always
     * has a reservation to move, whichever of the two subscribers hears of the order first). Caller's transaction.
     */
    public void ensureReserved(StoredOrder order, String cid) {
        reserve(order, cid);
    }

    private record Want(String lineId, String sku, long ordered, long perUnit) {
    }

    void reserve(StoredOrder order, String cid) {
        JsonNode canonical = canonical(order);
        if (canonical == null || order.status() == OrderStatus.CANCELLED || reservations.any(order.orderId())) {
            return;
        }
        StockRules r = rules.rules();
        List<Want> wants = new ArrayList<>();
        JsonNode lines = canonical.path("lines");
        for (int i = 0; i < lines.size(); i++) {
            JsonNode l = lines.get(i);
            String sku = l.path("sku").asText("");
            long q = l.path("quantity").asLong(0);
            if (sku.isBlank() || q <= 0) {
                continue;
            }
            String lineId = l.path("lineId").asText(String.valueOf(i + 1));
            if (r.isKit(sku)) {
                r.kits().get(sku).forEach((part, per) -> wants.add(new Want(lineId, part, q * per, per)));
            } else {
                wants.add(new Want(lineId, sku, q, 1));
            }
        }
        if (wants.isEmpty()) {
            return;
        }
        boolean byChannel = "CHANNEL".equals(canonical.path("fulfilledBy").asText());
        String storeLocation = byChannel ? r.posLocation(order.sourceAccount()) : null;
        if (byChannel && storeLocation == null) {
            LOG.info("Order {} is fulfilled by its channel: nothing reserved", order.orderId());
            return;
        }
        Set<String> skus = new TreeSet<>();
        wants.forEach(w -> skus.add(w.sku()));
        Map<String, Long> reserved = new LinkedHashMap<>(ledger.lock(desired.withKits(skus)));
        if (reservations.any(order.orderId())) {
            return; // reserved meanwhile by the other subscriber (sourcing reserves first too)
        }
        Map<String, List<LedgerStore.Level>> levels = ledger.levels(skus);
        Instant now = Instant.now();
        List<LedgerStore.Entry> journal = new ArrayList<>();
        List<String> short_ = new ArrayList<>();
        List<LedgerStore.Level> sold = new ArrayList<>();
        for (Want w : wants) {
            if (storeLocation != null) {
                LedgerStore.Level cur = level(levels, w.sku(), storeLocation);
                LedgerStore.Level next = new LedgerStore.Level(w.sku(), storeLocation, StockEvent.State.onHand,
                        cur.quantity() - w.ordered(), cur.snapshotAt());
                replace(levels, next);
                sold.add(next);
                journal.add(new LedgerStore.Entry(0, w.sku(), storeLocation, "onHand", "DELTA", "SOLD", "order:" + order.orderId(),
                        order.channel(), order.orderId(), -w.ordered(), cur.quantity(), next.quantity(), true, now, null, cid,
                        "completed store sale"));
                this.reservations.insert(new ReservationStore.Row(order.orderId(), w.lineId(), w.sku(), w.ordered(), w.perUnit(), 0,
                        w.ordered(), 0, 0, w.ordered(), storeLocation));
                continue;
            }
            long before = reserved.getOrDefault(w.sku(), 0L);
            long free = AvailableToSell.free(levels.getOrDefault(w.sku(), List.of()), before);
            long back = Math.max(0, w.ordered() - Math.max(0, free));
            reserved.put(w.sku(), before + w.ordered());
            ledger.addReserved(w.sku(), w.ordered());
            this.reservations.insert(new ReservationStore.Row(order.orderId(), w.lineId(), w.sku(), w.ordered(), w.perUnit(),
                    w.ordered(), 0, 0, back, 0, null));
            journal.add(new LedgerStore.Entry(0, w.sku(), null, "reserved", "RESERVE", null, "order:" + order.orderId(),
                    order.channel(), order.orderId(), w.ordered(), before, before + w.ordered(), true, now, null, cid,
                    back > 0 ? "backorder: " + back + " more than is free" : null));
            if (back > 0) {
                short_.add(back + " × " + w.sku());
            }
        }
        ledger.saveLevels(sold);
        ledger.journal(journal);
        desired.changed(skus, now);
        String what = storeLocation != null ? "store sale: on-hand at " + storeLocation + " lowered by " + describe(wants)
                : "stock reserved: " + describe(wants);
        lifecycle.note(order, STAGE, short_.isEmpty() ? what : what + "; backorder, short of " + String.join(", ", short_), cid);
    }

    void release(StoredOrder order, String cid) {
        releaseLines(order, null, "order cancelled", cid);
    }

    /**
     * Releases what is still reserved (or allocated) of the order's lines {@code lineIds} (null: all), e.g. lines
     * no node can ship, cancelled at the channel. Runs in the caller's transaction; returns how many reservation
     * rows it released.
     */
    public int releaseLines(StoredOrder order, Set<String> lineIds, String why, String cid) {
        List<ReservationStore.Row> rows = reservations.ofOrder(order.orderId()).stream()
                .filter(x -> x.reserved() > 0 && (lineIds == null || lineIds.contains(x.lineId()))).toList();
        Set<String> skus = new TreeSet<>();
        rows.forEach(x -> skus.add(x.sku()));
        if (skus.isEmpty()) {
            return 0;
        }
        ledger.lock(desired.withKits(skus));
        Map<String, List<LedgerStore.Level>> levels = ledger.levels(skus);
        AllocatedLevels held = new AllocatedLevels();
        List<LedgerStore.Entry> journal = new ArrayList<>();
        Instant now = Instant.now();
        for (ReservationStore.Row x : reservations.ofOrder(order.orderId())) {
            if (x.reserved() <= 0 || (lineIds != null && !lineIds.contains(x.lineId()))) {
                continue;
            }
            allocations.takeOff(x, x.reserved(), levels, held, journal, "RELEASE", null, "order:" + order.orderId(), cid,
                    why);
            reservations.update(new ReservationStore.Row(x.orderId(), x.lineId(), x.sku(), x.ordered(), x.perUnit(), 0, x.shipped(),
                    x.released() + x.reserved(), x.backordered(), x.hubReduced(), x.location()));
        }
        ledger.saveLevels(held.values());
        ledger.journal(journal);
        desired.changed(skus, now);
        lifecycle.note(order, STAGE, "stock released (" + why + "): " + journal.size() + " reservation(s)", cid);
        return journal.size();
    }

    /**
     * A shipment reported for an order (the shipments endpoint): per line id the quantity shipped. Converts
     * each line's reservation once (what was shipped before is not converted again) and takes the shipped
     * units off the on-hand at {@code location} (null: the reservation's location, else the location with
     * the most on-hand). Runs in the caller's transaction.
     */
    public void shipped(String orderId, String shipmentId, Map<String, Integer> lines, String location, String cid) {
        List<ReservationStore.Row> rows = reservations.ofOrder(orderId);
        Set<String> skus = new TreeSet<>();
        rows.stream().filter(x -> lines.containsKey(x.lineId())).forEach(x -> skus.add(x.sku()));
        if (skus.isEmpty()) {
            return;
        }
        ledger.lock(desired.withKits(skus));
        Map<String, List<LedgerStore.Level>> levels = ledger.levels(skus);
        List<LedgerStore.Entry> journal = new ArrayList<>();
        List<LedgerStore.Level> changed = new ArrayList<>();
        AllocatedLevels held = new AllocatedLevels();
        Instant now = Instant.now();
        for (ReservationStore.Row x : reservations.ofOrder(orderId)) {
            Integer units = lines.get(x.lineId());
            if (units == null) {
                continue;
            }
            long qty = Math.min((long) units * x.perUnit(), x.ordered() - x.shipped());
            if (qty <= 0) {
                continue;
            }
            long convert = Math.min(qty, x.reserved());
            String at = location != null ? location : x.location() != null ? x.location() : mostOnHand(levels, x.sku());
            allocations.takeOff(x, convert, levels, held, journal, "CONVERT", "SHIPPED", "shipment:" + shipmentId, cid,
                    "shipped: reservation converted");
            if (at != null) {
                LedgerStore.Level cur = level(levels, x.sku(), at);
                LedgerStore.Level next = new LedgerStore.Level(x.sku(), at, StockEvent.State.onHand, cur.quantity() - qty,
                        cur.snapshotAt());
                replace(levels, next);
                changed.add(next);
                journal.add(new LedgerStore.Entry(0, x.sku(), at, "onHand", "DELTA", "SHIPPED", "shipment:" + shipmentId, null,
                        orderId, -qty, cur.quantity(), next.quantity(), true, now, null, cid, "shipment reported"));
            }
            reservations.update(new ReservationStore.Row(x.orderId(), x.lineId(), x.sku(), x.ordered(), x.perUnit(),
                    x.reserved() - convert, x.shipped() + qty, x.released(), x.backordered(),
                    x.hubReduced() + (at != null ? qty : 0), x.location()));
        }
        ledger.saveLevels(changed);
        ledger.saveLevels(held.values());
        ledger.journal(journal);
        desired.changed(skus, now);
    }

    /**
     * A WMS delta SHIPPED of {@code units} for an order: converts that much of the order's reservation of the
     * SKU; returns how many of the units the hub took off already for a reported shipment (the delta must not
     * take them off again). The caller holds the SKU's lock and applies the rest of the delta.
     */
    long shippedByDelta(String orderId, String sku, String location, long units, String eventId, String cid) {
        long left = units;
        long skip = 0;
        List<LedgerStore.Entry> journal = new ArrayList<>();
        Map<String, List<LedgerStore.Level>> levels = ledger.levels(Set.of(sku));
        AllocatedLevels held = new AllocatedLevels();
        for (ReservationStore.Row x : reservations.ofOrder(orderId)) {
            if (!x.sku().equals(sku) || left <= 0) {
                continue;
            }
            long fromHub = Math.min(left, x.hubReduced());
            long convert = Math.min(left - fromHub, x.reserved());
            skip += fromHub;
            left -= fromHub + convert;
            allocations.takeOff(x, convert, levels, held, journal, "CONVERT", "SHIPPED", eventId, cid,
                    "shipped at " + location + ": reservation converted");
            reservations.update(new ReservationStore.Row(x.orderId(), x.lineId(), x.sku(), x.ordered(), x.perUnit(),
                    x.reserved() - convert, x.shipped() + convert, x.released(), x.backordered(), x.hubReduced() - fromHub,
                    x.location()));
        }
        ledger.saveLevels(held.values());
        ledger.journal(journal);
        return skip;
    }

    private static String mostOnHand(Map<String, List<LedgerStore.Level>> levels, String sku) {
        return levels.getOrDefault(sku, List.of()).stream().filter(l -> l.state() == StockEvent.State.onHand)
                .max((a, b) -> Long.compare(a.quantity(), b.quantity())).map(LedgerStore.Level::location).orElse(null);
    }

    private static LedgerStore.Level level(Map<String, List<LedgerStore.Level>> levels, String sku, String location) {
        return levels.getOrDefault(sku, List.of()).stream()
                .filter(l -> l.location().equals(location) && l.state() == StockEvent.State.onHand).findFirst()
                .orElse(new LedgerStore.Level(sku, location, StockEvent.State.onHand, 0, null));
    }

    private static void replace(Map<String, List<LedgerStore.Level>> levels, LedgerStore.Level next) {
        List<LedgerStore.Level> ls = new ArrayList<>(levels.getOrDefault(next.sku(), List.of()));
        ls.removeIf(l -> l.location().equals(next.location()) && l.state() == next.state());
        ls.add(next);
        levels.put(next.sku(), ls);
    }

    private static String describe(List<Want> wants) {
        List<String> parts = new ArrayList<>();
        wants.forEach(w -> parts.add(w.ordered() + " × " + w.sku()));
        return String.join(", ", parts);
    }

    private static JsonNode canonical(StoredOrder order) {
        if (order.canonical() == null) {
            return null;
        }
        try {
            return OrderJson.MAPPER.readTree(order.canonical());
        } catch (IOException e) {
            return null;
        }
    }
}
