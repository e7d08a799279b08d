package io.railhead.channel.walmart;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static io.railhead.channel.walmart.WalmartSimulator.authorized;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.railhead.fulfillment.CarrierCodes;
import io.railhead.fulfillment.RelayResult;
import io.railhead.fulfillment.RelayResult.Outcome;
import io.railhead.fulfillment.RelayedShipment;
import io.railhead.fulfillment.RelayedShipment.Line;
import io.railhead.support.ShippedDefaults;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Walmart shipment relay against the simulator, shaped by the official model
 * ({@code ../shared/specs/walmart/us-mp-orders.json}, {@code shippingUpdates}: {@code OrderShipment} with
 * {@code ShippingLineType}, {@code ShipLineStatusType}, {@code TrackingInfoType}, {@code CarrierNameType}):
 * the body field by field, otherCarrier with its tracking URL, 5xx retried, 400 refused with Walmart's errors.
 */
class WalmartShipmentRelayTest {

    static WireMockServer WALMART;
    static final String PO = "1796277083022";
    static final String SHIPPING = "/v3/orders/" + PO + "/shipping";
    static final long SHIPPED = Instant.parse("2026-05-04T15:30:00Z").toEpochMilli();
    static final CarrierCodes CODES = new CarrierCodes(Map.of("UPS", Map.of("walmart", "UPS"),
            "FedEx", Map.of("walmart", "FedEx")));

    @BeforeAll
    static void start() {
        WALMART = WalmartSimulator.start();
    }

    @AfterAll
    static void stop() {
        WALMART.stop();
    }

    @BeforeEach
    void reset() {
        WALMART.resetAll();
        WalmartSimulator.defaults(WALMART);
    }

    private WalmartShipmentRelay relay() {
        Map<String, Object> m = new HashMap<>();
        m.put("railhead.channels.walmart.endpoint", WALMART.baseUrl());
        m.put("railhead.channels.walmart.client-id", WalmartSimulator.CLIENT_ID);
        m.put("railhead.channels.walmart.client-secret", WalmartSimulator.CLIENT_SECRET);
        WalmartProperties properties = ShippedDefaults.bind(WalmartProperties.class, m);
        return new WalmartShipmentRelay(properties, new WalmartClients(properties, new SimpleMeterRegistry()), () -> CODES);
    }

    static RelayedShipment shipment(String carrier, String service, String trackingUrl,
                                    List<RelayedShipment.Package> packages) {
        return new RelayedShipment("ord-1", "walmart", "default", PO, "shp-1", Instant.ofEpochMilli(SHIPPED), carrier,
                service, "9400111899223197428490", trackingUrl, List.of(new Line("1", "WM-SKU-1", 2),
                new Line("2", "WM-SKU-2", 1)), packages, null);
    }

    static void answers(ResponseDefinitionBuilder answer) {
        WALMART.stubFor(authorized(post(urlPathMatching("/v3/orders/[0-9]+/shipping"))).atPriority(10).willReturn(answer));
    }

    static ResponseDefinitionBuilder shippedOrder() {
        return aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                .withBody("{\"order\":{\"purchaseOrderId\":\"" + PO + "\",\"orderLines\":{\"orderLine\":[]}}}");
    }

    static List<JsonNode> bodies() throws Exception {
        List<JsonNode> bodies = new ArrayList<>();
        for (LoggedRequest r : WALMART.findAll(postRequestedFor(urlPathEqualTo(SHIPPING)))) {
            bodies.add(WalmartOrders.JSON.readTree(r.getBodyAsString()));
        }
        return bodies;
    }

