package io.railhead.channel.shopify;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
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
import io.railhead.fulfillment.RelayedShipment.Line;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A Shopify relay repeated after a lost answer, when some units of the order are fulfilled already: the order's
 * fulfillments are read, and the units one with the shipment's tracking number holds are not fulfilled again, also
 * for a partial shipment; the next part of the same line (other tracking), a merchant's own fulfillment and a
 * cancelled one do not hide it. Shopify's answers follow the Admin GraphQL {@code Order.fulfillments} and
 * {@code FulfillmentOrderLineItem} (totalQuantity, remainingQuantity).
 */
class ShopifyShipmentRepeatTest {

    static final WireMockServer ADMIN = new WireMockServer(WireMockConfiguration.options().bindAddress("127.0.0.1")
            .dynamicPort().usingFilesUnderDirectory("src/test/resources/wiremock"));
    static final String PATH = "/admin/api/2026-04/graphql.json";
    static final String TRACKING = "1Z999AA10123456784";
    static final ObjectMapper JSON = new ObjectMapper();

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
        relay = new ShopifyShipmentRelay(ShopifyStockPushTest.properties("shpat_t", ADMIN.baseUrl() + "/admin/api/2026-04"),
                new SimpleMeterRegistry(), () -> CarrierCodes.NONE, 2);
        ADMIN.stubFor(post(urlPathEqualTo(PATH)).withRequestBody(containing("query fulfillmentOrders"))
                .willReturn(okJson("{\"data\":{\"order\":{\"id\":\"gid://shopify/Order/450789469\",\"fulfillmentOrders\":"
                        + "{\"pageInfo\":{\"hasNextPage\":false},\"nodes\":[{\"id\":\"gid://shopify/FulfillmentOrder/1\","
                        + "\"status\":\"IN_PROGRESS\",\"assignedLocation\":{\"location\":{\"id\":\"gid://shopify/Location/7\"}},"
                        + "\"lineItems\":{\"pageInfo\":{\"hasNextPage\":false},\"nodes\":[{\"id\":"
                        + "\"gid://shopify/FulfillmentOrderLineItem/11\",\"totalQuantity\":2,\"remainingQuantity\":1,"
                        + "\"lineItem\":{\"id\":\"gid://shopify/LineItem/501\",\"sku\":\"SKU-A\"}}]}}]}}}}")));
        ADMIN.stubFor(post(urlPathEqualTo(PATH)).withRequestBody(containing("mutation fulfillmentCreate"))
                .willReturn(okJson("{\"data\":{\"fulfillmentCreate\":{\"fulfillment\":{\"id\":"
                        + "\"gid://shopify/Fulfillment/9002\",\"status\":\"SUCCESS\"},\"userErrors\":[]}}}")));
    }

    /** The order's fulfillments: one of 1 unit of line item 501 with {@code tracking}, in {@code status}. */
    static void fulfilled(String status, String tracking) {
        ADMIN.stubFor(post(urlPathEqualTo(PATH)).withRequestBody(containing("query fulfillments"))
                .willReturn(okJson("{\"data\":{\"order\":{\"fulfillments\":[{\"status\":\"" + status + "\",\"trackingInfo\":"
                        + "[{\"number\":\"" + tracking + "\"}],\"fulfillmentLineItems\":{\"nodes\":[{\"quantity\":1,"
                        + "\"lineItem\":{\"id\":\"gid://shopify/LineItem/501\",\"sku\":\"SKU-A\"}}]}}]}}}")));
    }

    RelayResult relayOneUnit() throws InterruptedException {
        return relay.relay(ShopifyShipmentRelayTest.shipment("UPS", List.of(new Line("501", "SKU-A", 1))));
    }

    static List<JsonNode> calls(String prefix) throws Exception {
        List<JsonNode> bodies = new ArrayList<>();
        for (LoggedRequest r : ADMIN.findAll(postRequestedFor(urlPathEqualTo(PATH)))) {
            JsonNode body = JSON.readTree(r.getBodyAsString());
            if (body.path("query").asText().startsWith(prefix)) {
                bodies.add(body);
            }
        }
        return bodies;
    }

    @Test
    void aPartialShipmentRepeatedAfterALostAnswer_isAcceptedWithoutASecondFulfillment() throws Exception {
        fulfilled("SUCCESS", TRACKING);

        RelayResult result = relayOneUnit();

        assertThat(result.outcome()).isEqualTo(Outcome.ACCEPTED);
        assertThat(result.message()).contains("has this shipment already").contains(TRACKING);
        assertThat(calls("mutation")).isEmpty();
        List<JsonNode> reads = calls("query fulfillments");
        assertThat(reads).hasSize(1);
        assertThat(reads.get(0).path("query").asText()).isEqualTo(ShopifyShipmentRelay.FULFILLMENTS_QUERY);
        assertThat(reads.get(0).path("variables").path("id").asText()).isEqualTo("gid://shopify/Order/450789469");
    }

    @Test
    void theNextPartOfTheLine_underOtherTracking_isFulfilled() throws Exception {
        fulfilled("SUCCESS", "1ZEARLIERPART");

        RelayResult result = relayOneUnit();

        assertThat(result.outcome()).isEqualTo(Outcome.ACCEPTED);
        List<JsonNode> creates = calls("mutation");
        assertThat(creates).hasSize(1);
        JsonNode items = creates.get(0).path("variables").path("fulfillment").path("lineItemsByFulfillmentOrder").get(0)
                .path("fulfillmentOrderLineItems");
        assertThat(items.get(0).path("id").asText()).isEqualTo("gid://shopify/FulfillmentOrderLineItem/11");
        assertThat(items.get(0).path("quantity").asInt()).isEqualTo(1);
    }

    @Test
    void aCancelledFulfillmentWithTheTracking_doesNotCount() throws Exception {
        fulfilled("CANCELLED", TRACKING);

        assertThat(relayOneUnit().outcome()).isEqualTo(Outcome.ACCEPTED);
        assertThat(calls("mutation")).hasSize(1);
    }
}
