package io.railhead.fulfillment;

import static org.assertj.core.api.Assertions.assertThat;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.railhead.support.HubIT;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Sourcing through the whole hub: two nodes by cost, stock from SNAPSHOT events, orders from the real Shopify
 * webhook. An order waits for sourcing before the ERP gets it; the cheaper node holding every line is chosen, the
 * reservation becomes allocated there, and the ERP receives the allocations. An order no node can take is held
 * NO_SOURCE and is sourced by itself when a stock event brings the stock. Each test uses its own SKUs.
 */
class FulfillmentSourcingIT extends HubIT {

    static final Path DIR;
    static final WireMockServer NODES = new WireMockServer(WireMockConfiguration.options().bindAddress("127.0.0.1")
            .dynamicPort().usingFilesUnderDirectory("src/test/resources/wiremock"));

    static {
        NODES.start();
        NODES.stubFor(post(urlPathMatching("/fx-.*")).atPriority(10).willReturn(aResponse().withStatus(201)
                .withHeader("Content-Type", "application/json").withBody("{\"status\": \"ACCEPTED\"}")));
        try {
            DIR = Files.createTempDirectory("fulfillment-it-");
            Files.writeString(DIR.resolve("stock.yml"), "locations:\n  FX-EAST: {}\n  FX-WEST: {}\n  DC-TEST: {}\n");
            StringBuilder nodes = new StringBuilder("nodes:\n");
            for (String[] n : new String[][] {{"FX-EAST", "NJ", "07001", "6.50"}, {"FX-WEST", "CA", "91761", "5.90"}}) {
                nodes.append("""
                          %s:
                            type: wms
                            endpoint: {url: "%s", auth: {type: bearer, token: "tok-%s"}}
                            address: {countryCode: US, region: %s, postalCode: "%s"}
                            services: [STANDARD, EXPEDITED, NEXT_DAY]
                            capacity: {ordersPerDay: 1000}
                            cost: {STANDARD: %s, EXPEDITED: %s, NEXT_DAY: 30.00}
                        """.formatted(n[0], NODES.baseUrl() + "/" + n[0].toLowerCase(), n[0], n[1], n[2], n[3], n[3]));
            }
            Files.writeString(DIR.resolve("nodes.yml"), nodes.toString());
            Files.writeString(DIR.resolve("routing.yml"), """
                    rules:
                      - name: by-cost
                        nodes: [FX-EAST, FX-WEST]
                        sortBy: [cost]
                    split: {allowed: true, maxShipments: 2, minOrderValue: "50.00"}
                    """);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @DynamicPropertySource
    static void fulfillment(DynamicPropertyRegistry registry) {
        registry.add("railhead.stock.rules-file", () -> DIR.resolve("stock.yml").toString());
        registry.add("railhead.fulfillment.nodes-file", () -> DIR.resolve("nodes.yml").toString());
        registry.add("railhead.fulfillment.routing-file", () -> DIR.resolve("routing.yml").toString());
    }

    @AfterAll
    static void stopNodes() {
        NODES.stop();
    }

    /** The fulfillment requests a node received for an order, oldest first. */
    static List<LoggedRequest> requestsTo(String node, String channelOrderId) {
        return NODES.findAll(postRequestedFor(urlPathEqualTo("/" + node.toLowerCase()))).stream()
                .filter(r -> r.getBodyAsString().contains(channelOrderId)).toList();
    }

    static String sku(String stem) {
        return stem + "-" + Long.toString(ThreadLocalRandom.current().nextLong(1L << 40), 36).toUpperCase();
    }

    void snapshot(String location, Map<String, Integer> items) {
        ObjectNode e = JSON.createObjectNode().put("eventId", "snap-" + UUID.randomUUID()).put("source", "wms-it")
                .put("occurredAt", Instant.now().toString()).put("kind", "SNAPSHOT");
        ArrayNode arr = e.putArray("items");
        items.forEach((s, q) -> arr.addObject().put("sku", s).put("location", location).put("onHand", q));
        assertThat(ops("POST", "/api/stock/events", "application/json", e.toString().getBytes(StandardCharsets.UTF_8))
                .statusCode()).isEqualTo(202);
    }

    long state(String sku, String location, String state) {
        for (JsonNode l : json(ops("GET", "/api/stock/" + sku)).path("locations")) {
            if (l.path("location").asText().equals(location)) {
                return l.path(state).asLong();
            }
        }
        return -1;
    }

    /** A Shopify order for these SKUs (the fixture's two lines, re-skued). */
    ObjectNode order(String first, String second) {
        ObjectNode o = shopifyOrder();
        ((ObjectNode) o.get("line_items").get(0)).put("sku", first);
        ((ObjectNode) o.get("line_items").get(1)).put("sku", second);
        return o;
    }

    static JsonNode erpBody(String channelOrderId) {
        List<ServeEvent> calls = acceptedErpCalls(channelOrderId);
        return calls.isEmpty() ? null : json(calls.get(0).getRequest().getBodyAsString());
    }

    static JsonNode json(String s) {
        try {
            return JSON.readTree(s);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void anOrderIsSourcedToTheCheaperNodeHoldingEveryLineBeforeTheErpGetsIt() {
        String a = sku("FA");
        String b = sku("FB");
        snapshot("FX-EAST", Map.of(a, 10, b, 10));
        snapshot("FX-WEST", Map.of(a, 10, b, 10));
        await().atMost(Duration.ofSeconds(20)).until(() -> state(a, "FX-WEST", "onHand") == 10 && state(b, "FX-EAST", "onHand") == 10);

        ObjectNode order = order(a, b);
        assertThat(postShopify(order, "orders/create").statusCode()).isEqualTo(200);
        JsonNode view = awaitStatus(id(order), "RELEASED");

        JsonNode erp = erpBody(id(order));
        assertThat(erp).isNotNull();
        JsonNode allocations = erp.path("fulfillment").path("allocations");
        assertThat(allocations).hasSize(1);
        assertThat(allocations.get(0).path("nodeId").asText()).isEqualTo("FX-WEST");
        assertThat(allocations.get(0).path("lines")).hasSize(2);
        assertThat(state(a, "FX-WEST", "allocated")).isEqualTo(3);
        assertThat(state(b, "FX-WEST", "allocated")).isEqualTo(1);
        assertThat(state(a, "FX-EAST", "allocated")).isEqualTo(0);
        assertThat(json(ops("GET", "/api/stock/" + a)).path("reserved").asLong()).isZero();
        String timeline = ops("GET", "/api/orders/" + view.path("orderId").asText()).body();
        assertThat(timeline).contains("ALLOCATED").contains("by-cost").contains("FX-EAST");
        await().atMost(Duration.ofSeconds(20)).until(() -> requestsTo("FX-WEST", id(order)).size() == 1);
        LoggedRequest sent = requestsTo("FX-WEST", id(order)).get(0);
        JsonNode request = json(sent.getBodyAsString());
        assertThat(sent.getHeader("Idempotency-Key")).isEqualTo(request.path("fulfillmentId").asText()).isNotBlank();
        assertThat(sent.getHeader("Authorization")).isEqualTo("Bearer tok-FX-WEST");
        assertThat(request.path("nodeId").asText()).isEqualTo("FX-WEST");
        assertThat(request.path("lines")).hasSize(2);
        assertThat(requestsTo("FX-EAST", id(order))).isEmpty();
    }

    @Test
    void aNodeThatRefusesTheRequestForGoodHasTheOrderSourcedToTheNextNodeOnce() {
        String a = sku("FE");
        String b = sku("FF");
        snapshot("FX-EAST", Map.of(a, 10, b, 10));
        snapshot("FX-WEST", Map.of(a, 10, b, 10));
        await().atMost(Duration.ofSeconds(20)).until(() -> state(a, "FX-WEST", "onHand") == 10 && state(b, "FX-EAST", "onHand") == 10);
        ObjectNode order = order(a, b);
        NODES.stubFor(post(urlPathEqualTo("/fx-west")).withRequestBody(containing(id(order))).atPriority(1)
                .willReturn(aResponse().withStatus(400).withBody("{\"error\": \"unknown SKU\"}")));
        assertThat(postShopify(order, "orders/create").statusCode()).isEqualTo(200);

        await().atMost(Duration.ofSeconds(30)).until(() -> requestsTo("FX-EAST", id(order)).size() == 1);
        assertThat(requestsTo("FX-WEST", id(order))).hasSize(1);
        await().atMost(Duration.ofSeconds(10)).until(() -> state(a, "FX-EAST", "allocated") == 3);
        assertThat(state(a, "FX-WEST", "allocated")).isZero();
        String view = shopifyOrderView(id(order)).path("orderId").asText();
        assertThat(ops("GET", "/api/orders/" + view).body()).contains("re-sourced after FX-WEST");
    }

    @Test
    void aNodeMarkedDownTakesNoNewOrdersAndBackUpItDoesAgain() {
        String a = sku("FG");
        String b = sku("FH");
        snapshot("FX-EAST", Map.of(a, 10, b, 10));
        snapshot("FX-WEST", Map.of(a, 10, b, 10));
        await().atMost(Duration.ofSeconds(20)).until(() -> state(a, "FX-WEST", "onHand") == 10 && state(b, "FX-EAST", "onHand") == 10);
        synchronized (FulfillmentSourcingIT.class) {
            assertThat(ops("POST", "/api/fulfillment/nodes/FX-WEST/down", "application/json", new byte[0]).statusCode())
                    .isEqualTo(200);
            try {
                ObjectNode order = order(a, b);
                assertThat(postShopify(order, "orders/create").statusCode()).isEqualTo(200);
                await().atMost(Duration.ofSeconds(30)).until(() -> requestsTo("FX-EAST", id(order)).size() == 1);
                assertThat(requestsTo("FX-WEST", id(order))).isEmpty();
            } finally {
                assertThat(ops("POST", "/api/fulfillment/nodes/FX-WEST/up", "application/json", new byte[0]).statusCode())
                        .isEqualTo(200);
            }
        }
    }

    @Test
    void anOrderNoNodeCanTakeIsHeldNoSourceAndSourcedByItselfWhenStockArrives() {
        String a = sku("FC");
        String b = sku("FD");
        ObjectNode order = order(a, b);
        assertThat(postShopify(order, "orders/create").statusCode()).isEqualTo(200);
        JsonNode held = awaitStatus(id(order), "ON_HOLD");
        assertThat(held.path("holdReasons").toString()).contains("NO_SOURCE");
        assertThat(erpCalls(id(order))).isEmpty();

        snapshot("FX-EAST", Map.of(a, 5, b, 5));
        awaitStatus(id(order), "RELEASED");
        JsonNode allocations = erpBody(id(order)).path("fulfillment").path("allocations");
        assertThat(allocations).hasSize(1);
        assertThat(allocations.get(0).path("nodeId").asText()).isEqualTo("FX-EAST");
        assertThat(state(a, "FX-EAST", "allocated")).isEqualTo(3);
    }
}
