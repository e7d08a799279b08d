package io.railhead.channel.shopify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.MeterRegistry;
import io.railhead.channel.http.ChannelAnswer;
import io.railhead.channel.http.ChannelCallException;
import io.railhead.channel.http.ChannelHttp;
import io.railhead.inventory.StockChannel;
import io.railhead.inventory.StockPushItem;
import io.railhead.inventory.StockPushResult;
import io.railhead.inventory.StockPushTarget;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Sets the "available" quantities a Shopify shop lists, for the stock pushers: one
 * {@code inventorySetQuantities} mutation per batch (Admin GraphQL, always with the mandatory
 * {@code @idempotent} key and a {@code changeFromQuantity} per quantity, so a sale Shopify took since
 * our last push is noticed, re-read and set over once). Mutations are all or nothing, so a refused item
 * (a bundle, an item not stocked at the location) is answered alone and the rest sent again. Items the
 * rules give no inventory item id are looked up by SKU once and the id handed back for the hub to keep.
 */
@Component
public class ShopifyStockPush implements StockPushTarget {

    private static final Logger LOG = LoggerFactory.getLogger(ShopifyStockPush.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    static final int BATCH_SIZE = 100;
    static final String SET = "InventorySetQuantities";
    static final String LOOKUP = "ProductVariantBySku";
    static final String REREAD = "InventoryLevels";
    /** Rounds of one push: the first send, and resends after refused or stale items were taken out. */
    private static final int MAX_ROUNDS = 3;
    static final String MUTATION = "mutation setQty($input: InventorySetQuantitiesInput!, $key: String!) { "
            + "inventorySetQuantities(input: $input) @idempotent(key: $key) { inventoryAdjustmentGroup { createdAt "
            + "reason changes { name delta quantityAfterChange item { id } location { id } } } "
            + "userErrors { code field message } } }";
    static final String VARIANT_QUERY = "query variantBySku($query: String!) { productVariants(first: 10, "
            + "query: $query) { nodes { sku inventoryItem { id } } } }";
    static final String LEVELS_QUERY = "query available($ids: [ID!]!, $locationId: ID!) { nodes(ids: $ids) { "
            + "... on InventoryItem { id inventoryLevel(locationId: $locationId) { quantities(names: [\"available\"]) "
            + "{ name quantity } } } } }";
    /** userError codes that the same item will meet again: refused until its quantity changes. */
    private static final Set<String> REFUSALS = Set.of("INVALID_INVENTORY_ITEM", "INVALID_LOCATION",
            "ITEM_NOT_STOCKED_AT_LOCATION", "NON_MUTABLE_INVENTORY_ITEM");
    private static final String STALE = "CHANGE_FROM_QUANTITY_STALE";

    private final ShopifyProperties properties;
    private final ChannelHttp http;
    /** Inventory item ids found by (channel) SKU; SKUs of listed variants rarely move. */
    private final Map<String, String> inventoryItems = new ConcurrentHashMap<>();

    @Autowired
    public ShopifyStockPush(ShopifyProperties properties, MeterRegistry metrics) {
        this(properties, metrics, 6);
    }

    ShopifyStockPush(ShopifyProperties properties, MeterRegistry metrics, int maxAttempts) {
        this.properties = properties;
        this.http = ChannelHttp.builder("shopify", String.valueOf(properties.shopDomain()), metrics)
                .auth(request -> request.header("X-Shopify-Access-Token", properties.accessToken()))
                .throttle(new ShopifyGraphQlThrottle(new ShopifyThrottle(10)))
                .maxAttempts(maxAttempts)
                                .operations(Math.max(0.1, properties.pushRate()), Math.max(1, (int) Math.ceil(properties.pushRate())), SET, LOOKUP,
                        REREAD).build();
    }

    @Override
    public String type() {
        return "shopify";
    }

    @Override
    public int concurrency(StockChannel channel) {
        return Math.max(1, properties.pushConcurrency());
    }

    @Override
    public int batchSize(StockChannel channel) {
        return BATCH_SIZE;
    }

    @Override
    public String misconfigured(StockChannel channel) {
        if (blank(properties.accessToken())) {
            return "no Shopify Admin API access token (railhead.channels.shopify.access-token)";
        }
        if (blank(properties.adminEndpoint()) && blank(properties.shopDomain())) {
            return "no Shopify Admin API endpoint (railhead.channels.shopify.admin-endpoint or shop-domain)";
        }
        if (blank(channel.setting("locationId"))) {
            return "no Shopify locationId in the stock rules of channel " + channel.name();
        }
        return null;
    }

    @Override
    public List<StockPushResult> push(StockChannel channel, List<StockPushItem> items)
            throws IOException, InterruptedException {
        String location = gid("Location", channel.setting("locationId"));
        String reference = "gid://railhead/StockPush/" + UUID.randomUUID();
        Map<String, StockPushResult> results = new LinkedHashMap<>();
        List<Entry> pending = new ArrayList<>();
        for (StockPushItem item : items) {
            Entry entry = resolve(item, results);
            if (entry != null) {
                pending.add(entry);
            }
        }
        for (int round = 1; !pending.isEmpty(); round++) {
            if (round > MAX_ROUNDS) {
                pending.forEach(e -> results.put(e.item.sku(), e.retry("not set: other items of the batch were "
                        + "refused in " + MAX_ROUNDS + " rounds", null)));
                break;
            }
            pending = setQuantities(location, reference, pending, results);
        }
        LOG.debug("Shopify stock push to {}: {} item(s), {} result(s)", channel.name(), items.size(), results.size());
        return new ArrayList<>(results.values());
    }

    /** The item with its inventory item id (looked up by SKU when the rules have none), or null when refused. */
    private Entry resolve(StockPushItem item, Map<String, StockPushResult> results) throws InterruptedException {
        if (!blank(item.channelItemId())) {
            return new Entry(item, gid("InventoryItem", item.channelItemId()), item.lastAccepted(), false, false);
        }
        String sku = item.channelSku() == null || item.channelSku().isBlank() ? item.sku() : item.channelSku();
        String known = inventoryItems.get(sku);
        if (known != null) {
            return new Entry(item, known, item.lastAccepted(), false, true);
        }
        try {
            JsonNode nodes = graphQl(LOOKUP, VARIANT_QUERY, vars -> vars.put("query", "sku:" + searchValue(sku)))
                    .path("data").path("productVariants").path("nodes");
            List<String> ids = new ArrayList<>();
            for (JsonNode node : nodes) {
                String id = node.path("inventoryItem").path("id").asText("");
                if (sku.equals(node.path("sku").asText(null)) && !id.isBlank() && !ids.contains(id)) {
                    ids.add(id);
                }
            }
            if (ids.isEmpty()) {
                results.put(item.sku(), StockPushResult.refused(item.sku(), "no Shopify variant with SKU " + sku));
                return null;
            }
            if (ids.size() > 1) {
                results.put(item.sku(), StockPushResult.refused(item.sku(), ids.size()
                        + " Shopify variants with SKU " + sku + ": set its inventory item id in the stock rules"));
                return null;
            }
            inventoryItems.put(sku, ids.get(0));
            return new Entry(item, ids.get(0), item.lastAccepted(), false, true);
        } catch (IOException e) {
            results.put(item.sku(), StockPushResult.retry(item.sku(), "Shopify variant lookup by SKU failed: "
                    + e.getMessage(), retryAfter(e)));
            return null;
        }
    }

    /** One mutation of {@code pending}; puts what is decided in {@code results} and returns what to send again. */
    private List<Entry> setQuantities(String location, String reference, List<Entry> pending,
                                      Map<String, StockPushResult> results) throws InterruptedException {
        JsonNode data;
        try {
            String key = UUID.randomUUID().toString();
            data = graphQl(SET, MUTATION, vars -> {
                vars.put("key", key);
                ObjectNode input = vars.putObject("input");
                input.put("name", "available").put("reason", "correction").put("referenceDocumentUri", reference);
                ArrayNode quantities = input.putArray("quantities");
                for (Entry e : pending) {
                    ObjectNode q = quantities.addObject().put("inventoryItemId", e.inventoryItemId)
                            .put("locationId", location).put("quantity", e.item.quantity());
                    if (e.changeFrom == null) {
                        q.putNull("changeFromQuantity");
                    } else {
                        q.put("changeFromQuantity", e.changeFrom.intValue());
                    }
                }
            }).path("data").path("inventorySetQuantities");
        } catch (IOException e) {
            pending.forEach(p -> results.put(p.item.sku(), p.retry(e.getMessage(), retryAfter(e))));
            return List.of();
        }
        JsonNode userErrors = data.path("userErrors");
        if (userErrors.isEmpty()) {
            pending.forEach(p -> results.put(p.item.sku(), p.accepted()));
            return List.of();
        }
        Map<Integer, List<JsonNode>> byIndex = new HashMap<>();
        for (JsonNode error : userErrors) {
            Optional<Integer> index = index(error.path("field"));
            if (index.isEmpty() || index.get() >= pending.size()) {
                String message = "Shopify refused the batch: " + describe(error);
                pending.forEach(p -> results.put(p.item.sku(), p.retry(message, null)));
                return List.of();
            }
            byIndex.computeIfAbsent(index.get(), i -> new ArrayList<>()).add(error);
        }
        // The mutation is applied whole or not at all: without an adjustment group nothing was set.
        boolean applied = !data.path("inventoryAdjustmentGroup").isMissingNode()
                && !data.path("inventoryAdjustmentGroup").isNull();
        List<Entry> again = new ArrayList<>();
        List<Entry> stale = new ArrayList<>();
        for (int i = 0; i < pending.size(); i++) {
            Entry entry = pending.get(i);
            List<JsonNode> errors = byIndex.getOrDefault(i, List.of());
            Optional<JsonNode> refusal = errors.stream().filter(ShopifyStockPush::refusal).findFirst();
            if (errors.isEmpty()) {
                if (applied) {
                    results.put(entry.item.sku(), entry.accepted());
                } else {
                    again.add(entry);
                }
            } else if (refusal.isPresent()) {
                results.put(entry.item.sku(), entry.refused(describe(refusal.get())));
            } else if (errors.stream().allMatch(e -> STALE.equals(e.path("code").asText()))) {
                if (entry.reread) {
                    results.put(entry.item.sku(), entry.retry("Shopify quantity changed again while it was set ("
                            + STALE + ")", null));
                } else {
                    stale.add(entry);
                }
            } else {
                results.put(entry.item.sku(), entry.retry(describe(errors.get(0)), null));
            }
        }
        if (stale.isEmpty()) {
            return again;
        }
        Map<String, Entry> fresh = reread(location, stale, results);
        // Sent again in the batch's order.
        return pending.stream().map(e -> fresh.containsKey(e.item.sku()) ? fresh.get(e.item.sku())
                : again.contains(e) ? e : null).filter(Objects::nonNull).toList();
    }

    /** The stale items (by SKU) with the quantity Shopify has now as their {@code changeFromQuantity}. */
    private Map<String, Entry> reread(String location, List<Entry> stale, Map<String, StockPushResult> results)
            throws InterruptedException {
        Map<String, Integer> available = new HashMap<>();
        try {
            JsonNode nodes = graphQl(REREAD, LEVELS_QUERY, vars -> {
                ArrayNode ids = vars.putArray("ids");
                stale.forEach(e -> ids.add(e.inventoryItemId));
                vars.put("locationId", location);
            }).path("data").path("nodes");
            for (JsonNode node : nodes) {
                for (JsonNode q : node.path("inventoryLevel").path("quantities")) {
                    if ("available".equals(q.path("name").asText()) && q.path("quantity").isIntegralNumber()) {
                        available.put(node.path("id").asText(), q.path("quantity").intValue());
                    }
                }
            }
        } catch (IOException e) {
            stale.forEach(s -> results.put(s.item.sku(), s.retry("Shopify quantity changed since the last push ("
                    + STALE + ") and could not be read again: " + e.getMessage(), retryAfter(e))));
            return Map.of();
        }
        Map<String, Entry> again = new HashMap<>();
        for (Entry entry : stale) {
            Integer now = available.get(entry.inventoryItemId);
            if (now == null) {
                results.put(entry.item.sku(), entry.retry("Shopify quantity changed since the last push (" + STALE
                        + ") and its available quantity at the location could not be read", null));
            } else {
                again.put(entry.item.sku(), new Entry(entry.item, entry.inventoryItemId, now, true, entry.lookedUp));
            }
        }
        return again;
    }

    private interface Variables {
        void fill(ObjectNode variables);
    }

    /** A GraphQL call; throttling is waited out and repeated by the client, other errors are thrown. */
    private JsonNode graphQl(String operation, String query, Variables variables)
            throws IOException, InterruptedException {
        ObjectNode body = JSON.createObjectNode();
        body.put("query", query);
        variables.fill(body.putObject("variables"));
        String text = body.toString();
        URI uri = URI.create(properties.adminBase() + "/graphql.json");
        ChannelAnswer answer = http.requireOk(operation, http.send(operation, () -> HttpRequest.newBuilder(uri)
                .header("Content-Type", "application/json").header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(text))));
        JsonNode json = answer.json();
        if (json.path("errors").size() > 0) {
            boolean throttled = ShopifyGraphQlThrottle.throttled(json);
            throw new ChannelCallException("Shopify " + operation + " answered " + (throttled ? "Throttled"
                    : json.path("errors").path(0).path("message").asText("an error")), answer.status(), throttled,
                    http.requestedWait(answer).orElse(null), null);
        }
        return json;
    }

