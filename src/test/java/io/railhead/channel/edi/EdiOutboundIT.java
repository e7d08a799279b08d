package io.railhead.channel.edi;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.railhead.support.HubIT;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;

/**
 * The documents the hub sends trading partners about their orders, end to end on the file-drop
 * transport: the 855 once the ERP has decided (accepted AD/IA, rejected RD/IR), the 856 and 810
 * from shipments and invoices posted to the ops API, each once per event, with distinct control
 * numbers; reports that do not fit the order are refused with a reason; a document the partner
 * profile cannot support is held and listed, never sent.
 */
class EdiOutboundIT extends HubIT {

    @Value("${railhead.data-dir}")
    Path dataDir;

    // ---- helpers -------------------------------------------------------------------------------

    private void drop(String partner, String name, String content) throws IOException {
        Path inbox = dataDir.resolve("edi/" + partner + "/in");
        Files.createDirectories(inbox);
        Path tmp = inbox.resolve("." + name + ".part");
        Files.writeString(tmp, content, StandardCharsets.ISO_8859_1);
        Files.move(tmp, inbox.resolve(name));
    }

    private List<String> outboxDocuments(String partner, String marker) {
        return PartnerOutbox.documents(dataDir, partner, marker);
    }

    private String awaitOutbox(String partner, String marker) {
        return PartnerOutbox.awaitDocument(dataDir, partner, marker);
    }

    private String purchaseOrder(String partner, String sender, List<String> segments) throws IOException {
        String po = segments.get(0).split("\\*")[3];
        drop(partner, "850-" + po + ".edi", X12Fixtures.interchange(sender, X12Fixtures.controlNumber(),
                X12Fixtures.groupNumber(), List.of(segments)));
        return po;
    }

    private static String newPo() {
        return "PO-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private JsonNode ediOrder(String po) {
        JsonNode orders = json(ops("GET", "/api/orders?channel=edi&channelOrderId=" + po)).get("orders");
        return orders.isEmpty() ? null : orders.get(0);
    }

