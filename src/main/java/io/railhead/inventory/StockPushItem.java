package io.railhead.inventory;

/**
 * One quantity to set at a channel: our {@code sku}, the channel's SKU for it ({@code channelSku}: ours
 * unless the rules or the cross-reference map it), the channel's item id where its API wants one (a Shopify
 * inventory item id, a Square catalog object id; null when not known), the {@code quantity} to list and the
 * quantity the channel last accepted from us ({@code lastAccepted}, null when unknown).
 */
public record StockPushItem(String sku, String channelSku, String channelItemId, int quantity, Integer lastAccepted) {
}
