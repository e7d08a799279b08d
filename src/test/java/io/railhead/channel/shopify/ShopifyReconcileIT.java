package io.railhead.channel.shopify;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import io.railhead.support.HubIT;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Shopify reconciliation against an Admin API simulator (GraphQL orders connection with
 * cost/throttle extensions, REST order resource): a missed webhook becomes a late order, a
 * webhook-and-poll pair reaches the ERP once, the missed count is visible, throttling is paced.
 */
@DirtiesContext
class ShopifyReconcileIT extends HubIT {

    static final String SHOP = "test-shop.myshopify.com";
    static final WireMockServer ADMIN = new WireMockServer(WireMockConfiguration.options().bindAddress("127.0.0.1")
            .dynamicPort().usingFilesUnderDirectory("src/test/resources/wiremock"));

    static {
        ADMIN.start();
    }

    @DynamicPropertySource
    static void shopifyAdmin(DynamicPropertyRegistry registry) {
        registry.add("railhead.channels.shopify.shop-domain", () -> SHOP);
        registry.add("railhead.channels.shopify.admin-endpoint", () -> ADMIN.baseUrl() + "/admin/api/2025-10");
        registry.add("railhead.channels.shopify.access-token", () -> "shpat_test");
        registry.add("railhead.channels.shopify.reconcile-interval", () -> "1h");
        registry.add("railhead.channels.shopify.rest-rate", () -> "50");
    }

    @Autowired
    ShopifyReconciler reconciler;

    @Autowired
    CamelContext camel;

    @BeforeEach
    void emptyShop() throws Exception {
        // The tests run the reconciliation themselves; the route's own scheduled run would interleave its calls.
        camel.getRouteController().stopRoute("channel-reconcile-shopify");
        ADMIN.resetAll();
        ADMIN.stubFor(post(urlPathEqualTo("/admin/api/2025-10/graphql.json")).atPriority(10)
                .willReturn(okJson(ordersPage(List.of(), null, 1000))));
    }

    private static String ordersPage(List<ObjectNode> orders, String endCursor, int available) {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode conn = root.putObject("data").putObject("orders");
        conn.putObject("pageInfo").put("hasNextPage", endCursor != null).put("endCursor", endCursor);
        ArrayNode nodes = conn.putArray("nodes");
        for (ObjectNode o : orders) {
            nodes.addObject().put("legacyResourceId", o.get("id").asText()).put("updatedAt", "2026-11-20T14:31:40Z");
        }
        root.putObject("extensions").putObject("cost").put("requestedQueryCost", 52).put("actualQueryCost", 12)
                .putObject("throttleStatus").put("maximumAvailable", 2000).put("currentlyAvailable", available)
                .put("restoreRate", 100);
        return root.toString();
    }

    private static void restOrder(ObjectNode order) {
        ObjectNode wrapper = JSON.createObjectNode();
        wrapper.set("order", order);
        ADMIN.stubFor(get(urlPathEqualTo("/admin/api/2025-10/orders/" + id(order) + ".json"))
                .withHeader("X-Shopify-Access-Token", equalTo("shpat_test")).willReturn(okJson(wrapper.toString())));
    }

    private long missed() {
        return json(ops("GET", "/api/channels/shopify/reconciliation")).get("missedWebhooks").asLong();
    }

