package io.railhead.fulfillment;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.railhead.order.CanonicalOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The node shipment shape: the sample reads, the schema names the fields the reader takes, every reason is
 * reported at once, lines map onto the order by id or SKU within what was ordered, and the signature verifies.
 */
class NodeShipmentShapeTest {

    static final ObjectMapper JSON = new ObjectMapper();

    static byte[] sample() throws Exception {
        return Files.readAllBytes(Path.of("src/test/resources/fulfillment/shipment-sample.json"));
    }

    @Test
    void theSampleReads_andTheSchemaDescribesTheSameFields() throws Exception {
        NodeShipmentReader.Read read = NodeShipmentReader.read(sample());
        assertThat(read.reasons()).isEmpty();
        assertThat(read.shipment().lines()).hasSize(2);
        assertThat(read.shipment().packages()).hasSize(2);
        JsonNode schema = JSON.readTree(Path.of("docs/shipment.schema.json").toFile());
        Set<String> fields = new java.util.TreeSet<>();
        schema.get("properties").fieldNames().forEachRemaining(fields::add);
        JsonNode doc = JSON.readTree(sample());
        doc.fieldNames().forEachRemaining(f -> assertThat(fields).contains(f));
        schema.get("required").forEach(r -> assertThat(doc.has(r.asText())).isTrue());
        assertThat(fields).containsExactlyInAnyOrder("shipmentId", "orderId", "channel", "channelOrderId", "nodeId",
                "shippedAt", "carrier", "service", "trackingNumber", "trackingUrl", "lines", "packages");
    }

    @Test
    void everyReasonAtOnce() {
        String body = "{\"shipmentId\":\"\",\"shippedAt\":\"yesterday\",\"lines\":[{\"quantity\":0}],\"extra\":1}";
        NodeShipmentReader.Read read = NodeShipmentReader.read(body.getBytes(StandardCharsets.UTF_8));
        assertThat(read.shipment()).isNull();
        assertThat(read.reasons()).anyMatch(r -> r.startsWith("extra")).anyMatch(r -> r.startsWith("shipmentId"))
                .anyMatch(r -> r.startsWith("orderId")).anyMatch(r -> r.startsWith("shippedAt"))
                .anyMatch(r -> r.startsWith("carrier")).anyMatch(r -> r.contains("quantity"));
        assertThat(NodeShipmentReader.read("{nope".getBytes(StandardCharsets.UTF_8)).reasons()).containsExactly(
                "the body is not JSON");
    }

    @Test
    void packagesMustAddUpToTheLines() {
        String body = "{\"shipmentId\":\"S1\",\"orderId\":\"o\",\"shippedAt\":\"2026-11-24T15:30:00Z\",\"carrier\":\"UPS\","
                + "\"trackingNumber\":\"T\",\"lines\":[{\"sku\":\"A\",\"quantity\":2}],"
                + "\"packages\":[{\"lines\":[{\"sku\":\"A\",\"quantity\":1}]}]}";
        assertThat(NodeShipmentReader.read(body.getBytes(StandardCharsets.UTF_8)).reasons())
                .containsExactly("the packages do not add up to the lines");
    }

    static CanonicalOrder order() {
        CanonicalOrder.Line mug = new CanonicalOrder.Line("13570001", "MUG-BLU-12", null, null, 3, null, null, null, null,
                null, null, null, null, null);
        CanonicalOrder.Line pot = new CanonicalOrder.Line(null, "POT-TEA-1", null, null, 1, null, null, null, null,
                null, null, null, null, null);
        return new CanonicalOrder("ord-1", "shop", "1", null, "acct", null, null, "USD", null, null, null, null,
                List.of(mug, pot), null, null, null, null, null, null, null, null, null, null, null);
    }

    @Test
    void linesMapByIdOrSku_withinWhatWasOrdered() {
        ShipmentLines.Mapped ok = ShipmentLines.map(order(), List.of(new NodeShipment.Line("13570001", null, 2),
                new NodeShipment.Line(null, "POT-TEA-1", 1)), Map.of(), null, "shipped");
        assertThat(ok.reasons()).isEmpty();
        assertThat(ok.quantities()).containsExactly(Map.entry("13570001", 2), Map.entry("2", 1));

        ShipmentLines.Mapped tooMany = ShipmentLines.map(order(), List.of(new NodeShipment.Line(null, "MUG-BLU-12", 2),
                new NodeShipment.Line("9", null, 1), new NodeShipment.Line(null, "NOPE", 1)), Map.of("13570001", 2), null,
                "shipped");
        assertThat(tooMany.reasons()).containsExactlyInAnyOrder(
                "line 9 is not on the order (lines 13570001, 2)", "SKU NOPE is not on the order",
                "line 13570001: 2 shipped after 2 before is more than the 3 ordered");
    }

    @Test
    void theSignatureIsTheHexHmacOfTheRawBody() throws Exception {
        byte[] body = sample();
        String header = NodeSignature.sign(body, "s3cret");
        assertThat(header).startsWith("sha256=").hasSize(7 + 64);
        assertThat(NodeSignature.verify(body, header, "s3cret")).isTrue();
        assertThat(NodeSignature.verify(body, header.toUpperCase().replace("SHA256=", "sha256="), "s3cret")).isTrue();
        assertThat(NodeSignature.verify(body, header, "other")).isFalse();
        assertThat(NodeSignature.verify(body, header, null)).isFalse();
        assertThat(NodeSignature.verify(body, header, "")).isFalse();
        assertThat(NodeSignature.verify(body, null, "s3cret")).isFalse();
        assertThat(NodeSignature.verify(body, "sha256=zz", "s3cret")).isFalse();
        assertThat(NodeSignature.verify(body, header.substring(7), "s3cret")).isFalse();
        assertThat(NodeSignature.verify((new String(body) + " ").getBytes(), header, "s3cret")).isFalse();
    }

    @Test
    void aReturnIsADeltaReturnedEventByDisposition_writeOffsLeaveTheLedgerAlone() throws Exception {
        OrderReturn r = new OrderReturn("R1", "ord-1", "DC-A", java.time.Instant.parse("2026-12-01T10:00:00Z"), List.of());
        JsonNode e = JSON.readTree(OrderReturns.stockEvent(r, "DC-A", List.of(
                new OrderReturn.Line("1", "A", 2, OrderReturn.Disposition.RESTOCK),
                new OrderReturn.Line("1", "A", 1, OrderReturn.Disposition.QUARANTINE),
                new OrderReturn.Line("2", "B", 1, OrderReturn.Disposition.DAMAGED),
                new OrderReturn.Line("3", "C", 4, OrderReturn.Disposition.WRITE_OFF))));
        assertThat(e.path("eventId").asText()).isEqualTo("return-R1");
        assertThat(e.path("kind").asText()).isEqualTo("DELTA");
        assertThat(e.path("reason").asText()).isEqualTo("RETURNED");
        assertThat(e.path("items").toString()).isEqualTo("[{\"sku\":\"A\",\"location\":\"DC-A\",\"onHand\":3,"
                + "\"quarantined\":1},{\"sku\":\"B\",\"location\":\"DC-A\",\"onHand\":1,\"damaged\":1}]");
        assertThat(OrderReturns.stockEvent(r, "DC-A", List.of(new OrderReturn.Line("3", "C", 4,
                OrderReturn.Disposition.WRITE_OFF)))).isNull();
    }
}
