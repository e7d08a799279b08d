package io.railhead.inventory;

import java.util.List;
import java.util.Map;

/**
 * The available-to-sell formula (docs/stock.md), in one place. For channel c and SKU s:
 * {@code pool = Σ over c's locations of max(0, onHand − quarantined − damaged − allocated) − reserved(s)};
 * {@code available = floor(max(0, pool − safetyStock) × allocationPercent / 100)}, then at most
 * {@code maxListed}, never negative. A kit's pool is the least over its components of
 * {@code floor(component pool ÷ quantity per kit)}; the channel's rules then apply to the kit.
 */
public final class AvailableToSell {

    private AvailableToSell() {
    }

    /** What one location can sell of a SKU: its on-hand less what is held back or already allocated. */
    public static long sellable(List<LedgerStore.Level> levels, String location) {
        long onHand = 0;
        long held = 0;
        for (LedgerStore.Level l : levels) {
            if (!l.location().equals(location)) {
                continue;
            }
            switch (l.state()) {
                case onHand -> onHand += l.quantity();
                case quarantined, damaged, allocated -> held += l.quantity();
                default -> {
                }
            }
        }
        return Math.max(0, onHand - held);
    }

    /** Sellable at every location of the ledger, less what is reserved: what a new order can still have. */
    public static long free(List<LedgerStore.Level> levels, long reserved) {
        long sum = 0;
        for (String location : levels.stream().map(LedgerStore.Level::location).distinct().toList()) {
            sum += sellable(levels, location);
        }
        return sum - reserved;
    }

    public static long pool(StockChannel channel, List<LedgerStore.Level> levels, long reserved) {
        long sum = 0;
        for (String location : channel.locations()) {
            sum += sellable(levels, location);
        }
        return sum - reserved;
    }

    /** A kit's pool from its components' pools on the channel. */
    public static long kitPool(Map<String, Integer> components, Map<String, Long> componentPools) {
        long least = Long.MAX_VALUE;
        for (Map.Entry<String, Integer> c : components.entrySet()) {
            least = Math.min(least, Math.floorDiv(componentPools.getOrDefault(c.getKey(), 0L), (long) c.getValue()));
        }
        return least == Long.MAX_VALUE ? 0 : least;
    }

    public static long available(StockChannel channel, int safetyStock, long pool) {
        long afterSafety = Math.max(0, pool - safetyStock);
        long allocated = Math.floorDiv(afterSafety * channel.allocationPercent(), 100);
        if (channel.maxListed() != null) {
            allocated = Math.min(allocated, channel.maxListed());
        }
        return Math.max(0, allocated);
    }
}
