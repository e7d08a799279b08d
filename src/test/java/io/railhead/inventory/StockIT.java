package io.railhead.inventory;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import io.railhead.support.HubIT;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Stock end to end against simulated Shopify and Square inventory APIs (shapes from ../shared/specs): events
 * in, the ledger and its ordering rule, the formula per channel, coalesced pushes, reservations from real
 * order intake (the race for the last unit), cancellation, DELTA SHIPPED conversion, kits, a rules reload and
 * the 846 inventory advice to an EDI partner (test profile brightmart, advice interval 1 s, file transport).
 * Each test uses its own SKUs.
 */
class StockIT extends HubIT {

    static final WireMockServer SHOP = new WireMockServer(WireMockConfiguration.options().bindAddress("127.0.0.1")
            .dynamicPort().usingFilesUnderDirectory("src/test/resources/wiremock"));
    static final WireMockServer SQUARE = new WireMockServer(WireMockConfiguration.options().bindAddress("127.0.0.1")
            .dynamicPort().usingFilesUnderDirectory("src/test/resources/wiremock"));
    static final Path RULES;
    static final String COST = "\"extensions\":{\"cost\":{\"requestedQueryCost\":10,\"actualQueryCost\":10,"
            + "\"throttleStatus\":{\"maximumAvailable\":2000.0,\"currentlyAvailable\":1990,\"restoreRate\":100.0}}}";

