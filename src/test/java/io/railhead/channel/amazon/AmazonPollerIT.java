package io.railhead.channel.amazon;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import io.railhead.channel.CheckpointStore;
import io.railhead.support.HubIT;
import io.railhead.support.PollRuns;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The Amazon poller against a Selling Partner API simulator shaped like the Orders v0 model:
 * token refresh, NextToken paging, quotas and 429s, checkpoints across a failed run, AFN and
 * Pending orders. Runs are triggered by the test; the route itself polls once at start-up.
 */
@DirtiesContext
class AmazonPollerIT extends HubIT {

    static final WireMockServer AMAZON = new WireMockServer(WireMockConfiguration.options().bindAddress("127.0.0.1")
            .dynamicPort().usingFilesUnderDirectory("src/test/resources/wiremock"));

    static {
        AMAZON.start();
    }

    @DynamicPropertySource
    static void amazon(DynamicPropertyRegistry registry) {
        registry.add("railhead.channels.amazon.enabled", () -> "true");
        registry.add("railhead.channels.amazon.endpoint", AMAZON::baseUrl);
        registry.add("railhead.channels.amazon.token-url", () -> AMAZON.baseUrl() + "/auth/o2/token");
        registry.add("railhead.channels.amazon.client-id", () -> "amzn1.application-oa2-client.test");
        registry.add("railhead.channels.amazon.client-secret", () -> "test-lwa-secret");
        registry.add("railhead.channels.amazon.refresh-token", () -> "Atzr|test-refresh");
        registry.add("railhead.channels.amazon.marketplace-ids", () -> "ATVPDKIKX0DER");
        registry.add("railhead.channels.amazon.poll-interval", () -> "1h");
        registry.add("railhead.channels.amazon.rates.get-orders", () -> "20");
        registry.add("railhead.channels.amazon.rates.get-order-items", () -> "20");
    }

    @Autowired
    AmazonPoller poller;

    @Autowired
    CheckpointStore checkpoints;

    private void pollAll() throws InterruptedException {
        PollRuns.runAll(poller.targets(), poller::pollTarget);
    }

    @BeforeEach
    void simulator() {
        AMAZON.resetAll();
        AMAZON.stubFor(post(urlPathEqualTo("/auth/o2/token"))
                .withRequestBody(com.github.tomakehurst.wiremock.client.WireMock.containing("grant_type=refresh_token"))
                .willReturn(okJson("{\"access_token\":\"Atza|first\",\"token_type\":\"bearer\",\"expires_in\":3600}")));
        AMAZON.stubFor(get(urlPathEqualTo("/orders/v0/orders")).atPriority(10)
                .willReturn(okJson(ordersPage(List.of(), null))));
    }

