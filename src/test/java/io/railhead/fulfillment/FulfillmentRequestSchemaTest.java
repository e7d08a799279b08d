package io.railhead.fulfillment;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import io.railhead.order.CanonicalOrder;
import io.railhead.order.OrderJson;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * docs/fulfillment-request.schema.json describes the request as the hub sends it: a serialized
 * {@link FulfillmentRequest} (with or without a ship-by deadline) is valid and reads back the same; a request
 * without lines, with a zero quantity or with an unknown field is not.
 */
class FulfillmentRequestSchemaTest {

    private static JsonSchema schema;

    @BeforeAll
    static void load() throws IOException {
        try (InputStream in = Files.newInputStream(Path.of("docs/fulfillment-request.schema.json"))) {
            schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in);
        }
    }

    static FulfillmentRequest sample(Instant shipBy) {
        return new FulfillmentRequest("ful-1", "ord-1", "DC-EAST", "web", "1001",
                List.of(new FulfillmentRequest.Line("l-1", "TEE-ORG-M-BLK", 2), new FulfillmentRequest.Line("l-2", "MUG", 1)),
                new CanonicalOrder.Address("A Person", null, "1 Main St", null, "Newark", "NJ", "07101", "US", null,
                        40.73, -74.17), "STANDARD", shipBy, LocalDate.of(2026, 12, 4));
    }

    private static JsonNode serialized(FulfillmentRequest r) {
        return OrderJson.MAPPER.valueToTree(r);
    }

    @Test
    void aSerializedRequestIsValid_andReadsBackTheSame() throws IOException {
        FulfillmentRequest r = sample(Instant.parse("2026-12-04T20:00:00Z"));
        assertThat(schema.validate(serialized(r))).isEmpty();
        assertThat(NodeRequestStore.read(NodeRequestStore.write(r))).isEqualTo(r);
        assertThat(serialized(r).get("promisedShipDate").asText()).isEqualTo("2026-12-04");
        assertThat(serialized(r).get("shipBy").asText()).isEqualTo("2026-12-04T20:00:00Z");
    }

    @Test
    void aRequestWithoutShipByIsValid() {
        JsonNode json = serialized(sample(null));
        assertThat(json.has("shipBy")).isFalse();
        assertThat(schema.validate(json)).isEmpty();
    }

    @Test
    void noLinesAZeroQuantityOrAnUnknownFieldIsInvalid() {
        ObjectNode noLines = (ObjectNode) serialized(sample(null));
        noLines.putArray("lines");
        assertThat(schema.validate(noLines)).isNotEmpty();
        ObjectNode zero = (ObjectNode) serialized(sample(null));
        ((ObjectNode) zero.get("lines").get(0)).put("quantity", 0);
        assertThat(schema.validate(zero)).isNotEmpty();
        ObjectNode unknown = (ObjectNode) serialized(sample(null));
        unknown.put("warehouse", "east");
        assertThat(schema.validate(unknown)).isNotEmpty();
    }
}
