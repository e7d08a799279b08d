package io.railhead.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * docs/stock-event.schema.json describes the stock event as {@link StockEventReader} takes it: the issue's
 * example and a DELTA with a reason are valid; the shapes the reader refuses (a fraction, an unknown state, a
 * missing eventId, an unknown kind, a DELTA without reason, a negative snapshot quantity) are not.
 */
class StockEventSchemaTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static JsonSchema schema;

    @BeforeAll
    static void load() throws IOException {
        try (InputStream in = Files.newInputStream(Path.of("docs/stock-event.schema.json"))) {
            schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in);
        }
    }

    static Set<ValidationMessage> validate(String json) throws IOException {
        return schema.validate(JSON.readTree(json));
    }

    @Test
    void theIssuesExampleIsValid() throws IOException {
        assertThat(validate("""
                {"eventId": "wms-east-000123", "source": "wms-east", "occurredAt": "2026-12-01T10:00:00Z",
                 "kind": "SNAPSHOT",
                 "items": [{"sku": "TEE-ORG-M-BLK", "location": "DC-EAST", "onHand": 40, "quarantined": 2}]}""")).isEmpty();
    }

    @Test
    void aDeltaWithAReasonIsValid() throws IOException {
        assertThat(validate("""
                {"eventId": "wms-east-000124", "source": "wms-east", "occurredAt": "2026-12-01T10:05:00+01:00",
                 "kind": "DELTA", "reason": "PICKED", "orderId": "ord-1",
                 "items": [{"sku": "TEE-ORG-M-BLK", "location": "DC-EAST", "onHand": -2},
                           {"sku": "MUG-STN-12", "location": "DC-EAST", "onHand": -1, "reason": "SHIPPED", "orderId": "ord-2"}]}""")).isEmpty();
    }

    @Test
    void aDeltaWithAReasonOnEveryItemIsValid() throws IOException {
        assertThat(validate("""
                {"eventId": "e-3", "source": "wms", "occurredAt": "2026-12-01T10:05:00Z", "kind": "DELTA",
                 "items": [{"sku": "A", "location": "DC-EAST", "inTransit": 12, "reason": "RECEIVED"}]}""")).isEmpty();
    }

    @Test
    void aFractionalQuantityIsInvalid() throws IOException {
        assertThat(validate("""
                {"eventId": "e-4", "source": "wms", "occurredAt": "2026-12-01T10:00:00Z", "kind": "SNAPSHOT",
                 "items": [{"sku": "A", "location": "DC-EAST", "onHand": 2.5}]}""")).isNotEmpty();
    }

    @Test
    void anUnknownStateIsInvalid() throws IOException {
        assertThat(validate("""
                {"eventId": "e-5", "source": "wms", "occurredAt": "2026-12-01T10:00:00Z", "kind": "SNAPSHOT",
                 "items": [{"sku": "A", "location": "DC-EAST", "onHand": 3, "reserved": 1}]}""")).isNotEmpty();
        assertThat(validate("""
                {"eventId": "e-5b", "source": "wms", "occurredAt": "2026-12-01T10:00:00Z", "kind": "SNAPSHOT",
                 "items": [{"sku": "A", "location": "DC-EAST", "allocated": 1}]}""")).isNotEmpty();
    }

    @Test
    void aMissingEventIdIsInvalid() throws IOException {
        assertThat(validate("""
                {"source": "wms", "occurredAt": "2026-12-01T10:00:00Z", "kind": "SNAPSHOT",
                 "items": [{"sku": "A", "location": "DC-EAST", "onHand": 3}]}""")).isNotEmpty();
        assertThat(validate("""
                {"eventId": " ", "source": "wms", "occurredAt": "2026-12-01T10:00:00Z", "kind": "SNAPSHOT",
                 "items": [{"sku": "A", "location": "DC-EAST", "onHand": 3}]}""")).isNotEmpty();
    }

    @Test
    void anUnknownKindIsInvalid() throws IOException {
        assertThat(validate("""
                {"eventId": "e-6", "source": "wms", "occurredAt": "2026-12-01T10:00:00Z", "kind": "ABSOLUTE",
                 "items": [{"sku": "A", "location": "DC-EAST", "onHand": 3}]}""")).isNotEmpty();
    }

    @Test
    void aDeltaWithoutAnyReasonIsInvalid() throws IOException {
        assertThat(validate("""
                {"eventId": "e-7", "source": "wms", "occurredAt": "2026-12-01T10:00:00Z", "kind": "DELTA",
                 "items": [{"sku": "A", "location": "DC-EAST", "onHand": -1, "reason": "PICKED"},
                           {"sku": "B", "location": "DC-EAST", "onHand": -1}]}""")).isNotEmpty();
    }

    @Test
    void aNegativeSnapshotQuantityIsInvalidButANegativeDeltaIsNot() throws IOException {
        assertThat(validate("""
                {"eventId": "e-8", "source": "wms", "occurredAt": "2026-12-01T10:00:00Z", "kind": "SNAPSHOT",
                 "items": [{"sku": "A", "location": "DC-EAST", "onHand": -1}]}""")).isNotEmpty();
        assertThat(validate("""
                {"eventId": "e-9", "source": "wms", "occurredAt": "2026-12-01T10:00:00Z", "kind": "DELTA",
                 "reason": "ADJUSTED", "items": [{"sku": "A", "location": "DC-EAST", "onHand": -1}]}""")).isEmpty();
    }

    @Test
    void anItemWithoutStatesOrAnEventWithoutItemsIsInvalid() throws IOException {
        assertThat(validate("""
                {"eventId": "e-10", "source": "wms", "occurredAt": "2026-12-01T10:00:00Z", "kind": "SNAPSHOT",
                 "items": [{"sku": "A", "location": "DC-EAST"}]}""")).isNotEmpty();
        assertThat(validate("""
                {"eventId": "e-11", "source": "wms", "occurredAt": "2026-12-01T10:00:00Z", "kind": "SNAPSHOT",
                 "items": []}""")).isNotEmpty();
    }

    @Test
    void anUnknownFieldOrReasonIsInvalid() throws IOException {
        assertThat(validate("""
                {"eventId": "e-12", "source": "wms", "occurredAt": "2026-12-01T10:00:00Z", "kind": "SNAPSHOT",
                 "warehouse": "east", "items": [{"sku": "A", "location": "DC-EAST", "onHand": 3}]}""")).isNotEmpty();
        assertThat(validate("""
                {"eventId": "e-13", "source": "wms", "occurredAt": "2026-12-01T10:00:00Z", "kind": "DELTA",
                 "reason": "SOLD", "items": [{"sku": "A", "location": "DC-EAST", "onHand": -1}]}""")).isNotEmpty();
    }
}
