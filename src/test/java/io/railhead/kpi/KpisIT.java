package io.railhead.kpi;

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
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The KPIs of real orders through the whole hub, in a context (and database) of their own: two nodes by cost, five
 * orders (one whole, one split, one shipped in part, one no node can take, one refused by its node and re-sourced),
 * four node shipments (one late), a return, and a snapshot that leaves allocated stock short. Every figure of
 * {@code GET /api/kpis} is checked against the value it must have, the metrics at {@code /actuator/prometheus},
 * and a bad window is 400 with its reason.
 */
class KpisIT extends HubIT {

    static final Path DIR;
    static final WireMockServer NODES = new WireMockServer(WireMockConfiguration.options().bindAddress("127.0.0.1")
            .dynamicPort().usingFilesUnderDirectory("src/test/resources/wiremock"));

    static {
        NODES.start();
        NODES.stubFor(post(urlPathMatching("/kx-.*")).atPriority(10).willReturn(aResponse().withStatus(201)
                .withHeader("Content-Type", "application/json").withBody("{\"status\": \"ACCEPTED\"}")));
        try {
            DIR = Files.createTempDirectory("kpi-it-");
            // A stock channel whose pushes cannot go out (no shop configured): its rows stay pending.
            Files.writeString(DIR.resolve("stock.yml"), "locations:\n  KX-EAST: {}\n  KX-WEST: {}\n"
                    + "channels:\n  shopify: {locations: [KX-WEST]}\n");
            StringBuilder nodes = new StringBuilder("nodes:\n");
            for (String[] n : new String[][] {{"KX-EAST", "NJ", "07001", "6.50", "5"}, {"KX-WEST", "CA", "91761", "5.90", "10"}}) {
                nodes.append("""
                          %s:
                            type: wms
                            endpoint: {url: "%s", auth: {type: bearer, token: "tok-%s"}}
                            address: {countryCode: US, region: %s, postalCode: "%s"}
                            services: [STANDARD, EXPEDITED, NEXT_DAY]
                            capacity: {ordersPerDay: %s}
                            cost: {STANDARD: %s, EXPEDITED: %s, NEXT_DAY: 30.00}
                        """.formatted(n[0], NODES.baseUrl() + "/" + n[0].toLowerCase(), n[0], n[1], n[2], n[4], n[3], n[3]));
            }
            Files.writeString(DIR.resolve("nodes.yml"), nodes.toString());
            Files.writeString(DIR.resolve("routing.yml"), """
                    rules:
                      - name: by-cost
                        nodes: [KX-EAST, KX-WEST]
                        sortBy: [cost]
                    split: {allowed: true, maxShipments: 2, minOrderValue: "0.00"}
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
        registry.add("railhead.kpi.metrics-cache", () -> "1s");
    }

    @AfterAll
    static void stopNodes() {
        NODES.stop();
    }

    @Test
    void badWindowsAre400WithTheReason_andTheKpisNeedTheOpsLogin() {
        HttpResponse<String> backwards = ops("GET", "/api/kpis?from=2026-12-02T00:00:00Z&to=2026-12-01T00:00:00Z");
        assertThat(backwards.statusCode()).isEqualTo(400);
        assertThat(json(backwards).path("status").asText()).isEqualTo("rejected");
        assertThat(json(backwards).path("reason").asText()).contains("must be before to");
        HttpResponse<String> unreadable = ops("GET", "/api/kpis?from=yesterday");
        assertThat(unreadable.statusCode()).isEqualTo(400);
        assertThat(json(unreadable).path("reason").asText()).contains("from is not an ISO-8601 instant");
        HttpResponse<String> tooLong = ops("GET", "/api/kpis?from=2026-10-01T00:00:00Z&to=2026-12-01T00:00:00Z");
        assertThat(tooLong.statusCode()).isEqualTo(400);
        assertThat(json(tooLong).path("reason").asText()).contains("longer than 31 days");
        assertThat(anonymous("GET", "/api/kpis").statusCode()).isEqualTo(401);
        assertThat(ops("GET", "/api/kpis").statusCode()).isEqualTo(200);
    }

    @Test
    void everyFigureIsWhatTheOrdersShipmentsAndReturnsMakeIt() {
        Instant start = Instant.now().minusSeconds(60);
        String a1 = sku("KA"), b1 = sku("KB"), a2 = sku("KC"), b2 = sku("KD"), a3 = sku("KE"), b3 = sku("KF");
        String d1 = sku("KG"), d2 = sku("KH"), e1 = sku("KI"), f1 = sku("KJ");
        snapshot("KX-WEST", Map.of(a1, 10, b1, 10, b2, 10, a3, 10, b3, 10, e1, 10, f1, 10));
        snapshot("KX-EAST", Map.of(a2, 10, e1, 10, f1, 10));
        await().atMost(Duration.ofSeconds(20)).until(() -> state(f1, "KX-WEST", "onHand") == 10
                && state(f1, "KX-EAST", "onHand") == 10);

        ObjectNode whole = order(a1, b1);     // KX-WEST, shipped complete, one return
        ObjectNode split = order(a2, b2);     // a2 only at KX-EAST, b2 only at KX-WEST: split in two
        ObjectNode partial = order(a3, b3);   // KX-WEST, 2 of 3 a3 shipped
        ObjectNode none = order(d1, d2);      // no stock anywhere: held NO_SOURCE, a backorder
        ObjectNode refused = order(e1, f1);   // KX-WEST refuses it: re-sourced to KX-EAST
        NODES.stubFor(post(urlPathEqualTo("/kx-west")).withRequestBody(containing(id(refused))).atPriority(1)
                .willReturn(aResponse().withStatus(400).withBody("{\"error\": \"not ours\"}")));
        for (ObjectNode o : List.of(whole, split, partial, none, refused)) {
            assertThat(postShopify(o, "orders/create").statusCode()).isEqualTo(200);
        }
        String w = awaitStatus(id(whole), "RELEASED").path("orderId").asText();
        String s = awaitStatus(id(split), "RELEASED").path("orderId").asText();
        String p = awaitStatus(id(partial), "RELEASED").path("orderId").asText();
        awaitStatus(id(none), "ON_HOLD");
        awaitStatus(id(refused), "RELEASED");
        await().atMost(Duration.ofSeconds(30)).until(() -> requestsTo("KX-EAST", id(refused)) == 1
                && requestsTo("KX-EAST", id(split)) == 1 && requestsTo("KX-WEST", id(split)) == 1);

        Instant now = Instant.now();
        ship("KS-1-" + w, w, "KX-WEST", now, Map.of(a1, 3, b1, 1));
        ship("KS-2-" + s, s, "KX-EAST", now, Map.of(a2, 3));
        ship("KS-3-" + s, s, "KX-WEST", now.plus(Duration.ofDays(3)), Map.of(b2, 1));   // after its promised date
        ship("KS-4-" + p, p, "KX-WEST", now, Map.of(a3, 2));
        byte[] ret = ("{\"returnId\":\"KR-" + w + "\",\"orderId\":\"" + w + "\",\"location\":\"KX-WEST\","
                + "\"receivedAt\":\"" + now + "\",\"lines\":[{\"sku\":\"" + a1 + "\",\"quantity\":1,\"disposition\":"
                + "\"RESTOCK\"},{\"sku\":\"" + a1 + "\",\"quantity\":1,\"disposition\":\"DAMAGED\"}]}")
                .getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> returned = ops("POST", "/api/returns", "application/json", ret);
        assertThat(returned.statusCode()).as(returned.body()).isEqualTo(201);
        snapshot("KX-WEST", Map.of(b3, 0));   // the unit of b3 still allocated there is gone
        await().atMost(Duration.ofSeconds(20)).until(() -> state(b3, "KX-WEST", "onHand") == 0);

        String window = "/api/kpis?from=" + start + "&to=" + Instant.now().plusSeconds(60);
        // Each relay of a shipment to the (unconfigured) shop is refused and dead-lettered, as is KX-WEST's refusal.
        await().atMost(Duration.ofSeconds(30)).until(() -> json(ops("GET", window)).path("exceptions")
                .path("deadLetters").asLong() == 5);
        JsonNode k = json(ops("GET", window));

        List<Double> cycles = new ArrayList<>();
        for (String order : List.of(w, s, p)) {
            cycles.add(cycleSeconds(order));
        }
        JsonNode cycle = k.path("cycleTime");
        assertThat(cycle.path("orders").asLong()).isEqualTo(3);
        assertThat(cycle.path("p50Seconds").asDouble()).isEqualTo(KpiMath.percentile(cycles, 50));
        assertThat(cycle.path("p90Seconds").asDouble()).isEqualTo(KpiMath.percentile(cycles, 90));
        assertThat(cycle.path("byChannel").path("shopify").path("orders").asLong()).isEqualTo(3);
        assertThat(cycle.path("byChannel").path("shopify").path("p90Seconds").asDouble())
                .isEqualTo(cycles.stream().mapToDouble(Double::doubleValue).max().orElseThrow());
        assertThat(cycle.path("truncated").asBoolean()).isFalse();

        JsonNode onTime = k.path("onTimeShip");
        assertThat(List.of(onTime.path("shipments").asLong(), onTime.path("withPromise").asLong(),
                onTime.path("onTime").asLong())).containsExactly(4L, 4L, 3L);
        assertThat(onTime.path("rate").asDouble()).isEqualTo(0.75);
        assertThat(onTime.path("byNode").path("KX-WEST").path("shipments").asLong()).isEqualTo(3);
        assertThat(onTime.path("byNode").path("KX-WEST").path("onTime").asLong()).isEqualTo(2);
        assertThat(onTime.path("byNode").path("KX-WEST").path("rate").asDouble()).isEqualTo(0.6667);
        assertThat(onTime.path("byNode").path("KX-EAST").path("rate").asDouble()).isEqualTo(1.0);

        JsonNode fill = k.path("fillRate");
        assertThat(List.of(fill.path("orders").asLong(), fill.path("lines").asLong(), fill.path("linesComplete").asLong()))
                .containsExactly(3L, 6L, 4L);
        assertThat(fill.path("rate").asDouble()).isEqualTo(0.6667);

        assertThat(k.path("splitRate").path("ordersSourced").asLong()).isEqualTo(4);
        assertThat(k.path("splitRate").path("ordersSplit").asLong()).isEqualTo(1);
        assertThat(k.path("splitRate").path("rate").asDouble()).isEqualTo(0.25);

        JsonNode west = k.path("nodes").path("KX-WEST");
        JsonNode east = k.path("nodes").path("KX-EAST");
        assertThat(List.of(west.path("orders").asLong(), west.path("ordersToday").asLong(),
                west.path("capacityPerDay").asLong())).containsExactly(3L, 3L, 10L);
        assertThat(west.path("capacityUsed").asDouble()).isEqualTo(0.3);
        assertThat(List.of(east.path("orders").asLong(), east.path("ordersToday").asLong(),
                east.path("capacityPerDay").asLong())).containsExactly(2L, 2L, 5L);
        assertThat(east.path("capacityUsed").asDouble()).isEqualTo(0.4);
        assertThat(west.path("down").asBoolean()).isFalse();

        assertThat(k.path("resourcings").asLong()).isEqualTo(1);

        JsonNode exceptions = k.path("exceptions");
        assertThat(exceptions.path("ordersOnHold").asLong()).isEqualTo(1);
        assertThat(exceptions.path("onHoldByReason").toString()).isEqualTo("{\"NO_SOURCE\":1}");
        assertThat(exceptions.path("deadLettersByQueue").path("DLQ.fulfillment.shipment-relay.shopify.v1").asInt()).isEqualTo(4);
        assertThat(exceptions.path("deadLettersByQueue").path("DLQ.fulfillment.node-requests.v1").asInt()).isEqualTo(1);
        assertThat(json(ops("GET", "/api/dead-letters")).path("deadLetters").size()).isEqualTo(5);

        assertThat(k.path("backorders").path("orders").asLong()).isEqualTo(1);
        assertThat(k.path("backorders").path("units").asLong()).isEqualTo(4);

        JsonNode returns = k.path("returns");
        assertThat(List.of(returns.path("returns").asLong(), returns.path("units").asLong(),
                returns.path("shippedUnits").asLong())).containsExactly(1L, 2L, 10L);
        assertThat(returns.path("rate").asDouble()).isEqualTo(0.2);
        assertThat(returns.path("byDisposition").path("RESTOCK").path("units").asLong()).isEqualTo(1);
        assertThat(returns.path("byDisposition").path("RESTOCK").path("rate").asDouble()).isEqualTo(0.1);
        assertThat(returns.path("byDisposition").path("DAMAGED").path("rate").asDouble()).isEqualTo(0.1);

        JsonNode oversell = k.path("oversell");
        assertThat(oversell.path("skus").asLong()).isEqualTo(3);
        assertThat(oversell.path("units").asLong()).isEqualTo(5);
        assertThat(oversell.path("top").get(0).path("sku").asText()).isEqualTo(d1);
        assertThat(oversell.path("top").get(0).path("excessUnits").asLong()).isEqualTo(3);
        assertThat(oversell.path("top").findValuesAsText("sku")).containsExactlyInAnyOrder(d1, d2, b3);

        JsonNode channel = json(ops("GET", "/api/stock/channels")).path("channels").path("shopify");
        JsonNode sync = k.path("stockSync").path("shopify");
        assertThat(sync.path("pending").asLong()).isEqualTo(channel.path("pending").asLong()).isPositive();
        assertThat(sync.path("listingExposureUnits").asLong()).isEqualTo(channel.path("exposureUnits").asLong()).isZero();
        assertThat(sync.path("oldestPendingSeconds").asDouble()).isPositive();
        assertThat(sync.path("lastPushAt").isNull()).isTrue();

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            String metrics = ops("GET", "/actuator/prometheus", "text/plain").body();
            assertThat(metric(metrics, "railhead_kpi_split_rate")).isEqualTo(0.25);
            assertThat(metric(metrics, "railhead_kpi_on_time_ship_rate")).isEqualTo(0.75);
            assertThat(metric(metrics, "railhead_kpi_fill_rate")).isEqualTo(0.6667);
            assertThat(metric(metrics, "railhead_kpi_node_orders{node=\"KX-WEST\"}")).isEqualTo(3.0);
            assertThat(metric(metrics, "railhead_kpi_node_capacity_used{node=\"KX-EAST\"}")).isEqualTo(0.4);
            assertThat(metric(metrics, "railhead_kpi_holds{reason=\"NO_SOURCE\"}")).isEqualTo(1.0);
            assertThat(metric(metrics, "railhead_kpi_dead_letters{queue=\"DLQ.fulfillment.shipment-relay.shopify.v1\"}"))
                    .isEqualTo(4.0);
            assertThat(metric(metrics, "railhead_kpi_backorder_units")).isEqualTo(4.0);
            assertThat(metric(metrics, "railhead_kpi_oversell_units")).isEqualTo(5.0);
            assertThat(metric(metrics, "railhead_kpi_return_disposition_rate{disposition=\"RESTOCK\"}")).isEqualTo(0.1);
            assertThat(metric(metrics, "railhead_kpi_cycle_time_seconds{channel=\"shopify\",quantile=\"0.5\"}"))
                    .isEqualTo(KpiMath.percentile(cycles, 50));
            assertThat(metric(metrics, "railhead_kpi_stock_pending{channel=\"shopify\"}")).isPositive();
            assertThat(metric(metrics, "railhead_fulfillment_resourcings_total")).isEqualTo(1.0);
            assertThat(metric(metrics, "railhead_fulfillment_cycle_time_seconds_count{channel=\"shopify\"}")).isEqualTo(3.0);
        });
    }

    /** Received → first SHIPPED timeline entry of an order, as the ops API shows them. */
    private double cycleSeconds(String orderId) {
        JsonNode view = json(ops("GET", "/api/orders/" + orderId));
        Instant received = Instant.parse(view.path("createdAt").asText());
        for (JsonNode t : view.path("timeline")) {
            if ("SHIPPED".equals(t.path("status").asText())) {
                return KpiMath.seconds(received, Instant.parse(t.path("at").asText()));
            }
        }
        throw new AssertionError("order " + orderId + " has not shipped");
    }

    /** The value of one sample line of the Prometheus text, by its name and labels as written. */
    private static double metric(String text, String sample) {
        for (String line : text.split("\n")) {
            if (line.startsWith(sample + " ")) {
                return Double.parseDouble(line.substring(sample.length() + 1).trim().split(" ")[0]);
            }
        }
        throw new AssertionError("no sample " + sample);
    }

    private void ship(String shipmentId, String orderId, String node, Instant at, Map<String, Integer> lines) {
        ObjectNode body = JSON.createObjectNode().put("shipmentId", shipmentId).put("orderId", orderId).put("nodeId", node)
                .put("shippedAt", at.toString()).put("carrier", "UPS").put("trackingNumber", "1Z" + shipmentId.hashCode());
        ArrayNode arr = body.putArray("lines");
        lines.forEach((sku, q) -> arr.addObject().put("sku", sku).put("quantity", q));
        HttpResponse<String> r = ops("POST", "/api/fulfillment/shipments", "application/json",
                body.toString().getBytes(StandardCharsets.UTF_8));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    }

    private static int requestsTo(String node, String channelOrderId) {
        return (int) NODES.findAll(postRequestedFor(urlPathEqualTo("/" + node.toLowerCase()))).stream()
                .filter(r -> r.getBodyAsString().contains(channelOrderId)).count();
    }

    private static String sku(String stem) {
        return stem + "-" + Long.toString(ThreadLocalRandom.current().nextLong(1L << 40), 36).toUpperCase();
    }

    private void snapshot(String location, Map<String, Integer> items) {
        ObjectNode e = JSON.createObjectNode().put("eventId", "snap-" + UUID.randomUUID()).put("source", "wms-it")
                .put("occurredAt", Instant.now().toString()).put("kind", "SNAPSHOT");
        ArrayNode arr = e.putArray("items");
        items.forEach((s, q) -> arr.addObject().put("sku", s).put("location", location).put("onHand", q));
        assertThat(ops("POST", "/api/stock/events", "application/json", e.toString().getBytes(StandardCharsets.UTF_8))
                .statusCode()).isEqualTo(202);
    }

    private long state(String sku, String location, String state) {
        for (JsonNode l : json(ops("GET", "/api/stock/" + sku)).path("locations")) {
            if (l.path("location").asText().equals(location)) {
                return l.path(state).asLong();
            }
        }
        return -1;
    }

    private ObjectNode order(String first, String second) {
        ObjectNode o = shopifyOrder();
        ((ObjectNode) o.get("line_items").get(0)).put("sku", first);
        ((ObjectNode) o.get("line_items").get(1)).put("sku", second);
        return o;
    }
}
