package io.railhead.channel.edi.outbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a shipment or invoice report must hold before it is checked against its order. */
class FulfillmentRequestTest {

    private static final Instant SHIPPED = Instant.parse("2026-11-24T15:30:00Z");

    private static Shipment shipment(String sscc, Shipment.Item... items) {
        return new Shipment("SH-1", SHIPPED, "upsn", " UPS GROUND ", "1Z999", null,
                List.of(new Shipment.Package(sscc, null, null, List.of(items))));
    }

    @Test
    void gs1CheckDigit_ofGs1sExampleSscc() {
        assertThat(FulfillmentEvents.gs1CheckDigit("10614141123456789")).isEqualTo(7);
    }

    @Test
    void sscc_isWrittenWithItsApplicationIdentifier_andItsCheckDigitChecked() {
        assertThat(FulfillmentEvents.normalize(shipment("106141411234567897", new Shipment.Item("1", null, 1)))
                .packages().get(0).sscc()).isEqualTo("00106141411234567897");
        assertThat(FulfillmentEvents.normalize(shipment("00106141411234567897", new Shipment.Item("1", null, 1)))
                .packages().get(0).sscc()).isEqualTo("00106141411234567897");
        assertThatThrownBy(() -> FulfillmentEvents.normalize(shipment("106141411234567890",
                new Shipment.Item("1", null, 1)))).hasMessageContaining("wrong check digit");
        assertThatThrownBy(() -> FulfillmentEvents.normalize(shipment("12345", new Shipment.Item("1", null, 1))))
                .hasMessageContaining("18 digits");
    }

    @Test
    void shipment_carrierIsAScac_quantitiesArePositive_idsCarryNoSeparators() {
        Shipment ok = FulfillmentEvents.normalize(shipment(null, new Shipment.Item(" 1 ", null, 2)));
        assertThat(ok.carrier()).isEqualTo("UPSN");
        assertThat(ok.service()).isEqualTo("UPS GROUND");
        assertThat(ok.packages().get(0).lines().get(0).lineId()).isEqualTo("1");

        assertThatThrownBy(() -> FulfillmentEvents.normalize(new Shipment("SH-1", SHIPPED, "United Parcel", null,
                null, null, List.of()))).hasMessageContaining("SCAC");
        assertThatThrownBy(() -> FulfillmentEvents.normalize(shipment(null, new Shipment.Item("1", null, 0))))
                .hasMessageContaining("packages[0].lines[0]: quantity must be a positive");
        assertThatThrownBy(() -> FulfillmentEvents.normalize(new Shipment("SH*1", SHIPPED, "UPSN", null, null, null,
                List.of()))).hasMessageContaining("shipmentId must be");
        assertThatThrownBy(() -> FulfillmentEvents.normalize(new Shipment("SH-1", null, "UPSN", null, null, null,
                List.of()))).hasMessageContaining("shippedAt is missing");
        assertThatThrownBy(() -> FulfillmentEvents.normalize(new Shipment("SH-1", SHIPPED, "UPSN", null, null, null,
                List.of()))).hasMessageContaining("at least one carton");
    }

    @Test
    void shipment_cartonsWeighInOneUnit() {
        assertThatThrownBy(() -> FulfillmentEvents.normalize(new Shipment("SH-1", SHIPPED, "UPSN", null, null, null,
                List.of(new Shipment.Package(null, BigDecimal.TEN, "LB", List.of(new Shipment.Item("1", null, 1))),
                        new Shipment.Package(null, BigDecimal.ONE, "KG", List.of(new Shipment.Item("2", null, 1)))))))
                .hasMessageContaining("same unit");
    }

    @Test
    void invoice_amountsInCents_chargeCodesOfFourCharacters_linesOnce() {
        Invoice ok = FulfillmentEvents.normalize(new Invoice("INV-1", LocalDate.parse("2026-11-26"),
                List.of(new Invoice.Line("1", 2, new BigDecimal("3.5"))),
                List.of(new Invoice.Charge(null, "d240", new BigDecimal("12.5"), " Freight ")), new BigDecimal("19.5")));
        assertThat(ok.lines().get(0).unitPrice()).isEqualByComparingTo("3.50").hasScaleOf(2);
        assertThat(ok.charges().get(0).code()).isEqualTo("D240");
        assertThat(ok.charges().get(0).type()).isEqualTo("charge");
        assertThat(ok.total()).hasScaleOf(2);

        assertThatThrownBy(() -> FulfillmentEvents.normalize(new Invoice("INV-1", LocalDate.parse("2026-11-26"),
                List.of(new Invoice.Line("1", 2, null), new Invoice.Line("1", 1, null)), null, null)))
                .hasMessageContaining("appears twice");
        assertThatThrownBy(() -> FulfillmentEvents.normalize(new Invoice("INV-1", LocalDate.parse("2026-11-26"),
                List.of(new Invoice.Line("1", 2, null)), List.of(new Invoice.Charge(null, "FREIGHT",
                BigDecimal.ONE, null)), null))).hasMessageContaining("4-character");
        assertThatThrownBy(() -> FulfillmentEvents.normalize(new Invoice("INV-1", LocalDate.parse("2026-11-26"),
                List.of(new Invoice.Line("1", 2, null)), null, new BigDecimal("1.005"))))
                .hasMessageContaining("in cents");
        assertThatThrownBy(() -> FulfillmentEvents.normalize(new Invoice("INV-1234567890123456789012",
                LocalDate.parse("2026-11-26"), List.of(new Invoice.Line("1", 2, null)), null, null)))
                .hasMessageContaining("invoiceId must be 1 to 22");
    }
}