    /** The index of the quantity a userError names: {@code ["input", "quantities", "3", "changeFromQuantity"]}. */
    static Optional<Integer> index(JsonNode field) {
        for (int i = 0; i + 1 < field.size(); i++) {
            if ("quantities".equals(field.get(i).asText())) {
                String index = field.get(i + 1).asText();
                return index.matches("\\d{1,9}") ? Optional.of(Integer.parseInt(index)) : Optional.empty();
            }
        }
        return Optional.empty();
    }

    private static boolean refusal(JsonNode error) {
        String code = error.path("code").asText();
        return REFUSALS.contains(code) || code.startsWith("INVALID_QUANTITY");
    }

    private static String describe(JsonNode error) {
        return error.path("code").asText("?") + ": " + error.path("message").asText("");
    }

    /** A value for Shopify's search syntax, quoted when it holds anything but letters, digits, dots, dashes. */
    static String searchValue(String value) {
        if (value.matches("[A-Za-z0-9._][A-Za-z0-9._-]*")) {
            return value;
        }
        return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    /** A Shopify global id; the rules may give the numeric id alone. */
    static String gid(String type, String id) {
        String trimmed = id.trim();
        return trimmed.startsWith("gid://") ? trimmed : "gid://shopify/" + type + "/" + trimmed;
    }

    private static Duration retryAfter(IOException e) {
        return e instanceof ChannelCallException c ? c.retryAfter() : null;
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }

    /** One item on its way: the id it is set by, and the quantity Shopify is expected to have now. */
    private record Entry(StockPushItem item, String inventoryItemId, Integer changeFrom, boolean reread,
                         boolean lookedUp) {

        /** The looked-up id goes back with every outcome, so the hub keeps it. */
        private String returnedId() {
            return lookedUp ? inventoryItemId : null;
        }

        StockPushResult accepted() {
            return new StockPushResult(item.sku(), StockPushResult.Outcome.ACCEPTED, null, null, returnedId());
        }

        StockPushResult refused(String message) {
            return new StockPushResult(item.sku(), StockPushResult.Outcome.REFUSED, message, null, returnedId());
        }

        StockPushResult retry(String message, Duration retryAfter) {
            return new StockPushResult(item.sku(), StockPushResult.Outcome.RETRY, message, retryAfter, returnedId());
        }
    }
}
