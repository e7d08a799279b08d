package io.railhead.channel.shopify;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.railhead.fulfillment.CarrierCodes;
import io.railhead.fulfillment.RelayResult;
import io.railhead.fulfillment.RelayResult.Outcome;
import io.railhead.fulfillment.RelayedShipment;
import io.railhead.fulfillment.RelayedShipment.Line;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Shopify shipment relay against a simulated Admin GraphQL API: fulfillment orders read, shipped lines
 * matched to what remains (by line item id, gid or SKU), one {@code fulfillmentCreate} per location with
 * tracking and the customer notified; userErrors refused, throttling retried, a repeat accepted unsent.
 */
class ShopifyShipmentRelayTest {

    static final WireMockServer ADMIN = new WireMockServer(WireMockConfiguration.options().bindAddress("127.0.0.1")
            .dynamicPort().usingFilesUnderDirectory("src/test/resources/wiremock"));
    static final String PATH = "/admin/api/2026-04/graphql.json";
    static final String TOKEN = "shpat_test_token";
    static final String SHOP = "test-shop.myshopify.com";
    static final String LOCATION = "gid://shopify/Location/777";
    static final ObjectMapper JSON = new ObjectMapper();
    static final CarrierCodes CODES = new CarrierCodes(Map.of("UPS", Map.of("shopify", "UPS"),
            "DHL", Map.of("shopify", "DHL Express")));
    static final String CREATED = "{\"data\":{\"fulfillmentCreate\":{\"fulfillment\":{\"id\":"
            + "\"gid://shopify/Fulfillment/9001\",\"status\":\"SUCCESS\"},\"userErrors\":[]}}}";

    private ShopifyShipmentRelay relay;

    @BeforeAll
    static void start() {
        ADMIN.start();
    }

    @AfterAll
    static void stop() {
        ADMIN.stop();
    }

    @BeforeEach
    void reset() {
        ADMIN.resetAll();
        relay = new ShopifyShipmentRelay(ShopifyStockPushTest.properties(TOKEN, ADMIN.baseUrl() + "/admin/api/2026-04"),
                new SimpleMeterRegistry(), () -> CODES, 2);
    }

    static RelayedShipment shipment(String carrier, List<Line> lines) {
        return new RelayedShipment("ord-1", "shopify", SHOP, "450789469", "shp-1", Instant.parse("2026-05-04T15:30:00Z"),
                carrier, "STANDARD", "1Z999AA10123456784", "https://www.ups.com/track?tracknum=1Z999AA10123456784",
                lines, null, null);
    }

    /** A fulfillment order: {@code items} are {fulfillment order line item id, line item id, sku, remaining}. */
    static String fulfillmentOrder(long id, String status, String location, Object[]... items) {
        StringBuilder nodes = new StringBuilder();
        for (Object[] i : items) {
            nodes.append(nodes.isEmpty() ? "" : ",").append("{\"id\":\"gid://shopify/FulfillmentOrderLineItem/")
                    .append(i[0]).append("\",\"remainingQuantity\":").append(i[3])
                    .append(",\"lineItem\":{\"id\":\"gid://shopify/LineItem/").append(i[1]).append("\",\"sku\":\"")
                    .append(i[2]).append("\"}}");
        }
        return "{\"id\":\"gid://shopify/FulfillmentOrder/" + id + "\",\"status\":\"" + status + "\",\"assignedLocation\":"
                + "{\"location\":{\"id\":\"" + location + "\"}},\"lineItems\":{\"nodes\":[" + nodes + "]}}";
    }

    static void order(String... fulfillmentOrders) {
        ADMIN.stubFor(post(urlPathEqualTo(PATH)).withRequestBody(containing("query fulfillmentOrders"))
                .willReturn(okJson("{\"data\":{\"order\":{\"id\":\"gid://shopify/Order/450789469\",\"fulfillmentOrders\":"
                        + "{\"nodes\":[" + String.join(",", fulfillmentOrders) + "]}}},\"extensions\":{\"cost\":"
                        + "{\"requestedQueryCost\":12,\"actualQueryCost\":6,\"throttleStatus\":{\"maximumAvailable\":"
                        + "2000.0,\"currentlyAvailable\":1994,\"restoreRate\":100.0}}}}")));
    }

