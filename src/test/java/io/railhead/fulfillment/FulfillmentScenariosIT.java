package io.railhead.fulfillment;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.railhead.support.HubIT;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The seeds' fulfillment scenarios end to end (issue 11): orders from the real Shopify webhook, stock from real
 * stock events, nodes and the Shopify Admin API simulated by WireMock. A demand spike on one SKU allocates exactly
 * the units the two nodes hold and keeps the rest as backorders that the next stock event sources, oldest first; a
 * node at its daily capacity passes new orders to the next; a return surge after a promotion puts every unit back
 * in its disposition's state once and the channel follows; an omnichannel order is split over two nodes, shipped
 * in two parts and each part relayed to Shopify once, through a 503 and a doubled webhook, and one worth less
 * than the split minimum is held.
 * Every scenario has its own routing rule (by SKU prefix) and nodes, and its own SKUs and orders.
 */
class FulfillmentScenariosIT extends HubIT {

    @org.springframework.beans.factory.annotation.Autowired
    NodeRequests nodeRequests;
    @org.springframework.beans.factory.annotation.Autowired
    org.springframework.transaction.support.TransactionTemplate tx;

    static final String SHOP_PATH = "/admin/api/2026-04/graphql.json";
    static final String COST = "\"extensions\":{\"cost\":{\"requestedQueryCost\":10,\"actualQueryCost\":10,"
            + "\"throttleStatus\":{\"maximumAvailable\":2000.0,\"currentlyAvailable\":1990,\"restoreRate\":100.0}}}";
    static final String LINE_1 = "13570001";
    static final String LINE_2 = "13570002";
    static final String SPL_A_SECRET = "spl-a-webhook-secret";
    static final String SPL_B_SECRET = "spl-b-webhook-secret";
    /** The returns scenario's SKU: the Shopify stock channel knows its inventory item from the rules file. */
    static final String RET_SKU = sku("RET");
    static final String RET_ITEM = "gid://shopify/InventoryItem/" + ThreadLocalRandom.current().nextLong(1L << 40);

    static final Path DIR;
    static final WireMockServer NODES = new WireMockServer(WireMockConfiguration.options().bindAddress("127.0.0.1")
            .dynamicPort().usingFilesUnderDirectory("src/test/resources/wiremock"));
    static final WireMockServer SHOP = new WireMockServer(WireMockConfiguration.options().bindAddress("127.0.0.1")
            .dynamicPort().usingFilesUnderDirectory("src/test/resources/wiremock"));

