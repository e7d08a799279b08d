package io.railhead.channel.shopify;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Shopify channel settings ({@code railhead.channels.shopify.*}). The webhook secret is a list
 * so a rotated secret and its successor are both accepted while Shopify switches over; it comes
 * from the environment ({@code RAILHEAD_CHANNELS_SHOPIFY_WEBHOOK_SECRET}) and has no default.
 * The reconciliation poll (which finds orders whose webhook never arrived) runs when a shop
 * domain and an Admin API access token are set.
 */
@ConfigurationProperties("railhead.channels.shopify")
public record ShopifyProperties(
        List<String> webhookSecret,
        @DefaultValue("1MB") DataSize maxBodySize,
        String shopDomain,
        String adminEndpoint,
        @DefaultValue("2025-10") String apiVersion,
        String accessToken,
        @DefaultValue("5m") Duration reconcileInterval,
        @DefaultValue("P1D") Duration reconcileLookback,
        @DefaultValue("2m") Duration reconcileOverlap,
        @DefaultValue("2.0") double restRate) {

    public ShopifyProperties {
        webhookSecret = webhookSecret == null ? List.of()
                : webhookSecret.stream().filter(s -> s != null && !s.isBlank()).toList();
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
