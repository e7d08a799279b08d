package io.railhead.inventory;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The stock rules as read from {@code railhead.stock.rules-file} (docs/stock.md): the ledger's locations,
 * the channels stock is listed on and how their quantities are computed, per-SKU overrides and channel ids,
 * and kits. Immutable: a reload replaces the whole object, so a computation never sees half a file.
 */
public record StockRules(Path file, Map<String, Location> locations, Map<String, StockChannel> channels,
                         Map<String, Sku> skus, Map<String, Map<String, Integer>> kits) {

    /** A ledger location; POS sales at {@code posSourceAccounts} take stock from it. */
    public record Location(List<String> posSourceAccounts) {
    }

    /**
     * Per-SKU rules: a per-channel safety stock, and per channel the channel's SKU and item id
     * (from the rules file or the cross-reference CSV), and other channel-specific keys.
     */
    public record Sku(Map<String, Integer> safetyStock, Map<String, ChannelRef> channels) {
    }

    /** How a channel knows one of our SKUs: its SKU (null: ours) and its item id (null: none or looked up). */
    public record ChannelRef(String channelSku, String channelItemId) {
    }

    public static StockRules empty(Path file) {
        return new StockRules(file, Map.of(), Map.of(), Map.of(), Map.of());
    }

    public boolean isKit(String sku) {
        return kits.containsKey(sku);
    }

    /** The kits that contain any of {@code skus}. */
    public Set<String> kitsContaining(Iterable<String> skus) {
        Set<String> found = new TreeSet<>();
        for (String sku : skus) {
            kits.forEach((kit, parts) -> {
                if (parts.containsKey(sku)) {
                    found.add(kit);
                }
            });
        }
        return found;
    }

    public int safetyStock(StockChannel channel, String sku) {
        Sku s = skus.get(sku);
        Integer own = s == null ? null : s.safetyStock().get(channel.name());
        return own != null ? own : channel.safetyStock();
    }

    /** The item to push for {@code sku}: the channel's SKU and item id when the rules map them. */
    public StockPushItem item(StockChannel channel, String sku, int quantity, Integer lastAccepted, String knownItemId) {
        Sku s = skus.get(sku);
        ChannelRef ref = s == null ? null : s.channels().get(channel.name());
        String channelSku = ref != null && ref.channelSku() != null ? ref.channelSku() : sku;
        String itemId = ref != null && ref.channelItemId() != null ? ref.channelItemId() : knownItemId;
        return new StockPushItem(sku, channelSku, itemId, quantity, lastAccepted);
    }

    /** The location whose POS sales come from {@code sourceAccount}, or null. */
    public String posLocation(String sourceAccount) {
        for (Map.Entry<String, Location> e : locations.entrySet()) {
            if (sourceAccount != null && e.getValue().posSourceAccounts().contains(sourceAccount)) {
                return e.getKey();
            }
        }
        return null;
    }

    /** The channels whose pushes are on. */
    public List<StockChannel> pushedChannels() {
        List<StockChannel> on = new ArrayList<>();
        channels.values().forEach(c -> {
            if (c.push()) {
                on.add(c);
            }
        });
        return on;
    }
}
