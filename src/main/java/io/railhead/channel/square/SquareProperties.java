package io.railhead.channel.square;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Square (point of sale) settings ({@code railhead.channels.square.*}). Store sales are pulled per
 * location with SearchOrders; Square webhooks only hint that an order changed. The access token and
 * the webhook signature key come from the environment. {@code webhook-url} must be the exact URL
 * Square posts to: it is part of the signed text.
 */
@ConfigurationProperties("railhead.channels.square")
public record SquareProperties(
        boolean enabled,
        @DefaultValue("https://connect.squareup.com") String endpoint,
        String accessToken,
        List<String> locationIds,
        String webhookSignatureKey,
        String webhookUrl,
        @DefaultValue("1m") Duration pollInterval,
        @DefaultValue("2025-10-16") String squareVersion,
        @DefaultValue("P1D") Duration initialLookback,
        @DefaultValue("2m") Duration overlap,
        @DefaultValue("10") double rate) {

    public SquareProperties {
        locationIds = locationIds == null ? List.of() : locationIds;
    }

    public String base() {
        return endpoint.endsWith("/") ? endpoint.substring(0, endpoint.length() - 1) : endpoint;
    }
}