    @Test
    void orderWhoseWebhookNeverCame_isFoundDeliveredOnceAndCountedAsMissed() throws Exception {
        ObjectNode lost = shopifyOrder();
        restOrder(lost);
        ADMIN.stubFor(post(urlPathEqualTo("/admin/api/2025-10/graphql.json")).atPriority(1)
                .willReturn(okJson(ordersPage(List.of(lost), null, 1000))));
        long missedBefore = missed();

        reconciler.reconcile();
        reconciler.reconcile();

        JsonNode released = awaitStatus(id(lost), "RELEASED");
        assertThat(released.get("timeline").toString()).contains("orders/reconcile");
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> erpCalls(id(lost)).size() == 1);
        assertThat(missed()).isEqualTo(missedBefore + 1);
        assertThat(json(ops("GET", "/api/channels/shopify/reconciliation")).get("checkpoint").asText()).isNotBlank();
        assertThat(ops("GET", "/actuator/prometheus", "text/plain").body()).contains("railhead_shopify_missed_webhooks_total");
        ADMIN.verify(postRequestedFor().withRequestBody(matchingJsonPath("$.variables.query",
                com.github.tomakehurst.wiremock.client.WireMock.containing("updated_at:>"))));
    }

    private static com.github.tomakehurst.wiremock.matching.RequestPatternBuilder postRequestedFor() {
        return com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor(urlPathEqualTo("/admin/api/2025-10/graphql.json"));
    }

    @Test
    void sameOrderByWebhookAndByPoll_oneErpDelivery_notCountedAsMissed() throws Exception {
        ObjectNode order = shopifyOrder();
        restOrder(order);
        postShopify(order.toString().getBytes(StandardCharsets.UTF_8), "orders/create", "wh-rec-" + id(order), SECRET);
        awaitStatus(id(order), "RELEASED");
        ADMIN.stubFor(post(urlPathEqualTo("/admin/api/2025-10/graphql.json")).atPriority(1)
                .willReturn(okJson(ordersPage(List.of(order), null, 1000))));
        long missedBefore = missed();

        reconciler.reconcile();

        ADMIN.verify(0, getRequestedFor(urlPathEqualTo("/admin/api/2025-10/orders/" + id(order) + ".json")));
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> erpCalls(id(order)).size() == 1);
        assertThat(missed()).isEqualTo(missedBefore);
    }

    @Test
    void pollFirstThenLateWebhook_oneErpDelivery() throws Exception {
        ObjectNode order = shopifyOrder();
        restOrder(order);
        ADMIN.stubFor(post(urlPathEqualTo("/admin/api/2025-10/graphql.json")).atPriority(1)
                .willReturn(okJson(ordersPage(List.of(order), null, 1000))));
        reconciler.reconcile();
        awaitStatus(id(order), "RELEASED");

        postShopify(order.toString().getBytes(StandardCharsets.UTF_8), "orders/create", "wh-late-" + id(order), SECRET);

        await().atMost(Duration.ofSeconds(20)).until(() ->
                shopifyOrderView(id(order)).get("timeline").toString().contains("not newer"));
        assertThat(erpCalls(id(order))).hasSize(1);
    }

    @Test
    void webhookOfAShopNotConfiguredHere_isRefused_notASecondOrder() {
        ObjectNode order = shopifyOrder();
        byte[] body = order.toString().getBytes(StandardCharsets.UTF_8);
        assertThat(postShopify(body, SECRET, Map.of("X-Shopify-Webhook-Id", "wh-shop-" + id(order))).statusCode())
                .isEqualTo(200);
        awaitStatus(id(order), "RELEASED");
        assertThat(shopifyOrderView(id(order)).get("sourceAccount").asText()).isEqualTo(SHOP);

        HttpResponse<String> replay = postShopify(body, SECRET, Map.of("X-Shopify-Webhook-Id", "wh-other-" + id(order),
                "X-Shopify-Shop-Domain", "attacker.myshopify.com"));
        assertThat(replay.statusCode()).isEqualTo(401);
        assertThat(replay.body()).contains("shop attacker.myshopify.com is not configured here");
        assertThat(json(ops("GET", "/api/orders?channel=shopify&channelOrderId=" + id(order))).get("orders")).hasSize(1);
    }

    @Test
    void pagesAreFollowedAndThrottlingWaitsForTheRestoredBudget() throws Exception {
        ObjectNode first = shopifyOrder();
        ObjectNode second = shopifyOrder();
        restOrder(first);
        restOrder(second);
        // Page 1 leaves the cost bucket empty: 52 points at 100 points/s restore means ~0.5 s before page 2.
        ADMIN.stubFor(post(urlPathEqualTo("/admin/api/2025-10/graphql.json")).atPriority(1)
                .withRequestBody(matchingJsonPath("$.variables.after", com.github.tomakehurst.wiremock.client.WireMock.absent()))
                .willReturn(okJson(ordersPage(List.of(first), "cursor-1", 0))));
        ADMIN.stubFor(post(urlPathEqualTo("/admin/api/2025-10/graphql.json")).atPriority(1).inScenario("throttle")
                .whenScenarioStateIs(Scenario.STARTED)
                .withRequestBody(matchingJsonPath("$.variables.after", equalTo("cursor-1")))
                .willReturn(okJson("{\"errors\":[{\"message\":\"Throttled\",\"extensions\":{\"code\":\"THROTTLED\"}}],"
                        + "\"extensions\":{\"cost\":{\"requestedQueryCost\":52,\"throttleStatus\":{\"maximumAvailable\":2000,"
                        + "\"currentlyAvailable\":2,\"restoreRate\":100}}}}")).willSetStateTo("restored"));
        ADMIN.stubFor(post(urlPathEqualTo("/admin/api/2025-10/graphql.json")).atPriority(1).inScenario("throttle")
                .whenScenarioStateIs("restored")
                .withRequestBody(matchingJsonPath("$.variables.after", equalTo("cursor-1")))
                .willReturn(okJson(ordersPage(List.of(second), null, 1000))));

        reconciler.reconcile();

        awaitStatus(id(first), "RELEASED");
        awaitStatus(id(second), "RELEASED");
        List<ServeEvent> graphQl = ADMIN.getAllServeEvents().stream()
                .filter(e -> e.getRequest().getUrl().endsWith("graphql.json"))
                .filter(e -> e.getRequest().getBodyAsString().contains("cursor-1")
                        || e.getResponse().getBodyAsString().contains(id(first)))
                .sorted((a, b) -> a.getRequest().getLoggedDate().compareTo(b.getRequest().getLoggedDate())).toList();
        assertThat(graphQl).hasSize(3);
        long firstWait = graphQl.get(1).getRequest().getLoggedDate().getTime() - graphQl.get(0).getRequest().getLoggedDate().getTime();
        long secondWait = graphQl.get(2).getRequest().getLoggedDate().getTime() - graphQl.get(1).getRequest().getLoggedDate().getTime();
        assertThat(firstWait).as("52 points missing at 100/s").isGreaterThanOrEqualTo(500);
        assertThat(secondWait).as("50 points missing after the throttled answer").isGreaterThanOrEqualTo(490);
    }
}
