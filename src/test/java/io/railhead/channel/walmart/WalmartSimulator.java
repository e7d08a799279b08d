package io.railhead.channel.walmart;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A Walmart Marketplace API simulator for the integration tests, shaped by the official models
 * ({@code ../shared/specs/walmart/us-mp-orders.json}, {@code us-mp-auth.json}): the token endpoint
 * (Basic auth, {@code grant_type=client_credentials}, {@code OAuthToken}), order lists
 * ({@code PurchaseOrderTypeV3}: {@code list.meta.nextCursor}, {@code list.elements.order[]}), the
 * acknowledge answer ({@code GetOrderResponse}) and Walmart's error shape. Calls without the
 * required headers get 400/401 as Walmart would answer them. Public for the tests of other features that
 * take orders from Walmart (e.g. the shipment relay).
 */
public final class WalmartSimulator {

    public static final String CLIENT_ID = "it-client-id";
    public static final String CLIENT_SECRET = "it-client-secret";
    public static final String SVC_NAME = "Walmart Marketplace";
    public static final String UUID_PATTERN = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";

    private WalmartSimulator() {
    }

    public static WireMockServer start() {
        WireMockServer server = new WireMockServer(WireMockConfiguration.options().bindAddress("127.0.0.1")
                .dynamicPort().usingFilesUnderDirectory("src/test/resources/wiremock"));
        server.start();
        defaults(server);
        return server;
    }

