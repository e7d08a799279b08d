package io.railhead.inventory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Stock as sourcing sees it: what each location can still give (on-hand less quarantined, damaged and already
 * allocated), and the move of an order's reservation to {@code allocated} at the location a node ships it from,
 * so it counts against that location only and never in both (docs/stock.md, "Reservations"). A deallocation
 * (the node failed, the order is sourced again) moves it back. Runs in the caller's transaction, SKUs locked.
 */
@Service
public class StockAllocations {

    private final LedgerStore ledger;
    private final ReservationStore reservations;
    private final DesiredStock desired;
    private final StockRulesSource rules;

    public StockAllocations(LedgerStore ledger, ReservationStore reservations, DesiredStock desired, StockRulesSource rules) {
        this.ledger = ledger;
        this.reservations = reservations;
        this.desired = desired;
        this.rules = rules;
    }

    /** Locks the SKUs (and the kits containing them, and a kit's components) for the caller's transaction. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void lock(Collection<String> skus) {
        StockRules r = rules.rules();
        Set<String> all = new TreeSet<>(skus);
        skus.stream().filter(r::isKit).forEach(k -> all.addAll(r.kits().get(k).keySet()));
        ledger.lock(desired.withKits(all));
    }

    /** Per SKU (a kit: what its components make), per location, what the location can still give. */
    public Map<String, Map<String, Long>> freeAt(Collection<String> skus) {
        StockRules r = rules.rules();
        Set<String> needed = new TreeSet<>();
        for (String s : skus) {
            if (r.isKit(s)) {
                needed.addAll(r.kits().get(s).keySet());
            } else {
                needed.add(s);
            }
        }
        Map<String, List<LedgerStore.Level>> levels = ledger.levels(needed);
        Map<String, Map<String, Long>> plain = new HashMap<>();
        levels.forEach((sku, ls) -> ls.stream().map(LedgerStore.Level::location).distinct()
                .forEach(loc -> plain.computeIfAbsent(sku, k -> new HashMap<>()).put(loc, AvailableToSell.sellable(ls, loc))));
        Map<String, Map<String, Long>> out = new HashMap<>();
        for (String s : skus) {
            if (!r.isKit(s)) {
                out.put(s, plain.getOrDefault(s, Map.of()));
                continue;
            }
            Map<String, Long> kit = null;
            for (Map.Entry<String, Integer> part : r.kits().get(s).entrySet()) {
                Map<String, Long> at = plain.getOrDefault(part.getKey(), Map.of());
                Map<String, Long> makes = new HashMap<>();
                at.forEach((loc, q) -> makes.put(loc, Math.floorDiv(q, part.getValue())));
                if (kit == null) {
                    kit = makes;
                } else {
                    kit.keySet().retainAll(makes.keySet());
                    kit.replaceAll((loc, q) -> Math.min(q, makes.get(loc)));
                }
            }
            out.put(s, kit == null ? Map.of() : kit);
        }
        return out;
    }

    /**
     * Allocates the order's still-reserved lines at the locations given per line id ({@code locationByLine});
     * lines already allocated are moved from their old location. Returns how many reservation rows moved.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public int allocate(String orderId, Map<String, String> locationByLine, String correlationId) {
        return move(orderId, locationByLine, correlationId, "allocated to fulfillment");
    }

    /** Moves the lines' allocations (null: every line of the order) back to unlocated reservations. */
    @Transactional(propagation = Propagation.MANDATORY)
    public int deallocate(String orderId, Collection<String> lineIds, String correlationId) {
        Map<String, String> back = new HashMap<>();
        for (ReservationStore.Row x : reservations.ofOrder(orderId)) {
            if (x.location() != null && x.reserved() > 0 && (lineIds == null || lineIds.contains(x.lineId()))) {
                back.put(x.lineId(), null);
            }
        }
        return move(orderId, back, correlationId, "allocation taken back for sourcing again");
    }

