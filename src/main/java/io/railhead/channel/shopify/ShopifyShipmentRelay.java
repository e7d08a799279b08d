package io.railhead.channel.shopify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.MeterRegistry;
import io.railhead.channel.http.ChannelAnswer;
import io.railhead.channel.http.ChannelCallException;
import io.railhead.channel.http.ChannelHttp;
import io.railhead.fulfillment.CarrierCodes;
import io.railhead.fulfillment.CarrierCodesFile;
import io.railhead.fulfillment.RelayResult;
import io.railhead.fulfillment.RelayedShipment;
import io.railhead.fulfillment.LineCancel;
import io.railhead.fulfillment.LineCancelTarget;
import io.railhead.fulfillment.ShipmentRelayTarget;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Tells Shopify a Shopify order shipped (Admin GraphQL): the order's fulfillment orders are read, the shipped
 * lines matched to their remaining quantities ({@link ShopifyFulfillmentPlan}) and fulfilled with
 * {@code fulfillmentCreate}, tracking included and the customer notified. Reading first makes a repeat safe:
 * what Shopify has fulfilled already no longer remains, and when some units of the order are fulfilled the
 * order's fulfillments are read too, so the units a fulfillment with this shipment's tracking holds are not
 * fulfilled again ({@link ShopifyRepeats}): a shipment relayed twice (a crash before its answer was kept, a retry
 * after a lost answer), also a partial one, is accepted without a second fulfillment. The mutation is
 * sent once per call; throttling, 5xx and timeouts are {@code RETRY}, userErrors {@code REFUSED}.
 * Uses the shop of {@code railhead.channels.shopify.shop-domain} and its Admin API access token. The same
 * connection cancels a whole order no node can ship ({@code orderCancel}); Shopify has no API for cancelling
 * some lines of an order that goes on.
 */
@Component
public class ShopifyShipmentRelay implements ShipmentRelayTarget, LineCancelTarget {

    private static final ObjectMapper JSON = new ObjectMapper();
    static final String CHANNEL = "shopify";
    static final String READ = "FulfillmentOrders";
    static final String CREATE = "FulfillmentCreate";
    static final String CANCEL = "OrderCancel";
    static final String CANCEL_MUTATION = "mutation orderCancel($orderId: ID!, $staffNote: String) { orderCancel(orderId: "
            + "$orderId, reason: INVENTORY, refund: true, restock: false, notifyCustomer: true, staffNote: $staffNote) "
            + "{ job { id done } orderCancelUserErrors { field message code } } }";
    static final String FULFILLMENTS = "Fulfillments";
    /** At most 10 fulfillment orders of 40 line items: a requested cost under Shopify's 1,000 per query. */
    static final String QUERY = "query fulfillmentOrders($id: ID!) { order(id: $id) { id fulfillmentOrders(first: 10) "
            + "{ pageInfo { hasNextPage } nodes { id status assignedLocation { location { id } } lineItems(first: 40) "
            + "{ pageInfo { hasNextPage } nodes { id totalQuantity remainingQuantity lineItem { id sku } } } } } } }";
    /** The order's fulfillments with their tracking, read only when some units are fulfilled (a repeat?). */
    static final String FULFILLMENTS_QUERY = "query fulfillments($id: ID!) { order(id: $id) { fulfillments(first: 10) "
            + "{ status trackingInfo(first: 5) { number } fulfillmentLineItems(first: 40) { nodes { quantity "
            + "lineItem { id sku } } } } } }";
    static final String MUTATION = "mutation fulfillmentCreate($fulfillment: FulfillmentInput!) { "
            + "fulfillmentCreate(fulfillment: $fulfillment) { fulfillment { id status } userErrors { field message } } }";

    private final ShopifyProperties properties;
    private final Supplier<CarrierCodes> carriers;
    private final ChannelHttp http;

    @Autowired
    public ShopifyShipmentRelay(ShopifyProperties properties, MeterRegistry metrics, CarrierCodesFile carriers) {
        this(properties, metrics, carriers, 6);
    }

    ShopifyShipmentRelay(ShopifyProperties properties, MeterRegistry metrics, Supplier<CarrierCodes> carriers,
                         int maxAttempts) {
        this.properties = properties;
        this.carriers = carriers;
        this.http = ChannelHttp.builder(CHANNEL, String.valueOf(properties.shopDomain()), metrics)
                .auth(request -> request.header("X-Shopify-Access-Token", properties.accessToken()))
                .throttle(new ShopifyGraphQlThrottle(new ShopifyThrottle(10)))
                .maxAttempts(maxAttempts)
                .operations(10, 10, READ, FULFILLMENTS, CREATE, CANCEL).build();
    }

    @Override
    public String channel() {
        return CHANNEL;
    }

