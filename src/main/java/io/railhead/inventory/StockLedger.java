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
 * Applies stock events to the ledger, in one transaction per event, with the ordering rule of
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

    /** Applies the event unless it was applied before; false for a repeat. */
    @Transactional
    public boolean apply(StockEvent e, String payload, Instant receivedAt, String correlationId) {
        events.claim(e, "jms", payload, receivedAt, correlationId);
        if (!events.markApplied(e.eventId())) {
            LOG.info("Stock event {} was applied before; not again", e.eventId());
            return false;
        }
        Set<String> skus = new TreeSet<>();
        e.items().forEach(i -> skus.add(i.sku()));
        ledger.lock(desired.withKits(skus));
        Map<Key, LedgerStore.Level> current = new HashMap<>();
        ledger.levels(skus).values().forEach(ls -> ls.forEach(l -> current.put(new Key(l.sku(), l.location(), l.state()), l)));
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
                    long after = amount + ledger.deltasAfter(k.sku(), k.location(), k.state(), e.occurredAt());
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
        desired.changed(skus, receivedAt);
        return true;
    }
}