    /** Token, empty lists, acknowledge OK, and Walmart's refusals of calls that lack the required headers. */
    public static void defaults(WireMockServer server) {
        server.stubFor(post(urlPathEqualTo("/v3/token")).atPriority(20)
                .willReturn(error(401, "UNAUTHORIZED.GMP_GATEWAY_API", "invalid client credentials")));
        server.stubFor(post(urlPathEqualTo("/v3/token")).atPriority(10)
                .withHeader("Authorization", equalTo(basic(CLIENT_ID, CLIENT_SECRET)))
                .withHeader("Content-Type", matching("application/x-www-form-urlencoded.*"))
                .withHeader("WM_SVC.NAME", equalTo(SVC_NAME))
                .withHeader("WM_QOS.CORRELATION_ID", matching(UUID_PATTERN))
                .withRequestBody(equalTo("grant_type=client_credentials"))
                .willReturn(token("wm-token-1", 900)));
        server.stubFor(any(anyUrl()).atPriority(30)
                .willReturn(error(400, "MISSING_REQUEST_HEADER.GMP_GATEWAY_API", "missing or invalid headers")));
        server.stubFor(authorized(get(urlPathEqualTo("/v3/orders/released")))
                .atPriority(10).willReturn(page(List.of(), null)));
        // Walmart answers 404 CONTENT_NOT_FOUND when no order matches a query.
        server.stubFor(authorized(get(urlPathEqualTo("/v3/orders")))
                .atPriority(10).willReturn(error(404, "CONTENT_NOT_FOUND.GMP_ORDER_API", "No orders found")));
        server.stubFor(authorized(post(urlPathMatching("/v3/orders/[0-9]+/acknowledge"))).atPriority(10)
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                        .withBody("{\"order\":{\"purchaseOrderId\":\"acknowledged\"}}")));
    }

    /** The headers every Walmart API call needs (any token the simulator issued). */
    public static MappingBuilder authorized(MappingBuilder m) {
        return m.withHeader("WM_SEC.ACCESS_TOKEN", matching("wm-.+"))
                .withHeader("WM_QOS.CORRELATION_ID", matching(UUID_PATTERN))
                .withHeader("WM_SVC.NAME", equalTo(SVC_NAME))
                .withHeader("Accept", equalTo("application/json"));
    }

    public static String basic(String id, String secret) {
        return "Basic " + Base64.getEncoder().encodeToString((id + ":" + secret).getBytes(StandardCharsets.UTF_8));
    }

    public static ResponseDefinitionBuilder token(String value, int expiresIn) {
        return aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                .withBody("{\"access_token\":\"" + value + "\",\"token_type\":\"Bearer\",\"expires_in\":" + expiresIn + "}");
    }

    public static ResponseDefinitionBuilder error(int status, String code, String description) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json")
                .withBody("{\"errors\":{\"error\":[{\"code\":\"" + code + "\",\"description\":\"" + description
                        + "\",\"info\":\"Request failed\",\"severity\":\"ERROR\",\"category\":\"DATA\"}]}}");
    }

    /** A page of {@code PurchaseOrderTypeV3}. */
    public static ResponseDefinitionBuilder page(List<ObjectNode> orders, String nextCursor) {
        ObjectNode root = object();
        ObjectNode list = root.putObject("list");
        ObjectNode meta = list.putObject("meta");
        meta.put("totalCount", orders.size()).put("limit", 200);
        if (nextCursor == null) {
            meta.putNull("nextCursor");
        } else {
            meta.put("nextCursor", nextCursor);
        }
        ArrayNode elements = list.putObject("elements").putArray("order");
        orders.forEach(elements::add);
        return aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(root.toString());
    }

    public static String newPurchaseOrderId() {
        return String.valueOf(1_000_000_000_000L + ThreadLocalRandom.current().nextLong(8_999_999_999_999L));
    }

    /** A released (status Created) seller-fulfilled order with one line: 2 × 12.50 plus tax and shipping. */
    public static ObjectNode order(String purchaseOrderId, String sku) {
        ObjectNode o = object();
        o.put("purchaseOrderId", purchaseOrderId)
                .put("customerOrderId", "5" + purchaseOrderId.substring(1))
                .put("customerEmailId", "C0FFEE" + purchaseOrderId + "@relay.walmart.com")
                .put("orderType", "REGULAR")
                .put("orderDate", 1_795_000_000_000L);
        ObjectNode shipping = o.putObject("shippingInfo");
        shipping.put("phone", "2025550100").put("estimatedDeliveryDate", 1_795_400_000_000L)
                .put("estimatedShipDate", 1_795_100_000_000L).put("methodCode", "Standard");
        shipping.putObject("postalAddress").put("name", "Test Buyer").put("address1", "702 SW 8th St")
                .put("city", "Bentonville").put("state", "AR").put("postalCode", "72716").put("country", "USA")
                .put("addressType", "RESIDENTIAL");
        ObjectNode line = o.putObject("orderLines").putArray("orderLine").addObject();
        line.put("lineNumber", "1");
        ObjectNode item = line.putObject("item").put("productName", "Enamel Mug");
        if (sku != null) {
            item.put("sku", sku);
        }
        ArrayNode charges = line.putObject("charges").putArray("charge");
        ObjectNode product = charges.addObject().put("chargeType", "PRODUCT").put("chargeName", "ItemPrice");
        product.putObject("chargeAmount").put("currency", "USD").put("amount", new BigDecimal("25.00"));
        product.putObject("tax").put("taxName", "Tax1").putObject("taxAmount").put("currency", "USD")
                .put("amount", new BigDecimal("2.06"));
        ObjectNode ship = charges.addObject().put("chargeType", "SHIPPING").put("chargeName", "Shipping");
        ship.putObject("chargeAmount").put("currency", "USD").put("amount", new BigDecimal("4.99"));
        line.putObject("orderLineQuantity").put("unitOfMeasurement", "EACH").put("amount", "2");
        line.put("statusDate", 1_795_000_100_000L);
        status(line, "Created");
        line.putObject("fulfillment").put("fulfillmentOption", "S2H").put("shipMethod", "STANDARD");
        o.putObject("shipNode").put("type", "SellerFulfilled");
        return o;
    }

    /** Sets every line's status (e.g. Cancelled) and moves its statusDate on. */
    public static ObjectNode withStatus(ObjectNode order, String status, long statusDate) {
        ObjectNode copy = order.deepCopy();
        copy.withArray("/orderLines/orderLine").forEach(l -> {
            ((ObjectNode) l).put("statusDate", statusDate);
            status((ObjectNode) l, status);
        });
        return copy;
    }

    private static void status(ObjectNode line, String status) {
        ObjectNode s = line.putObject("orderLineStatuses").putArray("orderLineStatus").addObject();
        s.put("status", status);
        s.putObject("statusQuantity").put("unitOfMeasurement", "EACH").put("amount",
                line.path("orderLineQuantity").path("amount").asText("1"));
        if ("Cancelled".equals(status)) {
            s.put("cancellationReason", "CUSTOMER_REQUESTED_SELLER_TO_CANCEL");
        }
    }

    /** A JSON object whose decimals stay as written (25.00, not 25.0). */
    private static ObjectNode object() {
        return WalmartOrders.JSON.createObjectNode();
    }
}
