package io.railhead.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The stock event contract: a good event reads whole; a bad one is refused with every reason at once. */
class StockEventReaderTest {

    static final StockRules RULES = new StockRules(Path.of("stock.yml"), Map.of("DC-EAST", new StockRules.Location(List.of())),
            Map.of(), Map.of(), Map.of());

    static StockEventReader.Read read(String json) {
        return StockEventReader.read(json.getBytes(StandardCharsets.UTF_8), RULES, 1000);
    }

    @Test
    void theIssuesExampleReads() {
        StockEventReader.Read r = read("""
                {"eventId": "wms-east-000123", "source": "wms-east", "occurredAt": "2026-12-01T10:00:00Z",
                 "kind": "SNAPSHOT",
                 "items": [{"sku": "TEE-ORG-M-BLK", "location": "DC-EAST", "onHand": 40, "quarantined": 2}]}""");
        assertThat(r.reasons()).isEmpty();
        assertThat(r.event().items().get(0).quantities()).containsEntry(StockEvent.State.onHand, 40L)
                .containsEntry(StockEvent.State.quarantined, 2L).hasSize(2);
    }

    @Test
    void aDeltaTakesSignedAmountsAndAnItemMayOverrideReasonAndOrder() {
        StockEventReader.Read r = read("""
                {"eventId": "e1", "source": "wms", "occurredAt": "2026-12-01T10:00:00+01:00", "kind": "DELTA",
                 "reason": "RECEIVED", "items": [{"sku": "A", "location": "DC-EAST", "onHand": -3, "reason": "SHIPPED",
                 "orderId": "ord-1"}]}""");
        assertThat(r.reasons()).isEmpty();
        StockEvent.Item i = r.event().items().get(0);
        assertThat(i.reasonOr(r.event().reason())).isEqualTo("SHIPPED");
        assertThat(i.orderIdOr(null)).isEqualTo("ord-1");
        assertThat(r.event().occurredAt().toString()).isEqualTo("2026-12-01T09:00:00Z");
    }

    @Test
    void everyReasonIsListed() {
        StockEventReader.Read r = read("""
                {"kind": "SIDEWAYS", "occurredAt": "noon",
                 "items": [{"sku": "A", "location": "DC-WEST", "onHand": 2.5}, {"location": "DC-EAST", "allocated": 1},
                           {"sku": "B", "location": "DC-EAST", "shelf": 4}]}""");
        assertThat(r.event()).isNull();
        assertThat(String.join("\n", r.reasons())).contains("eventId is missing", "source is missing", "occurredAt 'noon'",
                "unknown kind 'SIDEWAYS'", "unknown location 'DC-WEST'", "must be a whole number", "items[1].sku is missing",
                "allocated: kept by the hub", "shelf: unknown state");
    }

    @Test
    void aNegativeSnapshotAnUnknownReasonAndADeltaWithoutReasonAreRefused() {
        assertThat(read("""
                {"eventId": "e", "source": "s", "occurredAt": "2026-12-01T10:00:00Z", "kind": "SNAPSHOT",
                 "items": [{"sku": "A", "location": "DC-EAST", "onHand": -1}]}""").reasons()).anyMatch(x -> x.contains("negative"));
        assertThat(read("""
                {"eventId": "e", "source": "s", "occurredAt": "2026-12-01T10:00:00Z", "kind": "DELTA",
                 "items": [{"sku": "A", "location": "DC-EAST", "onHand": 1}]}""").reasons()).anyMatch(x -> x.contains("needs a reason"));
        assertThat(read("""
                {"eventId": "e", "source": "s", "occurredAt": "2026-12-01T10:00:00Z", "kind": "DELTA", "reason": "STOLEN",
                 "items": [{"sku": "A", "location": "DC-EAST", "onHand": 1}]}""").reasons()).anyMatch(x -> x.contains("STOLEN"));
        assertThat(read("[1, 2").reasons().get(0)).startsWith("malformed JSON");
    }
}
