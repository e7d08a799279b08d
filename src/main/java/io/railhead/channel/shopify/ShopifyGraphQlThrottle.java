package io.railhead.channel.shopify;

import com.fasterxml.jackson.databind.JsonNode;
import io.railhead.channel.http.ChannelAnswer;
import io.railhead.channel.http.ChannelThrottle;
import io.railhead.channel.http.TokenBucket;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Shopify's GraphQL pacing ({@link ShopifyThrottle}), and also the throttled answer the fact sheet
 * describes ({@code errors[{message: "Throttled"}]}, with or without the {@code THROTTLED} code), so the
 * client waits and repeats it like a 429. Shared by the Admin GraphQL callers that write (stock push,
 * shipment relay).
 */
final class ShopifyGraphQlThrottle implements ChannelThrottle {

    private final ShopifyThrottle shopify;

    ShopifyGraphQlThrottle(ShopifyThrottle shopify) {
        this.shopify = shopify;
    }

    @Override
    public void observe(ChannelAnswer answer, TokenBucket bucket, Instant now) {
        shopify.observe(answer, bucket, now);
    }

    @Override
    public boolean throttled(ChannelAnswer answer) {
        return shopify.throttled(answer) || (answer.body().contains("hrottled")
                && answer.jsonIfAny().map(ShopifyGraphQlThrottle::throttled).orElse(false));
    }

    @Override
    public Optional<Duration> requestedWait(ChannelAnswer answer, Instant now) {
        return shopify.requestedWait(answer, now);
    }

    static boolean throttled(JsonNode json) {
        if (ShopifyThrottle.isThrottled(json)) {
            return true;
        }
        for (JsonNode error : json.path("errors")) {
            if ("Throttled".equalsIgnoreCase(error.path("message").asText())) {
                return true;
            }
        }
        return false;
    }
}
