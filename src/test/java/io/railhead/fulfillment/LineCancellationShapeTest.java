package io.railhead.fulfillment;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The node's report of lines it cannot ship: the documented example reads, the schema names the fields the
 * reader takes, every reason comes at once, and a report's id depends on its lines, not their order.
 */
class LineCancellationShapeTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String EXAMPLE = "{\"orderId\": \"ord-1\", \"nodeId\": \"DC-EAST\", \"reason\": \"damaged in the pick "
            + "face\", \"lines\": [{\"lineId\": \"13790000001\", \"quantity\": 3}, {\"sku\": \"TEE-M\", \"quantity\": 1}]}";

    @Test
    void theExampleReads_andTheSchemaDescribesTheSameFields() throws Exception {
        LineCancellationReader.Read read = LineCancellationReader.read(EXAMPLE.getBytes(StandardCharsets.UTF_8));
        assertThat(read.reasons()).isEmpty();
        assertThat(read.report().orderId()).isEqualTo("ord-1");
        assertThat(read.report().reason()).isEqualTo("damaged in the pick face");
        assertThat(read.report().lines()).containsExactly(new NodeShipment.Line("13790000001", null, 3),
                new NodeShipment.Line(null, "TEE-M", 1));
        JsonNode schema = JSON.readTree(Path.of("docs/line-cancellation.schema.json").toFile());
        Set<String> fields = new TreeSet<>();
        schema.get("properties").fieldNames().forEachRemaining(fields::add);
        assertThat(fields).containsExactlyInAnyOrder("orderId", "nodeId", "reason", "lines");
        Set<String> lineFields = new TreeSet<>();
        schema.at("/properties/lines/items/properties").fieldNames().forEachRemaining(lineFields::add);
        assertThat(lineFields).containsExactlyInAnyOrder("lineId", "sku", "quantity");
    }

    @Test
    void everyReasonAtOnce() {
        String body = "{\"orderId\": \"\", \"lines\": [{\"quantity\": 0}, 7], \"extra\": 1}";
        LineCancellationReader.Read read = LineCancellationReader.read(body.getBytes(StandardCharsets.UTF_8));
        assertThat(read.report()).isNull();
        assertThat(read.reasons()).contains("extra: unknown field", "nodeId is required",
                "lines[0]: lineId or sku is required", "lines[0].quantity: a whole number above 0 is required",
                "lines[1]: an object is required").anyMatch(r -> r.startsWith("orderId: a non-blank string"));
        assertThat(LineCancellationReader.read("{nope".getBytes(StandardCharsets.UTF_8)).reasons())
                .containsExactly("the body is not JSON");
        assertThat(LineCancellationReader.read(new byte[0]).reasons()).containsExactly("a cancellation is a JSON object");
    }

    @Test
    void theReportsIdIsItsOrderNodeAndLines() {
        String one = LineCancellations.id("ord-1", "DC-EAST", Map.of("1", 3, "2", 1));
        assertThat(LineCancellations.id("ord-1", "DC-EAST", new java.util.LinkedHashMap<>(Map.of("2", 1, "1", 3))))
                .isEqualTo(one);
        assertThat(LineCancellations.id("ord-1", "DC-EAST", Map.of("1", 2, "2", 1))).isNotEqualTo(one);
        assertThat(LineCancellations.id("ord-1", "DC-WEST", Map.of("1", 3, "2", 1))).isNotEqualTo(one);
        assertThat(one).startsWith("ord-1~DC-EAST~").hasSizeLessThanOrEqualTo(160);
    }
}
