package io.railhead.channel.square;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import io.railhead.channel.CheckpointStore;
import io.railhead.channel.WebhookSignature;
import io.micrometer.core.instrument.MeterRegistry;
import io.railhead.support.HubIT;
import io.railhead.support.PollRuns;
import org.apache.camel.CamelContext;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Square as the store channel, against a simulator shaped like Square's Orders API: SearchOrders
 * pages with cursors, money in minor units, catalog SKUs, and signed webhooks as fetch hints.
 */
@DirtiesContext
class SquareIT extends HubIT {

    static final String KEY = "test-square-signature-key";
    static final String LOCATION = "L8TEST" + UUID.randomUUID().toString().substring(0, 6).toUpperCase();
    static final String OUTLET = "LOUTLET" + UUID.randomUUID().toString().substring(0, 6).toUpperCase();
    static final WireMockServer SQUARE = new WireMockServer(WireMockConfiguration.options().bindAddress("127.0.0.1")
            .dynamicPort().usingFilesUnderDirectory("src/test/resources/wiremock"));

    static {
        SQUARE.start();
    }

    @DynamicPropertySource
    static void square(DynamicPropertyRegistry registry) {
        registry.add("railhead.channels.square.enabled", () -> "true");
        registry.add("railhead.channels.square.endpoint", SQUARE::baseUrl);
        registry.add("railhead.channels.square.access-token", () -> "EAAA-test");
        registry.add("railhead.channels.square.location-ids", () -> LOCATION);
        registry.add("railhead.channels.square.webhook-signature-key", () -> KEY);
        registry.add("railhead.channels.square.webhook-url", () -> "https://hub.example.com/webhooks/square");
        registry.add("railhead.channels.square.poll-interval", () -> "1h");
        registry.add("railhead.channels.square.accounts.outlet.access-token", () -> "EAAA-outlet");
        registry.add("railhead.channels.square.accounts.outlet.location-ids", () -> OUTLET);
        registry.add("railhead.channels.square.accounts.outlet.webhook-signature-key", () -> "outlet-key");
    }

    @Autowired
    SquarePoller poller;

    @Autowired
    CheckpointStore checkpoints;

    @Autowired
    CamelContext camel;

    @Autowired
    MeterRegistry metrics;

    private void pollAll() throws InterruptedException {
        PollRuns.runAll(poller.targets(), poller::pollTarget);
    }

    @BeforeEach
    void simulator() {
        SQUARE.resetAll();
        SQUARE.stubFor(post(urlPathEqualTo("/v2/orders/search")).atPriority(10).willReturn(okJson("{}")));
        SQUARE.stubFor(get(urlPathEqualTo("/v2/catalog/object/VAR-MUG")).willReturn(okJson(
                "{\"object\":{\"type\":\"ITEM_VARIATION\",\"id\":\"VAR-MUG\",\"item_variation_data\":{\"sku\":\"MUG-1\"}}}")));
    }

    private static ObjectNode order(String id, String state) {
        return order(id, state, LOCATION);
    }

    private static ObjectNode order(String id, String state, String location) {
        ObjectNode o = JSON.createObjectNode();
        o.put("id", id).put("location_id", location).put("state", state).put("version", 3)
                .put("created_at", "2026-11-23T09:15:00.000Z").put("updated_at", "2026-11-23T09:15:02.000Z")
                .put("closed_at", "2026-11-23T09:15:02.000Z");
        ObjectNode item = o.putArray("line_items").addObject();
        item.put("uid", "li-1").put("name", "Mug").put("quantity", "2").put("catalog_object_id", "VAR-MUG");
        item.putObject("base_price_money").put("amount", 1250).put("currency", "USD");
        item.putObject("total_discount_money").put("amount", 100).put("currency", "USD");
        item.putObject("total_tax_money").put("amount", 184).put("currency", "USD");
        o.putObject("total_money").put("amount", 2584).put("currency", "USD");
        return o;
    }

    private JsonNode posOrder(String saleId) {
        JsonNode orders = json(ops("GET", "/api/orders?channel=pos&channelOrderId=" + saleId)).get("orders");
        return orders.isEmpty() ? null : orders.get(0);
    }

    private JsonNode awaitPos(String saleId, String status) {
        await().atMost(Duration.ofSeconds(30)).until(() -> posOrder(saleId) != null
                && status.equals(posOrder(saleId).get("status").asText()));
        return posOrder(saleId);
    }

