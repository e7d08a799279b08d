package io.railhead.inventory;

import java.util.List;
import java.util.Map;

/**
 * One channel the stock rules ({@code railhead.stock.rules-file}, {@code channels:}) list: which ledger
 * locations feed it, the rules that turn their stock into what it may list, and where its pushes go.
 * {@code name} is the key in the rules, {@code type} the adapter that pushes ({@link StockPushTarget#type()},
 * the key by default), {@code account} the adapter's connection settings to use (null: its default account).
 * {@code settings} keeps the other keys of the entry (a channel-specific {@code locationId}, an EDI
 * {@code partner}) for the adapter to read.
 */
public record StockChannel(String name, String type, List<String> locations, int safetyStock, int allocationPercent,
                           Integer maxListed, boolean push, String account, Map<String, String> settings) {

    public StockChannel {
        locations = List.copyOf(locations);
        settings = Map.copyOf(settings);
    }

    /** A channel-specific setting of the rules entry, e.g. {@code locationId}; null when absent. */
    public String setting(String key) {
        return settings.get(key);
    }
}