    static void creates(String answer) {
        ADMIN.stubFor(post(urlPathEqualTo(PATH)).withRequestBody(containing("mutation fulfillmentCreate"))
                .willReturn(okJson(answer)));
    }

    static List<JsonNode> mutations() throws Exception {
        List<JsonNode> bodies = new ArrayList<>();
        for (LoggedRequest r : ADMIN.findAll(postRequestedFor(urlPathEqualTo(PATH)))) {
            JsonNode body = JSON.readTree(r.getBodyAsString());
            if (body.path("query").asText().startsWith("mutation")) {
                bodies.add(body);
            }
        }
        return bodies;
    }

    @Test
    void twoFulfillmentOrders_oneCreateWithBoth_trackingAndCustomerNotified() throws Exception {
        order(fulfillmentOrder(1, "OPEN", LOCATION, new Object[] {11, 501, "SKU-A", 2}),
                fulfillmentOrder(2, "IN_PROGRESS", LOCATION, new Object[] {21, 502, "SKU-B", 1}));
        creates(CREATED);

        RelayResult result = relay.relay(shipment("ups", List.of(new Line("501", "SKU-A", 2),
                new Line("gid://shopify/LineItem/502", "SKU-B", 1))));

        assertThat(result.outcome()).isEqualTo(Outcome.ACCEPTED);
        assertThat(result.message()).contains("gid://shopify/Fulfillment/9001");
        ADMIN.verify(postRequestedFor(urlPathEqualTo(PATH)).withHeader("X-Shopify-Access-Token", equalTo(TOKEN))
                .withRequestBody(containing("query fulfillmentOrders")));
        JsonNode read = JSON.readTree(ADMIN.findAll(postRequestedFor(urlPathEqualTo(PATH))).get(0).getBodyAsString());
        assertThat(read.path("query").asText()).isEqualTo(ShopifyShipmentRelay.QUERY);
        assertThat(read.path("variables").path("id").asText()).isEqualTo("gid://shopify/Order/450789469");

        List<JsonNode> mutations = mutations();
        assertThat(mutations).hasSize(1);
        assertThat(mutations.get(0).path("query").asText()).isEqualTo(ShopifyShipmentRelay.MUTATION);
        JsonNode f = mutations.get(0).path("variables").path("fulfillment");
        assertThat(f.path("notifyCustomer").asBoolean()).isTrue();
        JsonNode byOrder = f.path("lineItemsByFulfillmentOrder");
        assertThat(byOrder).hasSize(2);
        assertThat(byOrder.get(0).path("fulfillmentOrderId").asText()).isEqualTo("gid://shopify/FulfillmentOrder/1");
        assertThat(byOrder.get(0).path("fulfillmentOrderLineItems")).hasSize(1);
        assertThat(byOrder.get(0).path("fulfillmentOrderLineItems").get(0).path("id").asText())
                .isEqualTo("gid://shopify/FulfillmentOrderLineItem/11");
        assertThat(byOrder.get(0).path("fulfillmentOrderLineItems").get(0).path("quantity").asInt()).isEqualTo(2);
        assertThat(byOrder.get(1).path("fulfillmentOrderId").asText()).isEqualTo("gid://shopify/FulfillmentOrder/2");
        assertThat(byOrder.get(1).path("fulfillmentOrderLineItems").get(0).path("id").asText())
                .isEqualTo("gid://shopify/FulfillmentOrderLineItem/21");
        assertThat(byOrder.get(1).path("fulfillmentOrderLineItems").get(0).path("quantity").asInt()).isEqualTo(1);
        JsonNode tracking = f.path("trackingInfo");
        assertThat(tracking.path("company").asText()).as("the code carriers.yml gives").isEqualTo("UPS");
        assertThat(tracking.path("number").asText()).isEqualTo("1Z999AA10123456784");
        assertThat(tracking.path("url").asText()).isEqualTo("https://www.ups.com/track?tracknum=1Z999AA10123456784");
        assertThat(f.fieldNames()).toIterable().containsExactlyInAnyOrder("lineItemsByFulfillmentOrder",
                "notifyCustomer", "trackingInfo");
    }