    static {
        SHOP.start();
        SQUARE.start();
        SHOP.stubFor(any(anyUrl()).atPriority(10).willReturn(aResponse().withHeader("Content-Type", "application/json")
                .withBody("{\"data\":{\"orders\":{\"nodes\":[],\"edges\":[],\"pageInfo\":{\"hasNextPage\":false}}}," + COST + "}")));
        SHOP.stubFor(post(urlPathEqualTo("/admin/api/2026-04/graphql.json")).withRequestBody(containing("inventorySetQuantities"))
                .atPriority(1).willReturn(aResponse().withHeader("Content-Type", "application/json").withFixedDelay(300)
                        .withBody("{\"data\":{\"inventorySetQuantities\":{\"inventoryAdjustmentGroup\":{\"createdAt\":"
                                + "\"2026-12-01T10:00:00Z\",\"reason\":\"correction\",\"changes\":[]},\"userErrors\":[]}}," + COST + "}")));
        SQUARE.stubFor(post(urlPathEqualTo("/v2/inventory/changes/batch-create")).willReturn(aResponse()
                .withHeader("Content-Type", "application/json").withBody("{\"counts\":[]}")));
        SQUARE.stubFor(any(anyUrl()).atPriority(10).willReturn(aResponse().withHeader("Content-Type", "application/json")
                .withBody("{}")));
        try {
            RULES = Files.createTempFile("stock-it-", ".yml");
            Files.writeString(RULES, rules(2));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String rules(int shopifySafety) {
        return """
                locations:
                  DC-A: {}
                  DC-B: {}
                  STORE-1: {posSourceAccounts: [SQ-LOC-1]}
                  DC-E: {}
                channels:
                  shopify: {locations: [DC-A, DC-B], safetyStock: %d, locationId: "gid://shopify/Location/77"}
                  square: {locations: [DC-A], allocationPercent: 50, maxListed: 30, locationId: SQ-LOC-1}
                  brightmart: {type: edi, partner: brightmart, locations: [DC-E], safetyStock: 1}
                skus:
                  KIT-1: {shopify: {inventoryItemId: "gid://shopify/InventoryItem/KIT-1"}}
                kits:
                  KIT-1: {KIT-PART-A: 2, KIT-PART-B: 1}
                crossReference: xref.csv
                """.formatted(shopifySafety);
    }

    @DynamicPropertySource
    static void channels(DynamicPropertyRegistry registry) throws IOException {
        Files.writeString(RULES.resolveSibling("xref.csv"), "sku,channel,channelSku,channelItemId\n");
        registry.add("railhead.stock.rules-file", RULES::toString);
        registry.add("railhead.stock.push-lease", () -> "3s");
        registry.add("railhead.channels.shopify.admin-endpoint", () -> SHOP.baseUrl() + "/admin/api/2026-04");
        registry.add("railhead.channels.shopify.access-token", () -> "shpat_test");
        registry.add("railhead.channels.square.endpoint", SQUARE::baseUrl);
        registry.add("railhead.channels.square.access-token", () -> "EAAA-stock");
    }

    @AfterAll
    static void stop() {
        SHOP.stop();
        SQUARE.stop();
    }

    /** Every quantity Shopify was sent for an item id, in order. */
    static List<Integer> shopifySent(String itemId) {
        List<Integer> sent = new ArrayList<>();
        List<ServeEvent> events = new ArrayList<>(SHOP.getAllServeEvents());
        events.sort((a, b) -> a.getRequest().getLoggedDate().compareTo(b.getRequest().getLoggedDate()));
        for (ServeEvent e : events) {
            String body = e.getRequest().getBodyAsString();
            if (!body.contains("inventorySetQuantities")) {
                continue;
            }
            JsonNode q = json(body).path("variables").path("input").path("quantities");
            q.forEach(x -> {
                if (itemId.equals(x.path("inventoryItemId").asText())) {
                    sent.add(x.path("quantity").asInt());
                }
            });
        }
        return sent;
    }

    static String itemId(String sku) {
        return "gid://shopify/InventoryItem/" + sku;
    }

    static JsonNode json(String s) {
        try {
            return JSON.readTree(s);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String sku(String stem) {
        return stem + "-" + Long.toString(ThreadLocalRandom.current().nextLong(1L << 40), 36).toUpperCase();
    }

    /** Maps the SKUs to Shopify item ids through the cross-reference CSV and waits for the reload. */
    void crossReference(String... skus) throws IOException {
        Path csv = RULES.resolveSibling("xref.csv");
        StringBuilder rows = new StringBuilder(Files.readString(csv));
        for (String s : skus) {
            rows.append(s).append(",shopify,,").append(itemId(s)).append('\n')
                    .append(s).append(",square,,SQV-").append(s).append('\n');
        }
        synchronized (StockIT.class) {
            Files.writeString(csv, rows.toString());
            String before = json(ops("GET", "/api/stock/rules").body()).path("loadedAt").asText();
            Files.writeString(RULES, Files.readString(RULES) + "\n");
            await().atMost(Duration.ofSeconds(10)).until(() ->
                    !json(ops("GET", "/api/stock/rules").body()).path("loadedAt").asText().equals(before));
        }
    }

    HttpResponse<String> event(String eventId, Instant at, String kind, String reason, String orderId, List<Map<String, Object>> items) {
        ObjectNode e = JSON.createObjectNode().put("eventId", eventId).put("source", "wms-test").put("occurredAt", at.toString())
                .put("kind", kind);
        if (reason != null) {
            e.put("reason", reason);
        }
        if (orderId != null) {
            e.put("orderId", orderId);
        }
        ArrayNode arr = e.putArray("items");
        items.forEach(i -> arr.add(JSON.valueToTree(i)));
        return ops("POST", "/api/stock/events", "application/json", e.toString().getBytes(StandardCharsets.UTF_8));
    }

    JsonNode stock(String sku) {
        HttpResponse<String> r = ops("GET", "/api/stock/" + sku);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return json(r.body());
    }

    long onHand(String sku, String location) {
        for (JsonNode l : stock(sku).path("locations")) {
            if (l.path("location").asText().equals(location)) {
                return l.path("onHand").asLong();
            }
        }
        return -1;
    }

    static String eid() {
        return "evt-" + java.util.UUID.randomUUID();
    }

    @Test
    void aSnapshotReachesEveryChannelWithTheFormulasQuantity() throws Exception {
        String s = sku("TEE");
        crossReference(s);
        Instant t = Instant.now().minusSeconds(60);
        HttpResponse<String> r = event(eid(), t, "SNAPSHOT", null, null, List.of(
                Map.of("sku", s, "location", "DC-A", "onHand", 41, "quarantined", 2),
                Map.of("sku", s, "location", "DC-B", "onHand", 10, "damaged", 1)));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        // shopify: (39 + 9) - safety 2 = 46; square: DC-A 39 × 50 % = 19.5 -> 19 (under maxListed 30)
        await().atMost(Duration.ofSeconds(10)).until(() -> shopifySent(itemId(s)).contains(46));
        await().atMost(Duration.ofSeconds(10)).until(() -> squareSent("SQV-" + s).contains(19));
        await().atMost(Duration.ofSeconds(10)).until(() -> stock(s).path("channels").path("shopify").path("lastPushed").asLong() == 46);
        JsonNode view = stock(s);
        assertThat(view.path("channels").path("shopify").path("available").asLong()).isEqualTo(46);
        assertThat(view.path("channels").path("shopify").path("lastPushed").asLong()).isEqualTo(46);
        assertThat(view.path("channels").path("square").path("available").asLong()).isEqualTo(19);
        assertThat(onHand(s, "DC-A")).isEqualTo(41);
        String shopBody = SHOP.getAllServeEvents().stream().map(e -> e.getRequest().getBodyAsString())
                .filter(b -> b.contains(itemId(s))).findFirst().orElseThrow();
        assertThat(shopBody).contains("@idempotent(key:").contains("\"name\":\"available\"")
                .contains("\"locationId\":\"gid://shopify/Location/77\"").contains("\"changeFromQuantity\":null");
        JsonNode journal = json(ops("GET", "/api/stock/" + s + "/journal").body()).path("entries");
        assertThat(journal).hasSize(4);
    }

    static List<Integer> squareSent(String catalogId) {
        List<Integer> sent = new ArrayList<>();
        for (ServeEvent e : SQUARE.getAllServeEvents()) {
            if (!e.getRequest().getUrl().startsWith("/v2/inventory/changes/batch-create")) {
                continue;
            }
            json(e.getRequest().getBodyAsString()).path("changes").forEach(c -> {
                if (catalogId.equals(c.path("physical_count").path("catalog_object_id").asText())) {
                    sent.add(Integer.parseInt(c.path("physical_count").path("quantity").asText()));
                }
            });
        }
        return sent;
    }

    @Test
    void aBadEventIsRefusedWithEveryReasonAndNothingApplied() throws Exception {
        String s = sku("BAD");
        String body = "{\"eventId\":\"\",\"occurredAt\":\"yesterday\",\"kind\":\"SNAPSHOT\",\"items\":["
                + "{\"sku\":\"" + s + "\",\"location\":\"DC-NOWHERE\",\"onHand\":2.5},"
                + "{\"sku\":\"" + s + "\",\"location\":\"DC-A\",\"onHand\":-1,\"sparkle\":3}]}";
        HttpResponse<String> r = ops("POST", "/api/stock/events", "application/json", body.getBytes(StandardCharsets.UTF_8));
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(json(r.body()).path("reasons").toString()).contains("eventId is missing").contains("source is missing")
                .contains("occurredAt").contains("unknown location 'DC-NOWHERE'").contains("whole number")
                .contains("cannot be negative").contains("sparkle: unknown state");
        assertThat(ops("GET", "/api/stock/" + s).statusCode()).isEqualTo(404);
        assertThat(ops("POST", "/api/stock/events", "application/json", "{nope".getBytes(StandardCharsets.UTF_8)).statusCode())
                .isEqualTo(400);
    }

    @Test
    void outOfOrderSnapshotsAndLateDeltasFollowTheOrderingRule() throws Exception {
        String s = sku("ORD");
        Instant t = Instant.parse("2026-11-30T10:00:00Z");
        String id = eid();
        assertThat(event(id, t, "SNAPSHOT", null, null, List.of(Map.of("sku", s, "location", "DC-A", "onHand", 10)))
                .statusCode()).isEqualTo(202);
        HttpResponse<String> again = event(id, t, "SNAPSHOT", null, null, List.of(Map.of("sku", s, "location", "DC-A", "onHand", 99)));
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(json(again.body()).path("duplicate").asBoolean()).isTrue();
        await().atMost(Duration.ofSeconds(10)).until(() -> ops("GET", "/api/stock/" + s).statusCode() == 200
                && onHand(s, "DC-A") == 10);
        event(eid(), t.plusSeconds(20), "DELTA", "RECEIVED", null, List.of(Map.of("sku", s, "location", "DC-A", "onHand", 5)));
        await().atMost(Duration.ofSeconds(10)).until(() -> onHand(s, "DC-A") == 15);
        // a late delta (older than the snapshot) is already in it
        event(eid(), t.minusSeconds(30), "DELTA", "PICKED", null, List.of(Map.of("sku", s, "location", "DC-A", "onHand", -3)));
        // an older snapshot changes nothing
        event(eid(), t.minusSeconds(60), "SNAPSHOT", null, null, List.of(Map.of("sku", s, "location", "DC-A", "onHand", 1)));
        // a newer snapshot before the delta's time keeps the delta after it: 7 + 5
        event(eid(), t.plusSeconds(10), "SNAPSHOT", null, null, List.of(Map.of("sku", s, "location", "DC-A", "onHand", 7)));
        await().atMost(Duration.ofSeconds(10)).until(() -> json(ops("GET", "/api/stock/" + s + "/journal").body())
                .path("entries").size() == 5);
        assertThat(onHand(s, "DC-A")).isEqualTo(12);
        JsonNode entries = json(ops("GET", "/api/stock/" + s + "/journal").body()).path("entries");
        long ignored = 0;
        for (JsonNode e : entries) {
            ignored += e.path("applied").asBoolean() ? 0 : 1;
        }
        assertThat(ignored).isEqualTo(2);
    }

    @Test
    void aBurstOfDeltasOnOneSkuIsCoalescedIntoAFewPushesEndingOnTheFinalValue() throws Exception {
        String s = sku("BURST");
        crossReference(s);
        Instant t = Instant.now().minusSeconds(30);
        event(eid(), t, "SNAPSHOT", null, null, List.of(Map.of("sku", s, "location", "DC-A", "onHand", 0)));
        ExecutorService pool = Executors.newFixedThreadPool(8);
        long start = System.nanoTime();
        List<Future<Integer>> sent = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            Instant at = t.plusMillis(1 + i);
            sent.add(pool.submit(() -> event(eid(), at, "DELTA", "RECEIVED", null,
                    List.of(Map.of("sku", s, "location", "DC-B", "onHand", 1))).statusCode()));
        }
        for (Future<Integer> f : sent) {
            assertThat(f.get()).isEqualTo(202);
        }
        pool.shutdown();
        // 1000 - safety 2
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            List<Integer> q = shopifySent(itemId(s));
            return !q.isEmpty() && q.get(q.size() - 1) == 998;
        });
        // one push in flight at a time (the channel answers in 0.3 s), every change since collapsed into the next
        long seconds = Duration.ofNanos(System.nanoTime() - start).toSeconds() + 1;
        assertThat(shopifySent(itemId(s)).size()).isLessThanOrEqualTo((int) (seconds / 0.3) + 2).isLessThan(300);
        assertThat(onHand(s, "DC-B")).isEqualTo(1000);
    }

    @Test
    void twoOrdersRacingForTheLastUnitOnlyOneGetsItAndCancellingReleasesOnce() throws Exception {
        String s = sku("LAST");
        event(eid(), Instant.now().minusSeconds(5), "SNAPSHOT", null, null, List.of(Map.of("sku", s, "location", "DC-A", "onHand", 1)));
        await().atMost(Duration.ofSeconds(10)).until(() -> ops("GET", "/api/stock/" + s).statusCode() == 200);
        List<ObjectNode> orders = List.of(order(s, 1), order(s, 1));
        ExecutorService pool = Executors.newFixedThreadPool(2);
        List<Future<HttpResponse<String>>> answers = new ArrayList<>();
        orders.forEach(o -> answers.add(pool.submit(() -> postShopify(o, "orders/create"))));
        for (Future<HttpResponse<String>> a : answers) {
            assertThat(a.get().statusCode()).isEqualTo(200);
        }
        pool.shutdown();
        await().atMost(Duration.ofSeconds(15)).until(() -> stock(s).path("reserved").asLong() == 2);
        JsonNode entries = json(ops("GET", "/api/stock/" + s + "/journal").body()).path("entries");
        List<String> backorders = new ArrayList<>();
        String cancel = null;
        for (JsonNode e : entries) {
            if ("RESERVE".equals(e.path("kind").asText())) {
                if (e.path("note").asText().startsWith("backorder")) {
                    backorders.add(e.path("orderId").asText());
                } else {
                    cancel = e.path("orderId").asText();
                }
            }
        }
        assertThat(backorders).hasSize(1);
        assertThat(cancel).isNotNull();
        assertThat(stock(s).path("channels").path("shopify").path("available").asLong()).isZero();
        assertThat(ops("POST", "/api/orders/" + cancel + "/cancel").statusCode()).isLessThan(300);
        await().atMost(Duration.ofSeconds(15)).until(() -> stock(s).path("reserved").asLong() == 1);
        assertThat(ops("POST", "/api/orders/" + cancel + "/cancel").statusCode()).isGreaterThanOrEqualTo(200);
        // a shipment reported by the WMS for the other order converts its reservation, once
        String other = backorders.get(0);
        String ship = eid();
        event(ship, Instant.now(), "DELTA", "SHIPPED", other, List.of(Map.of("sku", s, "location", "DC-A", "onHand", -1)));
        event(ship, Instant.now(), "DELTA", "SHIPPED", other, List.of(Map.of("sku", s, "location", "DC-A", "onHand", -1)));
        await().atMost(Duration.ofSeconds(15)).until(() -> stock(s).path("reserved").asLong() == 0 && onHand(s, "DC-A") == 0);
        assertThat(json(ops("GET", "/api/stock/" + s + "/journal").body()).path("entries").toString()).contains("RELEASE", "CONVERT");
    }

    static ObjectNode order(String sku, int quantity) {
        ObjectNode o = shopifyOrder();
        ArrayNode lines = (ArrayNode) o.get("line_items");
        ObjectNode first = (ObjectNode) lines.get(0);
        lines.removeAll();
        first.put("sku", sku).put("quantity", quantity);
        lines.add(first);
        return o;
    }

    @Test
    void aKitListsWhatItsComponentsMakeAndAKitOrderReservesTheComponents() throws Exception {
        Instant t = Instant.now().minusSeconds(5);
        event(eid(), t, "SNAPSHOT", null, null, List.of(Map.of("sku", "KIT-PART-A", "location", "DC-A", "onHand", 9),
                Map.of("sku", "KIT-PART-B", "location", "DC-A", "onHand", 20)));
        // min(floor(9 / 2), 20) = 4, - safety 2 = 2
        await().atMost(Duration.ofSeconds(10)).until(() -> stock("KIT-1").path("channels").path("shopify").path("available")
                .asLong() == 2 && shopifySent("gid://shopify/InventoryItem/KIT-1").contains(2));
        assertThat(postShopify(order("KIT-1", 1), "orders/create").statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(15)).until(() -> stock("KIT-PART-A").path("reserved").asLong() == 2);
        assertThat(stock("KIT-PART-B").path("reserved").asLong()).isEqualTo(1);
        // (9 - 2) / 2 = 3, - 2 = 1
        await().atMost(Duration.ofSeconds(10)).until(() -> shopifySent("gid://shopify/InventoryItem/KIT-1").contains(1));
    }

    @Autowired
    StockProperties stockProperties;

    @Autowired
    PushStore pushStore;

    @Autowired
    StockReservations stockReservations;

    @Autowired
    io.railhead.order.OrderStore orderStore;

    @Autowired
    org.springframework.jdbc.core.JdbcTemplate jdbc;

    /** The order as the channel would have sent it fulfilled by itself, from {@code account}. */
    static io.railhead.order.StoredOrder fulfilledByChannel(io.railhead.order.StoredOrder o, String account) throws IOException {
        ObjectNode c = (ObjectNode) JSON.readTree(o.canonical());
        c.put("fulfilledBy", "CHANNEL").put("sourceAccount", account);
        return new io.railhead.order.StoredOrder(o.orderId(), o.channel(), account, o.channelOrderId(), o.channelOrderNumber(),
                o.status(), o.holdReasons(), o.holdDetail(), c.toString(), o.rawMessageId(), o.channelUpdatedAt(),
                o.correlationId(), o.endpointResponse(), o.createdAt(), o.updatedAt(), o.version(), o.dispatch());
    }

    @Test
    void anOrderTheChannelFulfilsReservesNothingAndAStoreSaleLowersTheStoresOnHand() throws Exception {
        String s = sku("AFN");
        event(eid(), Instant.now().minusSeconds(5), "SNAPSHOT", null, null, List.of(Map.of("sku", s, "location", "DC-A", "onHand", 5),
                Map.of("sku", s, "location", "STORE-1", "onHand", 4)));
        await().atMost(Duration.ofSeconds(10)).until(() -> ops("GET", "/api/stock/" + s).statusCode() == 200);
        ObjectNode order = order(s, 3);
        assertThat(postShopify(order, "orders/create").statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(15)).until(() -> stock(s).path("reserved").asLong() == 3);
        io.railhead.order.StoredOrder stored = orderStore.findByChannelOrder("shopify", id(order)).get(0);
        // the same order as if the marketplace fulfilled it (Amazon AFN, Walmart WFS): no reservation at all
        tx.executeWithoutResult(st -> {
            jdbc.update("delete from stock_reservation where order_id = ?", stored.orderId());
            jdbc.update("update stock_sku set reserved = reserved - 3 where sku = ?", s);
        });
        tx.executeWithoutResult(st -> {
            try {
                stockReservations.reserve(fulfilledByChannel(stored, "AMZ-SELLER-1"), "test");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        assertThat(stock(s).path("reserved").asLong()).isZero();
        assertThat(jdbc.queryForObject("select count(*) from stock_reservation where order_id = ?", Long.class, stored.orderId()))
                .isZero();
        // as a completed sale at the store's POS: on-hand at STORE-1 lowered by 3, nothing reserved, once
        for (int i = 0; i < 2; i++) {
            tx.executeWithoutResult(st -> {
                try {
                    stockReservations.reserve(fulfilledByChannel(stored, "SQ-LOC-1"), "test");
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
        assertThat(onHand(s, "STORE-1")).isEqualTo(1);
        assertThat(onHand(s, "DC-A")).isEqualTo(5);
        assertThat(stock(s).path("reserved").asLong()).isZero();
    }

    @Autowired
    org.springframework.transaction.support.TransactionTemplate tx;

    @Test
    void aPushCutShortByACrashIsSentAgainWhenItsLeaseRunsOut() throws Exception {
        String s = sku("CRASH");
        crossReference(s);
        // as a crash leaves it: the row claimed (in flight, leased) and never settled
        tx.executeWithoutResult(st -> {
            pushStore.setDesired("shopify", Map.of(s, 17L), Instant.now());
            assertThat(pushStore.claim("shopify", 1000, Duration.ofSeconds(3))).extracting(PushStore.Claimed::sku).contains(s);
        });
        Instant claimed = Instant.now();
        await().atMost(Duration.ofSeconds(20)).until(() -> shopifySent(itemId(s)).contains(17));
        assertThat(Duration.between(claimed, Instant.now())).isGreaterThanOrEqualTo(Duration.ofMillis(2500));
        await().atMost(Duration.ofSeconds(10)).until(() -> pushStore.totals("shopify").pending() == 0
                || pushStore.rowsOf(s).stream().noneMatch(PushStore.Row::dirty));
    }

    @Test
    void aThrottledBatchIsSentAgainAfterTheWaitAndNothingIsLost() throws Exception {
        String s = sku("THROTTLE");
        crossReference(s);
        SQUARE.stubFor(post(urlPathEqualTo("/v2/inventory/changes/batch-create")).withRequestBody(containing("SQV-" + s))
                .inScenario(s).whenScenarioStateIs(com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED)
                .willSetStateTo("answered").atPriority(1).willReturn(aResponse().withStatus(429).withHeader("Retry-After", "1")
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"errors\":[{\"category\":\"RATE_LIMIT_ERROR\",\"code\":\"RATE_LIMITED\"}]}")));
        event(eid(), Instant.now().minusSeconds(5), "SNAPSHOT", null, null, List.of(Map.of("sku", s, "location", "DC-A", "onHand", 8)));
        // 8 × 50 % = 4
        await().atMost(Duration.ofSeconds(20)).until(() -> stock(s).path("channels").path("square").path("lastPushed").asLong() == 4);
        long calls = SQUARE.getAllServeEvents().stream().filter(e -> e.getRequest().getBodyAsString().contains("SQV-" + s)).count();
        assertThat(calls).isGreaterThanOrEqualTo(2);
        assertThat(squareSent("SQV-" + s)).containsOnly(4);
    }

    @Test
    void aDroppedCsvIsAppliedEventByEventWithAReportPerEvent() throws Exception {
        String s = sku("DROP");
        Path dir = stockProperties.dropDir();
        Files.createDirectories(dir);
        String csv = StockFileDrop.HEADER + "\n"
                + "drop-" + s + "-1,erp,2026-11-30T08:00:00Z,SNAPSHOT,,," + s + ",DC-A,12,1,,\n"
                + "drop-" + s + "-1,erp,2026-11-30T08:00:00Z,SNAPSHOT,,," + s + ",DC-B,3,,,4\n"
                + "drop-" + s + "-2,erp,2026-11-30T08:00:00Z,SNAPSHOT,,," + s + ",DC-NOWHERE,2.5,,,\n";
        Files.writeString(dir.resolve(s + ".csv"), csv);
        Path report = dir.resolve("error").resolve(s + ".csv.report.txt");
        await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(report) && Files.exists(dir.resolve("error").resolve(s + ".csv")));
        assertThat(Files.readString(report)).contains("rows 2–3: drop-" + s + "-1 queued")
                .contains("rows 4–4: refused").contains("unknown location 'DC-NOWHERE'").contains("whole number");
        await().atMost(Duration.ofSeconds(10)).until(() -> ops("GET", "/api/stock/" + s).statusCode() == 200 && onHand(s, "DC-B") == 3);
        assertThat(onHand(s, "DC-A")).isEqualTo(12);
    }

    @Autowired
    org.springframework.core.env.Environment environment;

    /** The 846s written to the test partner brightmart, oldest first. */
    List<String> advices() throws IOException {
        Path out = Path.of(environment.getRequiredProperty("railhead.data-dir"), "edi", "brightmart", "out");
        if (!Files.isDirectory(out)) {
            return List.of();
        }
        try (var files = Files.list(out)) {
            List<Path> sorted = files.filter(f -> f.getFileName().toString().startsWith("brightmart-846-")).sorted().toList();
            List<String> docs = new ArrayList<>();
            for (Path f : sorted) {
                docs.add(Files.readString(f));
            }
            return docs;
        }
    }

    @Test
    void anEdiPartnerGetsAnInventoryAdviceWithWhatChangedAtMostOncePerItsInterval() throws Exception {
        String a = sku("EDI-A");
        String b = sku("EDI-B");
        event(eid(), Instant.now().minusSeconds(30), "SNAPSHOT", null, null, List.of(
                Map.of("sku", a, "location", "DC-E", "onHand", 12), Map.of("sku", b, "location", "DC-E", "onHand", 4)));
        // safety stock 1: 11 and 3
        await().atMost(Duration.ofSeconds(20)).until(() -> stock(a).path("channels").path("brightmart").path("lastPushed").asLong() == 11
                && stock(b).path("channels").path("brightmart").path("lastPushed").asLong() == 3);
        await().atMost(Duration.ofSeconds(20)).until(() -> advices().stream().anyMatch(d -> d.contains("VN*" + a + "~")));
        String first = advices().stream().filter(d -> d.contains("VN*" + a + "~")).findFirst().orElseThrow();
        assertThat(first).contains("ST*846*").contains("BIA*00*SI*RH").contains("VN*" + a + "~\nQTY*33*11*EA~")
                .contains("VN*" + b + "~\nQTY*33*3*EA~");

        for (int i = 0; i < 5; i++) {
            assertThat(event(eid(), Instant.now(), "DELTA", "PICKED", null, List.of(Map.of("sku", a, "location", "DC-E", "onHand", -2)))
                    .statusCode()).isEqualTo(202);
        }
        // 12 - 10 = 2, less safety stock: 1; b did not change and is not advised again
        await().atMost(Duration.ofSeconds(20)).until(() -> advices().stream().anyMatch(d -> d.contains("VN*" + a + "~\nQTY*33*1*EA~")));
        List<String> withA = advices().stream().filter(d -> d.contains("VN*" + a + "~")).toList();
        assertThat(withA.size()).as("one advice per interval, not one per change").isLessThanOrEqualTo(4);
        assertThat(withA.get(withA.size() - 1)).contains("QTY*33*1*EA~").doesNotContain("VN*" + b + "~");
        List<java.sql.Timestamp> created = jdbc.queryForList("select created_at from edi_outbound where partner_id = 'brightmart' "
                + "and document = '846' and payload like ? order by created_at", java.sql.Timestamp.class, "%VN*" + a + "~%");
        for (int i = 1; i < created.size(); i++) {
            assertThat(Duration.between(created.get(i - 1).toInstant(), created.get(i).toInstant()))
                    .as("advices at least about the 1 s interval apart").isGreaterThan(Duration.ofMillis(700));
        }
        assertThat(jdbc.queryForObject("select count(*) from edi_outbound where partner_id = 'brightmart' and document = '846' "
                + "and status = 'HELD'", Long.class)).isZero();
    }

    @Test
    void aBrokenRulesFileIsRefusedWithItsLineAndTheRulesInForceStay() throws Exception {
        synchronized (StockIT.class) {
            String good = Files.readString(RULES);
            try {
                Files.writeString(RULES, good.replace("allocationPercent: 50", "allocationPercent: 150"));
                await().atMost(Duration.ofSeconds(10)).until(() -> !json(ops("GET", "/api/stock/rules").body())
                        .path("refused").isNull());
                JsonNode refused = json(ops("GET", "/api/stock/rules").body()).path("refused");
                assertThat(refused.path("line").asInt()).isEqualTo(8);
                assertThat(refused.path("reason").asText()).contains("allocationPercent");
                assertThat(json(ops("GET", "/api/stock/rules").body()).path("channels").toString()).contains("square");
            } finally {
                Files.writeString(RULES, good + "\n");
                await().atMost(Duration.ofSeconds(10)).until(() -> json(ops("GET", "/api/stock/rules").body())
                        .path("refused").isNull());
            }
        }
    }
}
