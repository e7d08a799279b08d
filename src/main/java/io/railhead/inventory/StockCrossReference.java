package io.railhead.inventory;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The SKU cross-reference for large catalogues: a CSV named by the rules file ({@code crossReference:}) with
 * the header {@code sku,channel,channelSku,channelItemId}, one row per SKU and channel, merged into the rules'
 * per-SKU channel ids (the rules file's own entries win). Plain comma-separated values without quoting: SKUs
 * and channel ids carry no commas.
 */
final class StockCrossReference {

    private StockCrossReference() {
    }

    static void read(Path rules, Path csv, int line, Set<String> channels, Map<String, StockRules.Sku> skus) {
        Map<String, Map<String, StockRules.ChannelRef>> found = new HashMap<>();
        try (BufferedReader in = Files.newBufferedReader(csv, StandardCharsets.UTF_8)) {
            String header = in.readLine();
            if (header == null || !header.trim().equalsIgnoreCase("sku,channel,channelSku,channelItemId")) {
                throw new StockRulesException(csv, 1, "the header must be sku,channel,channelSku,channelItemId");
            }
            String row;
            int n = 1;
            while ((row = in.readLine()) != null) {
                n++;
                if (row.isBlank()) {
                    continue;
                }
                String[] f = row.split(",", -1);
                if (f.length != 4 || f[0].isBlank() || f[1].isBlank()) {
                    throw new StockRulesException(csv, n, "expected sku,channel,channelSku,channelItemId with sku and channel");
                }
                if (!channels.contains(f[1].trim())) {
                    throw new StockRulesException(csv, n, "no channel " + f[1].trim() + " under channels: in " + rules);
                }
                found.computeIfAbsent(f[0].trim(), k -> new HashMap<>()).put(f[1].trim(),
                        new StockRules.ChannelRef(blankNull(f[2]), blankNull(f[3])));
            }
        } catch (IOException e) {
            throw new StockRulesException(rules, line, "crossReference " + csv + " cannot be read: " + e);
        }
        found.forEach((sku, refs) -> {
            StockRules.Sku own = skus.get(sku);
            Map<String, StockRules.ChannelRef> merged = new HashMap<>(refs);
            if (own != null) {
                merged.putAll(own.channels());
            }
            skus.put(sku, new StockRules.Sku(own == null ? Map.of() : own.safetyStock(), Map.copyOf(merged)));
        });
    }

    private static String blankNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