    @Test
    void searchPagesAreFollowed_salesArriveAsFulfilledStoreOrders_checkpointAdvances() throws Exception {
        List<String> ids = new ArrayList<>();
        String[] cursors = {null, "c-2", "c-3"};
        for (int page = 0; page < 3; page++) {
            String id = "sq-" + UUID.randomUUID();
            ids.add(id);
            ObjectNode response = JSON.createObjectNode();
            response.putArray("orders").add(order(id, "COMPLETED"));
            if (page < 2) {
                response.put("cursor", cursors[page + 1]);
            }
            SQUARE.stubFor(post(urlPathEqualTo("/v2/orders/search")).atPriority(1)
                    .withHeader("Authorization", equalTo("Bearer EAAA-test"))
                    .withHeader("Square-Version", com.github.tomakehurst.wiremock.client.WireMock.matching(".+"))
                    .withRequestBody(matchingJsonPath("$.location_ids[0]", equalTo(LOCATION)))
                    .withRequestBody(cursors[page] == null ? matchingJsonPath("$.cursor", absent())
                            : matchingJsonPath("$.cursor", equalTo(cursors[page])))
                    .willReturn(okJson(response.toString())));
        }

        pollAll();
        pollAll();

        for (String id : ids) {
            JsonNode sale = awaitPos(id, "RELEASED");
            assertThat(sale.get("sourceAccount").asText()).isEqualTo(LOCATION);
            assertThat(sale.at("/canonical/fulfilledBy").asText()).isEqualTo("CHANNEL");
            assertThat(sale.at("/canonical/lines/0/sku").asText()).isEqualTo("MUG-1");
            assertThat(sale.at("/canonical/lines/0/unitPrice").asText()).isEqualTo("12.50");
            assertThat(sale.at("/canonical/totals/grandTotal").asText()).isEqualTo("25.84");
        }
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5))
                .until(() -> ids.stream().allMatch(id -> acceptedErpCalls(id).size() == 1));
        assertThat(checkpoints.get("square", LOCATION, "updated_at")).isPresent();
        SQUARE.verify(postRequestedFor(urlPathEqualTo("/v2/orders/search"))
                .withRequestBody(matchingJsonPath("$.query.filter.date_time_filter.updated_at.start_at")));
    }

    @Test
    void anOpenSaleIsHeldUntilPaid_andAReleaseMapsItsSquarePayloadAgain() throws Exception {
        String id = "sq-" + UUID.randomUUID();
        ObjectNode page = JSON.createObjectNode();
        page.putArray("orders").add(order(id, "OPEN"));
        SQUARE.stubFor(post(urlPathEqualTo("/v2/orders/search")).atPriority(1)
                .withRequestBody(matchingJsonPath("$.location_ids[0]", equalTo(LOCATION)))
                .willReturn(okJson(page.toString())));

        pollAll();

        JsonNode held = awaitPos(id, "ON_HOLD");
        assertThat(held.get("holdReasons").toString()).contains("PAYMENT_PENDING");
        assertThat(held.at("/canonical/extensions/source").asText()).isEqualTo("square");
        assertThat(held.at("/canonical/extensions/square/id").asText()).isEqualTo(id);
        assertThat(held.at("/canonical/extensions/square/line_items/0/base_price_money/amount").asInt()).isEqualTo(1250);
        HttpResponse<String> release = ops("POST", "/api/orders/" + held.get("orderId").asText() + "/release");
        assertThat(release.statusCode()).as(release.body()).isEqualTo(200);
        assertThat(json(release).get("status").asText()).isEqualTo("ON_HOLD");
        assertThat(json(release).get("holdReasons").toString()).contains("PAYMENT_PENDING");
    }

    private HttpResponse<String> webhook(String body, String signature) throws Exception {
        HttpRequest.Builder r = HttpRequest.newBuilder(uri("/webhooks/square")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (signature != null) {
            r.header("x-square-hmacsha256-signature", signature);
        }
        return HttpClient.newHttpClient().send(r.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String sign(String body) {
        return sign(body, KEY);
    }

    private static String sign(String body, String key) {
        byte[] signed = ("https://hub.example.com/webhooks/square" + body).getBytes(StandardCharsets.UTF_8);
        return Base64.getEncoder().encodeToString(WebhookSignature.sign(signed, key));
    }

    @Test
    void secondSellerAccount_ownTokenLocationsAndWebhookKey() throws Exception {
        String polled = "sq-" + UUID.randomUUID();
        ObjectNode page = JSON.createObjectNode();
        page.putArray("orders").add(order(polled, "COMPLETED", OUTLET));
        SQUARE.stubFor(post(urlPathEqualTo("/v2/orders/search")).atPriority(1)
                .withHeader("Authorization", equalTo("Bearer EAAA-outlet"))
                .withRequestBody(matchingJsonPath("$.location_ids[0]", equalTo(OUTLET)))
                .willReturn(okJson(page.toString())));
        String hinted = "sq-" + UUID.randomUUID();
        SQUARE.stubFor(get(urlPathEqualTo("/v2/orders/" + hinted)).withHeader("Authorization", equalTo("Bearer EAAA-outlet"))
                .willReturn(okJson("{\"order\":" + order(hinted, "COMPLETED", OUTLET) + "}")));
        SQUARE.stubFor(get(urlPathEqualTo("/v2/catalog/object/VAR-MUG")).withHeader("Authorization", equalTo("Bearer EAAA-outlet"))
                .willReturn(okJson("{\"object\":{\"type\":\"ITEM_VARIATION\",\"id\":\"VAR-MUG\","
                        + "\"item_variation_data\":{\"sku\":\"MUG-1\"}}}")));

        pollAll();
        String body = "{\"type\":\"order.created\",\"data\":{\"type\":\"order_created\",\"id\":\"" + hinted + "\"}}";
        assertThat(webhook(body, sign(body, "outlet-key")).statusCode()).isEqualTo(200);

        assertThat(awaitPos(polled, "RELEASED").get("sourceAccount").asText()).isEqualTo(OUTLET);
        assertThat(awaitPos(hinted, "RELEASED").get("sourceAccount").asText()).isEqualTo(OUTLET);
    }

    @Test
    void signedWebhookIsAHintThatFetchesTheOrder() throws Exception {
        String id = "sq-" + UUID.randomUUID();
        SQUARE.stubFor(get(urlPathEqualTo("/v2/orders/" + id)).willReturn(okJson("{\"order\":" + order(id, "COMPLETED") + "}")));
        String body = "{\"merchant_id\":\"M1\",\"type\":\"order.updated\",\"event_id\":\"" + UUID.randomUUID()
                + "\",\"created_at\":\"2026-11-23T09:15:03Z\",\"data\":{\"type\":\"order_updated\",\"id\":\"" + id
                + "\",\"object\":{\"order_updated\":{\"order_id\":\"" + id + "\",\"version\":3,\"location_id\":\""
                + LOCATION + "\",\"state\":\"COMPLETED\"}}}}";

        HttpResponse<String> r = webhook(body, sign(body));

        assertThat(r.statusCode()).isEqualTo(200);
        awaitPos(id, "RELEASED");
    }

    @Test
    void wrongOrMissingSquareSignature_401_nothingFetched() throws Exception {
        String id = "sq-" + UUID.randomUUID();
        String body = "{\"type\":\"order.created\",\"data\":{\"id\":\"" + id + "\"}}";
        assertThat(webhook(body, sign(body + " ")).statusCode()).isEqualTo(401);
        assertThat(webhook(body, null).statusCode()).isEqualTo(401);
        SQUARE.verify(0, com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor(urlPathEqualTo("/v2/orders/" + id)));
    }

    @Test
    void pollRoute_aFailingLocationIsLoggedAndCounted_theOtherLocationIsStillPolled() throws Exception {
        SQUARE.stubFor(post(urlPathEqualTo("/v2/orders/search")).atPriority(1)
                .withRequestBody(matchingJsonPath("$.location_ids[0]", equalTo(LOCATION)))
                .willReturn(aResponse().withStatus(400).withBody("{\"errors\":[{\"code\":\"BAD_REQUEST\"}]}")));
        String polled = "sq-" + UUID.randomUUID();
        ObjectNode page = JSON.createObjectNode();
        page.putArray("orders").add(order(polled, "COMPLETED", OUTLET));
        SQUARE.stubFor(post(urlPathEqualTo("/v2/orders/search")).atPriority(1)
                .withRequestBody(matchingJsonPath("$.location_ids[0]", equalTo(OUTLET)))
                .willReturn(okJson(page.toString())));
        double failuresBefore = failures(LOCATION);
        String checkpointBefore = checkpoints.get("square", LOCATION, "updated_at").orElse("none");

        // A restarted timer route runs at once (delay 1 s): the real route and its channel-poller configuration.
        camel.getRouteController().stopRoute("channel-poll-square");
        camel.getRouteController().startRoute("channel-poll-square");

        // The default account's location (first target) fails; the outlet's (second) still arrives.
        assertThat(awaitPos(polled, "RELEASED").get("sourceAccount").asText()).isEqualTo(OUTLET);
        await().atMost(Duration.ofSeconds(10)).until(() -> failures(LOCATION) == failuresBefore + 1);
        assertThat(checkpoints.get("square", LOCATION, "updated_at").orElse("none")).isEqualTo(checkpointBefore);
    }

    private double failures(String location) {
        return metrics.counter("railhead.poll.failures", "channel", "square", "account", location).count();
    }
}
