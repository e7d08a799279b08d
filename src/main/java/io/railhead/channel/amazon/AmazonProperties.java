package io.railhead.channel.amazon;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Amazon Selling Partner API settings ({@code railhead.channels.amazon.*}). The top-level keys
 * describe one seller account ("default"); more accounts go under {@code accounts.<name>.*} with
 * the same keys, inheriting what they leave out. Client secret and refresh token come from the
 * environment. {@code rates} are the documented quotas per operation (requests per second and
 * burst), which the poller never exceeds. {@code seller-id} (the merchant token) names the seller
 * in the Listings Items paths the stock push patches; the poller does not need it. A stock push of more
 * than {@code listings-feed-threshold} SKUs goes as a {@code JSON_LISTINGS_FEED}, followed every
 * {@code feed-poll-interval} for at most {@code feed-timeout}.
 */
@ConfigurationProperties("railhead.channels.amazon")
public record AmazonProperties(
        boolean enabled,
        String endpoint,
        String tokenUrl,
        String clientId,
        String clientSecret,
        String refreshToken,
        String sellerId,
        List<String> marketplaceIds,
        Duration pollInterval,
        Duration initialLookback,
        Duration settleTime,
        Rates rates,
        int listingsFeedThreshold,
        Duration feedPollInterval,
        Duration feedTimeout,
        Map<String, Account> accounts) {

    public AmazonProperties {
        if (listingsFeedThreshold < 0 || listingsFeedThreshold > 10_000) {
            throw new IllegalArgumentException("railhead.channels.amazon.listings-feed-threshold must be 0 to 10000");
        }
        if (feedPollInterval == null || feedPollInterval.isNegative() || feedPollInterval.isZero()
                || feedTimeout == null || feedTimeout.isNegative() || feedTimeout.isZero()) {
            throw new IllegalArgumentException("railhead.channels.amazon.feed-poll-interval and feed-timeout must be positive");
        }
    }

    /** One seller account; null fields inherit the top-level value. */
    public record Account(String endpoint, String tokenUrl, String clientId, String clientSecret, String refreshToken,
                          String sellerId, List<String> marketplaceIds) {
    }

    /** SP-API quotas: getOrders 0.0167/s burst 20, getOrderItems 0.5/s burst 30. */
    public record Rates(
            double getOrders,
            int getOrdersBurst,
            double getOrderItems,
            int getOrderItemsBurst) {
    }

    /** A fully resolved account the poller can use. */
    public record ResolvedAccount(String name, String endpoint, String tokenUrl, String clientId, String clientSecret,
                                  String refreshToken, List<String> marketplaceIds, String sellerId) {

        /** An account for the order poller alone, which needs no seller id. */
        public ResolvedAccount(String name, String endpoint, String tokenUrl, String clientId, String clientSecret,
                               String refreshToken, List<String> marketplaceIds) {
            this(name, endpoint, tokenUrl, clientId, clientSecret, refreshToken, marketplaceIds, null);
        }

        @Override
        public String toString() {
            return "amazon account " + name; // never the credentials
        }
    }

    public List<ResolvedAccount> resolvedAccounts() {
        List<ResolvedAccount> all = new ArrayList<>();
        if (refreshToken != null && !refreshToken.isBlank()) {
            all.add(new ResolvedAccount("default", endpoint, tokenUrl, clientId, clientSecret, refreshToken,
                    marketplaceIds == null ? List.of() : marketplaceIds, sellerId));
        }
        if (accounts != null) {
            accounts.forEach((name, a) -> all.add(new ResolvedAccount(name, or(a.endpoint(), endpoint),
                    or(a.tokenUrl(), tokenUrl), or(a.clientId(), clientId), or(a.clientSecret(), clientSecret),
                    or(a.refreshToken(), refreshToken),
                    a.marketplaceIds() != null ? a.marketplaceIds() : marketplaceIds == null ? List.of() : marketplaceIds,
                    or(a.sellerId(), sellerId))));
        }
        return all;
    }

    private static String or(String value, String fallback) {
        return value != null && !value.isBlank() ? value : fallback;
    }
}
