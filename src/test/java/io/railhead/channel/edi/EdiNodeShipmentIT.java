package io.railhead.channel.edi;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
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
import java.util.List;
import java.util.UUID;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * An EDI order fulfilled by a node (issue 11, point 4: one shipment endpoint for every channel): the 850 dropped by
 * the partner is sourced to a WireMock node; the node's shipment on {@code POST /api/fulfillment/shipments} becomes
 * the partner's 856 (its parcels as cartons with their SSCCs, the carrier as its SCAC from the carrier codes), once,
 * also when reported again; the rest shipped through the EDI shipments endpoint counts what the node shipped, and
 * the 810 invoices both. A shipment the 856 could never carry (a carrier without a SCAC) is refused with 422 and
 * nothing recorded.
 */
class EdiNodeShipmentIT extends HubIT {

    static final String NODE = "EX-A";
    static final Path DIR;
    static final WireMockServer NODES = new WireMockServer(WireMockConfiguration.options().bindAddress("127.0.0.1")
            .dynamicPort().usingFilesUnderDirectory("src/test/resources/wiremock"));

    static {
        NODES.start();
        NODES.stubFor(post(urlPathEqualTo("/ex-a")).willReturn(aResponse().withStatus(201)
                .withHeader("Content-Type", "application/json").withBody("{\"status\": \"ACCEPTED\"}")));
        try {
            DIR = Files.createTempDirectory(Files.createDirectories(Path.of("target/test-data")), "edi-node-");
            Files.writeString(DIR.resolve("stock.yml"), "locations:\n  EX-A: {}\n  DC-TEST: {}\n");
            Files.writeString(DIR.resolve("nodes.yml"), """
                    nodes:
                      EX-A:
                        type: wms
                        endpoint: {url: "%s/ex-a", auth: {type: bearer, token: "tok-ex-a"}}
                        address: {countryCode: US, region: OH, postalCode: "43215"}
                        services: [STANDARD, EXPEDITED, NEXT_DAY]
                        capacity: {ordersPerDay: 1000}
                        cost: {STANDARD: 5.00, EXPEDITED: 9.00, NEXT_DAY: 20.00}
                    """.formatted(NODES.baseUrl()));
            Files.writeString(DIR.resolve("routing.yml"), """
                    rules:
                      - name: only
                        nodes: [EX-A]
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
    }

    @AfterAll
    static void stop() {
        NODES.stop();
    }

    @Value("${railhead.data-dir}")
    Path dataDir;

    @Test
    void aNodesShipmentOfAnEdiOrderBecomesThePartners856Once_andTheEdiEndpointAndThe810CountIt() throws Exception {
        String po = "PO-" + UUID.randomUUID().toString().substring(0, 8);
        String orderId = sourcedEdiOrder(po);
        String sscc = X12Fixtures.sscc();
        String shipmentId = "NS-" + UUID.randomUUID().toString().substring(0, 8);

        ObjectNode s = nodeShipment(shipmentId, orderId, "UPS");
        s.putArray("lines").addObject().put("lineId", "1").put("quantity", 10);
        ObjectNode parcel = s.putArray("packages").addObject().put("sscc", sscc).put("trackingNumber", "1ZEX" + po);
        parcel.putArray("lines").addObject().put("lineId", "1").put("quantity", 10);
        HttpResponse<String> first = ops("POST", "/api/fulfillment/shipments", "application/json", bytes(s));
        assertThat(first.statusCode()).as(first.body()).isEqualTo(201);

        String asn = awaitOutbox("BSN*00*" + shipmentId + "*");
        assertThat(asn).contains("ST*856*").contains("TD1*CTN25*1").contains("TD5**2*UPSN~")
                .contains("REF*CN*1ZEX" + po + "~").contains("PRF*" + po + "***20261123~")
                .contains("MAN*GM*00" + sscc + "~").contains("LIN*1*UP*012345678905*BP*77-100~\nSN1**10*EA~")
                .doesNotContain("LIN*2*");
        await().atMost(Duration.ofSeconds(20)).until(() -> timeline(orderId).stream()
                .anyMatch(e -> e.startsWith("relay shipment " + shipmentId + " relayed to edi: 856 queued")));

        HttpResponse<String> repeat = ops("POST", "/api/fulfillment/shipments", "application/json", bytes(s));
        assertThat(repeat.statusCode()).as(repeat.body()).isEqualTo(200);
        assertThat(json(repeat).path("duplicate").asBoolean()).isTrue();

        // The rest through the EDI endpoint: line 1 has 14 left after the node's 10, not 24.
        ObjectNode over = ediShipment("SH-" + po, 1, 24);
        HttpResponse<String> refused = ops("POST", "/api/orders/" + orderId + "/shipments", "application/json",
                bytes(over));
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(400);
        assertThat(json(refused).path("reason").asText()).contains("after 10 shipped before")
                .contains("more than the 24 ordered");
        HttpResponse<String> rest = ops("POST", "/api/orders/" + orderId + "/shipments", "application/json",
                bytes(ediShipment("SH-" + po, 1, 14)));
        assertThat(rest.statusCode()).as(rest.body()).isEqualTo(201);

        // A node shipment after it: line 1 is fully shipped by the two paths together.
        ObjectNode third = nodeShipment("NS3-" + po, orderId, "UPS");
        third.putArray("lines").addObject().put("lineId", "1").put("quantity", 1);
        HttpResponse<String> tooMany = ops("POST", "/api/fulfillment/shipments", "application/json", bytes(third));
        assertThat(tooMany.statusCode()).as(tooMany.body()).isEqualTo(422);

        ObjectNode invoice = JSON.createObjectNode().put("invoiceId", "INV-" + po.substring(3)).put("invoiceDate",
                "2026-11-26");
        invoice.putArray("lines").addObject().put("lineId", "1").put("quantity", 24);
        HttpResponse<String> invoiced = ops("POST", "/api/orders/" + orderId + "/invoices", "application/json",
                bytes(invoice));
        assertThat(invoiced.statusCode()).as(invoiced.body()).isEqualTo(201);

        await().atMost(Duration.ofSeconds(20)).until(() -> outbox("BSN*00*SH-" + po + "*").size() == 1);
        assertThat(outbox("BSN*00*" + shipmentId + "*")).hasSize(1);
        assertThat(documents(orderId, "856")).hasSize(2);
    }

    @Test
    void aShipmentThe856CouldNeverCarryIsRefusedWith422AndNothingRecorded() throws Exception {
        String po = "PO-" + UUID.randomUUID().toString().substring(0, 8);
        String orderId = sourcedEdiOrder(po);
        ObjectNode s = nodeShipment("NX-" + po, orderId, "Acme Freight");
        s.putArray("lines").addObject().put("lineId", "2").put("quantity", 6);

        HttpResponse<String> r = ops("POST", "/api/fulfillment/shipments", "application/json", bytes(s));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(422);
        assertThat(r.body()).contains("SCAC").contains("Acme Freight").doesNotContain("Exception");
        assertThat(json(ops("GET", "/api/orders/" + orderId)).path("status").asText()).isEqualTo("RELEASED");

        s.put("carrier", "FedEx");
        HttpResponse<String> ok = ops("POST", "/api/fulfillment/shipments", "application/json", bytes(s));
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(201);
        assertThat(awaitOutbox("BSN*00*NX-" + po + "*")).contains("TD5**2*FDEG~")
                .contains("LIN*2*VN*TEA-EARLGREY-6~\nSN1**6*CA~");
    }

    // ---- helpers -------------------------------------------------------------------------------

    /** Stock at the node, the brightmart 850 dropped, and the order sourced to the node and released. */
    private String sourcedEdiOrder(String po) throws IOException {
        ObjectNode e = JSON.createObjectNode().put("eventId", "snap-" + UUID.randomUUID()).put("source", "wms-it")
                .put("occurredAt", Instant.now().toString()).put("kind", "SNAPSHOT");
        ArrayNode items = e.putArray("items");
        for (String sku : List.of("MUG-CLASSIC-12", "TEA-EARLGREY-6")) {
            items.addObject().put("sku", sku).put("location", NODE).put("onHand", 10_000);
        }
        assertThat(ops("POST", "/api/stock/events", "application/json", bytes(e)).statusCode()).isEqualTo(202);
        Path inbox = dataDir.resolve("edi/brightmart/in");
        Files.createDirectories(inbox);
        Path tmp = inbox.resolve("." + po + ".part");
        Files.writeString(tmp, X12Fixtures.interchange("BRIGHTMART", X12Fixtures.controlNumber(),
                X12Fixtures.groupNumber(), List.of(X12Fixtures.purchaseOrder(po))), StandardCharsets.ISO_8859_1);
        Files.move(tmp, inbox.resolve("850-" + po + ".edi"));
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            JsonNode o = json(ops("GET", "/api/orders?channel=edi&channelOrderId=" + po)).path("orders").path(0);
            return "RELEASED".equals(o.path("status").asText());
        });
        await().atMost(Duration.ofSeconds(20)).until(() -> NODES.findAll(postRequestedFor(urlPathEqualTo("/ex-a")))
                .stream().anyMatch(r -> r.getBodyAsString().contains(po)));
        return json(ops("GET", "/api/orders?channel=edi&channelOrderId=" + po)).path("orders").path(0)
                .path("orderId").asText();
    }

    private static ObjectNode nodeShipment(String shipmentId, String orderId, String carrier) {
        return JSON.createObjectNode().put("shipmentId", shipmentId).put("orderId", orderId).put("nodeId", NODE)
                .put("shippedAt", "2026-11-24T15:30:00Z").put("carrier", carrier);
    }

    private static ObjectNode ediShipment(String shipmentId, int line, int quantity) {
        ObjectNode s = JSON.createObjectNode().put("shipmentId", shipmentId).put("shippedAt", "2026-11-25T10:00:00Z")
                .put("carrier", "UPSN").put("trackingNumber", "T" + shipmentId);
        s.putArray("packages").addObject().putArray("lines").addObject().put("lineId", String.valueOf(line))
                .put("quantity", quantity);
        return s;
    }

    private List<String> outbox(String marker) {
        return PartnerOutbox.documents(dataDir, "brightmart", marker);
    }

    private String awaitOutbox(String marker) {
        return PartnerOutbox.awaitDocument(dataDir, "brightmart", marker);
    }

    private List<JsonNode> documents(String orderId, String type) {
        return StreamSupport.stream(json(ops("GET", "/api/edi/outbound?orderId=" + orderId)).path("documents")
                .spliterator(), false).filter(d -> type.equals(d.path("document").asText())).toList();
    }

    private List<String> timeline(String orderId) {
        return StreamSupport.stream(json(ops("GET", "/api/orders/" + orderId)).path("timeline").spliterator(), false)
                .map(t -> t.path("stage").asText() + " " + t.path("cause").asText()).toList();
    }

    private static byte[] bytes(JsonNode json) {
        return json.toString().getBytes(StandardCharsets.UTF_8);
    }
}
