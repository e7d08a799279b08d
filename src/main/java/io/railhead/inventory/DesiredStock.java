package io.railhead.inventory;

import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Turns the ledger into what each channel should list: after a change to some SKUs (in the change's
 * transaction, SKUs locked), computes {@link AvailableToSell} for them and the kits they are part of on
 * every channel that is pushed to, and records it in the desired-state table. A value that differs from
 * what the channel last accepted marks the row dirty; once the transaction commits, the pushers of the
 * channels concerned are woken.
 */
@Component
public class DesiredStock {

    private final LedgerStore ledger;
    private final PushStore pushes;
    private final StockRulesSource rules;
    private final StockPushers pushers;

    public DesiredStock(LedgerStore ledger, PushStore pushes, StockRulesSource rules, StockPushers pushers) {
        this.ledger = ledger;
        this.pushes = pushes;
        this.rules = rules;
        this.pushers = pushers;
    }

    /** The SKUs to lock before changing {@code skus}: they and the kits that contain them. */
    public Set<String> withKits(Collection<String> skus) {
        Set<String> all = new TreeSet<>(skus);
        all.addAll(rules.rules().kitsContaining(skus));
        return all;
    }

    /**
     * Records the desired quantities of the changed SKUs (and kits containing them) on every pushed channel;
     * {@code changedAt} is when the change was accepted (the start of its push latency).
     */
    public void changed(Collection<String> skus, Instant changedAt) {
        StockRules r = rules.rules();
        List<StockChannel> channels = r.pushedChannels();
        if (channels.isEmpty() || skus.isEmpty()) {
            return;
        }
        Set<String> kits = r.kitsContaining(skus);
        Set<String> plain = new TreeSet<>();
        for (String s : skus) {
            if (!r.isKit(s)) {
                plain.add(s);
            }
        }
        Set<String> needed = new TreeSet<>(plain);
        kits.forEach(k -> needed.addAll(r.kits().get(k).keySet()));
        Map<String, List<LedgerStore.Level>> levels = ledger.levels(needed);
        Map<String, Long> reserved = ledger.reserved(needed);
        Set<String> woken = new TreeSet<>();
        for (StockChannel c : channels) {
            Map<String, Long> pools = new HashMap<>();
            for (String s : needed) {
                pools.put(s, AvailableToSell.pool(c, levels.getOrDefault(s, List.of()), reserved.getOrDefault(s, 0L)));
            }
            Map<String, Long> desired = new LinkedHashMap<>();
            for (String s : plain) {
                desired.put(s, AvailableToSell.available(c, r.safetyStock(c, s), pools.get(s)));
            }
            for (String k : kits) {
                long pool = AvailableToSell.kitPool(r.kits().get(k), pools);
                desired.put(k, AvailableToSell.available(c, r.safetyStock(c, k), pool));
            }
            if (pushes.setDesired(c.name(), desired, changedAt) > 0) {
                woken.add(c.name());
            }
        }
        wakeAfterCommit(woken);
    }

    /** What every channel in the rules (pushed or not) should list of one SKU, computed now. */
    public Map<String, Long> availableNow(String sku) {
        StockRules r = rules.rules();
        Set<String> needed = r.isKit(sku) ? r.kits().get(sku).keySet() : Set.of(sku);
        Map<String, List<LedgerStore.Level>> levels = ledger.levels(needed);
        Map<String, Long> reserved = ledger.reserved(needed);
        Map<String, Long> out = new LinkedHashMap<>();
        for (StockChannel c : r.channels().values()) {
            Map<String, Long> pools = new HashMap<>();
            for (String s : needed) {
                pools.put(s, AvailableToSell.pool(c, levels.getOrDefault(s, List.of()), reserved.getOrDefault(s, 0L)));
            }
            long pool = r.isKit(sku) ? AvailableToSell.kitPool(r.kits().get(sku), pools) : pools.get(sku);
            out.put(c.name(), AvailableToSell.available(c, r.safetyStock(c, sku), pool));
        }
        return out;
    }

    private void wakeAfterCommit(Set<String> channels) {
        if (channels.isEmpty()) {
            return;
        }
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            pushers.wake(channels);
            return;
        }
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                pushers.wake(channels);
            }
        });
    }
}
