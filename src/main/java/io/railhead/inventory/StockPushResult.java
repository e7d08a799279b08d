package io.railhead.inventory;

import java.time.Duration;

/**
 * What a channel made of one pushed item: {@code ACCEPTED} (it now lists the quantity),
 * {@code REFUSED} for good (unknown listing, bad SKU: shown per item with the channel's message, not sent
 * again until the quantity changes) or {@code RETRY} (throttled, timed out, 5xx: sent again after
 * {@code retryAfter}, or the pusher's back-off when null). {@code channelItemId} returns an id the target
 * looked up (a Shopify inventory item id found by SKU) so it is kept.
 */
public record StockPushResult(String sku, Outcome outcome, String message, Duration retryAfter, String channelItemId) {

    public enum Outcome { ACCEPTED, REFUSED, RETRY }

    public static StockPushResult accepted(String sku) {
        return new StockPushResult(sku, Outcome.ACCEPTED, null, null, null);
    }

    public static StockPushResult refused(String sku, String message) {
        return new StockPushResult(sku, Outcome.REFUSED, message, null, null);
    }

    public static StockPushResult retry(String sku, String message, Duration retryAfter) {
        return new StockPushResult(sku, Outcome.RETRY, message, retryAfter, null);
    }
}
