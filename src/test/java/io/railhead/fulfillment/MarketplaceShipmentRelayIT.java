package io.railhead.fulfillment;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.railhead.fulfillment.MarketplaceFixtures.amazonItems;
import static io.railhead.fulfillment.MarketplaceFixtures.amazonOrder;
import static io.railhead.fulfillment.MarketplaceFixtures.amazonOrderId;
import static io.railhead.fulfillment.MarketplaceFixtures.amazonPage;
import static io.railhead.fulfillment.MarketplaceFixtures.orderItemId;
import static io.railhead.fulfillment.MarketplaceFixtures.sku;
import static io.railhead.fulfillment.MarketplaceFixtures.walmartShipped;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.railhead.channel.PollTarget;
import io.railhead.channel.amazon.AmazonPoller;
import io.railhead.channel.walmart.WalmartPoller;
import io.railhead.channel.walmart.WalmartSimulator;
import io.railhead.fulfillment.MarketplaceFixtures.AmazonItem;
import io.railhead.order.OrderLifecycle;
import io.railhead.shared.HubProperties;
import io.railhead.support.HeldAnswers;
import io.railhead.support.HubIT;
import io.railhead.support.PollRuns;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.server.Queue;
import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.jms.core.JmsTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A shipment relayed once to each marketplace despite redeliveries and a 503 (issue 11, point 8), through the
 * whole hub: an order polled from the Amazon SP-API simulator, and one polled from the Walmart Marketplace
 * simulator, is sourced to a WireMock node; the node's shipment, reported on the ops API and once more on the
 * node's signed webhook (a duplicate), is relayed through the channel's own queue
 * ({@code fulfillment.shipment-relay.<channel>.v1}) to the channel, which answers 503 once and then takes it. The channel gets the one body it expects, twice (the failed attempt
 * and the one it took), and nothing after the duplicate. Simulator answers follow Orders v0
 * ({@code confirmShipment}, 204) and Walmart's {@code /v3/orders/{purchaseOrderId}/shipping}
 * ({@code GetOrderResponse}). And a queue per channel: while Amazon hangs on a confirmation (then answers 503 until
 * the shipment is dead-lettered, in Amazon's own DLQ, and replayed to Amazon's queue), a Walmart shipment is
 * relayed. Each test has its own SKUs and order ids.
 */
@DirtiesContext
@Import(MarketplaceShipmentRelayIT.BrokerBoundRelayTarget.class)
class MarketplaceShipmentRelayIT extends HubIT {

    static final String NODE = "MX-A";
    static final String NODE_SECRET = "mx-a-webhook-secret";
    static final String MARKETPLACE = "ATVPDKIKX0DER";
    static final Path DIR;
    static final WireMockServer NODES = new WireMockServer(WireMockConfiguration.options().bindAddress("127.0.0.1")
            .dynamicPort().usingFilesUnderDirectory("src/test/resources/wiremock"));
    /** Amazon's answers that wait for the test (a channel hanging mid-call). */
    static final HeldAnswers HELD = new HeldAnswers();
    static final WireMockServer AMAZON = new WireMockServer(WireMockConfiguration.options().bindAddress("127.0.0.1")
            .dynamicPort().usingFilesUnderDirectory("src/test/resources/wiremock").extensions(HELD));
    static final WireMockServer WALMART = WalmartSimulator.start();