    @Override
    public RelayResult relay(RelayedShipment s) throws InterruptedException {
        String problem = misconfigured(s.sourceAccount());
        if (problem != null) {
            return RelayResult.refused(problem);
        }
        String order = ShopifyStockPush.gid("Order", s.channelOrderId());
        Answer read = call(READ, QUERY, v -> v.put("id", order), false);
        if (read.result != null) {
            return read.result;
        }
        JsonNode found = read.json.path("data").path("order");
        if (found.isMissingNode() || found.isNull()) {
            return RelayResult.refused("Shopify has no order " + s.channelOrderId());
        }
        JsonNode orders = found.path("fulfillmentOrders");
        if (orders.path("pageInfo").path("hasNextPage").asBoolean(false) || orders.path("nodes")
                .findValues("hasNextPage").stream().anyMatch(JsonNode::asBoolean)) {
            return RelayResult.refused("Shopify order " + s.channelOrderId() + " has more than 10 fulfillment orders or "
                    + "40 line items in one, more than the relay reads: fulfil this shipment in the Shopify admin");
        }
        List<RelayedShipment.Line> lines = s.lines();
        if (!ShopifyRepeats.trackingNumbers(s).isEmpty() && ShopifyRepeats.anyFulfilled(orders.path("nodes"))) {
            Answer fulfillments = call(FULFILLMENTS, FULFILLMENTS_QUERY, v -> v.put("id", order), false);
            if (fulfillments.result != null) {
                return fulfillments.result;
            }
            lines = ShopifyRepeats.notYetThere(s, fulfillments.json.path("data").path("order").path("fulfillments"));
            if (lines.isEmpty()) {
                return RelayResult.accepted("Shopify order " + s.channelOrderId() + " has this shipment already: "
                        + "a fulfillment with its tracking " + String.join(", ", ShopifyRepeats.trackingNumbers(s)));
            }
        }
        ShopifyFulfillmentPlan plan = new ShopifyFulfillmentPlan(orders.path("nodes"), lines);
        if (!plan.unknown().isEmpty()) {
            return RelayResult.refused("Shopify order " + s.channelOrderId() + " has no " + String.join(", ", plan.unknown()));
        }
        if (!plan.held().isEmpty()) {
            return RelayResult.retry("Shopify holds the fulfillment of " + String.join(", ", plan.held()), null);
        }
        String already = plan.alreadyFulfilled().isEmpty() ? ""
                : "; fulfilled at Shopify already: " + String.join(", ", plan.alreadyFulfilled());
        if (plan.byLocation().isEmpty()) {
            return RelayResult.accepted("nothing left to fulfil: Shopify order " + s.channelOrderId()
                    + " has this shipment already" + already);
        }
        List<String> created = new ArrayList<>();
        for (Map<String, Map<String, Integer>> fulfillmentOrders : plan.byLocation().values()) {
            Answer answer = call(CREATE, MUTATION, v -> fulfillment(v.putObject("fulfillment"), s, fulfillmentOrders), true);
            RelayResult failed = answer.result != null ? answer.result : userErrors(answer.json);
            if (failed != null) {
                return created.isEmpty() ? failed : new RelayResult(failed.outcome(), failed.message()
                        + " (created before it: " + String.join(", ", created) + ")", failed.retryAfter());
            }
            created.add(answer.json.path("data").path("fulfillmentCreate").path("fulfillment").path("id").asText("?"));
        }
        return RelayResult.accepted("Shopify fulfillment " + String.join(", ", created) + " created" + already);
    }

    /** Shopify's {@code orderCancel} takes whole orders only: lines of an order that goes on are refunded by hand. */
    @Override
    public Optional<String> cannotCancel(LineCancel cancel) {
        return cancel.wholeOrder() ? Optional.empty() : Optional.of("Shopify's API cancels whole orders only, and "
                + "the rest of this one still ships: refund these lines in the Shopify admin");
    }

    /**
     * {@code orderCancel} of the whole order, reason INVENTORY, refunded, not restocked (our ledger, not
     * Shopify's, holds the stock), the customer notified; Shopify cancels in a background job.
     */
    @Override
    public RelayResult cancel(LineCancel cancel) throws InterruptedException {
        String problem = misconfigured(cancel.sourceAccount());
        if (problem != null) {
            return RelayResult.refused(problem);
        }
        Answer answer = call(CANCEL, CANCEL_MUTATION, v -> v.put("orderId", ShopifyStockPush.gid("Order",
                cancel.channelOrderId())).put("staffNote", "Railhead: " + cancel.reason()), true);
        if (answer.result != null) {
            return answer.result;
        }
        JsonNode errors = answer.json.path("data").path("orderCancel").path("orderCancelUserErrors");
        if (errors.size() > 0) {
            return RelayResult.refused("Shopify orderCancel: " + errors.path(0).path("code").asText("")
                    + " " + errors.path(0).path("message").asText("refused"));
        }
        return RelayResult.accepted("Shopify cancels order " + cancel.channelOrderId() + " (job "
                + answer.json.path("data").path("orderCancel").path("job").path("id").asText("?") + ")");
    }