    static {
        NODES.start();
        NODES.stubFor(post(urlPathMatching("/nodes/.*")).atPriority(10).willReturn(aResponse().withStatus(201)
                .withHeader("Content-Type", "application/json").withBody("{\"status\": \"ACCEPTED\"}")));
        SHOP.start();
        SHOP.stubFor(any(anyUrl()).atPriority(10).willReturn(okJson("{\"data\":{}," + COST + "}")));
        SHOP.stubFor(post(urlPathEqualTo(SHOP_PATH)).withRequestBody(containing("inventorySetQuantities")).atPriority(5)
                .willReturn(okJson("{\"data\":{\"inventorySetQuantities\":{\"inventoryAdjustmentGroup\":{\"createdAt\":"
                        + "\"2026-12-01T10:00:00Z\",\"reason\":\"correction\",\"changes\":[]},\"userErrors\":[]}}," + COST + "}")));
        // Any other order: one open fulfillment order holding the fixture's two line items, and fulfillments created.
        SHOP.stubFor(post(urlPathEqualTo(SHOP_PATH)).withRequestBody(containing("query fulfillmentOrders")).atPriority(9)
                .willReturn(okJson(fulfillmentOrders("0", 900, 100, 100))));
        SHOP.stubFor(post(urlPathEqualTo(SHOP_PATH)).withRequestBody(containing("mutation fulfillmentCreate")).atPriority(9)
                .willReturn(okJson(created(900))));
        try {
            DIR = Files.createTempDirectory(Files.createDirectories(Path.of("target/test-data")), "scenarios-");
            Files.writeString(DIR.resolve("stock.yml"), """
                    locations:
                      SPK-A: {}
                      SPK-B: {}
                      CAP-A: {}
                      CAP-B: {}
                      RET-DC: {}
                      SPL-A: {}
                      SPL-B: {}
                      DC-TEST: {}
                    channels:
                      shopify: {locations: [RET-DC], safetyStock: 0, locationId: "gid://shopify/Location/88"}
                    skus:
                      %s: {shopify: {inventoryItemId: "%s"}}
                    """.formatted(RET_SKU, RET_ITEM));
            StringBuilder nodes = new StringBuilder("nodes:\n");
            node(nodes, "SPK-A", "4.00", null, null);
            node(nodes, "SPK-B", "6.00", null, null);
            node(nodes, "CAP-A", "3.00", 3, null);
            node(nodes, "CAP-B", "5.00", null, null);
            node(nodes, "RET-N", "5.00", null, null);
            nodes.append("    location: RET-DC\n");
            node(nodes, "SPL-A", "4.00", null, SPL_A_SECRET);
            node(nodes, "SPL-B", "6.00", null, SPL_B_SECRET);
            Files.writeString(DIR.resolve("nodes.yml"), nodes.toString());
            Files.writeString(DIR.resolve("routing.yml"), """
                    rules:
                      - name: spike
                        when: {skuPrefix: [SPK-]}
                        nodes: [SPK-A, SPK-B]
                        sortBy: [cost]
                      - name: capacity
                        when: {skuPrefix: [CAP-]}
                        nodes: [CAP-A, CAP-B]
                        sortBy: [cost]
                      - name: returns
                        when: {skuPrefix: [RET-]}
                        nodes: [RET-N]
                        sortBy: [cost]
                      - name: omnichannel
                        when: {skuPrefix: [SPL-]}
                        nodes: [SPL-A, SPL-B]
                        sortBy: [cost]
                    split: {allowed: true, maxShipments: 2, minOrderValue: "50.00"}
                    """);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void node(StringBuilder nodes, String id, String cost, Integer ordersPerDay, String secret) {
        nodes.append("""
                  %s:
                    type: wms
                    endpoint: {url: "%s/nodes/%s", auth: {type: bearer, token: "tok-%s"}}
                    address: {countryCode: US, region: NJ, postalCode: "07001"}
                    services: [STANDARD, EXPEDITED]
                    cost: {STANDARD: %s, EXPEDITED: %s}
                """.formatted(id, NODES.baseUrl(), id.toLowerCase(), id, cost, cost));
        if (ordersPerDay != null) {
            nodes.append("    capacity: {ordersPerDay: ").append(ordersPerDay).append("}\n");
        }
        if (secret != null) {
            nodes.append("    webhookSecret: \"").append(secret).append("\"\n");
        }
    }

    @DynamicPropertySource
    static void fulfillment(DynamicPropertyRegistry registry) {
        registry.add("railhead.stock.rules-file", () -> DIR.resolve("stock.yml").toString());
        registry.add("railhead.fulfillment.nodes-file", () -> DIR.resolve("nodes.yml").toString());
        registry.add("railhead.fulfillment.routing-file", () -> DIR.resolve("routing.yml").toString());
        registry.add("railhead.channels.shopify.admin-endpoint", () -> SHOP.baseUrl() + "/admin/api/2026-04");
        registry.add("railhead.channels.shopify.access-token", () -> "shpat_scenarios");
    }

    @AfterAll
    static void stopSimulators() {
        NODES.stop();
        SHOP.stop();
    }

    // ---------------------------------------------------------------------------------------------------------------
    // 1. A demand spike on one SKU

    @Test
    void aDemandSpikeAllocatesExactlyTheStockOfBothNodes_backordersTheRest_andTheNextStockEventSourcesTheOldestFirst()
            throws Exception {
        String sku = sku("SPK");
        snapshot("SPK-A", Map.of(sku, 6));
        snapshot("SPK-B", Map.of(sku, 4));
        await().atMost(Duration.ofSeconds(20)).until(() -> level(sku, "SPK-A", "onHand") == 6
                && level(sku, "SPK-B", "onHand") == 4);

        List<ObjectNode> orders = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            orders.add(order(line(sku, 1, "19.99")));
        }
        List<Callable<HttpResponse<String>>> posts = new ArrayList<>();
        orders.forEach(o -> posts.add(() -> postShopify(o, "orders/create")));
        for (HttpResponse<String> r : inParallel(8, posts)) {
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        }

        // every order answered 200 is in the store and has been decided: sourced or held
        await().atMost(Duration.ofSeconds(45)).pollInterval(Duration.ofMillis(500)).until(() ->
                views(orders).values().stream().filter(v -> v != null && (sourced(v) || held(v))).count() == 40);
        Map<String, JsonNode> views = views(orders);
        List<JsonNode> sourced = views.values().stream().filter(FulfillmentScenariosIT::sourced).toList();
        List<JsonNode> held = views.values().stream().filter(FulfillmentScenariosIT::held).toList();
        assertThat(sourced).hasSize(10);
        assertThat(held).hasSize(30);
        assertThat(held).allSatisfy(v -> assertThat(v.path("holdReasons").toString()).isEqualTo("[\"NO_SOURCE\"]"));
        assertThat(level(sku, "SPK-A", "allocated")).isEqualTo(6);
        assertThat(level(sku, "SPK-B", "allocated")).isEqualTo(4);
        assertThat(reserved(sku)).as("the backorders keep their reservation").isEqualTo(30);
        Map<String, List<String>> byNode = allocatedNodes(sourced);
        assertThat(byNode.get("SPK-A")).hasSize(6);
        assertThat(byNode.get("SPK-B")).hasSize(4);
        await().atMost(Duration.ofSeconds(20)).until(() -> requestsTo("SPK-A", sku).size() == 6
                && requestsTo("SPK-B", sku).size() == 4);
        for (JsonNode h : held) {
            assertThat(requestsTo("SPK-A", h.path("channelOrderId").asText())).isEmpty();
            assertThat(requestsTo("SPK-B", h.path("channelOrderId").asText())).isEmpty();
            String timeline = timeline(h.path("orderId").asText());
            assertThat(timeline).contains("NO_SOURCE by rule spike")
                    .contains("SPK-A passed over: short of " + sku + " (has 0, needs 1)")
                    .contains("SPK-B passed over: short of " + sku + " (has 0, needs 1)");
            assertThat(erpCalls(h.path("channelOrderId").asText())).isEmpty();
        }

        // five more arrive at SPK-B: five backorders are sourced by the event itself, those waiting longest first
        delta("SPK-B", sku, 5);
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).until(() ->
                views(orders).values().stream().filter(FulfillmentScenariosIT::held).count() == 25);
        Map<String, JsonNode> after = views(orders);
        List<JsonNode> resourced = held.stream().map(h -> after.get(h.path("channelOrderId").asText()))
                .filter(FulfillmentScenariosIT::sourced).toList();
        List<JsonNode> stillHeld = after.values().stream().filter(FulfillmentScenariosIT::held).toList();
        assertThat(resourced).hasSize(5);
        assertThat(allocatedNodes(resourced)).containsOnlyKeys("SPK-B");
        assertThat(level(sku, "SPK-B", "allocated")).isEqualTo(9);
        assertThat(level(sku, "SPK-B", "onHand")).isEqualTo(9);
        assertThat(level(sku, "SPK-A", "allocated")).isEqualTo(6);
        assertThat(reserved(sku)).isEqualTo(25);
        Instant newestResourced = resourced.stream().map(v -> Instant.parse(v.path("createdAt").asText()))
                .max(Instant::compareTo).orElseThrow();
        Instant oldestStillHeld = stillHeld.stream().map(v -> Instant.parse(v.path("createdAt").asText()))
                .min(Instant::compareTo).orElseThrow();
        assertThat(newestResourced).as("backorders are served first come, first served").isBeforeOrEqualTo(oldestStillHeld);
        await().atMost(Duration.ofSeconds(20)).until(() -> requestsTo("SPK-B", sku).size() == 9);
        assertThat(requestsTo("SPK-A", sku)).hasSize(6);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // 2. A warehouse at capacity

    @Test
    void aNodeAtItsDailyCapacityPassesNewOrdersToTheNextNode_withTheReasonOnTheTimeline() {
        String sku = sku("CAP");
        snapshot("CAP-A", Map.of(sku, 50));
        snapshot("CAP-B", Map.of(sku, 50));
        await().atMost(Duration.ofSeconds(20)).until(() -> level(sku, "CAP-A", "onHand") == 50
                && level(sku, "CAP-B", "onHand") == 50);

        List<String> nodes = new ArrayList<>();
        List<String> orderIds = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ObjectNode o = order(line(sku, 1, "19.99"));
            assertThat(postShopify(o, "orders/create").statusCode()).isEqualTo(200);
            await().atMost(Duration.ofSeconds(20)).until(() -> {
                JsonNode v = shopifyOrderView(id(o));
                return v != null && sourced(v);
            });
            JsonNode v = shopifyOrderView(id(o));
            orderIds.add(v.path("orderId").asText());
            nodes.add(allocations(v).get(0).path("nodeId").asText());
        }

        assertThat(nodes).containsExactly("CAP-A", "CAP-A", "CAP-A", "CAP-B", "CAP-B");
        for (int i = 0; i < 3; i++) {
            assertThat(timeline(orderIds.get(i))).contains("SOURCED by rule capacity to CAP-A")
                    .contains("CAP-B passed over: ranked below CAP-A on cost");
        }
        for (int i = 3; i < 5; i++) {
            assertThat(timeline(orderIds.get(i))).contains("SOURCED by rule capacity to CAP-B")
                    .contains("CAP-A passed over: no capacity left today (3 of 3)");
        }
        assertThat(level(sku, "CAP-A", "allocated")).isEqualTo(3);
        assertThat(level(sku, "CAP-B", "allocated")).isEqualTo(2);
        JsonNode capA = json(ops("GET", "/api/fulfillment/nodes")).path("nodes").path("CAP-A");
        assertThat(capA.path("ordersToday").asInt()).isEqualTo(3);
        assertThat(capA.path("ordersPerDay").asInt()).isEqualTo(3);
        await().atMost(Duration.ofSeconds(20)).until(() -> requestsTo("CAP-A", sku).size() == 3
                && requestsTo("CAP-B", sku).size() == 2);

        // A decision made before CAP-A filled up (another sourcing at the same moment) cannot record a 4th request.
        FulfillmentRequest late = new FulfillmentRequest("late~CAP-A", "ord-late-" + sku, "CAP-A", "shopify", "1",
                List.of(new FulfillmentRequest.Line("1", sku, 1)), null, "STANDARD", null, null);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> tx.executeWithoutResult(st -> nodeRequests.request(late)))
                .isInstanceOf(io.railhead.shared.TransientEndpointException.class)
                .hasMessageContaining("node CAP-A reached its capacity (3 of 3 today)");
        assertThat(json(ops("GET", "/api/fulfillment/nodes")).path("nodes").path("CAP-A").path("ordersToday").asInt())
                .isEqualTo(3);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // 3. A return surge after a promotion

