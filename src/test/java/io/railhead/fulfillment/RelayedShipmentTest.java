package io.railhead.fulfillment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.railhead.fulfillment.RelayedShipment.Line;
import io.railhead.fulfillment.RelayedShipment.Package;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a relayed shipment must hold, and the parcels a channel is told of. */
class RelayedShipmentTest {

    static RelayedShipment shipment(List<Line> lines, List<Package> packages) {
        return new RelayedShipment("ord-1", "test", "default", "1001", "shp-1", Instant.parse("2026-05-04T15:30:00Z"),
                "UPS", "STANDARD", "1Z999", "https://track.example/1Z999", lines, packages, null);
    }

    @Test
    void withoutPackages_oneParcelHoldsEveryLineWithTheShipmentsTracking() {
        RelayedShipment s = shipment(List.of(new Line("11", "A", 2), new Line(null, "B", 1)), null);
        assertThat(s.parcels()).containsExactly(new Package("1Z999", "https://track.example/1Z999", s.lines()));
        assertThat(s.lines().get(1).key()).isEqualTo("sku:B");
    }

    @Test
    void packagesKeepTheirOwnTracking_andInheritTheShipmentsWhenTheyHaveNone() {
        RelayedShipment s = shipment(List.of(new Line("11", "A", 3)), List.of(
                new Package("1Z111", null, List.of(new Line("11", "A", 1))),
                new Package(null, null, List.of(new Line("11", "A", 2)))));
        assertThat(s.parcels()).extracting(Package::trackingNumber, Package::trackingUrl).containsExactly(
                tuple("1Z111", null),
                tuple("1Z999", "https://track.example/1Z999"));
    }

    @Test
    void packagesMustAddUpToTheLines() {
        assertThatThrownBy(() -> shipment(List.of(new Line("11", "A", 3)),
                List.of(new Package("1Z111", null, List.of(new Line("11", "A", 2))))))
                .hasMessageContaining("do not add up");
    }

    @Test
    void refusesWhatNoChannelCouldTakeOrMatch() {
        assertThatThrownBy(() -> shipment(List.of(), null)).hasMessageContaining("ships no lines");
        assertThatThrownBy(() -> shipment(List.of(new Line("11", "A", 1), new Line("11", "A", 1)), null))
                .hasMessageContaining("twice");
        assertThatThrownBy(() -> new Line(null, " ", 1)).hasMessageContaining("lineId or a sku");
        assertThatThrownBy(() -> new Line("11", "A", 0)).hasMessageContaining(">= 1");
        assertThatThrownBy(() -> new RelayedShipment("ord-1", "test", "default", " ", "shp-1", Instant.now(), null,
                null, null, null, List.of(new Line("11", "A", 1)), null, null)).hasMessageContaining("channelOrderId");
    }

    @Test
    void orderExtensionsAreReadAsText() throws Exception {
        RelayedShipment s = new RelayedShipment("ord-1", "test", "default", "1001", "shp-1", Instant.now(), null,
                null, null, null, List.of(new Line("11", "A", 1)), null,
                new ObjectMapper().readTree("{\"MarketplaceId\":\"ATVPDKIKX0DER\",\"nested\":{\"a\":1},\"blank\":\"\"}"));
        assertThat(s.orderExtension("MarketplaceId")).isEqualTo("ATVPDKIKX0DER");
        assertThat(s.orderExtension("nested")).isNull();
        assertThat(s.orderExtension("blank")).isNull();
        assertThat(s.orderExtension("missing")).isNull();
    }
}