    /** {@code FulfillmentInput}: the fulfillment orders' line items, tracking, the customer notified. */
    private void fulfillment(ObjectNode input, RelayedShipment s, Map<String, Map<String, Integer>> fulfillmentOrders) {
        ArrayNode byOrder = input.putArray("lineItemsByFulfillmentOrder");
        fulfillmentOrders.forEach((fulfillmentOrderId, items) -> {
            ObjectNode entry = byOrder.addObject().put("fulfillmentOrderId", fulfillmentOrderId);
            ArrayNode lineItems = entry.putArray("fulfillmentOrderLineItems");
            items.forEach((id, quantity) -> lineItems.addObject().put("id", id).put("quantity", quantity));
        });
        input.put("notifyCustomer", true);
        ObjectNode tracking = input.putObject("trackingInfo");
        if (s.carrier() != null && !s.carrier().isBlank()) {
            tracking.put("company", carriers.get().code(s.carrier(), CHANNEL).orElse(s.carrier().trim()));
        }
        List<RelayedShipment.Package> parcels = s.parcels().stream().filter(p -> p.trackingNumber() != null
                && !p.trackingNumber().isBlank()).toList();
        if (parcels.size() == 1) {
            tracking.put("number", parcels.get(0).trackingNumber());
            if (parcels.get(0).trackingUrl() != null) {
                tracking.put("url", parcels.get(0).trackingUrl());
            }
        } else if (parcels.size() > 1) {
            ArrayNode numbers = tracking.putArray("numbers");
            parcels.forEach(p -> numbers.add(p.trackingNumber()));
            if (parcels.stream().map(RelayedShipment.Package::trackingUrl).allMatch(Objects::nonNull)) {
                ArrayNode urls = tracking.putArray("urls");
                parcels.forEach(p -> urls.add(p.trackingUrl()));
            }
        }
    }

    private static RelayResult userErrors(JsonNode json) {
        JsonNode errors = json.path("data").path("fulfillmentCreate").path("userErrors");
        if (errors.isEmpty()) {
            return null;
        }
        List<String> messages = new ArrayList<>();
        errors.forEach(e -> messages.add((e.path("field").isArray() && !e.path("field").isEmpty()
                ? String.join(".", JSON.convertValue(e.path("field"), String[].class)) + ": " : "")
                + e.path("message").asText("")));
        return RelayResult.refused("Shopify refused the fulfillment: " + String.join("; ", messages));
    }

    /** A GraphQL answer, or the result it already decides (a failure). */
    private record Answer(JsonNode json, RelayResult result) {
    }

    /** One GraphQL call: a read repeated as ChannelHttp does while it fails transiently, a write sent once. */
    private Answer call(String operation, String query, Consumer<ObjectNode> variables, boolean once)
            throws InterruptedException {
        ObjectNode body = JSON.createObjectNode();
        body.put("query", query);
        variables.accept(body.putObject("variables"));
        String text = body.toString();
        URI uri = URI.create(properties.adminBase() + "/graphql.json");
        Supplier<HttpRequest.Builder> request = () -> HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
                .header("Accept", "application/json").POST(HttpRequest.BodyPublishers.ofString(text));
        ChannelAnswer answer;
        try {
            answer = once ? http.sendOnce(operation, request) : http.send(operation, request);
        } catch (IOException e) {
            return new Answer(null, RelayResult.retry("Shopify " + operation + " failed: " + e.getMessage(),
                    e instanceof ChannelCallException c ? c.retryAfter() : null));
        }
        JsonNode json = answer.jsonIfAny().orElse(null);
        int status = answer.status();
        boolean throttled = status == 429 || (json != null && ShopifyGraphQlThrottle.throttled(json));
        if (throttled || status == 401 || status == 403 || status == 408 || status >= 500) {
            return new Answer(null, RelayResult.retry("Shopify " + operation + " answered " + (throttled ? "Throttled"
                    : "HTTP " + status), http.requestedWait(answer).orElse(null)));
        }
        if (!answer.ok() || json == null) {
            return new Answer(null, RelayResult.refused("Shopify " + operation + " answered HTTP " + status + ": "
                    + excerpt(answer.body())));
        }
        if (json.path("errors").size() > 0) {
            JsonNode first = json.path("errors").path(0);
            String message = "Shopify " + operation + " answered " + first.path("message").asText("an error");
            return new Answer(null, "INTERNAL_SERVER_ERROR".equals(first.path("extensions").path("code").asText())
                    ? RelayResult.retry(message, null) : RelayResult.refused(message));
        }
        return new Answer(json, null);
    }

    /** Why no shipment of {@code account} can be relayed, or null. */
    private String misconfigured(String account) {
        if (blank(properties.accessToken())) {
            return "no Shopify Admin API access token (railhead.channels.shopify.access-token)";
        }
        if (blank(properties.shopDomain())) {
            return blank(properties.adminEndpoint())
                    ? "no Shopify Admin API endpoint (railhead.channels.shopify.admin-endpoint or shop-domain)" : null;
        }
        String shop = properties.shopDomain().trim().toLowerCase(Locale.ROOT);
        return account != null && account.trim().toLowerCase(Locale.ROOT).equals(shop) ? null
                : "the order came from shop " + account + ", and the Admin API access token is for " + shop
                + " (railhead.channels.shopify.shop-domain)";
    }

    private static String excerpt(String body) {
        String b = body.strip();
        return b.isEmpty() ? "(no body)" : b.length() > 200 ? b.substring(0, 200) + "…" : b;
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