    static {
        NODES.start();
        AMAZON.start();
        NODES.stubFor(post(urlPathEqualTo("/" + NODE.toLowerCase())).willReturn(aResponse().withStatus(201)
                .withHeader("Content-Type", "application/json").withBody("{\"status\": \"ACCEPTED\"}")));
        AMAZON.stubFor(post(urlPathEqualTo("/auth/o2/token")).withRequestBody(matching(".*grant_type=refresh_token.*"))
                .willReturn(okJson("{\"access_token\":\"Atza|relay\",\"token_type\":\"bearer\",\"expires_in\":3600}")));
        AMAZON.stubFor(get(urlPathEqualTo("/orders/v0/orders")).atPriority(10)
                .willReturn(okJson(amazonPage(JSON.createArrayNode()))));
        try {
            DIR = Files.createTempDirectory("marketplace-relay-it-");
            Files.writeString(DIR.resolve("stock.yml"), "locations:\n  " + NODE + ": {}\n  DC-TEST: {}\n");
            Files.writeString(DIR.resolve("nodes.yml"), """
                    nodes:
                      %s:
                        type: wms
                        endpoint: {url: "%s", auth: {type: bearer, token: "tok-%s"}}
                        address: {countryCode: US, region: NJ, postalCode: "07001"}
                        services: [STANDARD, EXPEDITED, NEXT_DAY]
                        capacity: {ordersPerDay: 1000}
                        cost: {STANDARD: 5.00, EXPEDITED: 9.00, NEXT_DAY: 30.00}
                        webhookSecret: "%s"
                    """.formatted(NODE, NODES.baseUrl() + "/" + NODE.toLowerCase(), NODE, NODE_SECRET));
            Files.writeString(DIR.resolve("routing.yml"), """
                    rules:
                      - name: one-node
                        nodes: [%s]
                        sortBy: [cost]
                    split: {allowed: false}
                    """.formatted(NODE));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @DynamicPropertySource
    static void hub(DynamicPropertyRegistry registry) {
        registry.add("railhead.stock.rules-file", () -> DIR.resolve("stock.yml").toString());
        registry.add("railhead.fulfillment.nodes-file", () -> DIR.resolve("nodes.yml").toString());
        registry.add("railhead.fulfillment.routing-file", () -> DIR.resolve("routing.yml").toString());
        registry.add("railhead.channels.amazon.enabled", () -> "true");
        registry.add("railhead.channels.amazon.endpoint", AMAZON::baseUrl);
        registry.add("railhead.channels.amazon.token-url", () -> AMAZON.baseUrl() + "/auth/o2/token");
        registry.add("railhead.channels.amazon.client-id", () -> "amzn1.application-oa2-client.test");
        registry.add("railhead.channels.amazon.client-secret", () -> "test-lwa-secret");
        registry.add("railhead.channels.amazon.refresh-token", () -> "Atzr|test-refresh");
        registry.add("railhead.channels.amazon.marketplace-ids", () -> MARKETPLACE);
        registry.add("railhead.channels.amazon.poll-interval", () -> "1h");
        registry.add("railhead.channels.amazon.rates.get-orders", () -> "20");
        registry.add("railhead.channels.amazon.rates.get-order-items", () -> "20");
        registry.add("railhead.channels.walmart.enabled", () -> "true");
        registry.add("railhead.channels.walmart.endpoint", WALMART::baseUrl);
        registry.add("railhead.channels.walmart.client-id", () -> WalmartSimulator.CLIENT_ID);
        registry.add("railhead.channels.walmart.client-secret", () -> WalmartSimulator.CLIENT_SECRET);
        registry.add("railhead.channels.walmart.poll-interval", () -> "1h");
        registry.add("railhead.channels.walmart.requests-per-second", () -> "50");
    }

    @AfterAll
    static void stop() {
        NODES.stop();
        AMAZON.stop();
        WALMART.stop();
    }

    @Autowired
    AmazonPoller amazonPoller;

    @Autowired
    WalmartPoller walmartPoller;

    @Autowired
    HubProperties hub;

    @Autowired
    List<ShipmentRelayTarget> targets;

    @Autowired
    CamelContext camel;

    @Test
    void anAmazonShipmentIsConfirmedOnceThroughA503_andTheDuplicateWebhookSendsNothing() throws Exception {
        String amazonOrderId = amazonOrderId();
        String lamp = sku("AL");
        String shade = sku("AS");
        String lampItem = orderItemId();
        String shadeItem = orderItemId();
        amazonOrder(AMAZON, MARKETPLACE, amazonOrderId, List.of(new AmazonItem(lampItem, lamp, 2, "24.00"), new AmazonItem(shadeItem, shade, 1,
                "9.50")));
        String confirm = "/orders/v0/orders/" + amazonOrderId + "/shipmentConfirmation";
        AMAZON.stubFor(post(urlEqualTo(confirm)).withHeader("x-amz-access-token", equalTo("Atza|relay"))
                .inScenario(confirm).whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(503).withHeader("Content-Type", "application/json")
                        .withBody("{\"errors\":[{\"code\":\"ServiceUnavailable\",\"message\":\"Service temporarily "
                                + "unavailable\"}]}"))
                .willSetStateTo("up"));
        AMAZON.stubFor(post(urlEqualTo(confirm)).withHeader("x-amz-access-token", equalTo("Atza|relay"))
                .inScenario(confirm).whenScenarioStateIs("up")
                .willReturn(aResponse().withStatus(204).withHeader("x-amzn-RateLimit-Limit", "2.0")));
        stock(lamp, shade);

        PollRuns.runAll(amazonPoller.targets(), amazonPoller::pollTarget);
        String orderId = awaitReleased("amazon", amazonOrderId);
        JsonNode request = awaitNodeRequest(lamp);
        assertThat(request.path("orderId").asText()).isEqualTo(orderId);

        // A numeric shipment id is Amazon's packageReferenceId as it is.
        String shipmentId = String.valueOf(1_000_000_000L + ThreadLocalRandom.current().nextLong(8_000_000_000L));
        Instant shippedAt = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(60);
        ObjectNode shipment = shipment(shipmentId, orderId, shippedAt, "UPS", "1Z999AA10123456784");
        ArrayNode lines = shipment.putArray("lines");
        lines.addObject().put("lineId", lineOf(request, lamp)).put("quantity", 2);
        lines.addObject().put("lineId", lineOf(request, shade)).put("quantity", 1);

        reportAndRelay(shipment, orderId, "amazon", AMAZON, confirm);

        List<ServeEvent> calls = calls(AMAZON, confirm);
        assertThat(calls).extracting(e -> e.getResponse().getStatus()).containsExactly(503, 204);
        JsonNode expected = JSON.readTree("""
                {"marketplaceId": "%s",
                 "packageDetail": {"packageReferenceId": "%s", "carrierCode": "UPS",
                                   "trackingNumber": "1Z999AA10123456784", "shipDate": "%s",
                                   "orderItems": [{"orderItemId": "%s", "quantity": 2},
                                                  {"orderItemId": "%s", "quantity": 1}]}}
                """.formatted(MARKETPLACE, shipmentId, shippedAt, lampItem, shadeItem));
        assertThat(calls).allSatisfy(c -> assertThat(json(c.getRequest().getBodyAsString()))
                .as("the same confirmation on each attempt").isEqualTo(expected));
        assertThat(calls.get(1).getRequest().getHeader("Content-Type")).startsWith("application/json");
        assertThat(timeline(orderId)).contains("shipment " + shipmentId + " relayed to amazon");
    }

    @Test
    void amazonPartialShipments_aRepeatAfterALostAnswerIsNotConfirmedAgain_theNextPartIs() throws Exception {
        String amazonOrderId = amazonOrderId();
        String lamp = sku("AP");
        String lampItem = orderItemId();
        amazonOrder(AMAZON, MARKETPLACE, amazonOrderId, List.of(new AmazonItem(lampItem, lamp, 3, "72.00")));
        stock(lamp);
        PollRuns.runAll(amazonPoller.targets(), amazonPoller::pollTarget);
        String orderId = awaitReleased("amazon", amazonOrderId);
        String line = lineOf(awaitNodeRequest(lamp), lamp);
        String first = String.valueOf(1_000_000_000L + ThreadLocalRandom.current().nextLong(8_000_000_000L));
        String second = String.valueOf(Long.parseLong(first) + 1);
        // Amazon takes the first confirmation but its answer is lost (503); its items then show 1, later 2, of 3.
        String confirm = "/orders/v0/orders/" + amazonOrderId + "/shipmentConfirmation";
        String items = "/orders/v0/orders/" + amazonOrderId + "/orderItems";
        AMAZON.stubFor(get(urlPathEqualTo(items)).atPriority(1).inScenario(items).whenScenarioStateIs(Scenario.STARTED)
                .willReturn(okJson(amazonItems(amazonOrderId, lampItem, lamp, 3, 0))));
        AMAZON.stubFor(post(urlEqualTo(confirm)).inScenario(items).whenScenarioStateIs(Scenario.STARTED)
                .withRequestBody(matching(".*\"packageReferenceId\":\"" + first + "\".*"))
                .willReturn(aResponse().withStatus(503)).willSetStateTo("one shipped"));
        AMAZON.stubFor(get(urlPathEqualTo(items)).atPriority(1).inScenario(items).whenScenarioStateIs("one shipped")
                .willReturn(okJson(amazonItems(amazonOrderId, lampItem, lamp, 3, 1))));
        AMAZON.stubFor(post(urlEqualTo(confirm)).inScenario(items).whenScenarioStateIs("one shipped")
                .withRequestBody(matching(".*\"packageReferenceId\":\"" + second + "\".*"))
                .willReturn(aResponse().withStatus(204)).willSetStateTo("two shipped"));
        AMAZON.stubFor(get(urlPathEqualTo(items)).atPriority(1).inScenario(items).whenScenarioStateIs("two shipped")
                .willReturn(okJson(amazonItems(amazonOrderId, lampItem, lamp, 3, 2))));

        for (String shipmentId : List.of(first, second)) {
            ObjectNode shipment = shipment(shipmentId, orderId, Instant.now().truncatedTo(ChronoUnit.SECONDS)
                    .minusSeconds(60), "UPS", "1Z" + shipmentId);
            shipment.putArray("lines").addObject().put("lineId", line).put("quantity", 1);
            HttpResponse<String> reported = ops("POST", "/api/fulfillment/shipments", "application/json", bytes(shipment));
            assertThat(reported.statusCode()).as(reported.body()).isEqualTo(201);
            await().atMost(Duration.ofSeconds(30)).until(() -> timeline(orderId).contains("shipment " + shipmentId
                    + " relayed to amazon") && drained(hub.queues().shipmentRelay("amazon")));
        }

        assertThat(calls(AMAZON, confirm)).extracting(e -> json(e.getRequest().getBodyAsString())
                        .at("/packageDetail/packageReferenceId").asText() + " " + e.getResponse().getStatus())
                .as("the first once (taken, its answer lost), the second once: relayed 1 before, Amazon shows 1")
                .containsExactly(first + " 503", second + " 204");
        assertThat(timeline(orderId)).contains("shipment " + first + " relayed to amazon: Amazon shows the items of "
                + "order " + amazonOrderId + " shipped already").contains("shipment " + second
                + " relayed to amazon: Amazon confirmed package " + second).doesNotContain("not relayed to amazon");
    }

    @Test
    void aWalmartShipmentIsShippedOnceThroughA503_andTheDuplicateWebhookSendsNothing() throws Exception {
        String purchaseOrderId = WalmartSimulator.newPurchaseOrderId();
        String mug = sku("WM");
        WALMART.stubFor(WalmartSimulator.authorized(get(urlPathEqualTo("/v3/orders/released"))).atPriority(1)
                .willReturn(WalmartSimulator.page(List.of(WalmartSimulator.order(purchaseOrderId, mug)), null)));
        String shipping = "/v3/orders/" + purchaseOrderId + "/shipping";
        WALMART.stubFor(WalmartSimulator.authorized(post(urlEqualTo(shipping))).atPriority(1)
                .withHeader("Content-Type", matching("application/json.*"))
                .inScenario(shipping).whenScenarioStateIs(Scenario.STARTED)
                .willReturn(WalmartSimulator.error(503, "SERVICE_UNAVAILABLE.GMP_GATEWAY_API", "unavailable"))
                .willSetStateTo("up"));
        WALMART.stubFor(WalmartSimulator.authorized(post(urlEqualTo(shipping))).atPriority(1)
                .withHeader("Content-Type", matching("application/json.*"))
                .inScenario(shipping).whenScenarioStateIs("up")
                .willReturn(okJson(walmartShipped(purchaseOrderId, mug))));
        stock(mug);

        walmartPoller.pollTarget(PollTarget.of("walmart", "default"));
        String orderId = awaitReleased("walmart", purchaseOrderId);
        JsonNode request = awaitNodeRequest(mug);
        assertThat(request.path("orderId").asText()).isEqualTo(orderId);

        String shipmentId = "shp-" + UUID.randomUUID();
        Instant shippedAt = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(60);
        ObjectNode shipment = shipment(shipmentId, orderId, shippedAt, "FedEx", "794644790138");
        shipment.putArray("lines").addObject().put("lineId", lineOf(request, mug)).put("quantity", 2);

        reportAndRelay(shipment, orderId, "walmart", WALMART, shipping);

        List<ServeEvent> calls = calls(WALMART, shipping);
        assertThat(calls).extracting(e -> e.getResponse().getStatus()).containsExactly(503, 200);
        JsonNode expected = JSON.readTree("""
                {"orderShipment": {"orderLines": {"orderLine": [
                  {"lineNumber": "1", "sellerOrderId": "%s",
                   "orderLineStatuses": {"orderLineStatus": [
                     {"status": "Shipped", "statusQuantity": {"unitOfMeasurement": "EACH", "amount": "2"},
                      "trackingInfo": {"shipDateTime": %d, "carrierName": {"carrier": "FedEx"},
                                       "methodCode": "Standard", "trackingNumber": "794644790138"}}]}}]}}}
                """.formatted(purchaseOrderId, shippedAt.toEpochMilli()));
        assertThat(calls).allSatisfy(c -> assertThat(json(c.getRequest().getBodyAsString()))
                .as("the same shipping update on each attempt").isEqualTo(expected));
        assertThat(timeline(orderId)).contains("shipment " + shipmentId + " relayed to walmart");
    }

    @Test
    void anAmazonRelayHangingThenFailingNeverHoldsUpAWalmartOne_andIsDeadLetteredAndReplayedOnAmazonsOwnQueue()
            throws Exception {
        String amazonOrderId = amazonOrderId();
        String lamp = sku("AH");
        String lampItem = orderItemId();
        amazonOrder(AMAZON, MARKETPLACE, amazonOrderId, List.of(new AmazonItem(lampItem, lamp, 1, "24.00")));
        String confirm = "/orders/v0/orders/" + amazonOrderId + "/shipmentConfirmation";
        // Amazon hangs on the first confirmation until the test lets it answer 503, then answers 503 at once.
        ResponseDefinitionBuilder unavailable = aResponse().withStatus(503).withHeader("Content-Type",
                "application/json").withBody("{\"errors\":[{\"code\":\"ServiceUnavailable\",\"message\":\"down\"}]}");
        AMAZON.stubFor(post(urlEqualTo(confirm)).inScenario(confirm).whenScenarioStateIs(Scenario.STARTED)
                .willReturn(unavailable.but().withTransformers(HeldAnswers.NAME)).willSetStateTo("down"));
        AMAZON.stubFor(post(urlEqualTo(confirm)).inScenario(confirm).whenScenarioStateIs("down").willReturn(unavailable));
        String purchaseOrderId = WalmartSimulator.newPurchaseOrderId();
        String mug = sku("WH");
        WALMART.stubFor(WalmartSimulator.authorized(get(urlPathEqualTo("/v3/orders/released"))).atPriority(1)
                .willReturn(WalmartSimulator.page(List.of(WalmartSimulator.order(purchaseOrderId, mug)), null)));
        WALMART.stubFor(WalmartSimulator.authorized(post(urlEqualTo("/v3/orders/" + purchaseOrderId + "/shipping")))
                .atPriority(1).willReturn(okJson(walmartShipped(purchaseOrderId, mug))));
        stock(lamp, mug);
        PollRuns.runAll(amazonPoller.targets(), amazonPoller::pollTarget);
        walmartPoller.pollTarget(PollTarget.of("walmart", "default"));
        String amazonOrder = awaitReleased("amazon", amazonOrderId);
        String walmartOrder = awaitReleased("walmart", purchaseOrderId);
        JsonNode amazonRequest = awaitNodeRequest(lamp);
        JsonNode walmartRequest = awaitNodeRequest(mug);

        String amazonShipment = String.valueOf(1_000_000_000L + ThreadLocalRandom.current().nextLong(8_000_000_000L));
        Instant shippedAt = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(60);
        ObjectNode a = shipment(amazonShipment, amazonOrder, shippedAt, "UPS", "1Z999AA10123456785");
        a.putArray("lines").addObject().put("lineId", lineOf(amazonRequest, lamp)).put("quantity", 1);
        assertThat(ops("POST", "/api/fulfillment/shipments", "application/json", bytes(a)).statusCode()).isEqualTo(201);
        await().atMost(Duration.ofSeconds(20)).until(() -> HELD.holding() == 1);

        String walmartShipment = "shp-" + UUID.randomUUID();
        ObjectNode w = shipment(walmartShipment, walmartOrder, shippedAt, "FedEx", "794644790139");
        w.putArray("lines").addObject().put("lineId", lineOf(walmartRequest, mug)).put("quantity", 2);
        assertThat(ops("POST", "/api/fulfillment/shipments", "application/json", bytes(w)).statusCode()).isEqualTo(201);
        await().atMost(Duration.ofSeconds(20)).until(() -> timeline(walmartOrder).contains("shipment " + walmartShipment
                + " relayed to walmart"));
        assertThat(HELD.holding()).as("Amazon's call still hangs: Walmart's relay did not wait for it").isEqualTo(1);
        assertThat(timeline(amazonOrder)).doesNotContain("relayed to amazon");

        HELD.release();
        String amazonQueue = hub.queues().shipmentRelay("amazon");
        await().atMost(Duration.ofSeconds(30)).until(() -> timeline(amazonOrder).contains("shipment " + amazonShipment
                + " not relayed to amazon after 3 attempts") && drained(amazonQueue));
        assertThat(timeline(amazonOrder)).contains("replay it from DLQ.fulfillment.shipment-relay.amazon.v1");
        assertThat(calls(AMAZON, confirm)).extracting(e -> e.getResponse().getStatus()).containsExactly(503, 503, 503);
        List<JsonNode> dead = deadLetters(amazonOrder);
        assertThat(dead).as("one dead letter, in Amazon's relay DLQ").hasSize(1);
        assertThat(dead.get(0).path("queue").asText()).isEqualTo("DLQ.fulfillment.shipment-relay.amazon.v1");
        assertThat(dead.get(0).path("originalQueue").asText()).isEqualTo(amazonQueue);
        assertThat(deadLetters(walmartOrder)).isEmpty();

        AMAZON.stubFor(post(urlEqualTo(confirm)).atPriority(1).willReturn(aResponse().withStatus(204)));
        String walmartQueue = hub.queues().shipmentRelay("walmart");
        long amazonQueued = messagesAdded(amazonQueue);
        long walmartQueued = messagesAdded(walmartQueue);
        HttpResponse<String> replay = ops("POST", "/api/dead-letters/" + dead.get(0).path("id").asText() + "/replay");
        assertThat(replay.statusCode()).as(replay.body()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(20)).until(() -> timeline(amazonOrder).contains("shipment " + amazonShipment
                + " relayed to amazon") && drained(amazonQueue));
        assertThat(messagesAdded(amazonQueue)).as("replayed to Amazon's own queue").isEqualTo(amazonQueued + 1);
        assertThat(messagesAdded(walmartQueue)).isEqualTo(walmartQueued);
        assertThat(calls(AMAZON, confirm)).extracting(e -> e.getResponse().getStatus())
                .containsExactly(503, 503, 503, 204);
        assertThat(deadLetters(amazonOrder)).isEmpty();
    }

    /** A relay target that needs the broker itself, as one that writes orders does (their events go out by JMS). */
    @TestConfiguration
    static class BrokerBoundRelayTarget {

        static final String CHANNEL = "it-broker-bound";

        @Bean
        ShipmentRelayTarget brokerBoundRelayTarget(OrderLifecycle lifecycle, JmsTemplate jms) {
            return new ShipmentRelayTarget() {
                @Override
                public String channel() {
                    return CHANNEL;
                }

                @Override
                public RelayResult relay(RelayedShipment shipment) {
                    return RelayResult.refused("not a channel");
                }
            };
        }
    }

    @Test
    void everyRelayTargetHasItsQueueWithItsDeadLetterQueueAndItsConsumerRoute() {
        List<String> channels = targets.stream().map(ShipmentRelayTarget::channel).toList();
        assertThat(channels).contains("shopify", "amazon", "walmart", BrokerBoundRelayTarget.CHANNEL);
        for (String channel : channels) {
            String queue = "fulfillment.shipment-relay." + channel + ".v1";
            assertThat(broker.getActiveMQServer().locateQueue(SimpleString.of(queue))).as(queue).isNotNull();
            assertThat(broker.getActiveMQServer().locateQueue(SimpleString.of("DLQ." + queue))).isNotNull();
            assertThat(broker.getActiveMQServer().getAddressSettingsRepository().getMatch(queue).getDeadLetterAddress()
                    .toString()).isEqualTo("DLQ." + queue);
            Route route = camel.getRoute("shipment-relay-" + channel);
            assertThat(route).as("route shipment-relay-" + channel).isNotNull();
            assertThat(route.getEndpoint().getEndpointUri()).isEqualTo("jms://queue:" + queue);
            assertThat(route.getConfigurationId()).isEqualTo("queue-consumer");
        }
        assertThat(json(ops("GET", "/api/kpis")).path("exceptions").path("deadLettersByQueue").has(
                "DLQ.fulfillment.shipment-relay.amazon.v1")).isTrue();
    }

    /** The dead letters the dead-letter API lists for the order. */
    private List<JsonNode> deadLetters(String orderId) {
        List<JsonNode> found = new java.util.ArrayList<>();
        json(ops("GET", "/api/dead-letters")).path("deadLetters").forEach(d -> {
            if (d.path("orderId").asText().equals(orderId)) {
                found.add(d);
            }
        });
        return found;
    }

    /**
     * Reports the shipment on the ops API, waits for the channel's relay (the queue drained, the timeline entry),
     * then sends it again on the node's signed webhook: a duplicate, after which nothing more is queued or sent to
     * {@code relayUrl}.
     */
    private void reportAndRelay(ObjectNode shipment, String orderId, String channel, WireMockServer simulator,
                                String relayUrl) {
        String shipmentId = shipment.path("shipmentId").asText();
        HttpResponse<String> first = ops("POST", "/api/fulfillment/shipments", "application/json", bytes(shipment));
        assertThat(first.statusCode()).as(first.body()).isEqualTo(201);
        assertThat(json(first).path("duplicate").asBoolean()).isFalse();
        String relayQueue = hub.queues().shipmentRelay(channel);
        await().atMost(Duration.ofSeconds(30)).until(() -> timeline(orderId).contains("shipment " + shipmentId
                + " relayed to " + channel) && drained(relayQueue));
        assertThat(timeline(orderId)).doesNotContain("not relayed to " + channel);
        long queued = messagesAdded(relayQueue);
        int sent = calls(simulator, relayUrl).size();

        byte[] again = bytes(shipment);
        HttpResponse<String> duplicate = send(HttpRequest.newBuilder(uri("/webhooks/nodes/" + NODE + "/shipments"))
                .header("Content-Type", "application/json").header("X-Railhead-Signature", "sha256=" + hmac(again))
                .POST(HttpRequest.BodyPublishers.ofByteArray(again)).build());
        assertThat(duplicate.statusCode()).as(duplicate.body()).isEqualTo(200);
        assertThat(json(duplicate).path("duplicate").asBoolean()).isTrue();
        assertThat(json(duplicate).path("relayStatus").asText()).isEqualTo("RELAYED");

        // A relay the duplicate queued would be on the queue when the webhook answered: drained means handled.
        await().atMost(Duration.ofSeconds(10)).until(() -> drained(relayQueue));
        assertThat(messagesAdded(relayQueue)).as("nothing queued for the duplicate").isEqualTo(queued);
        assertThat(calls(simulator, relayUrl)).as("nothing sent for the duplicate").hasSize(sent);
        assertThat(timeline(orderId).split("relayed to " + channel, -1)).as("one relay on the timeline").hasSize(2);
    }

    private boolean drained(String queue) {
        Queue q = broker.getActiveMQServer().locateQueue(SimpleString.of(queue));
        // The message count includes scheduled (retry) and delivering messages.
        return q != null && q.getMessageCount() == 0 && q.getDeliveringCount() == 0;
    }

    private static List<ServeEvent> calls(WireMockServer server, String url) {
        return server.getAllServeEvents().stream().filter(e -> e.getRequest().getUrl().equals(url))
                .sorted((a, b) -> a.getRequest().getLoggedDate().compareTo(b.getRequest().getLoggedDate())).toList();
    }

    // --- the hub

    /** A stock snapshot of 10 of each SKU at the node's location, waited for until the ledger shows it. */
    private void stock(String... skus) {
        ObjectNode e = JSON.createObjectNode().put("eventId", "snap-" + UUID.randomUUID()).put("source", "wms-it")
                .put("occurredAt", Instant.now().toString()).put("kind", "SNAPSHOT");
        ArrayNode items = e.putArray("items");
        for (String sku : skus) {
            items.addObject().put("sku", sku).put("location", NODE).put("onHand", 10);
        }
        assertThat(ops("POST", "/api/stock/events", "application/json", bytes(e)).statusCode()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(20)).until(() -> List.of(skus).stream().allMatch(s -> onHand(s) == 10));
    }

    private long onHand(String sku) {
        for (JsonNode l : json(ops("GET", "/api/stock/" + sku)).path("locations")) {
            if (l.path("location").asText().equals(NODE)) {
                return l.path("onHand").asLong();
            }
        }
        return -1;
    }

    /** Waits for the channel's order to be at the ERP; its hub order id. */
    private String awaitReleased(String channel, String channelOrderId) {
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            JsonNode orders = json(ops("GET", "/api/orders?channel=" + channel + "&channelOrderId=" + channelOrderId))
                    .path("orders");
            return !orders.isEmpty() && "RELEASED".equals(orders.get(0).path("status").asText());
        });
        return json(ops("GET", "/api/orders?channel=" + channel + "&channelOrderId=" + channelOrderId)).path("orders")
                .get(0).path("orderId").asText();
    }

    /** The one request the node received for the order holding {@code sku}. */
    private static JsonNode awaitNodeRequest(String sku) {
        await().atMost(Duration.ofSeconds(20)).until(() -> nodeRequests(sku).size() == 1);
        return json(nodeRequests(sku).get(0).getBodyAsString());
    }

    private static List<LoggedRequest> nodeRequests(String sku) {
        return NODES.findAll(postRequestedFor(urlPathEqualTo("/" + NODE.toLowerCase()))).stream()
                .filter(r -> r.getBodyAsString().contains("\"" + sku + "\"")).toList();
    }

    private static String lineOf(JsonNode request, String sku) {
        for (JsonNode l : request.path("lines")) {
            if (l.path("sku").asText().equals(sku)) {
                return l.path("lineId").asText();
            }
        }
        throw new AssertionError("no line of " + sku + " in " + request);
    }

    private static ObjectNode shipment(String shipmentId, String orderId, Instant shippedAt, String carrier,
                                       String trackingNumber) {
        return JSON.createObjectNode().put("shipmentId", shipmentId).put("orderId", orderId).put("nodeId", NODE)
                .put("shippedAt", shippedAt.toString()).put("carrier", carrier).put("trackingNumber", trackingNumber);
    }

    private String timeline(String orderId) {
        return ops("GET", "/api/orders/" + orderId).body();
    }

    /** The hex HMAC-SHA256 of the raw body keyed with the node's webhook secret. */
    private static String hmac(byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(NODE_SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] bytes(JsonNode json) {
        return json.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static JsonNode json(String s) {
        try {
            return JSON.readTree(s);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
