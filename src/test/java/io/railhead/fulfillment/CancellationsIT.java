package io.railhead.fulfillment;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
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
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.railhead.support.HubIT;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Cancellations both ways through the whole hub, with WireMock nodes and a WireMock Shopify Admin API: a
 * channel's cancellation cancels the node's request (retried through a 503) and releases the allocation; a
 * node's report of lines it cannot ship re-sources them to the other node, or, when none can, releases them
 * and cancels the whole order at Shopify, or leaves a partial one to the operator (CANCEL_AT_CHANNEL); lines
 * left at no node are sourced when stock arrives, and an operator can try at once. Also what the relays' outboxes
 * owe after failures: a shipment relay out of attempts is DEAD on the order and relayed by a replay, and a
 * return's ERP call never queued is queued by the sweep. Each test uses its own SKUs.
 */
class CancellationsIT extends HubIT {

    @org.springframework.beans.factory.annotation.Autowired
    org.springframework.jdbc.core.JdbcTemplate jdbc;
    @org.springframework.beans.factory.annotation.Autowired
    ShipmentRelaySweep sweep;

    static final Path DIR;
    static final String SHOP = "test-shop.myshopify.com";
    static final WireMockServer NODES = new WireMockServer(WireMockConfiguration.options().bindAddress("127.0.0.1")
            .dynamicPort().usingFilesUnderDirectory("src/test/resources/wiremock"));
    static final WireMockServer SHOPIFY = new WireMockServer(WireMockConfiguration.options().bindAddress("127.0.0.1")
            .dynamicPort().usingFilesUnderDirectory("src/test/resources/wiremock"));