    @Test
    void aReturnSurgePutsEveryUnitBackInItsDispositionsStateOnce_theChannelFollows_andOverReturnsAreRefused()
            throws Exception {
        String sku = RET_SKU;
        snapshot("RET-DC", Map.of(sku, 40));
        await().atMost(Duration.ofSeconds(20)).until(() -> lastPushed(RET_ITEM) == 40);

        // the promotion: twelve orders of two units, all sourced to RET-N and accepted by the ERP
        List<ObjectNode> orders = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            orders.add(order(line(sku, 2, "19.99")));
        }
        List<Callable<HttpResponse<String>>> posts = new ArrayList<>();
        orders.forEach(o -> posts.add(() -> postShopify(o, "orders/create")));
        inParallel(4, posts).forEach(r -> assertThat(r.statusCode()).isEqualTo(200));
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).until(() ->
                views(orders).values().stream().filter(v -> v != null && "RELEASED".equals(v.path("status").asText()))
                        .count() == 12);
        assertThat(level(sku, "RET-DC", "allocated")).isEqualTo(24);
        await().atMost(Duration.ofSeconds(20)).until(() -> lastPushed(RET_ITEM) == 16);

        // all shipped
        List<String> orderIds = new ArrayList<>(views(orders).values().stream().map(v -> v.path("orderId").asText()).toList());
        List<Callable<HttpResponse<String>>> ships = new ArrayList<>();
        for (String orderId : orderIds) {
            byte[] body = shipment("SH-" + orderId, orderId, "RET-N", "TRK-" + orderId, Map.of(LINE_1, 2));
            ships.add(() -> ops("POST", "/api/fulfillment/shipments", "application/json", body));
        }
        inParallel(4, ships).forEach(r -> assertThat(r.statusCode()).as(r.body()).isEqualTo(201));
        assertThat(level(sku, "RET-DC", "onHand")).isEqualTo(16);
        assertThat(level(sku, "RET-DC", "allocated")).isZero();
        assertThat(reserved(sku)).isZero();

        // the surge: full returns of each disposition, four returns mixing two, six of them delivered twice at once
        String[] dispositions = {"RESTOCK", "QUARANTINE", "DAMAGED", "WRITE_OFF"};
        Instant receivedAt = Instant.now();
        Map<String, byte[]> returns = new LinkedHashMap<>();
        for (int i = 0; i < 12; i++) {
            String d = dispositions[i % 4];
            String returnId = "RMA-" + orderIds.get(i);
            returns.put(returnId, i < 8
                    ? returnOf(returnId, orderIds.get(i), receivedAt, new Object[] {LINE_1, 2, d})
                    : returnOf(returnId, orderIds.get(i), receivedAt, new Object[] {LINE_1, 1, d},
                            new Object[] {LINE_1, 1, "RESTOCK"}));
        }
        List<Callable<HttpResponse<String>>> surge = new ArrayList<>();
        List<String> sent = new ArrayList<>();
        int twice = 0;
        for (Map.Entry<String, byte[]> r : returns.entrySet()) {
            for (int copy = 0; copy < (twice < 6 ? 2 : 1); copy++) {
                surge.add(() -> ops("POST", "/api/returns", "application/json", r.getValue()));
                sent.add(r.getKey());
            }
            twice++;
        }
        List<HttpResponse<String>> answers = inParallel(6, surge);
        Map<String, List<Integer>> statusById = new LinkedHashMap<>();
        for (int i = 0; i < answers.size(); i++) {
            statusById.computeIfAbsent(sent.get(i), k -> new ArrayList<>()).add(answers.get(i).statusCode());
            if (answers.get(i).statusCode() == 200) {
                assertThat(json(answers.get(i)).path("duplicate").asBoolean()).isTrue();
            }
        }
        List<String> bodies = answers.stream().map(HttpResponse::body).toList();
        statusById.forEach((returnId, codes) -> assertThat(codes).as(returnId + ": " + bodies)
                .containsExactlyInAnyOrderElementsOf(codes.size() == 2 ? List.of(201, 200) : List.of(201)));
        // and a late retry of one of them
        HttpResponse<String> late = ops("POST", "/api/returns", "application/json", returns.values().iterator().next());
        assertThat(late.statusCode()).isEqualTo(200);
        assertThat(json(late).path("duplicate").asBoolean()).isTrue();

        // RESTOCK 4 + 1 + 4, QUARANTINE 4 + 1, DAMAGED 4 + 1, WRITE_OFF 4 + 1 (nothing back in the ledger)
        await().atMost(Duration.ofSeconds(20)).until(() -> level(sku, "RET-DC", "onHand") == 16 + 9 + 5 + 5
                && level(sku, "RET-DC", "quarantined") == 5 && level(sku, "RET-DC", "damaged") == 5);
        await().atMost(Duration.ofSeconds(20)).until(() -> lastPushed(RET_ITEM) == 16 + 9);
        JsonNode channel = json(ops("GET", "/api/stock/" + sku)).path("channels").path("shopify");
        assertThat(channel.path("available").asLong()).isEqualTo(25);
        assertThat(channel.path("lastPushed").asLong()).isEqualTo(25);
        assertThat(level(sku, "RET-DC", "onHand")).isEqualTo(35);
        assertThat(level(sku, "RET-DC", "allocated")).isZero();
        for (String returnId : returns.keySet()) {
            String orderId = returnId.substring("RMA-".length());
            assertThat(count(timeline(orderId), "RETURNED (full): return " + returnId)).as(returnId).isEqualTo(1);
            await().atMost(Duration.ofSeconds(20)).until(() -> erpReturnCalls(returnId) == 1);
        }

        // more than shipped: refused with the reason, nothing taken
        String full = orderIds.get(0);
        HttpResponse<String> over = ops("POST", "/api/returns", "application/json",
                returnOf("RMA-OVER-" + full, full, Instant.now(), new Object[] {LINE_1, 1, "RESTOCK"}));
        assertThat(over.statusCode()).as(over.body()).isEqualTo(422);
        assertThat(json(over).path("reasons").toString())
                .contains("line " + LINE_1 + ": 1 returned after 2 before is more than the 2 shipped");
        HttpResponse<String> tooMany = ops("POST", "/api/returns", "application/json",
                returnOf("RMA-OVER2-" + full, full, Instant.now(), new Object[] {LINE_1, 3, "RESTOCK"}));
        assertThat(tooMany.statusCode()).isEqualTo(422);
        assertThat(count(timeline(full), "RETURNED")).isEqualTo(1);
        assertThat(erpReturnCalls("RMA-OVER-" + full)).isZero();
        assertThat(level(sku, "RET-DC", "onHand")).isEqualTo(35);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // 4. An omnichannel order split over two nodes

    @Test
    void anOrderNoNodeHoldsIsSplit_eachNodeAskedForItsLines_shippedInTwoParts_eachRelayedToShopifyOnce()
            throws Exception {
        String mug = sku("SPL-MUG");
        String pot = sku("SPL-POT");
        snapshot("SPL-A", Map.of(mug, 10));
        snapshot("SPL-B", Map.of(pot, 10));
        await().atMost(Duration.ofSeconds(20)).until(() -> level(mug, "SPL-A", "onHand") == 10
                && level(pot, "SPL-B", "onHand") == 10);
        ObjectNode o = order(line(mug, 2, "30.00"), line(pot, 1, "25.00"));
        String channelOrderId = id(o);
        long fo = ThreadLocalRandom.current().nextLong(1_000_000, 1L << 40);
        shopifyScript(channelOrderId, fo);

        assertThat(postShopify(o, "orders/create").statusCode()).isEqualTo(200);
        JsonNode view = awaitStatus(channelOrderId, "RELEASED");
        String orderId = view.path("orderId").asText();
        JsonNode allocations = allocations(view);
        assertThat(allocations).hasSize(2);
        assertThat(allocations.get(0).path("nodeId").asText()).isEqualTo("SPL-A");
        assertThat(allocations.get(1).path("nodeId").asText()).isEqualTo("SPL-B");
        assertThat(timeline(orderId)).contains("SOURCED by rule omnichannel in 2 shipments (total cost 10.00): SPL-A (line "
                + LINE_1 + "; ships ").contains("), SPL-B (line " + LINE_2 + "; ships ");
        assertThat(level(mug, "SPL-A", "allocated")).isEqualTo(2);
        assertThat(level(pot, "SPL-B", "allocated")).isEqualTo(1);

        // each node is asked once, for its own line, under the fulfillment id
        await().atMost(Duration.ofSeconds(20)).until(() -> requestsTo("SPL-A", channelOrderId).size() == 1
                && requestsTo("SPL-B", channelOrderId).size() == 1);
        LoggedRequest toA = requestsTo("SPL-A", channelOrderId).get(0);
        LoggedRequest toB = requestsTo("SPL-B", channelOrderId).get(0);
        assertThat(toA.getHeader("Idempotency-Key")).isEqualTo(orderId + "~SPL-A");
        assertThat(toB.getHeader("Idempotency-Key")).isEqualTo(orderId + "~SPL-B");
        assertThat(toA.getHeader("Authorization")).isEqualTo("Bearer tok-SPL-A");
        JsonNode a = json(toA.getBodyAsString());
        JsonNode b = json(toB.getBodyAsString());
        assertThat(a.path("fulfillmentId").asText()).isEqualTo(orderId + "~SPL-A");
        assertThat(a.path("nodeId").asText()).isEqualTo("SPL-A");
        assertThat(a.path("lines")).isEqualTo(json("[{\"lineId\":\"" + LINE_1 + "\",\"sku\":\"" + mug + "\",\"quantity\":2}]"));
        assertThat(b.path("fulfillmentId").asText()).isEqualTo(orderId + "~SPL-B");
        assertThat(b.path("lines")).isEqualTo(json("[{\"lineId\":\"" + LINE_2 + "\",\"sku\":\"" + pot + "\",\"quantity\":1}]"));

        // SPL-A ships its part on its signed webhook; Shopify answers the first fulfillmentCreate 503
        byte[] shipA = shipment("SH-A-" + channelOrderId, orderId, null, "TRK-A-" + channelOrderId, Map.of(LINE_1, 2));
        HttpResponse<String> first = nodeWebhook("SPL-A", shipA, SPL_A_SECRET);
        assertThat(first.statusCode()).as(first.body()).isEqualTo(201);
        assertThat(shopifyOrderView(channelOrderId).path("status").asText()).isEqualTo("SHIPPED");
        assertThat(timeline(orderId)).contains("shipment SH-A-" + channelOrderId + " from node SPL-A (partial)");
        HttpResponse<String> again = nodeWebhook("SPL-A", shipA, SPL_A_SECRET);
        assertThat(again.statusCode()).as(again.body()).isEqualTo(200);
        assertThat(json(again).path("duplicate").asBoolean()).isTrue();
        assertThat(nodeWebhook("SPL-A", shipA, "not-the-secret").statusCode()).isEqualTo(401);
        await().atMost(Duration.ofSeconds(20)).until(() -> timeline(orderId).contains("shipment SH-A-" + channelOrderId
                + " relayed to shopify"));
        assertThat(level(mug, "SPL-A", "onHand")).isEqualTo(8);
        assertThat(level(mug, "SPL-A", "allocated")).isZero();
        assertThat(level(pot, "SPL-B", "allocated")).isEqualTo(1);

        // SPL-B ships the rest; its webhook arrives twice at once
        byte[] shipB = shipment("SH-B-" + channelOrderId, orderId, null, "TRK-B-" + channelOrderId, Map.of(LINE_2, 1));
        List<HttpResponse<String>> twice = inParallel(2, List.of(() -> nodeWebhook("SPL-B", shipB, SPL_B_SECRET),
                () -> nodeWebhook("SPL-B", shipB, SPL_B_SECRET)));
        assertThat(twice.stream().map(HttpResponse::statusCode).toList())
                .as(twice.stream().map(HttpResponse::body).toList().toString())
                .containsExactlyInAnyOrder(201, 200);
        assertThat(timeline(orderId)).contains("shipment SH-B-" + channelOrderId + " from node SPL-B (full)");
        await().atMost(Duration.ofSeconds(20)).until(() -> timeline(orderId).contains("shipment SH-B-" + channelOrderId
                + " relayed to shopify"));
        assertThat(level(pot, "SPL-B", "onHand")).isEqualTo(9);
        assertThat(level(pot, "SPL-B", "allocated")).isZero();
        assertThat(shopifyOrderView(channelOrderId).path("status").asText()).isEqualTo("SHIPPED");

        // Shopify: the 503'd create, then one create per shipment with exactly its line items and tracking
        List<JsonNode> creates = fulfillmentCreates(fo);
        assertThat(creates).hasSize(3);
        assertThat(creates.get(0)).isEqualTo(creates.get(1));
        assertThat(creates.get(1).path("lineItemsByFulfillmentOrder")).isEqualTo(json("[{\"fulfillmentOrderId\":"
                + "\"gid://shopify/FulfillmentOrder/" + fo + "\",\"fulfillmentOrderLineItems\":[{\"id\":"
                + "\"gid://shopify/FulfillmentOrderLineItem/" + fo + "1\",\"quantity\":2}]}]"));
        assertThat(creates.get(1).path("trackingInfo").path("number").asText()).isEqualTo("TRK-A-" + channelOrderId);
        assertThat(creates.get(2).path("lineItemsByFulfillmentOrder")).isEqualTo(json("[{\"fulfillmentOrderId\":"
                + "\"gid://shopify/FulfillmentOrder/" + fo + "\",\"fulfillmentOrderLineItems\":[{\"id\":"
                + "\"gid://shopify/FulfillmentOrderLineItem/" + fo + "2\",\"quantity\":1}]}]"));
        assertThat(creates.get(2).path("trackingInfo").path("number").asText()).isEqualTo("TRK-B-" + channelOrderId);
        String timeline = timeline(orderId);
        assertThat(count(timeline, "relayed to shopify")).isEqualTo(2);
        assertThat(count(timeline, "from node SPL-")).isEqualTo(2);
    }

    @Test
    void anOrderBelowTheSplitMinimumIsHeldNoSource_andNoNodeIsAsked() {
        String mug = sku("SPL-MUG");
        String pot = sku("SPL-POT");
        snapshot("SPL-A", Map.of(mug, 10));
        snapshot("SPL-B", Map.of(pot, 10));
        await().atMost(Duration.ofSeconds(20)).until(() -> level(mug, "SPL-A", "onHand") == 10
                && level(pot, "SPL-B", "onHand") == 10);
        // 10.00 + 10.00 + shipping 14.95 = 34.95, below 50.00
        ObjectNode o = order(line(mug, 1, "10.00"), line(pot, 1, "10.00"));
        assertThat(postShopify(o, "orders/create").statusCode()).isEqualTo(200);

        JsonNode held = awaitStatus(id(o), "ON_HOLD");
        assertThat(held.path("holdReasons").toString()).isEqualTo("[\"NO_SOURCE\"]");
        assertThat(held.path("holdDetail").asText()).contains("the order's value 34.95 is below the split minimum 50.00");
        assertThat(timeline(held.path("orderId").asText()))
                .contains("SPL-A passed over: short of " + pot + " (has 0, needs 1); order value below the split minimum")
                .contains("SPL-B passed over: short of " + mug + " (has 0, needs 1); order value below the split minimum");
        assertThat(level(mug, "SPL-A", "allocated")).isZero();
        assertThat(level(pot, "SPL-B", "allocated")).isZero();
        assertThat(reserved(mug)).isEqualTo(1);
        assertThat(reserved(pot)).isEqualTo(1);
        assertThat(requestsTo("SPL-A", id(o))).isEmpty();
        assertThat(requestsTo("SPL-B", id(o))).isEmpty();
        assertThat(erpCalls(id(o))).isEmpty();
    }

    // ---------------------------------------------------------------------------------------------------------------
    // helpers

    static String sku(String stem) {
        return stem + "-" + Long.toString(ThreadLocalRandom.current().nextLong(1L << 40), 36).toUpperCase();
    }

    static Object[] line(String sku, int quantity, String price) {
        return new Object[] {sku, quantity, price};
    }

    /**
     * A paid Shopify order of these lines (sku, quantity, unit price), without tax, shipping 14.95 as in the fixture,
     * its totals adding up; the lines take the fixture's line item ids in turn.
     */
    static ObjectNode order(Object[]... lines) {
        ObjectNode o = shopifyOrder();
        ArrayNode items = (ArrayNode) o.get("line_items");
        List<ObjectNode> template = List.of((ObjectNode) items.get(0), (ObjectNode) items.get(1));
        items.removeAll();
        BigDecimal subtotal = BigDecimal.ZERO;
        for (int i = 0; i < lines.length; i++) {
            ObjectNode item = template.get(i).deepCopy();
            item.put("sku", (String) lines[i][0]).put("quantity", (int) lines[i][1]).put("price", (String) lines[i][2]);
            item.putArray("tax_lines");
            items.add(item);
            subtotal = subtotal.add(new BigDecimal((String) lines[i][2]).multiply(BigDecimal.valueOf((int) lines[i][1])));
        }
        BigDecimal shipping = new BigDecimal(o.path("total_shipping_price_set").path("shop_money").path("amount").asText());
        o.put("total_line_items_price", subtotal.toPlainString()).put("subtotal_price", subtotal.toPlainString())
                .put("total_tax", "0.00").put("total_discounts", "0.00")
                .put("total_price", subtotal.add(shipping).toPlainString());
        return o;
    }

    void snapshot(String location, Map<String, Integer> items) {
        ObjectNode e = JSON.createObjectNode().put("eventId", "snap-" + UUID.randomUUID()).put("source", "wms-scenarios")
                .put("occurredAt", Instant.now().minusSeconds(1).toString()).put("kind", "SNAPSHOT");
        ArrayNode arr = e.putArray("items");
        items.forEach((s, q) -> arr.addObject().put("sku", s).put("location", location).put("onHand", q));
        HttpResponse<String> r = ops("POST", "/api/stock/events", "application/json", e.toString().getBytes(StandardCharsets.UTF_8));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
    }

    void delta(String location, String sku, int received) {
        ObjectNode e = JSON.createObjectNode().put("eventId", "rcv-" + UUID.randomUUID()).put("source", "wms-scenarios")
                .put("occurredAt", Instant.now().toString()).put("kind", "DELTA").put("reason", "RECEIVED");
        e.putArray("items").addObject().put("sku", sku).put("location", location).put("onHand", received);
        HttpResponse<String> r = ops("POST", "/api/stock/events", "application/json", e.toString().getBytes(StandardCharsets.UTF_8));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
    }

    /** A state's quantity of a SKU at a location in the ledger; -1 when the ledger does not list it there. */
    long level(String sku, String location, String state) {
        HttpResponse<String> r = ops("GET", "/api/stock/" + sku);
        if (r.statusCode() != 200) {
            return -1;
        }
        for (JsonNode l : json(r).path("locations")) {
            if (l.path("location").asText().equals(location)) {
                return l.path(state).asLong();
            }
        }
        return -1;
    }

    long reserved(String sku) {
        return json(ops("GET", "/api/stock/" + sku)).path("reserved").asLong();
    }

    /** The orders as the ops API shows them, by Shopify id (null while not stored). */
    Map<String, JsonNode> views(List<ObjectNode> orders) {
        Map<String, JsonNode> views = new LinkedHashMap<>();
        orders.forEach(o -> views.put(id(o), shopifyOrderView(id(o))));
        return views;
    }

    static boolean sourced(JsonNode view) {
        return view != null && Set.of("ALLOCATED", "RELEASED").contains(view.path("status").asText())
                && !allocations(view).isEmpty();
    }

    static boolean held(JsonNode view) {
        return view != null && "ON_HOLD".equals(view.path("status").asText());
    }

    static JsonNode allocations(JsonNode view) {
        return view.path("canonical").path("fulfillment").path("allocations");
    }

    /** Order ids by the node each single-node allocation went to. */
    static Map<String, List<String>> allocatedNodes(List<JsonNode> views) {
        Map<String, List<String>> byNode = new LinkedHashMap<>();
        for (JsonNode v : views) {
            assertThat(allocations(v)).hasSize(1);
            byNode.computeIfAbsent(allocations(v).get(0).path("nodeId").asText(), k -> new ArrayList<>())
                    .add(v.path("orderId").asText());
        }
        return byNode;
    }

    /** The causes on an order's timeline, one a line. */
    String timeline(String orderId) {
        StringBuilder causes = new StringBuilder();
        json(ops("GET", "/api/orders/" + orderId)).path("timeline").forEach(t -> causes.append(t.path("cause").asText())
                .append('\n'));
        return causes.toString();
    }

    static int count(String text, String part) {
        int n = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + part.length())) {
            n++;
        }
        return n;
    }

    /** The fulfillment requests a node received whose body mentions {@code marker} (a SKU, an order id). */
    static List<LoggedRequest> requestsTo(String node, String marker) {
        return NODES.findAll(postRequestedFor(urlPathEqualTo("/nodes/" + node.toLowerCase()))).stream()
                .filter(r -> r.getBodyAsString().contains(marker)).toList();
    }

    static byte[] shipment(String shipmentId, String orderId, String nodeId, String tracking, Map<String, Integer> lines) {
        ObjectNode s = JSON.createObjectNode().put("shipmentId", shipmentId).put("orderId", orderId)
                .put("shippedAt", Instant.now().toString()).put("carrier", "UPS").put("trackingNumber", tracking);
        if (nodeId != null) {
            s.put("nodeId", nodeId);
        }
        ArrayNode arr = s.putArray("lines");
        lines.forEach((lineId, q) -> arr.addObject().put("lineId", lineId).put("quantity", q));
        return s.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** A return at RET-N of lines {lineId, quantity, disposition}. */
    static byte[] returnOf(String returnId, String orderId, Instant receivedAt, Object[]... lines) {
        ObjectNode r = JSON.createObjectNode().put("returnId", returnId).put("orderId", orderId).put("location", "RET-N")
                .put("receivedAt", receivedAt.toString());
        ArrayNode arr = r.putArray("lines");
        for (Object[] l : lines) {
            arr.addObject().put("lineId", (String) l[0]).put("quantity", (int) l[1]).put("disposition", (String) l[2]);
        }
        return r.toString().getBytes(StandardCharsets.UTF_8);
    }

    static long erpReturnCalls(String returnId) {
        return ERP.getAllServeEvents().stream().filter(e -> e.getRequest().getUrl().endsWith("/returns")
                && returnId.equals(e.getRequest().getHeader("Idempotency-Key"))).count();
    }

    /** The node's signed shipment webhook: sha256=hex(HMAC-SHA256(body, secret)). */
    HttpResponse<String> nodeWebhook(String nodeId, byte[] body, String secret) {
        String signature;
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            signature = "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        return send(HttpRequest.newBuilder(uri("/webhooks/nodes/" + nodeId + "/shipments"))
                .header("Content-Type", "application/json").header("X-Railhead-Signature", signature)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build());
    }

    /** The last quantity Shopify was sent for an inventory item, -1 before any. */
    static int lastPushed(String itemId) {
        List<ServeEvent> events = new ArrayList<>(SHOP.getAllServeEvents());
        events.sort((x, y) -> x.getRequest().getLoggedDate().compareTo(y.getRequest().getLoggedDate()));
        int last = -1;
        for (ServeEvent e : events) {
            String body = e.getRequest().getBodyAsString();
            if (!body.contains("inventorySetQuantities") || e.getResponse().getStatus() != 200) {
                continue;
            }
            for (JsonNode q : json(body).path("variables").path("input").path("quantities")) {
                if (itemId.equals(q.path("inventoryItemId").asText())) {
                    last = q.path("quantity").asInt();
                }
            }
        }
        return last;
    }

    /**
     * The split order at Shopify: one open fulfillment order {@code fo} of both line items. The first
     * fulfillmentCreate answers 503; the next creates the first shipment's fulfillment, the one after the second's,
     * and the fulfillment order's remaining quantities follow.
     */
    static void shopifyScript(String channelOrderId, long fo) {
        String scenario = "split-" + channelOrderId;
        String read = "gid://shopify/Order/" + channelOrderId;
        String[][] states = {{Scenario.STARTED, "2", "1"}, {"after-503", "2", "1"}, {"first-shipped", "0", "1"},
                {"all-shipped", "0", "0"}};
        for (String[] s : states) {
            SHOP.stubFor(post(urlPathEqualTo(SHOP_PATH)).atPriority(1).inScenario(scenario).whenScenarioStateIs(s[0])
                    .withRequestBody(containing("query fulfillmentOrders")).withRequestBody(containing(read))
                    .willReturn(okJson(fulfillmentOrders(channelOrderId, fo, Integer.parseInt(s[1]), Integer.parseInt(s[2])))));
        }
        String foId = "gid://shopify/FulfillmentOrder/" + fo + "\"";
        SHOP.stubFor(post(urlPathEqualTo(SHOP_PATH)).atPriority(1).inScenario(scenario).whenScenarioStateIs(Scenario.STARTED)
                .withRequestBody(containing("mutation fulfillmentCreate")).withRequestBody(containing(foId))
                .willReturn(aResponse().withStatus(503).withBody("Service Unavailable")).willSetStateTo("after-503"));
        SHOP.stubFor(post(urlPathEqualTo(SHOP_PATH)).atPriority(1).inScenario(scenario).whenScenarioStateIs("after-503")
                .withRequestBody(containing("mutation fulfillmentCreate")).withRequestBody(containing(foId))
                .willReturn(okJson(created(fo * 10 + 1))).willSetStateTo("first-shipped"));
        SHOP.stubFor(post(urlPathEqualTo(SHOP_PATH)).atPriority(1).inScenario(scenario).whenScenarioStateIs("first-shipped")
                .withRequestBody(containing("mutation fulfillmentCreate")).withRequestBody(containing(foId))
                .willReturn(okJson(created(fo * 10 + 2))).willSetStateTo("all-shipped"));
        SHOP.stubFor(post(urlPathEqualTo(SHOP_PATH)).atPriority(1).inScenario(scenario).whenScenarioStateIs("all-shipped")
                .withRequestBody(containing("mutation fulfillmentCreate")).withRequestBody(containing(foId))
                .willReturn(okJson(created(fo * 10 + 3))));
    }

    /** The Admin GraphQL answer to the fulfillment orders query: one open fulfillment order of both line items. */
    static String fulfillmentOrders(String channelOrderId, long fo, int remaining1, int remaining2) {
        return "{\"data\":{\"order\":{\"id\":\"gid://shopify/Order/" + channelOrderId + "\",\"fulfillmentOrders\":{\"nodes\":["
                + "{\"id\":\"gid://shopify/FulfillmentOrder/" + fo + "\",\"status\":\"" + (remaining1 + remaining2 > 0
                ? "OPEN" : "CLOSED") + "\",\"assignedLocation\":{\"location\":{\"id\":\"gid://shopify/Location/88\"}},"
                + "\"lineItems\":{\"nodes\":["
                + "{\"id\":\"gid://shopify/FulfillmentOrderLineItem/" + fo + "1\",\"remainingQuantity\":" + remaining1
                + ",\"lineItem\":{\"id\":\"gid://shopify/LineItem/" + LINE_1 + "\",\"sku\":\"\"}},"
                + "{\"id\":\"gid://shopify/FulfillmentOrderLineItem/" + fo + "2\",\"remainingQuantity\":" + remaining2
                + ",\"lineItem\":{\"id\":\"gid://shopify/LineItem/" + LINE_2 + "\",\"sku\":\"\"}}]}}]}}}," + COST + "}";
    }

    static String created(long id) {
        return "{\"data\":{\"fulfillmentCreate\":{\"fulfillment\":{\"id\":\"gid://shopify/Fulfillment/" + id
                + "\",\"status\":\"SUCCESS\"},\"userErrors\":[]}}," + COST + "}";
    }

    /** The fulfillment inputs of every fulfillmentCreate sent for fulfillment order {@code fo}, oldest first. */
    static List<JsonNode> fulfillmentCreates(long fo) {
        List<ServeEvent> events = new ArrayList<>(SHOP.getAllServeEvents());
        events.sort((x, y) -> x.getRequest().getLoggedDate().compareTo(y.getRequest().getLoggedDate()));
        List<JsonNode> creates = new ArrayList<>();
        for (ServeEvent e : events) {
            JsonNode body = json(e.getRequest().getBodyAsString());
            JsonNode input = body.path("variables").path("fulfillment");
            if (body.path("query").asText().startsWith("mutation fulfillmentCreate")
                    && input.toString().contains("gid://shopify/FulfillmentOrder/" + fo + "\"")) {
                creates.add(input);
            }
        }
        return creates;
    }

    static JsonNode json(String s) {
        try {
            return JSON.readTree(s);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs the calls on {@code threads} threads at once; their results in the calls' order. */
    static <T> List<T> inParallel(int threads, List<Callable<T>> calls) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<T>> futures = new ArrayList<>();
            calls.forEach(c -> futures.add(pool.submit(c)));
            List<T> results = new ArrayList<>();
            for (Future<T> f : futures) {
                results.add(f.get());
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }
}
