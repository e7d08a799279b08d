package io.railhead.channel.square;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.railhead.shared.RetryAfter;
import io.railhead.shared.TokenBucket;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The Square API calls the POS channel needs: SearchOrders per location (cursor paging, updated
 * since a time, oldest first), RetrieveOrder for webhook hints, and the SKU of a catalog item
 * variation (cached: SKUs rarely change). Bearer token and {@code Square-Version} on every call;
 * paced by a token bucket, and a 429 waits for {@code Retry-After} before the call is repeated.
 */
class SquareClient {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_ATTEMPTS = 5;

    private final SquareProperties properties;
    private final SquareProperties.ResolvedAccount account;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final TokenBucket bucket;
    private final Map<String, String> skus = new ConcurrentHashMap<>();

    SquareClient(SquareProperties properties, SquareProperties.ResolvedAccount account) {
        this.properties = properties;
        this.account = account;
        this.bucket = new TokenBucket(properties.rate(), 5);
    }

    /** One page of a location's orders updated at or after {@code since}. */
    JsonNode searchOrders(String locationId, Instant since, String cursor) throws IOException, InterruptedException {
        ObjectNode body = JSON.createObjectNode();
        body.putArray("location_ids").add(locationId);
        body.put("limit", 100);
        if (cursor != null) {
            body.put("cursor", cursor);
        }
        ObjectNode query = body.putObject("query");
        query.putObject("filter").putObject("date_time_filter").putObject("updated_at").put("start_at", since.toString());
        query.putObject("sort").put("sort_field", "UPDATED_AT").put("sort_order", "ASC");
        return send(HttpRequest.newBuilder(uri("/v2/orders/search"))
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())));
    }

    JsonNode retrieveOrder(String orderId) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(uri("/v2/orders/" + URLEncoder.encode(orderId, StandardCharsets.UTF_8))).GET())
                .path("order");
    }

    /** The SKU of a catalog item variation, or null when it has none (the order is then held MISSING_SKU). */
    String sku(String catalogObjectId) {
        return skus.computeIfAbsent(catalogObjectId, id -> {
            try {
                JsonNode object = send(HttpRequest.newBuilder(uri("/v2/catalog/object/"
                        + URLEncoder.encode(id, StandardCharsets.UTF_8))).GET()).path("object");
                String sku = object.path("item_variation_data").path("sku").asText("");
                return sku.isBlank() ? null : sku;
            } catch (IOException e) {
                throw new IllegalStateException("Square catalog lookup of " + id + " failed: " + e.getMessage(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        });
    }

    private JsonNode send(HttpRequest.Builder request) throws IOException, InterruptedException {
        for (int attempt = 1; ; attempt++) {
            bucket.acquire();
            HttpResponse<String> r = http.send(request.timeout(Duration.ofSeconds(30))
                    .header("Authorization", "Bearer " + account.accessToken())
                    .header("Square-Version", properties.squareVersion())
                    .header("Content-Type", "application/json").header("Accept", "application/json").build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() == 200) {
                return JSON.readTree(r.body());
            }
            if ((r.statusCode() == 429 || r.statusCode() >= 500) && attempt < MAX_ATTEMPTS) {
                bucket.pauseFor(RetryAfter.parse(r.headers().firstValue("Retry-After").orElse(null))
                        .orElse(Duration.ofSeconds(attempt)));
                continue;
            }
            throw new IOException("Square " + request.build().uri().getPath() + " answered " + r.statusCode());
        }
    }

    private URI uri(String path) {
        return URI.create(account.endpoint() + path);
    }
}