    @Test
    void shipped_theOrderShipmentFieldByField() throws Exception {
        answers(shippedOrder());

        RelayResult result = relay().relay(shipment("fedex", "EXPEDITED", "https://www.fedex.com/track/9400", null));

        assertThat(result.outcome()).isEqualTo(Outcome.ACCEPTED);
        WALMART.verify(postRequestedFor(urlPathEqualTo(SHIPPING)).withHeader("Content-Type", equalTo("application/json")));
        JsonNode lines = bodies().get(0).path("orderShipment").path("orderLines").path("orderLine");
        assertThat(lines).hasSize(2);
        JsonNode first = lines.get(0);
        assertThat(first.path("lineNumber").asText()).isEqualTo("1");
        assertThat(first.path("sellerOrderId").asText()).as("no seller order id on the order: the PO").isEqualTo(PO);
        JsonNode status = first.path("orderLineStatuses").path("orderLineStatus");
        assertThat(status).hasSize(1);
        assertThat(status.get(0).path("status").asText()).isEqualTo("Shipped");
        assertThat(status.get(0).path("statusQuantity").path("unitOfMeasurement").asText()).isEqualTo("EACH");
        assertThat(status.get(0).path("statusQuantity").path("amount").isTextual()).as("a string").isTrue();
        assertThat(status.get(0).path("statusQuantity").path("amount").asText()).isEqualTo("2");
        JsonNode tracking = status.get(0).path("trackingInfo");
        assertThat(tracking.path("shipDateTime").isIntegralNumber()).isTrue();
        assertThat(tracking.path("shipDateTime").asLong()).isEqualTo(SHIPPED);
        assertThat(tracking.path("carrierName").path("carrier").asText()).isEqualTo("FedEx");
        assertThat(tracking.path("carrierName").has("otherCarrier")).isFalse();
        assertThat(tracking.path("methodCode").asText()).isEqualTo("Express");
        assertThat(tracking.path("trackingNumber").asText()).isEqualTo("9400111899223197428490");
        assertThat(tracking.path("trackingURL").asText()).isEqualTo("https://www.fedex.com/track/9400");
        assertThat(lines.get(1).path("lineNumber").asText()).isEqualTo("2");
        assertThat(lines.get(1).at("/orderLineStatuses/orderLineStatus/0/statusQuantity/amount").asText()).isEqualTo("1");
    }