    private static String newOrderId() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        return "1%02d-%07d-%07d".formatted(r.nextInt(100), r.nextInt(10_000_000), r.nextInt(10_000_000));
    }

    private static ObjectNode order(String id, String status, String fulfillment) {
        ObjectNode o = JSON.createObjectNode();
        o.put("AmazonOrderId", id).put("PurchaseDate", "2026-11-22T10:00:00Z").put("LastUpdateDate", "2026-11-22T10:05:00Z")
                .put("OrderStatus", status).put("FulfillmentChannel", fulfillment).put("MarketplaceId", "ATVPDKIKX0DER")
                .put("ShipmentServiceLevelCategory", "Standard");
        if (!"Pending".equals(status)) {
            o.putObject("OrderTotal").put("CurrencyCode", "USD").put("Amount", "24.00");
        }
        o.putObject("ShippingAddress").put("City", "BOISE").put("StateOrRegion", "ID").put("PostalCode", "83702")
                .put("CountryCode", "US");
        return o;
    }

    private static String ordersPage(List<ObjectNode> orders, String nextToken) {
        ObjectNode payload = JSON.createObjectNode();
        ArrayNode list = payload.putArray("Orders");
        orders.forEach(list::add);
        if (nextToken != null) {
            payload.put("NextToken", nextToken);
        }
        payload.put("LastUpdatedBefore", "2026-11-23T10:00:00Z");
        ObjectNode response = JSON.createObjectNode();
        response.set("payload", payload);
        return response.toString();
    }

    private static void items(String orderId, String pricedAmount) {
        ObjectNode item = JSON.createObjectNode();
        item.put("ASIN", "B0TEST0001").put("SellerSKU", "LAMP-BRASS").put("OrderItemId", orderId.replace("-", ""))
                .put("Title", "Brass lamp").put("QuantityOrdered", 2).put("QuantityShipped", 0);
        if (pricedAmount != null) {
            item.putObject("ItemPrice").put("CurrencyCode", "USD").put("Amount", pricedAmount);
            item.putObject("ItemTax").put("CurrencyCode", "USD").put("Amount", "0.00");
        }
        ObjectNode payload = JSON.createObjectNode();
        payload.put("AmazonOrderId", orderId);
        payload.putArray("OrderItems").add(item);
        ObjectNode response = JSON.createObjectNode();
        response.set("payload", payload);
        AMAZON.stubFor(get(urlPathEqualTo("/orders/v0/orders/" + orderId + "/orderItems"))
                .willReturn(okJson(response.toString()).withHeader("x-amzn-RateLimit-Limit", "20")));
    }

    /** Three pages of orders; the NextTokens carry characters that must be URL-encoded. */
    private List<String> threePages(int perPage) {
        List<String> ids = new ArrayList<>();
        String[] tokens = {null, "tok/2+=&x", "tok 3/=="};
        for (int page = 0; page < 3; page++) {
            List<ObjectNode> orders = new ArrayList<>();
            for (int i = 0; i < perPage; i++) {
                String id = newOrderId();
                ids.add(id);
                orders.add(order(id, "Unshipped", "MFN"));
                items(id, "24.00");
            }
            String next = page < 2 ? tokens[page + 1] : null;
            AMAZON.stubFor(get(urlPathEqualTo("/orders/v0/orders")).atPriority(1)
                    .withQueryParam("MarketplaceIds", equalTo("ATVPDKIKX0DER"))
                    .withQueryParam("NextToken", tokens[page] == null ? absent() : equalTo(tokens[page]))
                    .withQueryParam("LastUpdatedAfter", tokens[page] == null
                            ? com.github.tomakehurst.wiremock.client.WireMock.matching(".+") : absent())
                    .willReturn(okJson(ordersPage(orders, next)).withHeader("x-amzn-RateLimit-Limit", "20")));
        }
        return ids;
    }

    private JsonNode awaitAmazon(String id, String status) {
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            JsonNode o = amazonOrder(id);
            return o != null && status.equals(o.get("status").asText());
        });
        return amazonOrder(id);
    }

    private JsonNode amazonOrder(String id) {
        JsonNode orders = json(ops("GET", "/api/orders?channel=amazon&channelOrderId=" + id)).get("orders");
        return orders.isEmpty() ? null : orders.get(0);
    }

    private static AmazonProperties.ResolvedAccount account(String name) {
        return new AmazonProperties.ResolvedAccount(name, AMAZON.baseUrl(), AMAZON.baseUrl() + "/auth/o2/token",
                "amzn1.application-oa2-client.test", "test-lwa-secret", "Atzr|test-refresh", List.of("ATVPDKIKX0DER"));
    }

    @Test
    void leaderRoutePollsOnItsOwnWithTheRefreshedToken() {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> AMAZON.verify(
                getRequestedFor(urlPathEqualTo("/orders/v0/orders")).withHeader("x-amz-access-token", equalTo("Atza|first"))));
        AMAZON.verify(postRequestedFor(urlPathEqualTo("/auth/o2/token"))
                .withRequestBody(com.github.tomakehurst.wiremock.client.WireMock.containing("refresh_token=Atzr%7Ctest-refresh")));
    }

    @Test
    void allPagesAndItems_eachOrderReachesTheErpOnce_checkpointAdvances() throws Exception {
        List<String> ids = threePages(2);
        Instant before = Instant.now();
        pollAll();
        pollAll(); // a second run sees the same orders again: nothing new may reach the ERP

        for (String id : ids) {
            JsonNode order = awaitAmazon(id, "RELEASED");
            assertThat(order.at("/canonical/channel").asText()).isEqualTo("amazon");
            assertThat(order.at("/canonical/lines/0/unitPrice").asText()).isEqualTo("12.00");
        }
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(6))
                .until(() -> ids.stream().allMatch(id -> acceptedErpCalls(id).size() == 1));
        Instant checkpoint = Instant.parse(checkpoints.get("amazon", "default", "LastUpdatedAfter").orElseThrow());
        assertThat(checkpoint).isAfter(before.minus(Duration.ofMinutes(3)));
    }

    @Test
    void tokenExpiresMidRun_refreshedAndTheRunContinues() throws Exception {
        List<String> ids = threePages(1);
        AMAZON.stubFor(post(urlPathEqualTo("/auth/o2/token")).inScenario("lwa").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(okJson("{\"access_token\":\"Atza|first\",\"expires_in\":3600}")).willSetStateTo("second"));
        AMAZON.stubFor(post(urlPathEqualTo("/auth/o2/token")).inScenario("lwa").whenScenarioStateIs("second")
                .willReturn(okJson("{\"access_token\":\"Atza|second\",\"expires_in\":3600}")));
        // The first token is revoked after page 1: page 2 refuses it and accepts only the new one.
        AMAZON.stubFor(get(urlPathEqualTo("/orders/v0/orders")).atPriority(0)
                .withQueryParam("NextToken", equalTo("tok/2+=&x")).withHeader("x-amz-access-token", equalTo("Atza|first"))
                .willReturn(aResponse().withStatus(403).withBody("{\"errors\":[{\"code\":\"Unauthorized\"}]}")));

        poller.poll(account("mid-run")); // an account of its own: it starts without a token

        for (String id : ids) {
            awaitAmazon(id, "RELEASED");
        }
        AMAZON.verify(2, postRequestedFor(urlPathEqualTo("/auth/o2/token")));
        AMAZON.verify(getRequestedFor(urlPathEqualTo("/orders/v0/orders"))
                .withQueryParam("NextToken", equalTo("tok/2+=&x")).withHeader("x-amz-access-token", equalTo("Atza|second")));
    }

    @Test
    void throttled_429_noRequestBeforeTheReportedRateAllows() throws Exception {
        List<String> ids = threePages(1);
        AMAZON.stubFor(get(urlPathEqualTo("/orders/v0/orders")).atPriority(0).inScenario("quota")
                .whenScenarioStateIs(Scenario.STARTED).withQueryParam("NextToken", equalTo("tok/2+=&x"))
                .willReturn(aResponse().withStatus(429).withHeader("x-amzn-RateLimit-Limit", "0.5")
                        .withBody("{\"errors\":[{\"code\":\"QuotaExceeded\"}]}"))
                .willSetStateTo("served"));

        pollAll();

        ids.forEach(id -> awaitAmazon(id, "RELEASED"));
        List<ServeEvent> pageTwo = AMAZON.getAllServeEvents().stream()
                .filter(e -> e.getRequest().queryParameter("NextToken").isPresent()
                        && "tok/2+=&x".equals(e.getRequest().queryParameter("NextToken").firstValue()))
                .sorted((a, b) -> a.getRequest().getLoggedDate().compareTo(b.getRequest().getLoggedDate())).toList();
        assertThat(pageTwo).extracting(e -> e.getResponse().getStatus()).containsExactly(429, 200);
        long waited = pageTwo.get(1).getRequest().getLoggedDate().getTime() - pageTwo.get(0).getRequest().getLoggedDate().getTime();
        assertThat(waited).as("0.5 requests/s means 2 s between calls").isGreaterThanOrEqualTo(2000);
    }

    @Test
    void runFailsBetweenPages_checkpointStays_nextRunResumes_noOrderLostOrDoubled() throws Exception {
        List<String> ids = threePages(2);
        StubMapping outage = AMAZON.stubFor(get(urlPathEqualTo("/orders/v0/orders")).atPriority(0)
                .withQueryParam("NextToken", equalTo("tok 3/=="))
                .willReturn(aResponse().withStatus(400).withBody("{\"errors\":[{\"code\":\"InvalidInput\"}]}")));
        String checkpointBefore = checkpoints.get("amazon", "default", "LastUpdatedAfter").orElse("none");

        pollAll();
        assertThat(checkpoints.get("amazon", "default", "LastUpdatedAfter").orElse("none"))
                .as("a window is only done when all its pages are").isEqualTo(checkpointBefore);
        awaitAmazon(ids.get(0), "RELEASED");

        AMAZON.removeStub(outage);
        pollAll();

        ids.forEach(id -> awaitAmazon(id, "RELEASED"));
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(6))
                .until(() -> ids.stream().allMatch(id -> acceptedErpCalls(id).size() == 1));
        assertThat(checkpoints.get("amazon", "default", "LastUpdatedAfter").orElse("none")).isNotEqualTo(checkpointBefore);
    }

    @Test
    void afnOrderIsRecordedAsFulfilledByAmazon_pendingOrderWaits() throws Exception {
        String afn = newOrderId();
        String pending = newOrderId();
        items(afn, "24.00");
        items(pending, null);
        AMAZON.stubFor(get(urlPathEqualTo("/orders/v0/orders")).atPriority(1)
                .willReturn(okJson(ordersPage(List.of(order(afn, "Shipped", "AFN"), order(pending, "Pending", "MFN")), null))));

        pollAll();

        JsonNode afnOrder = awaitAmazon(afn, "RELEASED");
        assertThat(afnOrder.at("/canonical/fulfilledBy").asText()).isEqualTo("CHANNEL");
        JsonNode waiting = awaitAmazon(pending, "ON_HOLD");
        assertThat(waiting.get("holdReasons").toString()).contains("PAYMENT_PENDING");
        assertThat(erpCalls(pending)).isEmpty();
    }

    @Test
    void aRefusedTokenRefreshFailsTheRunWithoutMovingTheCheckpoint() {
        AMAZON.stubFor(post(urlPathEqualTo("/auth/o2/token")).atPriority(0)
                .willReturn(aResponse().withStatus(400).withBody("{\"error\":\"invalid_grant\"}")));
        String before = checkpoints.get("amazon", "default", "LastUpdatedAfter").orElse("none");
        AmazonProperties.ResolvedAccount fresh = new AmazonProperties.ResolvedAccount("broken", AMAZON.baseUrl(),
                AMAZON.baseUrl() + "/auth/o2/token", "c", "s", "r", List.of("ATVPDKIKX0DER"));
        assertThatThrownBy(() -> poller.poll(fresh)).hasMessageContaining("refused the token refresh");
        assertThat(checkpoints.get("amazon", "default", "LastUpdatedAfter").orElse("none")).isEqualTo(before);
        assertThat(checkpoints.get("amazon", "broken", "LastUpdatedAfter")).isEmpty();
    }
}