    static {
        NODES.start();
        SHOPIFY.start();
        NODES.stubFor(post(urlPathMatching("/cx-.*")).atPriority(10).willReturn(aResponse().withStatus(201)
                .withHeader("Content-Type", "application/json").withBody("{\"status\": \"ACCEPTED\"}")));
        SHOPIFY.stubFor(post(urlPathMatching(".*/graphql.json")).withRequestBody(containing("orderCancel"))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                        .withBody("{\"data\": {\"orderCancel\": {\"job\": {\"id\": \"gid://shopify/Job/1\", "
                                + "\"done\": false}, \"orderCancelUserErrors\": []}}}")));
        try {
            DIR = Files.createTempDirectory("cancellations-it-");
            Files.writeString(DIR.resolve("stock.yml"), "locations:\n  CX-A: {}\n  CX-B: {}\n  DC-TEST: {}\n");
            StringBuilder nodes = new StringBuilder("nodes:\n");
            for (String[] n : new String[][] {{"CX-A", "5.00"}, {"CX-B", "9.00"}}) {
                nodes.append("""
                          %s:
                            type: wms
                            endpoint: {url: "%s", auth: {type: bearer, token: "tok-%s"}}
                            address: {countryCode: US, region: NJ, postalCode: "07001"}
                            services: [STANDARD, EXPEDITED, NEXT_DAY]
                            capacity: {ordersPerDay: 1000}
                            cost: {STANDARD: %s, EXPEDITED: %s, NEXT_DAY: 30.00}
                        """.formatted(n[0], NODES.baseUrl() + "/" + n[0].toLowerCase(), n[0], n[1], n[1]));
            }
            Files.writeString(DIR.resolve("nodes.yml"), nodes.toString());
            Files.writeString(DIR.resolve("routing.yml"), """
                    rules:
                      - name: by-cost
                        nodes: [CX-A, CX-B]
                        sortBy: [cost]
                    split: {allowed: false}
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
        registry.add("railhead.channels.shopify.shop-domain", () -> SHOP);
        registry.add("railhead.channels.shopify.admin-endpoint", () -> SHOPIFY.baseUrl() + "/admin/api/2025-10");
        registry.add("railhead.channels.shopify.access-token", () -> "shpat_test");
    }

    @AfterAll
    static void stop() {
        NODES.stop();
        SHOPIFY.stop();
    }

    @Test
    void aChannelCancellationCancelsTheNodesRequestThroughA503AndReleasesTheAllocation() {
        String a = sku("CA");
        String b = sku("CB");
        stock("CX-A", a, b);
        ObjectNode order = order(a, b);
        String fid = sourcedTo("CX-A", order);
        NODES.stubFor(post(urlPathEqualTo("/cx-a/" + fid + "/cancel")).inScenario(fid).whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(503)).willSetStateTo("up"));
        NODES.stubFor(post(urlPathEqualTo("/cx-a/" + fid + "/cancel")).inScenario(fid).whenScenarioStateIs("up")
                .willReturn(aResponse().withStatus(200).withBody("{\"status\": \"CANCELLED\"}")));
        assertThat(state(a, "CX-A", "allocated")).isEqualTo(3);

        order.put("cancelled_at", "2026-11-20T11:00:00-05:00");
        order.put("updated_at", "2026-11-20T11:00:00-05:00");
        assertThat(postShopify(order, "orders/cancelled").statusCode()).isEqualTo(200);

        await().atMost(Duration.ofSeconds(30)).until(() -> cancelsTo("CX-A", fid).size() == 2);
        LoggedRequest cancel = cancelsTo("CX-A", fid).get(1);
        assertThat(cancel.getHeader("Idempotency-Key")).isEqualTo(fid + ":cancel");
        assertThat(cancel.getHeader("Authorization")).isEqualTo("Bearer tok-CX-A");
        assertThat(json(cancel.getBodyAsString()).path("reason").asText()).isEqualTo("ORDER_CANCELLED");
        await().atMost(Duration.ofSeconds(20)).until(() -> state(a, "CX-A", "allocated") == 0
                && timeline(order).contains("told of the cancellation of " + fid));
        assertThat(state(b, "CX-A", "allocated")).isZero();
        assertThat(json(ops("GET", "/api/stock/" + a)).path("reserved").asLong()).isZero();
        assertThat(cancelsTo("CX-B", fid)).isEmpty();
    }

    @Test
    void aCancelThatCrossesTheRequestOnItsWayIsSentAgainOnceTheNodeTakesTheRequest() {
        String a = sku("CW");
        String b = sku("CV");
        stock("CX-A", a, b);
        ObjectNode order = order(a, b);
        // The node takes its time over the request; a cancel reaching it meanwhile finds nothing there (404).
        NODES.stubFor(post(urlPathEqualTo("/cx-a")).withRequestBody(containing(id(order))).atPriority(1)
                .willReturn(aResponse().withStatus(201).withFixedDelay(4000).withHeader("Content-Type",
                        "application/json").withBody("{\"status\": \"ACCEPTED\"}")));
        assertThat(postShopify(order, "orders/create").statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(20)).until(() -> !orderId(order).isEmpty() && !jdbc.queryForList(
                "select fulfillment_id from fulfillment_request where order_id = ? and attempts > 0", String.class,
                orderId(order)).isEmpty());
        String fid = jdbc.queryForObject("select fulfillment_id from fulfillment_request where order_id = ?",
                String.class, orderId(order));
        NODES.stubFor(post(urlPathEqualTo("/cx-a/" + fid + "/cancel")).inScenario(fid).whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(404)).willSetStateTo("has it"));
        NODES.stubFor(post(urlPathEqualTo("/cx-a/" + fid + "/cancel")).inScenario(fid).whenScenarioStateIs("has it")
                .willReturn(aResponse().withStatus(200).withBody("{\"status\": \"CANCELLED\"}")));

        order.put("cancelled_at", "2026-11-20T11:00:00-05:00");
        order.put("updated_at", "2026-11-20T11:00:00-05:00");
        assertThat(postShopify(order, "orders/cancelled").statusCode()).isEqualTo(200);

        await().atMost(Duration.ofSeconds(30)).until(() -> cancelsTo("CX-A", fid).size() == 2);
        assertThat(requestsTo("CX-A", id(order))).hasSize(1);
        await().atMost(Duration.ofSeconds(10)).until(() -> "SENT".equals(jdbc.queryForObject(
                "select cancel_status from fulfillment_request where fulfillment_id = ?", String.class, fid))
                && jdbc.queryForObject("select cancel_answer from fulfillment_request where fulfillment_id = ?",
                String.class, fid).startsWith("HTTP 200"));
        assertThat(state(a, "CX-A", "allocated")).isZero();
        assertThat(cancelsTo("CX-A", fid)).hasSize(2);
    }

    @Test
    void linesANodeCannotShipGoToTheOtherNode_andTheSameReportAgainIsADuplicate() {
        String a = sku("CC");
        String b = sku("CD");
        stock("CX-A", a, b);
        stock("CX-B", a, b);
        ObjectNode order = order(a, b);
        sourcedTo("CX-A", order);
        String lineA = lineOf(order, "CX-A", a);

        byte[] report = report(order, "CX-A", lineA, 3, "damaged in the pick face");
        HttpResponse<String> first = ops("POST", "/api/fulfillment/cancellations", "application/json", report);
        assertThat(first.statusCode()).as(first.body()).isEqualTo(201);
        assertThat(json(first).path("outcome").asText()).isEqualTo("RESOURCED");
        await().atMost(Duration.ofSeconds(20)).until(() -> requestsTo("CX-B", id(order)).size() == 1);
        JsonNode toB = json(requestsTo("CX-B", id(order)).get(0).getBodyAsString());
        assertThat(toB.path("lines")).hasSize(1);
        assertThat(toB.path("lines").get(0).path("sku").asText()).isEqualTo(a);
        assertThat(toB.path("lines").get(0).path("quantity").asInt()).isEqualTo(3);
        assertThat(state(a, "CX-A", "allocated")).isZero();
        assertThat(state(a, "CX-B", "allocated")).isEqualTo(3);
        assertThat(state(b, "CX-A", "allocated")).isEqualTo(1);
        assertThat(timeline(order)).contains("re-sourced after CX-A").contains("damaged in the pick face");

        HttpResponse<String> again = ops("POST", "/api/fulfillment/cancellations", "application/json", report);
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(json(again).path("duplicate").asBoolean()).isTrue();
        assertThat(json(again).path("cancellationId").asText()).isEqualTo(json(first).path("cancellationId").asText());
        assertThat(requestsTo("CX-B", id(order))).hasSize(1);
    }

    @Test
    void aWholeOrderNoNodeCanShipIsReleasedAndCancelledAtShopify() {
        String a = sku("CE");
        String b = sku("CF");
        stock("CX-A", a, b);
        ObjectNode order = order(a, b);
        sourcedTo("CX-A", order);
        ObjectNode report = JSON.createObjectNode().put("orderId", orderId(order)).put("nodeId", "CX-A")
                .put("reason", "stock count was wrong");
        report.putArray("lines").addObject().put("sku", a).put("quantity", 3);
        ((ArrayNode) report.get("lines")).addObject().put("sku", b).put("quantity", 1);

        HttpResponse<String> r = ops("POST", "/api/fulfillment/cancellations", "application/json", bytes(report));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        assertThat(json(r).path("outcome").asText()).isEqualTo("CHANNEL_OWED");
        String cancellation = json(r).path("cancellationId").asText();
        await().atMost(Duration.ofSeconds(20)).until(() -> outcomeOf(cancellation).equals("CANCELLED_AT_CHANNEL"));
        List<LoggedRequest> calls = SHOPIFY.findAll(postRequestedFor(urlPathMatching(".*/graphql.json"))
                .withRequestBody(containing("gid://shopify/Order/" + id(order))));
        assertThat(calls).hasSize(1);
        JsonNode body = json(calls.get(0).getBodyAsString());
        assertThat(body.path("query").asText()).contains("orderCancel").contains("reason: INVENTORY");
        assertThat(calls.get(0).getHeader("X-Shopify-Access-Token")).isEqualTo("shpat_test");
        assertThat(state(a, "CX-A", "allocated")).isZero();
        assertThat(state(b, "CX-A", "allocated")).isZero();
        assertThat(json(ops("GET", "/api/stock/" + a)).path("reserved").asLong()).isZero();
        assertThat(timeline(order)).contains("cancelled at shopify");
    }

    @Test
    void partOfAShopifyOrderNoNodeCanShipIsLeftToTheOperator_andBadReportsAreRefusedWithReasons() {
        String a = sku("CG");
        String b = sku("CH");
        stock("CX-A", a, b);
        ObjectNode order = order(a, b);
        sourcedTo("CX-A", order);
        String lineA = lineOf(order, "CX-A", a);

        HttpResponse<String> tooFew = ops("POST", "/api/fulfillment/cancellations", "application/json",
                report(order, "CX-A", lineA, 2, null));
        assertThat(tooFew.statusCode()).isEqualTo(422);
        assertThat(tooFew.body()).contains("2 reported, 3 still to ship at node CX-A");
        HttpResponse<String> wrongNode = ops("POST", "/api/fulfillment/cancellations", "application/json",
                report(order, "CX-B", lineA, 3, null));
        assertThat(wrongNode.statusCode()).isEqualTo(422);
        assertThat(wrongNode.body()).contains("not allocated to node CX-B");
        HttpResponse<String> bad = ops("POST", "/api/fulfillment/cancellations", "application/json",
                "{\"nodeId\": 7, \"lines\": [{\"quantity\": 1.5}], \"extra\": 1}".getBytes(StandardCharsets.UTF_8));
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("orderId is required").contains("nodeId: a non-blank string")
                .contains("lineId or sku is required").contains("quantity: a whole number").contains("extra: unknown field");

        HttpResponse<String> r = ops("POST", "/api/fulfillment/cancellations", "application/json",
                report(order, "CX-A", lineA, 3, null));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        assertThat(json(r).path("outcome").asText()).isEqualTo("CANCEL_AT_CHANNEL");
        assertThat(json(r).path("action").asText()).contains("line " + lineA).contains("whole orders only");
        assertThat(state(a, "CX-A", "allocated")).isZero();
        assertThat(state(b, "CX-A", "allocated")).isEqualTo(1);
        assertThat(timeline(order)).contains("CANCEL_AT_CHANNEL");
        JsonNode open = json(ops("GET", "/api/fulfillment/cancellations?outcome=CANCEL_AT_CHANNEL"));
        assertThat(open.findValuesAsText("cancellationId")).contains(json(r).path("cancellationId").asText());
        assertThat(SHOPIFY.findAll(postRequestedFor(urlPathMatching(".*/graphql.json"))
                .withRequestBody(containing("gid://shopify/Order/" + id(order))))).isEmpty();

        String lineB = lineOf(order, "CX-A", b);
        HttpResponse<String> cancelledLine = ops("POST", "/api/fulfillment/shipments", "application/json",
                shipment(order, lineA, 3));
        assertThat(cancelledLine.statusCode()).isEqualTo(422);
        assertThat(cancelledLine.body()).contains("line " + lineA + ": 3 of its 3 were cancelled");
        HttpResponse<String> rest = ops("POST", "/api/fulfillment/shipments", "application/json", shipment(order, lineB, 1));
        assertThat(rest.statusCode()).as(rest.body()).isEqualTo(201);
        assertThat(timeline(order)).contains("from node CX-A (full)");
    }

    byte[] shipment(ObjectNode order, String lineId, int quantity) {
        ObjectNode s = JSON.createObjectNode().put("shipmentId", "shp-" + UUID.randomUUID()).put("orderId", orderId(order))
                .put("nodeId", "CX-A").put("shippedAt", Instant.now().toString()).put("carrier", "UPS")
                .put("trackingNumber", "1Z999AA10123456784");
        s.putArray("lines").addObject().put("lineId", lineId).put("quantity", quantity);
        return bytes(s);
    }

    @Test
    void linesAFailedNodeLeftAtNoNodeAreSourcedWhenStockArrives_andAnOperatorCanTryAtOnce() {
        String a = sku("CI");
        String b = sku("CJ");
        stock("CX-A", a, b);
        ObjectNode order = order(a, b);
        NODES.stubFor(post(urlPathEqualTo("/cx-a")).withRequestBody(containing(id(order))).atPriority(1)
                .willReturn(aResponse().withStatus(400).withBody("{\"error\": \"unknown SKU\"}")));
        assertThat(postShopify(order, "orders/create").statusCode()).isEqualTo(200);
        awaitStatus(id(order), "RELEASED");
        await().atMost(Duration.ofSeconds(30)).until(() -> timeline(order).contains("re-sourced after CX-A"));
        assertThat(state(a, "CX-A", "allocated")).isZero();
        String orderId = orderId(order);
        HttpResponse<String> tried = ops("POST", "/api/orders/" + orderId + "/resource");
        assertThat(tried.statusCode()).as(tried.body()).isEqualTo(200);
        assertThat(json(tried).path("outcome").asText()).isEqualTo("NO_SOURCE");
        assertThat(json(tried).path("summary").asText()).contains("CX-A");
        assertThat(timeline(order)).contains("re-sourced by an operator");

        stock("CX-B", a, b);
        await().atMost(Duration.ofSeconds(20)).until(() -> requestsTo("CX-B", id(order)).size() == 1);
        assertThat(state(a, "CX-B", "allocated")).isEqualTo(3);
        assertThat(state(b, "CX-B", "allocated")).isEqualTo(1);
        assertThat(requestsTo("CX-A", id(order))).as("not asked again").hasSize(1);
        assertThat(timeline(order)).contains("lines at no node sourced after a stock or node change");
        HttpResponse<String> after = ops("POST", "/api/orders/" + orderId + "/resource");
        assertThat(json(after).path("outcome").asText()).isEqualTo("NOTHING_TO_SOURCE");
        assertThat(ops("POST", "/api/orders/ord-unknown-" + UUID.randomUUID() + "/resource").statusCode()).isEqualTo(404);
    }

    @Test
    void aShipmentTheChannelNeverTakesIsDeadOnTheOrder_andAReplayRelaysItOnce() {
        String a = sku("CK");
        String b = sku("CL");
        stock("CX-A", a, b);
        ObjectNode order = order(a, b);
        sourcedTo("CX-A", order);
        String lineA = lineOf(order, "CX-A", a);
        String lineB = lineOf(order, "CX-A", b);
        String gid = "gid://shopify/Order/" + id(order);
        String fo = "gid://shopify/FulfillmentOrder/" + id(order);
        SHOPIFY.stubFor(post(urlPathMatching(".*/graphql.json")).atPriority(2).withRequestBody(containing(gid))
                .withRequestBody(containing("query fulfillmentOrders")).willReturn(aResponse().withStatus(200)
                        .withHeader("Content-Type", "application/json").withBody("{\"data\":{\"order\":{\"id\":\""
                                + gid + "\",\"fulfillmentOrders\":{\"nodes\":[{\"id\":\"" + fo + "\",\"status\":"
                                + "\"OPEN\",\"assignedLocation\":{\"location\":{\"id\":\"gid://shopify/Location/1\"}},"
                                + "\"lineItems\":{\"nodes\":[" + item(1, lineA, a, 3) + "," + item(2, lineB, b, 1)
                                + "]}}]}}}}")));
        StubMapping down = SHOPIFY.stubFor(post(urlPathMatching(".*/graphql.json")).atPriority(1)
                .withRequestBody(containing(fo)).withRequestBody(containing("fulfillmentCreate"))
                .willReturn(aResponse().withStatus(503)));

        ObjectNode s = JSON.createObjectNode().put("shipmentId", "shp-" + UUID.randomUUID()).put("orderId", orderId(order))
                .put("nodeId", "CX-A").put("shippedAt", Instant.now().toString()).put("carrier", "UPS")
                .put("trackingNumber", "1Z999AA10123456784");
        s.putArray("lines").addObject().put("lineId", lineA).put("quantity", 3);
        ((ArrayNode) s.get("lines")).addObject().put("lineId", lineB).put("quantity", 1);
        assertThat(ops("POST", "/api/fulfillment/shipments", "application/json", bytes(s)).statusCode()).isEqualTo(201);
        await().atMost(Duration.ofSeconds(60)).until(() -> timeline(order).contains("not relayed to shopify after"));
        assertThat(timeline(order)).contains("replay it from DLQ.fulfillment.shipment-relay.shopify.v1");
        JsonNode dead = null;
        for (JsonNode d : json(ops("GET", "/api/dead-letters")).path("deadLetters")) {
            if (d.path("orderId").asText().equals(orderId(order))
                    && d.path("queue").asText().equals("DLQ.fulfillment.shipment-relay.shopify.v1")) {
                dead = d;
            }
        }
        assertThat(dead).as("the relay's dead letter, in Shopify's relay DLQ").isNotNull();
        assertThat(dead.path("originalQueue").asText()).isEqualTo("fulfillment.shipment-relay.shopify.v1");
        assertThat(SHOPIFY.findAll(postRequestedFor(urlPathMatching(".*/graphql.json")).withRequestBody(containing(fo))
                .withRequestBody(containing("fulfillmentCreate")))).as("once per attempt").hasSize(3);

        SHOPIFY.removeStub(down);
        SHOPIFY.resetRequests();
        SHOPIFY.stubFor(post(urlPathMatching(".*/graphql.json")).atPriority(2).withRequestBody(containing(fo))
                .withRequestBody(containing("fulfillmentCreate")).willReturn(aResponse().withStatus(200)
                        .withHeader("Content-Type", "application/json").withBody("{\"data\":{\"fulfillmentCreate\":"
                                + "{\"fulfillment\":{\"id\":\"gid://shopify/Fulfillment/1\",\"status\":\"SUCCESS\"},"
                                + "\"userErrors\":[]}}}")));
        assertThat(ops("POST", "/api/dead-letters/" + dead.path("id").asText() + "/replay").statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(30)).until(() -> timeline(order).contains("shipment "
                + s.path("shipmentId").asText() + " relayed to shopify"));
        List<LoggedRequest> creates = SHOPIFY.findAll(postRequestedFor(urlPathMatching(".*/graphql.json"))
                .withRequestBody(containing(fo)).withRequestBody(containing("fulfillmentCreate")));
        assertThat(creates).hasSize(1);
        assertThat(creates.get(0).getBodyAsString()).contains("1Z999AA10123456784");
    }

    @Test
    void aReturnsErpCallNeverQueuedIsQueuedByTheSweep() {
        String a = sku("CM");
        String b = sku("CN");
        stock("CX-A", a, b);
        ObjectNode order = order(a, b);
        sourcedTo("CX-A", order);
        String lineA = lineOf(order, "CX-A", a);
        assertThat(ops("POST", "/api/fulfillment/shipments", "application/json", shipment(order, lineA, 3)).statusCode())
                .isEqualTo(201);
        String returnId = "ret-" + UUID.randomUUID();
        ObjectNode ret = JSON.createObjectNode().put("returnId", returnId).put("orderId", orderId(order))
                .put("location", "CX-A").put("receivedAt", Instant.now().toString());
        ret.putArray("lines").addObject().put("lineId", lineA).put("quantity", 1).put("disposition", "RESTOCK");
        HttpResponse<String> r = ops("POST", "/api/returns", "application/json", bytes(ret));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        await().atMost(Duration.ofSeconds(20)).until(() -> erpReturnCalls(returnId) == 1);

        // As when the broker was away right after the commit: recorded, owed, never queued.
        jdbc.update("update order_return set erp_status = 'PENDING', queued_at = null, created_at = ? where return_id = ?",
                java.time.OffsetDateTime.now(java.time.ZoneOffset.UTC).minusMinutes(1), returnId);
        assertThat(sweep.sweep()).isGreaterThanOrEqualTo(1);
        await().atMost(Duration.ofSeconds(20)).until(() -> erpReturnCalls(returnId) == 2);
        assertThat(jdbc.queryForObject("select queued_at from order_return where return_id = ?",
                java.time.OffsetDateTime.class, returnId)).isNotNull();
    }

    static long erpReturnCalls(String returnId) {
        return ERP.getAllServeEvents().stream().filter(e -> e.getRequest().getUrl().endsWith("/returns"))
                .filter(e -> returnId.equals(e.getRequest().getHeader("Idempotency-Key"))).count();
    }

    static String item(int n, String lineId, String sku, int remaining) {
        return "{\"id\":\"gid://shopify/FulfillmentOrderLineItem/" + lineId + n + "\",\"remainingQuantity\":" + remaining
                + ",\"lineItem\":{\"id\":\"gid://shopify/LineItem/" + lineId + "\",\"sku\":\"" + sku + "\"}}";
    }

    // --- helpers

    static String sku(String stem) {
        return stem + "-" + Long.toString(ThreadLocalRandom.current().nextLong(1L << 40), 36).toUpperCase();
    }

    void stock(String location, String a, String b) {
        ObjectNode e = JSON.createObjectNode().put("eventId", "snap-" + UUID.randomUUID()).put("source", "wms-it")
                .put("occurredAt", Instant.now().toString()).put("kind", "SNAPSHOT");
        ArrayNode arr = e.putArray("items");
        for (String s : List.of(a, b)) {
            arr.addObject().put("sku", s).put("location", location).put("onHand", 10);
        }
        assertThat(ops("POST", "/api/stock/events", "application/json", bytes(e)).statusCode()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(20)).until(() -> state(a, location, "onHand") == 10 && state(b, location, "onHand") == 10);
    }

    long state(String sku, String location, String state) {
        for (JsonNode l : json(ops("GET", "/api/stock/" + sku)).path("locations")) {
            if (l.path("location").asText().equals(location)) {
                return l.path(state).asLong();
            }
        }
        return -1;
    }

    ObjectNode order(String first, String second) {
        ObjectNode o = shopifyOrder();
        ((ObjectNode) o.get("line_items").get(0)).put("sku", first);
        ((ObjectNode) o.get("line_items").get(1)).put("sku", second);
        return o;
    }

    /** Posts the order and waits for its request at {@code node}; its fulfillment id. */
    String sourcedTo(String node, ObjectNode order) {
        assertThat(postShopify(order, "orders/create").statusCode()).isEqualTo(200);
        awaitStatus(id(order), "RELEASED");
        await().atMost(Duration.ofSeconds(20)).until(() -> requestsTo(node, id(order)).size() == 1);
        return json(requestsTo(node, id(order)).get(0).getBodyAsString()).path("fulfillmentId").asText();
    }

    /** The line id of {@code sku} in the request {@code node} received. */
    String lineOf(ObjectNode order, String node, String sku) {
        for (JsonNode l : json(requestsTo(node, id(order)).get(0).getBodyAsString()).path("lines")) {
            if (l.path("sku").asText().equals(sku)) {
                return l.path("lineId").asText();
            }
        }
        throw new AssertionError("no line of " + sku);
    }

    byte[] report(ObjectNode order, String node, String lineId, int quantity, String reason) {
        ObjectNode r = JSON.createObjectNode().put("orderId", orderId(order)).put("nodeId", node);
        if (reason != null) {
            r.put("reason", reason);
        }
        r.putArray("lines").addObject().put("lineId", lineId).put("quantity", quantity);
        return bytes(r);
    }

    String orderId(ObjectNode order) {
        return shopifyOrderView(id(order)).path("orderId").asText();
    }

    String timeline(ObjectNode order) {
        return ops("GET", "/api/orders/" + orderId(order)).body();
    }

    String outcomeOf(String cancellationId) {
        for (String outcome : List.of("CANCELLED_AT_CHANNEL", "CANCEL_AT_CHANNEL", "CHANNEL_OWED")) {
            if (json(ops("GET", "/api/fulfillment/cancellations?outcome=" + outcome)).findValuesAsText("cancellationId")
                    .contains(cancellationId)) {
                return outcome;
            }
        }
        return "";
    }

    static List<LoggedRequest> requestsTo(String node, String channelOrderId) {
        return NODES.findAll(postRequestedFor(urlPathEqualTo("/" + node.toLowerCase()))).stream()
                .filter(r -> r.getBodyAsString().contains(channelOrderId)).toList();
    }

    static List<LoggedRequest> cancelsTo(String node, String fulfillmentId) {
        return NODES.findAll(postRequestedFor(urlPathEqualTo("/" + node.toLowerCase() + "/" + fulfillmentId + "/cancel")));
    }

    static byte[] bytes(JsonNode json) {
        return json.toString().getBytes(StandardCharsets.UTF_8);
    }

    static JsonNode json(String s) {
        try {
            return JSON.readTree(s);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

}