    private int move(String orderId, Map<String, String> to, String correlationId, String why) {
        String kind = to.values().stream().allMatch(java.util.Objects::isNull) ? "DEALLOCATE" : "ALLOCATE";
        List<ReservationStore.Row> rows = reservations.ofOrder(orderId).stream()
                .filter(x -> to.containsKey(x.lineId()) && x.reserved() > 0).toList();
        if (rows.isEmpty()) {
            return 0;
        }
        Set<String> skus = new TreeSet<>();
        rows.forEach(x -> skus.add(x.sku()));
        ledger.lock(desired.withKits(skus));
        Map<String, List<LedgerStore.Level>> levels = ledger.levels(skus);
        AllocatedLevels changed = new AllocatedLevels();
        List<LedgerStore.Entry> journal = new ArrayList<>();
        Instant now = Instant.now();
        int moved = 0;
        for (ReservationStore.Row x : reservations.ofOrder(orderId)) {
            if (!to.containsKey(x.lineId()) || x.reserved() <= 0 || java.util.Objects.equals(x.location(), to.get(x.lineId()))) {
                continue;
            }
            String target = to.get(x.lineId());
            if (x.location() == null) {
                ledger.addReserved(x.sku(), -x.reserved());
                journal.add(entry(x, null, "reserved", kind, null, -x.reserved(), null, null, "order:" + orderId, now,
                        correlationId, why));
            } else {
                adjust(levels, changed, x, x.location(), -x.reserved(), journal, kind, null, "order:" + orderId, now,
                        correlationId, why);
            }
            if (target == null) {
                ledger.addReserved(x.sku(), x.reserved());
                journal.add(entry(x, null, "reserved", kind, null, x.reserved(), null, null, "order:" + orderId, now,
                        correlationId, why));
            } else {
                adjust(levels, changed, x, target, x.reserved(), journal, kind, null, "order:" + orderId, now, correlationId,
                        why);
            }
            reservations.update(new ReservationStore.Row(x.orderId(), x.lineId(), x.sku(), x.ordered(), x.perUnit(),
                    x.reserved(), x.shipped(), x.released(), x.backordered(), x.hubReduced(), target));
            moved++;
        }
        ledger.saveLevels(changed.values());
        ledger.journal(journal);
        desired.changed(skus, now);
        return moved;
    }

    /**
     * Takes {@code qty} of a row's hold off (a shipment converted it, a cancellation released it): from the SKU's
     * unlocated reservations, or from {@code allocated} at the row's location. The caller saves the levels.
     */
    void takeOff(ReservationStore.Row x, long qty, Map<String, List<LedgerStore.Level>> levels,
                 AllocatedLevels changed, List<LedgerStore.Entry> journal, String kind, String reason,
                 String eventId, String correlationId, String why) {
        if (qty <= 0) {
            return;
        }
        if (x.location() == null) {
            ledger.addReserved(x.sku(), -qty);
            journal.add(entry(x, null, "reserved", kind, reason, -qty, null, null, eventId, Instant.now(), correlationId, why));
        } else {
            adjust(levels, changed, x, x.location(), -qty, journal, kind, reason, eventId, Instant.now(), correlationId, why);
        }
    }

    private static void adjust(Map<String, List<LedgerStore.Level>> levels, AllocatedLevels changed,
                               ReservationStore.Row x, String location, long delta, List<LedgerStore.Entry> journal,
                               String kind, String reason, String eventId, Instant now, String correlationId, String why) {
        LedgerStore.Level known = changed.get(x.sku(), location);
        LedgerStore.Level cur = known != null ? known : levels.getOrDefault(x.sku(), List.of()).stream()
                .filter(l -> l.location().equals(location) && l.state() == StockEvent.State.allocated).findFirst()
                .orElse(new LedgerStore.Level(x.sku(), location, StockEvent.State.allocated, 0, null));
        LedgerStore.Level next = new LedgerStore.Level(x.sku(), location, StockEvent.State.allocated,
                Math.max(0, cur.quantity() + delta), cur.snapshotAt());
        changed.put(next);
        journal.add(entry(x, location, "allocated", kind, reason, delta, cur.quantity(), next.quantity(), eventId, now,
                correlationId, why));
    }

    private static LedgerStore.Entry entry(ReservationStore.Row x, String location, String state, String kind, String reason,
                                           long delta, Long before, Long after, String eventId, Instant now,
                                           String correlationId, String why) {
        return new LedgerStore.Entry(0, x.sku(), location, state, kind, reason, eventId, null, x.orderId(), delta, before,
                after, true, now, null, correlationId, why);
    }
}
