package io.railhead.channel.shopify;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * Shopify channel settings ({@code railhead.channels.shopify.*}). The webhook secret is a list
 * so a rotated secret and its successor are both accepted while Shopify switches over; it comes
 * from the environment ({@code RAILHEAD_CHANNELS_SHOPIFY_WEBHOOK_SECRET}) and has no default.
 * The reconciliation poll (which finds orders whose webhook never arrived) runs when a shop
 * domain and an Admin API access token are set. Stock pushes put up to {@code push-concurrency} batches in flight
 * on a backlog, at most {@code push-rate} calls a second and paced by the GraphQL cost Shopify reports.
 */
@ConfigurationProperties("railhead.channels.shopify")
public record ShopifyProperties(
        List<String> webhookSecret,
        DataSize maxBodySize,
        String shopDomain,
        List<String> shopDomains,
        String adminEndpoint,
        String apiVersion,
        String accessToken,
        Duration reconcileInterval,
        Duration reconcileLookback,
        Duration reconcileOverlap,
        double restRate,
        int pushConcurrency,
        double pushRate) {

    /** The source account of webhooks when no shop is configured: the unsigned shop header is never an identity. */
    public static final String UNCONFIGURED_SHOP = "default";

    public ShopifyProperties {
        webhookSecret = webhookSecret == null ? List.of()
                : webhookSecret.stream().filter(s -> s != null && !s.isBlank()).toList();
        shopDomains = shopDomains == null ? List.of() : shopDomains;
    }

    /** The shops whose webhooks are taken: {@code shop-domain} and {@code shop-domains}, lower case. */
    public Set<String> shops() {
        Set<String> shops = new LinkedHashSet<>();
        if (shopDomain != null && !shopDomain.isBlank()) {
            shops.add(shopDomain.trim().toLowerCase(Locale.ROOT));
        }
        shopDomains.stream().filter(d -> d != null && !d.isBlank()).map(d -> d.trim().toLowerCase(Locale.ROOT))
                .forEach(shops::add);
        return shops;
    }

    /**
     * The source account a webhook is taken under. {@code X-Shopify-Shop-Domain} is not covered by the
     * signature, so it only picks one of the configured shops (empty: not one of them); with none
     * configured every webhook is taken under {@link #UNCONFIGURED_SHOP}, so a body replayed with
     * another shop header is the same order, never a second one.
     */
    public Optional<String> accountFor(String shopHeader) {
        Set<String> shops = shops();
        if (shops.isEmpty()) {
            return Optional.of(UNCONFIGURED_SHOP);
        }
        if (shopHeader == null || shopHeader.isBlank()) {
            return shops.size() == 1 ? Optional.of(shops.iterator().next()) : Optional.empty();
        }
        String shop = shopHeader.trim().toLowerCase(Locale.ROOT);
        return shops.contains(shop) ? Optional.of(shop) : Optional.empty();
    }

    public boolean reconcileEnabled() {
        return shopDomain != null && !shopDomain.isBlank() && accessToken != null && !accessToken.isBlank();
    }

    /** Base of the Admin API: {@code admin-endpoint}, or https://{shop-domain}/admin/api/{api-version}. */
    public String adminBase() {
        String base = adminEndpoint != null && !adminEndpoint.isBlank() ? adminEndpoint
                : "https://" + shopDomain + "/admin/api/" + apiVersion;
        return base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    }
}