    private JsonNode awaitEdiOrder(String po, String status) {
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            JsonNode o = ediOrder(po);
            return o != null && status.equals(o.get("status").asText());
        });
        return ediOrder(po);
    }

    private HttpResponse<String> postJson(String path, String body) {
        return ops("POST", path, "application/json", body.getBytes(StandardCharsets.UTF_8));
    }

    private List<JsonNode> documentsOf(String orderId, String type) {
        List<JsonNode> docs = new ArrayList<>();
        for (JsonNode d : json(ops("GET", "/api/edi/outbound?orderId=" + orderId)).get("documents")) {
            if (type.equals(d.get("document").asText())) {
                docs.add(d);
            }
        }
        return docs;
    }

    private List<String> timeline(String orderId) {
        return StreamSupport.stream(json(ops("GET", "/api/orders/" + orderId)).get("timeline").spliterator(), false)
                .map(e -> e.get("stage").asText() + " " + e.get("cause").asText()).toList();
    }

    private static ObjectNode shipment(String shipmentId, String tracking, String sscc1, String sscc2) {
        ObjectNode s = JSON.createObjectNode();
        s.put("shipmentId", shipmentId).put("shippedAt", "2026-11-24T15:30:00Z").put("carrier", "UPSN")
                .put("service", "UPS GROUND").put("trackingNumber", tracking).put("billOfLading", "BOL-" + shipmentId);
        ObjectNode first = s.putArray("packages").addObject();
        first.put("sscc", sscc1).put("weight", 14.2);
        first.putArray("lines").addObject().put("lineId", "1").put("sku", "MUG-CLASSIC-12").put("quantity", 24);
        ObjectNode second = ((com.fasterxml.jackson.databind.node.ArrayNode) s.get("packages")).addObject();
        second.put("sscc", sscc2).put("weight", 9.8);
        second.putArray("lines").addObject().put("lineId", "2").put("quantity", 6);
        return s;
    }

    private static ObjectNode partialShipment(String shipmentId, String lineId, int quantity) {
        ObjectNode s = JSON.createObjectNode();
        s.put("shipmentId", shipmentId).put("shippedAt", "2026-11-24T15:30:00Z").put("carrier", "FDEG")
                .put("trackingNumber", "T" + shipmentId);
        s.putArray("packages").addObject().putArray("lines").addObject().put("lineId", lineId).put("quantity", quantity);
        return s;
    }

    private static String reason(HttpResponse<String> r) {
        assertThat(r.body()).doesNotContain("Exception").doesNotContain("\tat ").doesNotContain("trace");
        return json(r).get("reason").asText();
    }

    // ---- tests ---------------------------------------------------------------------------------

    @Test
    void acceptedOrder_gets855Ad_thenItsShipmentAn856_andItsInvoiceAn810_eachOnce_withDistinctControlNumbers()
            throws Exception {
        String po = purchaseOrder("brightmart", "BRIGHTMART", X12Fixtures.purchaseOrder(newPo()));
        await().atMost(Duration.ofSeconds(30)).until(() -> acceptedErpCalls(po).size() == 1);
        String orderId = awaitEdiOrder(po, "RELEASED").get("orderId").asText();

        String ack = awaitOutbox("brightmart", "BAK*00*AD*" + po + "*20261123~");
        assertThat(ack).contains("GS*PR*RAILHEADDEMO*BRIGHTMART*").contains("ST*855*")
                .contains("PO1*1*24*EA*3.25**UP*012345678905*BP*77-100~\nACK*IA*24*EA~")
                .contains("PO1*2*6*CA*18.00**VN*TEA-EARLGREY-6~\nACK*IA*6*CA~").contains("CTT*2*30~");
        assertThat(timeline(orderId)).anyMatch(e -> e.startsWith("edi 855 AD (2 line(s) IA) queued"));

        String shipmentId = "SH-" + UUID.randomUUID().toString().substring(0, 8);
        String tracking = "1Z" + shipmentId.substring(3).toUpperCase();
        String sscc1 = X12Fixtures.sscc();
        String sscc2 = X12Fixtures.sscc();
        String body = shipment(shipmentId, tracking, sscc1, sscc2).toString();
        HttpResponse<String> shipped = postJson("/api/orders/" + orderId + "/shipments", body);
        assertThat(shipped.statusCode()).as(shipped.body()).isEqualTo(201);
        JsonNode outcome = json(shipped);
        assertThat(outcome.get("status").asText()).isEqualTo("queued");
        assertThat(outcome.get("orderStatus").asText()).isEqualTo("SHIPPED");
        assertThat(outcome.at("/document/document").asText()).isEqualTo("856");

        String asn = awaitOutbox("brightmart", "BSN*00*" + shipmentId + "*");
        assertThat(asn).contains("GS*SH*RAILHEADDEMO*BRIGHTMART*").contains("TD1*CTN25*2****G*24*LB~")
                .contains("TD5**2*UPSN**UPS GROUND~").contains("REF*BM*BOL-" + shipmentId + "~")
                .contains("REF*CN*" + tracking + "~").contains("DTM*011*20261124*1530*UT~")
                .contains("N1*SF*Railhead Demo Warehouse*92*RH-WH1~").contains("N1*ST*BRIGHTMART DC 12*92*12~")
                .contains("PRF*" + po + "***20261123~").contains("MAN*GM*00" + sscc1 + "~")
                .contains("MAN*GM*00" + sscc2 + "~").contains("LIN*1*UP*012345678905*BP*77-100~\nSN1**24*EA~")
                .contains("LIN*2*VN*TEA-EARLGREY-6~\nSN1**6*CA~").contains("CTT*6*30~");

        HttpResponse<String> again = postJson("/api/orders/" + orderId + "/shipments", body);
        assertThat(again.statusCode()).as(again.body()).isEqualTo(200);
        assertThat(json(again).get("status").asText()).isEqualTo("duplicate");
        assertThat(json(again).at("/document/id").asText()).isEqualTo(outcome.at("/document/id").asText());
        assertThat(documentsOf(orderId, "856")).hasSize(1);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> "SENT".equals(documentsOf(orderId, "856").get(0).get("status").asText()));
        assertThat(outboxDocuments("brightmart", "BSN*00*" + shipmentId + "*")).hasSize(1);

        String invoiceId = "INV-" + UUID.randomUUID().toString().substring(0, 8);
        ObjectNode invoice = JSON.createObjectNode().put("invoiceId", invoiceId).put("invoiceDate", "2026-11-26");
        invoice.putArray("lines").add(JSON.createObjectNode().put("lineId", "1").put("quantity", 24))
                .add(JSON.createObjectNode().put("lineId", "2").put("quantity", 6).put("unitPrice", "18.00"));
        invoice.put("total", "186.00");
        HttpResponse<String> invoiced = postJson("/api/orders/" + orderId + "/invoices", invoice.toString());
        assertThat(invoiced.statusCode()).as(invoiced.body()).isEqualTo(201);
        assertThat(json(invoiced).get("orderStatus").asText()).isEqualTo("INVOICED");

        String inv = awaitOutbox("brightmart", "BIG*20261126*" + invoiceId + "*");
        assertThat(inv).contains("GS*IN*RAILHEADDEMO*BRIGHTMART*").contains("BIG*20261126*" + invoiceId + "*20261123*" + po + "~")
                .contains("N1*RE*Railhead Demo Inc~").contains("N1*ST*BRIGHTMART DC 12*92*12~")
                .contains("ITD*05*3*****30*****NET30~").contains("IT1*1*24*EA*3.25**UP*012345678905*BP*77-100~")
                .contains("IT1*2*6*CA*18.00**VN*TEA-EARLGREY-6~").contains("TDS*18600~").contains("CTT*2~");

        List<String> controlNumbers = new ArrayList<>();
        for (String type : List.of("855", "856", "810")) {
            controlNumbers.add(documentsOf(orderId, type).get(0).get("interchangeControlNumber").asText());
        }
        assertThat(controlNumbers).doesNotHaveDuplicates().allMatch(n -> n.matches("[0-9]{9}"));
        List<String> allOfPartner = new ArrayList<>();
        json(ops("GET", "/api/edi/outbound?partner=brightmart&limit=1000")).get("documents")
                .forEach(d -> Optional.ofNullable(d.get("interchangeControlNumber")).filter(n -> !n.isNull())
                        .ifPresent(n -> allOfPartner.add(n.asText())));
        assertThat(allOfPartner).contains(controlNumbers.toArray(String[]::new)).doesNotHaveDuplicates();
        assertThat(timeline(orderId)).anyMatch(e -> e.startsWith("ship shipment " + shipmentId))
                .anyMatch(e -> e.startsWith("invoice invoice " + invoiceId + ": 2 line(s), total 186.00"))
                .anyMatch(e -> e.startsWith("edi 810 for invoice " + invoiceId + " queued"));
    }

    @Test
    void orderTheErpRejects_gets855RdWithEveryLineIr_andCannotShip() throws Exception {
        List<String> segments = X12Fixtures.purchaseOrder(newPo());
        String po = segments.get(0).split("\\*")[3];
        ERP.stubFor(post(urlEqualTo("/erp/orders")).atPriority(1).withRequestBody(containing(po))
                .willReturn(aResponse().withStatus(422).withHeader("Content-Type", "application/json")
                        .withBody("{\"error\":\"item 77-100 is discontinued\"}")));
        purchaseOrder("brightmart", "BRIGHTMART", segments);

        String ack = awaitOutbox("brightmart", "BAK*00*RD*" + po + "*");
        assertThat(ack).contains("ACK*IR*24*EA~").contains("ACK*IR*6*CA~").doesNotContain("ACK*IA");
        String orderId = awaitEdiOrder(po, "ON_HOLD").get("orderId").asText();
        assertThat(timeline(orderId)).anyMatch(e -> e.startsWith("edi 855 RD (2 line(s) IR) queued"));

        HttpResponse<String> r = postJson("/api/orders/" + orderId + "/shipments",
                partialShipment("SH-R" + po.substring(3), "1", 1).toString());
        assertThat(r.statusCode()).isEqualTo(409);
        assertThat(reason(r)).contains("is ON_HOLD");
    }

    @Test
    void reportsThatDoNotFitTheOrder_areRefusedWithAReason() throws Exception {
        assertThat(postJson("/api/orders/ord-unknown/shipments", partialShipment("SH-X1", "1", 1).toString())
                .statusCode()).isEqualTo(404);

        String po = purchaseOrder("brightmart", "BRIGHTMART", X12Fixtures.purchaseOrder(newPo()));
        String orderId = awaitEdiOrder(po, "RELEASED").get("orderId").asText();
        String path = "/api/orders/" + orderId + "/shipments";
        String base = "S" + po.substring(3);

        HttpResponse<String> notOnOrder = postJson(path, partialShipment(base + "-a", "9", 1).toString());
        assertThat(notOnOrder.statusCode()).isEqualTo(400);
        assertThat(reason(notOnOrder)).contains("line 9 is not on the order (lines 1, 2)");
        HttpResponse<String> tooMany = postJson(path, partialShipment(base + "-a", "1", 25).toString());
        assertThat(tooMany.statusCode()).isEqualTo(400);
        assertThat(reason(tooMany)).contains("line 1: 25 shipped is more than the 24 ordered");
        ObjectNode badSscc = partialShipment(base + "-a", "1", 1);
        ((ObjectNode) badSscc.get("packages").get(0)).put("sscc", "106141411234567890");
        assertThat(reason(postJson(path, badSscc.toString()))).contains("wrong check digit");
        HttpResponse<String> notJson = postJson(path, "{\"shipmentId\": ");
        assertThat(notJson.statusCode()).isEqualTo(400);
        assertThat(reason(notJson)).isEqualTo("the request body is not valid JSON");
        ObjectNode badDate = partialShipment(base + "-a", "1", 1).put("shippedAt", "yesterday");
        assertThat(reason(postJson(path, badDate.toString()))).isEqualTo("the request body has an invalid value at shippedAt");

        ObjectNode invoice = JSON.createObjectNode().put("invoiceId", "I" + base).put("invoiceDate", "2026-11-26");
        invoice.putArray("lines").addObject().put("lineId", "1").put("quantity", 10);
        HttpResponse<String> notShipped = postJson("/api/orders/" + orderId + "/invoices", invoice.toString());
        assertThat(notShipped.statusCode()).isEqualTo(409);
        assertThat(reason(notShipped)).contains("invoiced once it has shipped");

        assertThat(postJson(path, partialShipment(base + "-a", "1", 10).toString()).statusCode()).isEqualTo(201);
        HttpResponse<String> changed = postJson(path, partialShipment(base + "-a", "1", 11).toString());
        assertThat(changed.statusCode()).isEqualTo(409);
        assertThat(reason(changed)).contains("already recorded with other content");
        assertThat(postJson(path, partialShipment(base + "-b", "1", 14).toString()).statusCode()).isEqualTo(201);
        HttpResponse<String> beyond = postJson(path, partialShipment(base + "-c", "1", 1).toString());
        assertThat(beyond.statusCode()).isEqualTo(400);
        assertThat(reason(beyond)).contains("line 1: 1 shipped after 24 shipped before is more than the 24 ordered");

        invoice.withArray("lines").removeAll().addObject().put("lineId", "2").put("quantity", 1);
        HttpResponse<String> moreThanShipped = postJson("/api/orders/" + orderId + "/invoices", invoice.toString());
        assertThat(moreThanShipped.statusCode()).isEqualTo(400);
        assertThat(reason(moreThanShipped)).contains("line 2: 1 invoiced is more than the 0 shipped");
        invoice.withArray("lines").removeAll().addObject().put("lineId", "1").put("quantity", 24);
        invoice.put("total", "80.00");
        HttpResponse<String> wrongTotal = postJson("/api/orders/" + orderId + "/invoices", invoice.toString());
        assertThat(wrongTotal.statusCode()).isEqualTo(400);
        assertThat(reason(wrongTotal)).contains("total 80.00 does not match the lines and charges (78.00)");

        ObjectNode shopify = shopifyOrder();
        postShopify(shopify, "orders/create");
        String shopifyOrderId = awaitStatus(id(shopify), "RELEASED").get("orderId").asText();
        HttpResponse<String> notEdi = postJson("/api/orders/" + shopifyOrderId + "/shipments",
                partialShipment(base + "-d", "1", 1).toString());
        assertThat(notEdi.statusCode()).isEqualTo(409);
        assertThat(reason(notEdi)).contains("is a shopify order");
    }

    @Test
    void shipNoticeThePartnerProfileCannotSupport_isHeldWithTheReason_listed_andNotSent() throws Exception {
        List<String> segments = new ArrayList<>(X12Fixtures.purchaseOrder(newPo()));
        segments.set(8, "PO1*1*24*EA*3.25**VN*MUG-CLASSIC-12");
        String po = purchaseOrder("coastline", "COASTLINE", segments);
        String orderId = awaitEdiOrder(po, "RELEASED").get("orderId").asText();
        awaitOutbox("coastline", "BAK*00*AD*" + po + "*");

        String shipmentId = "SH-C" + po.substring(3);
        HttpResponse<String> r = postJson("/api/orders/" + orderId + "/shipments",
                partialShipment(shipmentId, "1", 24).toString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        assertThat(json(r).get("status").asText()).isEqualTo("held");
        assertThat(json(r).get("orderStatus").asText()).as("the goods did ship").isEqualTo("SHIPPED");

        JsonNode held = documentsOf(orderId, "856").get(0);
        assertThat(held.get("status").asText()).isEqualTo("HELD");
        assertThat(held.get("detail").asText()).contains("partner profile coastline has no parties.shipFrom");
        assertThat(held.get("eventKey").asText()).isEqualTo("856:" + shipmentId);
        assertThat(timeline(orderId)).anyMatch(e -> e.startsWith("edi 856 for shipment " + shipmentId + " HELD"));
        assertThat(outboxDocuments("coastline", shipmentId)).isEmpty();
    }
}
