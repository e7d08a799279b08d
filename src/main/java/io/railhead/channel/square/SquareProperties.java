package io.railhead.channel.square;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Square (point of sale) settings ({@code railhead.channels.square.*}). Store sales are pulled per
 * location with SearchOrders; Square webhooks only hint that an order changed. The access token and
 * the webhook signature key come from the environment. {@code webhook-url} must be the exact URL
 * Square posts to: it is part of the signed text. More seller accounts go under
 * {@code accounts.<name>.{endpoint, access-token, location-ids, webhook-signature-key}}.
 */
@ConfigurationProperties("railhead.channels.square")
public record SquareProperties(
        boolean enabled,
        String endpoint,
        String accessToken,
        List<String> locationIds,
        String webhookSignatureKey,
        String webhookUrl,
        Duration pollInterval,
        String squareVersion,
        Duration initialLookback,
        Duration overlap,
        double rate,
        Map<String, Account> accounts) {

    public SquareProperties {
        locationIds = locationIds == null ? List.of() : locationIds;
        accounts = accounts == null ? Map.of() : new TreeMap<>(accounts);
    }

    /** Another Square seller account: its own token, locations and webhook key; null endpoint inherits. */
    public record Account(String endpoint, String accessToken, List<String> locationIds, String webhookSignatureKey) {
    }

    /** A seller account ready to use ("default" for the top-level keys). */
    public record ResolvedAccount(String name, String endpoint, String accessToken, List<String> locationIds,
                                  String webhookSignatureKey) {
        @Override
        public String toString() {
            return "square account " + name; // never the token
        }
    }

    public List<ResolvedAccount> resolvedAccounts() {
        List<ResolvedAccount> all = new ArrayList<>();
        if (accessToken != null && !accessToken.isBlank()) {
            all.add(new ResolvedAccount("default", base(endpoint), accessToken, locationIds, webhookSignatureKey));
        }
        accounts.forEach((name, a) -> all.add(new ResolvedAccount(name,
                base(a.endpoint() != null && !a.endpoint().isBlank() ? a.endpoint() : endpoint), a.accessToken(),
                a.locationIds() == null ? List.of() : a.locationIds(), a.webhookSignatureKey())));
        return all;
    }

    private static String base(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