    /** Walmart's order ({@code GET /v3/orders/{po}}) with lines 1 and 2 Shipped under {@code tracking}. */
    static void walmartShows(String tracking) {
        String line = "{\"lineNumber\":\"%s\",\"orderLineStatuses\":{\"orderLineStatus\":[{\"status\":\"Shipped\","
                + "\"statusQuantity\":{\"unitOfMeasurement\":\"EACH\",\"amount\":\"%s\"},\"trackingInfo\":{"
                + "\"shipDateTime\":" + SHIPPED + ",\"carrierName\":{\"carrier\":\"UPS\"},\"methodCode\":\"Standard\","
                + "\"trackingNumber\":\"" + tracking + "\"}}]}}";
        WALMART.stubFor(authorized(com.github.tomakehurst.wiremock.client.WireMock.get(urlPathEqualTo("/v3/orders/" + PO)))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                        .withBody("{\"order\":{\"purchaseOrderId\":\"" + PO + "\",\"orderLines\":{\"orderLine\":["
                                + line.formatted("1", "2") + "," + line.formatted("2", "1") + "]}}}")));
    }

    @Test
    void aShipmentWalmartShowsShippedWithItsTrackingAlready_isAcceptedUnsent() throws Exception {
        answers(shippedOrder());
        walmartShows("9400111899223197428490");

        RelayResult result = relay().relay(shipment("UPS", "STANDARD", null, null));

        assertThat(result.outcome()).isEqualTo(Outcome.ACCEPTED);
        assertThat(result.message()).contains("shipped with this tracking already");
        assertThat(bodies()).as("not shipped twice").isEmpty();
    }

    @Test
    void aShipmentWalmartShowsWithOtherTracking_isSent() throws Exception {
        answers(shippedOrder());
        walmartShows("1Z-ANOTHER-PARCEL");

        RelayResult result = relay().relay(shipment("UPS", "STANDARD", null, null));

        assertThat(result.outcome()).isEqualTo(Outcome.ACCEPTED);
        assertThat(bodies()).hasSize(1);
    }

    @Test
    void aCarrierWalmartHasNoCodeFor_goesAsOtherCarrierWithTheTrackingUrl() throws Exception {
        answers(shippedOrder());

        RelayResult result = relay().relay(shipment("Acme Freight", "NEXT_DAY", "https://acme.example/t/9400", null));

        assertThat(result.outcome()).isEqualTo(Outcome.ACCEPTED);
        JsonNode tracking = bodies().get(0).at("/orderShipment/orderLines/orderLine/0/orderLineStatuses/orderLineStatus/0"
                + "/trackingInfo");
        assertThat(tracking.path("carrierName").path("otherCarrier").asText()).isEqualTo("Acme Freight");
        assertThat(tracking.path("carrierName").has("carrier")).isFalse();
        assertThat(tracking.path("trackingURL").asText()).isEqualTo("https://acme.example/t/9400");
        assertThat(tracking.path("methodCode").asText()).isEqualTo("OneDay");
    }

    @Test
    void otherCarrierWithoutATrackingUrl_isRefusedUnsent() throws Exception {
        RelayResult result = relay().relay(shipment("Acme Freight", "STANDARD", null, null));

        assertThat(result.outcome()).isEqualTo(Outcome.REFUSED);
        assertThat(result.message()).contains("otherCarrier").contains("tracking URL");
        assertThat(bodies()).isEmpty();
    }

    @Test
    void serverError_5xx_isRetried() throws Exception {
        answers(WalmartSimulator.error(503, "SERVICE_UNAVAILABLE.GMP_GATEWAY_API", "Service unavailable")
                .withHeader("Retry-After", "4"));

        RelayResult result = relay().relay(shipment("UPS", "STANDARD", null, null));

        assertThat(result.outcome()).isEqualTo(Outcome.RETRY);
        assertThat(result.retryAfter()).isEqualTo(Duration.ofSeconds(4));
        assertThat(result.message()).contains("503").contains("Service unavailable");
        assertThat(bodies()).as("sent once: the caller repeats").hasSize(1);
    }

    @Test
    void aRefusal_400_carriesWalmartsError() throws Exception {
        answers(WalmartSimulator.error(400, "INVALID_REQUEST_CONTENT.GMP_ORDER_API",
                "Line number 2 quantity exceeds the ordered quantity"));

        RelayResult result = relay().relay(shipment("UPS", "STANDARD", null, null));

        assertThat(result.outcome()).isEqualTo(Outcome.REFUSED);
        assertThat(result.message()).contains("INVALID_REQUEST_CONTENT.GMP_ORDER_API")
                .contains("exceeds the ordered quantity");
    }

    @Test
    void packages_oneShippedStatusPerParcelOfALine_eachWithItsTracking() throws Exception {
        answers(shippedOrder());
        List<RelayedShipment.Package> packages = List.of(
                new RelayedShipment.Package("1Z111", null, List.of(new Line("1", "WM-SKU-1", 1))),
                new RelayedShipment.Package("1Z222", null, List.of(new Line("1", "WM-SKU-1", 1),
                        new Line("2", "WM-SKU-2", 1))));

        assertThat(relay().relay(shipment("UPS", "STANDARD", null, packages)).outcome()).isEqualTo(Outcome.ACCEPTED);

        JsonNode lines = bodies().get(0).at("/orderShipment/orderLines/orderLine");
        assertThat(lines).hasSize(2);
        JsonNode first = lines.get(0).at("/orderLineStatuses/orderLineStatus");
        assertThat(first).hasSize(2);
        assertThat(first.get(0).at("/trackingInfo/trackingNumber").asText()).isEqualTo("1Z111");
        assertThat(first.get(1).at("/trackingInfo/trackingNumber").asText()).isEqualTo("1Z222");
        assertThat(first.get(0).at("/trackingInfo/carrierName/carrier").asText()).isEqualTo("UPS");
        assertThat(first.get(0).at("/trackingInfo/methodCode").asText()).isEqualTo("Standard");
        assertThat(lines.get(1).at("/orderLineStatuses/orderLineStatus/0/trackingInfo/trackingNumber").asText())
                .isEqualTo("1Z222");
    }

    @Test
    void theOrdersOwnSellerOrderId_whenWalmartHadOne() throws Exception {
        answers(shippedOrder());
        RelayedShipment s = shipment("UPS", "STANDARD", null, null);
        RelayedShipment withSellerId = new RelayedShipment(s.orderId(), s.channel(), s.sourceAccount(),
                s.channelOrderId(), s.shipmentId(), s.shippedAt(), s.carrier(), s.service(), s.trackingNumber(), null,
                s.lines(), null, WalmartOrders.JSON.readTree("{\"sellerOrderId\":\"92344\"}"));

        assertThat(relay().relay(withSellerId).outcome()).isEqualTo(Outcome.ACCEPTED);

        assertThat(bodies().get(0).at("/orderShipment/orderLines/orderLine/1/sellerOrderId").asText()).isEqualTo("92344");
    }

    @Test
    void serviceLevelsMapToWalmartsMethodCodes() {
        assertThat(WalmartShipmentRelay.methodCode("STANDARD")).isEqualTo("Standard");
        assertThat(WalmartShipmentRelay.methodCode("EXPEDITED")).isEqualTo("Express");
        assertThat(WalmartShipmentRelay.methodCode("NEXT_DAY")).isEqualTo("OneDay");
        assertThat(WalmartShipmentRelay.methodCode("SAME_DAY")).isEqualTo("Standard");
        assertThat(WalmartShipmentRelay.methodCode(null)).isEqualTo("Standard");
    }
}
