package io.railhead.channel.amazon;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.railhead.fulfillment.CarrierCodes;
import io.railhead.fulfillment.RelayResult;
import io.railhead.fulfillment.RelayResult.Outcome;
import io.railhead.fulfillment.RelayedShipment;
import io.railhead.fulfillment.RelayedShipment.Line;
import io.railhead.support.ShippedDefaults;
import java.nio.file.Path;
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
 * The Amazon shipment relay against a simulated Orders v0 API shaped by the official model
 * ({@code src/test/resources/specs/amazon-sp-api/ordersV0.json}, every request body validated against its
 * {@code ConfirmShipmentRequest}): 204 accepted, 429 with Retry-After retried, 400 refused with Amazon's
 * message, the "Other" carrier, one confirmation per package.
 */
class AmazonShipmentRelayTest {

    static final WireMockServer AMAZON = new WireMockServer(WireMockConfiguration.options().bindAddress("127.0.0.1")
            .dynamicPort().usingFilesUnderDirectory("src/test/resources/wiremock"));
    static final String ORDER = "902-1106328-1059050";
    static final String CONFIRM = "/orders/v0/orders/" + ORDER + "/shipmentConfirmation";
    static final ObjectMapper JSON = new ObjectMapper();
    static final CarrierCodes CODES = new CarrierCodes(Map.of("UPS", Map.of("amazon", "UPS"),
            "FedEx", Map.of("amazon", "FedEx")));
    static JsonSchema confirmShipmentRequest;

