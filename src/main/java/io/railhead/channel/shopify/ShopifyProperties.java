package io.railhead.channel.shopify;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Shopify channel settings ({@code railhead.channels.shopify.*}). The webhook secret is a list
 * so a rotated secret and its successor are both accepted while Shopify switches over; it comes
 * from the environment ({@code RAILHEAD_CHANNELS_SHOPIFY_WEBHOOK_SECRET}) and has no default.
 */
@ConfigurationProperties("railhead.channels.shopify")
public record ShopifyProperties(
        List<String> webhookSecret,
        @DefaultValue("1MB") DataSize maxBodySize) {

    public ShopifyProperties {
        webhookSecret = webhookSecret == null ? List.of()
                : webhookSecret.stream().filter(s -> s != null && !s.isBlank()).toList();
    }
}
