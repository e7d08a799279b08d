package io.railhead.channel.square;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.MeterRegistry;
import io.railhead.channel.http.ChannelAuth;
import io.railhead.channel.http.ChannelHttp;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The Square API calls the POS channel needs: SearchOrders per location (cursor paging, updated
 * since a time, oldest first), RetrieveOrder for webhook hints, and the SKU of a catalog item
 * variation (cached: SKUs rarely change). Bearer token and {@code Square-Version} on every call,
 * paced and retried through {@link ChannelHttp} (one pace for the account: Square meters it so).
 */
class SquareClient {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SEARCH = "SearchOrders";
    private static final String RETRIEVE = "RetrieveOrder";
    private static final String CATALOG = "RetrieveCatalogObject";

    private final SquareProperties properties;
    private final SquareProperties.ResolvedAccount account;
    private final ChannelHttp http;
    private final Map<String, String> skus = new ConcurrentHashMap<>();

    SquareClient(SquareProperties properties, SquareProperties.ResolvedAccount account, MeterRegistry metrics) {
        this.properties = properties;
        this.account = account;
        this.http = ChannelHttp.builder("square", account.name(), metrics)
                .auth(ChannelAuth.header("Authorization", "Bearer " + account.accessToken()))
                .operations(properties.rate(), 5, SEARCH, RETRIEVE, CATALOG).build();
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
        return send(SEARCH, "/v2/orders/search", HttpRequest.BodyPublishers.ofString(body.toString()));
    }

    JsonNode retrieveOrder(String orderId) throws IOException, InterruptedException {
        return send(RETRIEVE, "/v2/orders/" + URLEncoder.encode(orderId, StandardCharsets.UTF_8), null).path("order");
    }

    /** The SKU of a catalog item variation, or null when it has none (the order is then held MISSING_SKU). */
    String sku(String catalogObjectId) {
        return skus.computeIfAbsent(catalogObjectId, id -> {
            try {
                JsonNode object = send(CATALOG, "/v2/catalog/object/" + URLEncoder.encode(id, StandardCharsets.UTF_8),
                        null).path("object");
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

    /** A POST with {@code body}, or a GET without. */
    private JsonNode send(String operation, String path, HttpRequest.BodyPublisher body)
            throws IOException, InterruptedException {
        URI uri = URI.create(account.endpoint() + path);
        return http.requireOk(operation, http.send(operation, () -> {
            HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                    .header("Square-Version", properties.squareVersion())
                    .header("Content-Type", "application/json").header("Accept", "application/json");
            return body == null ? request.GET() : request.POST(body);
        })).json();
    }
}
