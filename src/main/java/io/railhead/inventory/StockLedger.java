package io.railhead.inventory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Applies stock events to the ledger, many in one transaction (ADR 0013), with the ordering rule of
 * docs/stock.md: a state's value is its latest snapshot by {@code occurredAt} plus the deltas after it. A
 * snapshot older than the one applied changes nothing; a delta older than the applied snapshot changes
 * nothing (the snapshot includes it); a later snapshot re-adds the deltas journaled after its own time.
 * Every item is journaled, applied or not, so every figure can be explained. A DELTA SHIPPED for an order
 * converts that order's reservation. Then the channels' desired quantities are recomputed.
 */
@Service
public class StockLedger {

    private static final Logger LOG = LoggerFactory.getLogger(StockLedger.class);

    private final LedgerStore ledger;
    private final StockEventStore events;
    private final DesiredStock desired;
    private final StockReservations reservations;

    public StockLedger(LedgerStore ledger, StockEventStore events, DesiredStock desired, StockReservations reservations) {
        this.ledger = ledger;
        this.events = events;
        this.desired = desired;
        this.reservations = reservations;
    }

    private record Key(String sku, String location, StockEvent.State state) {
    }

    /** An event taken from the queue, with when the hub accepted it (the start of its push latency). */
    public record Queued(StockEvent event, Instant receivedAt, String correlationId) {
    }

    /**
     * Applies the events in their order in one transaction, each unless it was applied before (then it applies
     * nothing), and records the channels' desired quantities once for every SKU they touched. The SKUs of the
     * whole batch are locked first, in one order. Returns how many events it applied.
     */
    @Transactional
    public int apply(List<Queued> batch) {
        Set<String> skus = new TreeSet<>();
        batch.forEach(q -> q.event().items().forEach(i -> skus.add(i.sku())));
        ledger.lock(desired.withKits(skus));
        int applied = 0;
        Instant earliest = null;
        for (Queued q : batch) {
            if (!events.markApplied(q.event().eventId())) {
                LOG.info("Stock event {} was applied before; not again", q.event().eventId());
                continue;
            }
            applyItems(q.event(), q.correlationId());
            applied++;
            earliest = earliest == null || q.receivedAt().isBefore(earliest) ? q.receivedAt() : earliest;
        }
        if (applied > 0) {
            desired.changed(skus, earliest);
        }
        return applied;
    }

    /**
     * Applies the items {@code from} up to {@code to} of an event too large for one transaction ({@code items} in
     * SKU order, the same order every time), unless that part was applied before; the last part marks the event
     * applied. The part's SKUs are locked first and their channels' desired quantities recorded, so their pushes
     * start while the next part applies. False when the part was applied before.
     */
    @Transactional
    public boolean applyPart(Queued q, List<StockEvent.Item> items, int from, int to) {
        StockEvent e = q.event();
        Set<String> skus = new TreeSet<>();
        items.subList(from, to).forEach(i -> skus.add(i.sku()));
        ledger.lock(desired.withKits(skus));
        if (!events.advance(e.eventId(), from, to) || to == items.size() && !events.markApplied(e.eventId())) {
            LOG.info("Stock event {} items {} to {} were applied before; not again", e.eventId(), from, to);
            return false;
        }
        applyItems(new StockEvent(e.eventId(), e.source(), e.occurredAt(), e.kind(), e.reason(), e.orderId(),
                items.subList(from, to)), q.correlationId());
        desired.changed(skus, q.receivedAt());
        return true;
    }

    private void applyItems(StockEvent e, String correlationId) {
        Set<String> skus = new TreeSet<>();
        e.items().forEach(i -> skus.add(i.sku()));
        Map<Key, LedgerStore.Level> current = new HashMap<>();
        ledger.levels(skus).values().forEach(ls -> ls.forEach(l -> current.put(new Key(l.sku(), l.location(), l.state()), l)));
        Map<Key, Long> later = e.kind() == StockEvent.Kind.SNAPSHOT ? deltasAfter(skus, e.occurredAt()) : Map.of();
        Map<Key, LedgerStore.Level> changed = new LinkedHashMap<>();
        List<LedgerStore.Entry> journal = new ArrayList<>();
        for (StockEvent.Item item : e.items()) {
            String reason = item.reasonOr(e.reason());
            String orderId = item.orderIdOr(e.orderId());
            for (Map.Entry<StockEvent.State, Long> q : item.quantities().entrySet()) {
                Key k = new Key(item.sku(), item.location(), q.getKey());
                LedgerStore.Level cur = current.getOrDefault(k, new LedgerStore.Level(k.sku(), k.location(), k.state(), 0, null));
                boolean older = cur.snapshotAt() != null && e.occurredAt().isBefore(cur.snapshotAt());
                LedgerStore.Level next = null;
                String note = null;
                long amount = q.getValue();
                boolean shipped = orderId != null && "SHIPPED".equals(reason) && k.state() == StockEvent.State.onHand
                        && amount < 0;
                if (older && shipped) {
                    reservations.shippedByDelta(orderId, k.sku(), k.location(), -amount, e.eventId(), correlationId);
                }
                if (older) {
                    note = "older than the snapshot of " + cur.snapshotAt() + ": " + (e.kind() == StockEvent.Kind.SNAPSHOT
                            ? "a newer snapshot is in force" : "that snapshot already includes it");
                } else if (e.kind() == StockEvent.Kind.SNAPSHOT) {
                    long after = amount + later.getOrDefault(k, 0L);
                    next = new LedgerStore.Level(k.sku(), k.location(), k.state(), after, e.occurredAt());
                } else {
                    if (shipped) {
                        long skip = reservations.shippedByDelta(orderId, k.sku(), k.location(), -amount, e.eventId(),
                                correlationId);
                        if (skip > 0) {
                            note = skip + " of it taken off already when the shipment was reported";
                            amount += skip;
                        }
                    }
                    next = new LedgerStore.Level(k.sku(), k.location(), k.state(), cur.quantity() + amount, cur.snapshotAt());
                }
                Long delta = next == null ? null : Long.valueOf(next.quantity() - cur.quantity());
                journal.add(new LedgerStore.Entry(0, k.sku(), k.location(), k.state().name(), e.kind().name(), reason,
                        e.eventId(), e.source(), orderId, e.kind() == StockEvent.Kind.DELTA && next != null ? Long.valueOf(amount)
                        : delta, cur.quantity(),
                        next == null ? cur.quantity() : next.quantity(), next != null, e.occurredAt(), null, correlationId, note));
                if (next != null) {
                    current.put(k, next);
                    changed.put(k, next);
                }
            }
        }
        ledger.saveLevels(changed.values());
        ledger.journal(journal);
    }

    private Map<Key, Long> deltasAfter(Set<String> skus, Instant after) {
        Map<Key, Long> out = new HashMap<>();
        ledger.deltasAfter(skus, after).forEach(d -> out.put(new Key(d.sku(), d.location(), d.state()), d.quantity()));
        return out;
    }
}