    @Test
    void partialShipment_fulfilsOnlyWhatShipped_aLineWithoutAKnownIdMatchedBySku() throws Exception {
        order(fulfillmentOrder(1, "OPEN", LOCATION, new Object[] {11, 501, "SKU-A", 3},
                new Object[] {12, 502, "SKU-B", 2}, new Object[] {13, 503, "SKU-C", 1}));
        creates(CREATED);

        RelayResult result = relay.relay(shipment("Acme Freight", List.of(new Line("501", "SKU-A", 1),
                new Line(null, "SKU-B", 2))));

        assertThat(result.outcome()).isEqualTo(Outcome.ACCEPTED);
        JsonNode f = mutations().get(0).path("variables").path("fulfillment");
        JsonNode items = f.path("lineItemsByFulfillmentOrder").get(0).path("fulfillmentOrderLineItems");
        assertThat(items).hasSize(2);
        assertThat(items.get(0).path("id").asText()).isEqualTo("gid://shopify/FulfillmentOrderLineItem/11");
        assertThat(items.get(0).path("quantity").asInt()).as("1 of the 3 remaining").isEqualTo(1);
        assertThat(items.get(1).path("id").asText()).isEqualTo("gid://shopify/FulfillmentOrderLineItem/12");
        assertThat(items.get(1).path("quantity").asInt()).isEqualTo(2);
        assertThat(f.path("trackingInfo").path("company").asText()).as("a carrier without a code: as given")
                .isEqualTo("Acme Freight");
    }

    @Test
    void userErrors_areRefusedWithShopifysMessages() throws Exception {
        order(fulfillmentOrder(1, "OPEN", LOCATION, new Object[] {11, 501, "SKU-A", 2}));
        creates("{\"data\":{\"fulfillmentCreate\":{\"fulfillment\":null,\"userErrors\":[{\"field\":[\"fulfillment\","
                + "\"trackingInfo\",\"url\"],\"message\":\"Tracking url is invalid\"}]}}}");

        RelayResult result = relay.relay(shipment("UPS", List.of(new Line("501", "SKU-A", 2))));

        assertThat(result.outcome()).isEqualTo(Outcome.REFUSED);
        assertThat(result.message()).contains("fulfillment.trackingInfo.url: Tracking url is invalid");
    }

    @Test
    void aRepeatWithNothingRemaining_isAcceptedWithoutASecondFulfillment() throws Exception {
        order(fulfillmentOrder(1, "CLOSED", LOCATION, new Object[] {11, 501, "SKU-A", 0}),
                fulfillmentOrder(2, "OPEN", LOCATION, new Object[] {21, 502, "SKU-B", 1}));

        RelayResult result = relay.relay(shipment("UPS", List.of(new Line("501", "SKU-A", 2))));

        assertThat(result.outcome()).isEqualTo(Outcome.ACCEPTED);
        assertThat(result.message()).contains("nothing left to fulfil").contains("2 of line 501");
        assertThat(mutations()).isEmpty();
    }