    @BeforeAll
    static void start() throws Exception {
        AMAZON.start();
        JsonNode model = JSON.readTree(Path.of("src/test/resources/specs/amazon-sp-api/ordersV0.json").toFile());
        ObjectNode schema = JSON.createObjectNode().put("$ref", "#/definitions/ConfirmShipmentRequest");
        schema.set("definitions", model.path("definitions"));
        confirmShipmentRequest = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4).getSchema(schema);
    }

    @AfterAll
    static void stop() {
        AMAZON.stop();
    }

    @BeforeEach
    void reset() {
        AMAZON.resetAll();
        AMAZON.stubFor(post(urlPathEqualTo("/auth/o2/token")).withRequestBody(containing("refresh_token=Atzr%7Ctest-refresh"))
                .willReturn(okJson("{\"access_token\":\"Atza|relay\",\"token_type\":\"bearer\",\"expires_in\":3600}")));
    }

    private AmazonShipmentRelay relay(String marketplaceIds) {
        Map<String, Object> m = new HashMap<>();
        m.put("railhead.channels.amazon.endpoint", AMAZON.baseUrl());
        m.put("railhead.channels.amazon.token-url", AMAZON.baseUrl() + "/auth/o2/token");
        m.put("railhead.channels.amazon.client-id", "amzn1.application-oa2-client.test");
        m.put("railhead.channels.amazon.client-secret", "test-lwa-secret");
        m.put("railhead.channels.amazon.refresh-token", "Atzr|test-refresh");
        m.put("railhead.channels.amazon.marketplace-ids", marketplaceIds);
        return new AmazonShipmentRelay(ShippedDefaults.bind(AmazonProperties.class, m), new SimpleMeterRegistry(),
                () -> CODES);
    }

    static RelayedShipment shipment(String shipmentId, String carrier, List<RelayedShipment.Package> packages,
                                    String marketplace) throws Exception {
        return new RelayedShipment("ord-1", "amazon", "default", ORDER, shipmentId, Instant.parse("2026-05-04T15:30:00Z"),
                carrier, "STANDARD", "1Z999AA10123456784", null,
                List.of(new Line("79039765272157", "SKU-A", 1), new Line("79039765272158", "SKU-B", 2)), packages,
                marketplace == null ? null : JSON.readTree("{\"MarketplaceId\":\"" + marketplace + "\"}"));
    }

    static void answers(ResponseDefinitionBuilder answer) {
        AMAZON.stubFor(post(urlPathMatching("/orders/v0/orders/.*/shipmentConfirmation")).willReturn(answer));
    }

    static List<JsonNode> confirmations() throws Exception {
        List<JsonNode> bodies = new ArrayList<>();
        for (LoggedRequest r : AMAZON.findAll(postRequestedFor(urlPathEqualTo(CONFIRM)))) {
            JsonNode body = JSON.readTree(r.getBodyAsString());
            assertThat(confirmShipmentRequest.validate(body)).as("a ConfirmShipmentRequest of ordersV0.json").isEmpty();
            bodies.add(body);
        }
        return bodies;
    }

    /** {@code getOrderItems} ({@code OrderItemsList}): the two items, ordered 1 and 2, shipped as given. */
    static void amazonShows(int firstShipped, int secondShipped) {
        AMAZON.stubFor(com.github.tomakehurst.wiremock.client.WireMock.get(urlPathEqualTo("/orders/v0/orders/" + ORDER
                + "/orderItems")).willReturn(okJson("{\"payload\":{\"AmazonOrderId\":\"" + ORDER + "\",\"OrderItems\":["
                + "{\"ASIN\":\"B00551Q3CS\",\"SellerSKU\":\"SKU-A\",\"OrderItemId\":\"79039765272157\",\"QuantityOrdered\":1,"
                + "\"QuantityShipped\":" + firstShipped + "},{\"ASIN\":\"B00551Q3CT\",\"SellerSKU\":\"SKU-B\","
                + "\"OrderItemId\":\"79039765272158\",\"QuantityOrdered\":2,\"QuantityShipped\":" + secondShipped + "}]}}")));
    }

    @Test
    void itemsAmazonShowsWhollyShippedAlready_areAcceptedUnconfirmed() throws Exception {
        answers(aResponse().withStatus(204));
        amazonShows(1, 2);

        RelayResult result = relay("ATVPDKIKX0DER").relay(shipment("shp-1", "ups", null, null));

        assertThat(result.outcome()).isEqualTo(Outcome.ACCEPTED);
        assertThat(result.message()).contains("shipped already");
        assertThat(confirmations()).as("not confirmed twice").isEmpty();
    }

    @Test
    void itemsAmazonShowsPartlyShipped_areConfirmed() throws Exception {
        answers(aResponse().withStatus(204));
        amazonShows(1, 0);

        RelayResult result = relay("ATVPDKIKX0DER").relay(shipment("shp-1", "ups", null, null));

        assertThat(result.outcome()).isEqualTo(Outcome.ACCEPTED);
        assertThat(confirmations()).hasSize(1);
    }

    /** A shipment of {@code lines}, the hub having relayed {@code before} of the order already. */
    static RelayedShipment shipment(List<Line> lines, List<RelayedShipment.Package> packages,
                                    Map<String, Integer> before) {
        return new RelayedShipment("ord-1", "amazon", "default", ORDER, "shp-2", Instant.parse("2026-05-04T15:30:00Z"),
                "UPS", "STANDARD", "1Z999AA10123456784", null, lines, packages, null, before);
    }

    static List<LoggedRequest> itemReads() {
        return AMAZON.findAll(com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor(urlPathEqualTo(
                "/orders/v0/orders/" + ORDER + "/orderItems")));
    }

    @Test
    void aPartialShipmentRepeatedAfterAmazonTookIt_isNotConfirmedAgain() throws Exception {
        answers(aResponse().withStatus(204));
        amazonShows(0, 1);

        RelayResult result = relay("ATVPDKIKX0DER").relay(shipment(List.of(new Line("79039765272158", "SKU-B", 1)),
                null, Map.of()));

        assertThat(result.outcome()).isEqualTo(Outcome.ACCEPTED);
        assertThat(result.message()).isEqualTo("Amazon shows the items of order " + ORDER + " shipped already");
        assertThat(itemReads()).hasSize(1);
        assertThat(confirmations()).as("1 of 2 shown shipped, none relayed before: this one's").isEmpty();
    }

    @Test
    void aSecondPartialShipmentOfTheItem_afterTheFirstWasRelayed_isConfirmed() throws Exception {
        answers(aResponse().withStatus(204));
        amazonShows(0, 1);

        RelayResult result = relay("ATVPDKIKX0DER").relay(shipment(List.of(new Line("79039765272158", "SKU-B", 1)),
                null, Map.of("79039765272158", 1)));

        assertThat(result.outcome()).isEqualTo(Outcome.ACCEPTED);
        assertThat(result.message()).isEqualTo("Amazon confirmed package "
                + AmazonShipmentRelay.packageReferenceId("shp-2", 0, 1));
        List<JsonNode> bodies = confirmations();
        assertThat(bodies).hasSize(1);
        assertThat(bodies.get(0).path("packageDetail").path("orderItems")).isEqualTo(JSON.readTree(
                "[{\"orderItemId\": \"79039765272158\", \"quantity\": 1}]"));
    }

    @Test
    void twoParcels_theFirstConfirmedBeforeALostAnswer_onlyTheSecondIsConfirmed() throws Exception {
        answers(aResponse().withStatus(204));
        amazonShows(1, 1);
        List<RelayedShipment.Package> packages = List.of(
                new RelayedShipment.Package("1Z111", null, List.of(new Line("79039765272157", "SKU-A", 1),
                        new Line("79039765272158", "SKU-B", 1))),
                new RelayedShipment.Package("1Z222", null, List.of(new Line("79039765272158", "SKU-B", 1))));

        RelayResult result = relay("ATVPDKIKX0DER").relay(shipment(List.of(new Line("79039765272157", "SKU-A", 1),
                new Line("79039765272158", "SKU-B", 2)), packages, Map.of()));

        String first = AmazonShipmentRelay.packageReferenceId("shp-2", 0, 2);
        String second = AmazonShipmentRelay.packageReferenceId("shp-2", 1, 2);
        assertThat(result.outcome()).isEqualTo(Outcome.ACCEPTED);
        assertThat(result.message()).isEqualTo("Amazon confirmed package " + second + "; package " + first
                + " Amazon shows shipped already");
        List<JsonNode> bodies = confirmations();
        assertThat(bodies).hasSize(1);
        assertThat(bodies.get(0).path("packageDetail").path("packageReferenceId").asText()).isEqualTo(second);
        assertThat(bodies.get(0).path("packageDetail").path("trackingNumber").asText()).isEqualTo("1Z222");
        assertThat(bodies.get(0).path("packageDetail").path("orderItems")).isEqualTo(JSON.readTree(
                "[{\"orderItemId\": \"79039765272158\", \"quantity\": 1}]"));
    }

    @Test
    void aParcelAfterOneNotConfirmed_isConfirmedToo_thoughAmazonShowsUnitsItCouldHold() throws Exception {
        answers(aResponse().withStatus(204));
        amazonShows(0, 1);
        List<RelayedShipment.Package> packages = List.of(
                new RelayedShipment.Package("1Z111", null, List.of(new Line("79039765272157", "SKU-A", 1))),
                new RelayedShipment.Package("1Z222", null, List.of(new Line("79039765272158", "SKU-B", 1))));

        RelayResult result = relay("ATVPDKIKX0DER").relay(shipment(List.of(new Line("79039765272157", "SKU-A", 1),
                new Line("79039765272158", "SKU-B", 1)), packages, Map.of()));

        assertThat(result.outcome()).isEqualTo(Outcome.ACCEPTED);
        assertThat(confirmations()).as("parcels are confirmed in order: the first not taken, nor was the second")
                .extracting(b -> b.at("/packageDetail/trackingNumber").asText()).containsExactly("1Z111", "1Z222");
    }

    @Test
    void aFailureAfterASkippedParcel_namesIt() throws Exception {
        answers(aResponse().withStatus(503));
        amazonShows(1, 1);
        List<RelayedShipment.Package> packages = List.of(
                new RelayedShipment.Package("1Z111", null, List.of(new Line("79039765272157", "SKU-A", 1),
                        new Line("79039765272158", "SKU-B", 1))),
                new RelayedShipment.Package("1Z222", null, List.of(new Line("79039765272158", "SKU-B", 1))));

        RelayResult result = relay("ATVPDKIKX0DER").relay(shipment(List.of(new Line("79039765272157", "SKU-A", 1),
                new Line("79039765272158", "SKU-B", 2)), packages, Map.of()));

        assertThat(result.outcome()).isEqualTo(Outcome.RETRY);
        assertThat(result.message()).contains("HTTP 503").endsWith("(before it: shown shipped already: package "
                + AmazonShipmentRelay.packageReferenceId("shp-2", 0, 2) + ")");
        assertThat(confirmations()).hasSize(1);
    }

    @Test
    void confirmed_204_theRequestFieldByField() throws Exception {
        answers(aResponse().withStatus(204));

        RelayResult result = relay("ATVPDKIKX0DER,A2EUQ1WTGCTBG2").relay(shipment("shp-1", "ups", null, "A2EUQ1WTGCTBG2"));

        assertThat(result.outcome()).isEqualTo(Outcome.ACCEPTED);
        AMAZON.verify(postRequestedFor(urlPathEqualTo(CONFIRM)).withHeader("x-amz-access-token", equalTo("Atza|relay"))
                .withHeader("Content-Type", equalTo("application/json")));
        List<JsonNode> bodies = confirmations();
        assertThat(bodies).hasSize(1);
        JsonNode body = bodies.get(0);
        assertThat(body.path("marketplaceId").asText()).as("the order's marketplace").isEqualTo("A2EUQ1WTGCTBG2");
        JsonNode detail = body.path("packageDetail");
        assertThat(detail.path("packageReferenceId").asText()).matches("[1-9][0-9]*")
                .isEqualTo(AmazonShipmentRelay.packageReferenceId("shp-1", 0, 1));
        assertThat(detail.path("carrierCode").asText()).isEqualTo("UPS");
        assertThat(detail.has("carrierName")).as("only with Other").isFalse();
        assertThat(detail.path("shippingMethod").asText()).isEqualTo("STANDARD");
        assertThat(detail.path("trackingNumber").asText()).isEqualTo("1Z999AA10123456784");
        assertThat(detail.path("shipDate").asText()).isEqualTo("2026-05-04T15:30:00Z");
        assertThat(detail.path("orderItems")).hasSize(2);
        assertThat(detail.path("orderItems").get(0).path("orderItemId").asText()).isEqualTo("79039765272157");
        assertThat(detail.path("orderItems").get(0).path("quantity").asInt()).isEqualTo(1);
        assertThat(detail.path("orderItems").get(1).path("orderItemId").asText()).isEqualTo("79039765272158");
        assertThat(detail.path("orderItems").get(1).path("quantity").asInt()).isEqualTo(2);
        assertThat(body.fieldNames()).toIterable().containsExactlyInAnyOrder("marketplaceId", "packageDetail");
    }

    @Test
    void aCarrierAmazonHasNoCodeFor_goesAsOtherWithItsName_theAccountsOnlyMarketplace() throws Exception {
        answers(aResponse().withStatus(204));

        assertThat(relay("ATVPDKIKX0DER").relay(shipment("shp-1", "Acme Freight", null, null)).outcome())
                .isEqualTo(Outcome.ACCEPTED);

        JsonNode body = confirmations().get(0);
        assertThat(body.path("marketplaceId").asText()).isEqualTo("ATVPDKIKX0DER");
        assertThat(body.path("packageDetail").path("carrierCode").asText()).isEqualTo("Other");
        assertThat(body.path("packageDetail").path("carrierName").asText()).isEqualTo("Acme Freight");
    }

    @Test
    void throttled_429_isRetriedAfterTheRetryAfterAmazonSent() throws Exception {
        answers(aResponse().withStatus(429).withHeader("Retry-After", "3").withHeader("x-amzn-RateLimit-Limit", "2.0")
                .withBody("{\"errors\":[{\"code\":\"QuotaExceeded\",\"message\":\"You exceeded your quota for the "
                        + "requested resource.\"}]}"));

        RelayResult result = relay("ATVPDKIKX0DER").relay(shipment("shp-1", "UPS", null, null));

        assertThat(result.outcome()).isEqualTo(Outcome.RETRY);
        assertThat(result.retryAfter()).isEqualTo(Duration.ofSeconds(3));
        assertThat(result.message()).contains("429").contains("QuotaExceeded");
        assertThat(confirmations()).as("sent once: the caller repeats").hasSize(1);
    }

    @Test
    void invalidInput_400_isRefusedWithAmazonsMessage() throws Exception {
        answers(aResponse().withStatus(400).withHeader("Content-Type", "application/json")
                .withBody("{\"errors\":[{\"code\":\"InvalidInput\",\"message\":\"Invalid Input\","
                        + "\"details\":\"orderItemId 79039765272158 is not part of the order\"}]}"));

        RelayResult result = relay("ATVPDKIKX0DER").relay(shipment("shp-1", "UPS", null, null));

        assertThat(result.outcome()).isEqualTo(Outcome.REFUSED);
        assertThat(result.message()).contains("HTTP 400").contains("InvalidInput: Invalid Input")
                .contains("is not part of the order");
        assertThat(result.retryAfter()).isNull();
    }

    @Test
    void twoPackages_oneConfirmationEach_withTheirOwnTrackingAndReference() throws Exception {
        answers(aResponse().withStatus(204));
        List<RelayedShipment.Package> packages = List.of(
                new RelayedShipment.Package("1Z111", null, List.of(new Line("79039765272157", "SKU-A", 1),
                        new Line("79039765272158", "SKU-B", 1))),
                new RelayedShipment.Package(null, null, List.of(new Line("79039765272158", "SKU-B", 1))));

        RelayResult result = relay("ATVPDKIKX0DER").relay(shipment("shp-1", "FedEx", packages, null));

        assertThat(result.outcome()).isEqualTo(Outcome.ACCEPTED);
        List<JsonNode> bodies = confirmations();
        assertThat(bodies).hasSize(2);
        assertThat(bodies).extracting(b -> b.at("/packageDetail/trackingNumber").asText())
                .containsExactly("1Z111", "1Z999AA10123456784");
        assertThat(bodies.get(0).at("/packageDetail/orderItems")).hasSize(2);
        assertThat(bodies.get(1).at("/packageDetail/orderItems/0/orderItemId").asText()).isEqualTo("79039765272158");
        assertThat(bodies).extracting(b -> b.at("/packageDetail/packageReferenceId").asText()).doesNotHaveDuplicates()
                .allMatch(id -> id.matches("[1-9][0-9]*"));
    }

    @Test
    void aNumericShipmentIdIsThePackageReference() {
        assertThat(AmazonShipmentRelay.packageReferenceId("00042", 0, 1)).isEqualTo("42");
        assertThat(AmazonShipmentRelay.packageReferenceId("42", 1, 2)).isNotEqualTo("42").matches("[1-9][0-9]*");
        assertThat(AmazonShipmentRelay.packageReferenceId("0", 0, 1)).matches("[1-9][0-9]*");
    }

    @Test
    void noMarketplaceOnTheOrder_andSeveralOnTheAccount_isRefusedUncalled() throws Exception {
        RelayResult result = relay("ATVPDKIKX0DER,A2EUQ1WTGCTBG2").relay(shipment("shp-1", "UPS", null, null));

        assertThat(result.outcome()).isEqualTo(Outcome.REFUSED);
        assertThat(result.message()).contains("MarketplaceId");
        assertThat(AMAZON.getAllServeEvents()).isEmpty();
    }

    @Test
    void anAccountNotConfigured_isRefusedUncalled() throws Exception {
        RelayedShipment s = shipment("shp-1", "UPS", null, null);
        RelayResult result = relay("ATVPDKIKX0DER").relay(new RelayedShipment(s.orderId(), s.channel(), "eu-seller",
                s.channelOrderId(), s.shipmentId(), s.shippedAt(), s.carrier(), s.service(), s.trackingNumber(), null,
                s.lines(), null, null));

        assertThat(result.outcome()).isEqualTo(Outcome.REFUSED);
        assertThat(result.message()).contains("no Amazon account 'eu-seller'");
        assertThat(AMAZON.getAllServeEvents()).isEmpty();
    }
}
