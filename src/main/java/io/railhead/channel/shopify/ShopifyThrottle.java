package io.railhead.channel.shopify;

import com.fasterxml.jackson.databind.JsonNode;
import io.railhead.channel.http.ChannelAnswer;
import io.railhead.channel.http.ChannelThrottle;
import io.railhead.channel.http.TokenBucket;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Shopify's Admin GraphQL meters query cost, not calls: every answer reports the points left and
 * how fast they come back ({@code extensions.cost.throttleStatus}), and a throttled query is a 200
 * with an error of code {@code THROTTLED}. The next query waits until enough points for it are
 * back; REST answers carry no such fields and follow the standard 429 and {@code Retry-After}.
 */
final class ShopifyThrottle implements ChannelThrottle {

    private final double queryCost;

    /** {@code queryCost}: the points one query needs when the answer does not say. */
    ShopifyThrottle(double queryCost) {
        this.queryCost = queryCost;
    }

    @Override
    public void observe(ChannelAnswer answer, TokenBucket bucket, Instant now) {
        wait(answer).ifPresent(bucket::pauseFor);
    }

    @Override
    public boolean throttled(ChannelAnswer answer) {
        return answer.status() == 429 || (answer.body().contains("THROTTLED")
                && answer.jsonIfAny().map(ShopifyThrottle::isThrottled).orElse(false));
    }

    @Override
    public Optional<Duration> requestedWait(ChannelAnswer answer, Instant now) {
        return wait(answer);
    }

    static boolean isThrottled(JsonNode answer) {
        for (JsonNode error : answer.path("errors")) {
            if ("THROTTLED".equals(error.path("extensions").path("code").asText())) {
                return true;
            }
        }
        return false;
    }

    /** The time until the points for one more query are back, when fewer are left. */
    private Optional<Duration> wait(ChannelAnswer answer) {
        return cost(answer).flatMap(cost -> {
            JsonNode status = cost.path("throttleStatus");
            double needed = cost.path("requestedQueryCost").asDouble(queryCost);
            double available = status.path("currentlyAvailable").asDouble();
            double restoreRate = Math.max(status.path("restoreRate").asDouble(50), 1);
            return available >= needed ? Optional.empty()
                    : Optional.of(Duration.ofMillis((long) Math.ceil((needed - available) / restoreRate * 1000)));
        });
    }

    private static Optional<JsonNode> cost(ChannelAnswer answer) {
        if (!answer.body().contains("throttleStatus")) {
            return Optional.empty();
        }
        return answer.jsonIfAny().map(json -> json.path("extensions").path("cost"))
                .filter(cost -> cost.path("throttleStatus").has("currentlyAvailable"));
    }
}