    @Test
    void aThrottledCreate_isRetriedAfterTheWaitShopifyAsks() throws Exception {
        order(fulfillmentOrder(1, "OPEN", LOCATION, new Object[] {11, 501, "SKU-A", 2}));
        ADMIN.stubFor(post(urlPathEqualTo(PATH)).withRequestBody(containing("mutation fulfillmentCreate"))
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "2")
                        .withBody("{\"errors\":[{\"message\":\"Throttled\"}]}")));

        RelayResult result = relay.relay(shipment("UPS", List.of(new Line("501", "SKU-A", 2))));

        assertThat(result.outcome()).isEqualTo(Outcome.RETRY);
        assertThat(result.retryAfter()).isEqualTo(Duration.ofSeconds(2));
        assertThat(mutations()).as("sent once: the caller repeats, after reading again").hasSize(1);
    }

    @Test
    void aLineTheOrderDoesNotHave_isRefusedUnsent() throws Exception {
        order(fulfillmentOrder(1, "OPEN", LOCATION, new Object[] {11, 501, "SKU-A", 2}));

        RelayResult result = relay.relay(shipment("UPS", List.of(new Line("777", "SKU-Z", 1))));

        assertThat(result.outcome()).isEqualTo(Outcome.REFUSED);
        assertThat(result.message()).contains("has no line 777 (SKU SKU-Z)");
        assertThat(mutations()).isEmpty();
    }

    @Test
    void fulfillmentOrdersAtTwoLocations_oneCreateEach() throws Exception {
        order(fulfillmentOrder(1, "OPEN", LOCATION, new Object[] {11, 501, "SKU-A", 1}),
                fulfillmentOrder(2, "OPEN", "gid://shopify/Location/888", new Object[] {21, 502, "SKU-B", 1}));
        creates(CREATED);

        RelayResult result = relay.relay(shipment("DHL", List.of(new Line("501", "SKU-A", 1),
                new Line("502", "SKU-B", 1))));

        assertThat(result.outcome()).isEqualTo(Outcome.ACCEPTED);
        List<JsonNode> mutations = mutations();
        assertThat(mutations).hasSize(2);
        assertThat(mutations).extracting(m -> m.path("variables").path("fulfillment").path("lineItemsByFulfillmentOrder")
                .get(0).path("fulfillmentOrderId").asText())
                .containsExactly("gid://shopify/FulfillmentOrder/1", "gid://shopify/FulfillmentOrder/2");
        assertThat(mutations.get(0).path("variables").path("fulfillment").path("trackingInfo").path("company").asText())
                .isEqualTo("DHL Express");
    }

    @Test
    void aLineOnHold_isRetriedUnsent() throws Exception {
        order(fulfillmentOrder(1, "ON_HOLD", LOCATION, new Object[] {11, 501, "SKU-A", 2}));

        RelayResult result = relay.relay(shipment("UPS", List.of(new Line("501", "SKU-A", 2))));

        assertThat(result.outcome()).isEqualTo(Outcome.RETRY);
        assertThat(result.message()).contains("ON_HOLD");
        assertThat(mutations()).isEmpty();
    }

    @Test
    void anOrderWithMoreFulfillmentOrdersThanTheReadHolds_isRefusedUnsent() throws Exception {
        ADMIN.stubFor(post(urlPathEqualTo(PATH)).withRequestBody(containing("query fulfillmentOrders"))
                .willReturn(okJson("{\"data\":{\"order\":{\"id\":\"gid://shopify/Order/450789469\",\"fulfillmentOrders\":"
                        + "{\"pageInfo\":{\"hasNextPage\":true},\"nodes\":[" + fulfillmentOrder(1, "OPEN", LOCATION,
                        new Object[] {11, 501, "SKU-A", 2}) + "]}}}}")));

        RelayResult result = relay.relay(shipment("UPS", List.of(new Line("501", "SKU-A", 2))));

        assertThat(result.outcome()).isEqualTo(Outcome.REFUSED);
        assertThat(result.message()).contains("more than 10 fulfillment orders").contains("Shopify admin");
        assertThat(mutations()).isEmpty();
    }

    @Test
    void anOrderOfAnotherShop_isRefusedUncalled() throws Exception {
        RelayResult result = relay.relay(new RelayedShipment("ord-2", "shopify", "other-shop.myshopify.com", "1", "shp-2",
                Instant.now(), "UPS", null, "1Z", null, List.of(new Line("501", "SKU-A", 1)), null, null));

        assertThat(result.outcome()).isEqualTo(Outcome.REFUSED);
        assertThat(result.message()).contains("other-shop.myshopify.com").contains(SHOP);
        assertThat(ADMIN.getAllServeEvents()).isEmpty();
    }
}
