package io.railhead.channel.edi.outbound;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.railhead.channel.edi.X12Envelopes;
import io.railhead.channel.edi.partner.PartnerProfile;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The 846 written from pushed quantities, read back with the parser and the 846 schema. */
class InventoryAdvicesTest {

    private final PartnerProfile partner = OutboundFixtures.partner();
    private final X12Envelopes envelopes = OutboundFixtures.envelopes();
    private final Instant asOf = Instant.parse("2026-12-02T09:41:00Z");

    @Test
    void advice_roundTripsWithThePartnersItemIdsAndQuantitiesAvailable() {
        OutboundFixtures.RoundTrip roundTrip = OutboundFixtures.writeAndReadBack(envelopes, partner,
                InventoryAdvices.draft(List.of(
                        new InventoryAdvices.Item("MUG-CLASSIC-12", "MUG-CLASSIC-12", 37),
                        new InventoryAdvices.Item("TEA-EARLGREY-6", "BM-TEA-6", 0),
                        new InventoryAdvices.Item("SOCK-RED", "SOCK-RED", 5)), partner, "RH1764668460000", asOf));
        assertThat(roundTrip.parsed().interchange().at("/FunctionalGroup/0/GS/GS01").asText()).isEqualTo("IB");
        JsonNode set = roundTrip.parsed().set();
        assertThat(set.at("/ST/ST01").asText()).isEqualTo("846");
        assertThat(set.at("/BIA/BIA01").asText()).isEqualTo("00");
        assertThat(set.at("/BIA/BIA02").asText()).isEqualTo("SI");
        assertThat(set.at("/BIA/BIA03").asText()).isEqualTo("RH1764668460000");
        assertThat(set.at("/BIA/BIA04").asText()).isEqualTo("20261202");
        assertThat(set.at("/BIA/BIA05").asText()).isEqualTo("0941");
        assertThat(set.at("/DTM/0/DTM01").asText()).isEqualTo("007");

        JsonNode lines = set.get("LINLoop");
        assertThat(lines).hasSize(3);
        JsonNode mug = lines.get(0);
        assertThat(mug.at("/LIN/LIN01").asText()).isEqualTo("1");
        assertThat(mug.at("/LIN/LIN02").asText()).isEqualTo("VN");
        assertThat(mug.at("/LIN/LIN03").asText()).isEqualTo("MUG-CLASSIC-12");
        assertThat(mug.at("/LIN/LIN04").asText()).as("the partner's UPC from the profile's xref").isEqualTo("UP");
        assertThat(mug.at("/LIN/LIN05").asText()).isEqualTo("012345678905");
        assertThat(mug.at("/QTY/0/QTY01").asText()).isEqualTo("33");
        assertThat(mug.at("/QTY/0/QTY02").asText()).isEqualTo("37");
        assertThat(mug.at("/QTY/0/QTY03").asText()).isEqualTo("EA");
        JsonNode tea = lines.get(1);
        assertThat(tea.at("/LIN/LIN03").asText()).as("the channel SKU of the stock rules").isEqualTo("BM-TEA-6");
        assertThat(tea.at("/LIN/LIN04").asText()).isEqualTo("BP");
        assertThat(tea.at("/LIN/LIN05").asText()).isEqualTo("884-22");
        assertThat(tea.at("/QTY/0/QTY02").asText()).isEqualTo("0");
        assertThat(lines.get(2).at("/LIN/LIN04").isMissingNode()).isTrue();
        assertThat(set.at("/CTT/CTT01").asText()).isEqualTo("3");
        assertThat(set.at("/CTT/CTT02").asText()).isEqualTo("42");
    }

    @Test
    void anItemIdThatCannotBeWrittenIsAProblemOfThatItem() {
        String tooLong = "X".repeat(49);
        assertThat(InventoryAdvices.problem(new InventoryAdvices.Item("A", tooLong, 1), partner))
                .contains("longer than the 48 characters");
        assertThat(InventoryAdvices.problem(new InventoryAdvices.Item("A", "A*B", 1), partner))
                .contains("separator");
        assertThat(InventoryAdvices.problem(new InventoryAdvices.Item("A", "A-B", 1), partner)).isNull();
        assertThat(InventoryAdvices.draft(List.of(new InventoryAdvices.Item("A", "A~B", 1)), partner, "R1", asOf)
                .problems()).singleElement().asString().startsWith("A: ");
    }

    @Test
    void theSameValuesGiveTheSameDigestAndAnyChangeAnother() {
        List<InventoryAdvices.Item> a = List.of(new InventoryAdvices.Item("A", "A", 1));
        assertThat(EdiStockPush.digest(a)).isEqualTo(EdiStockPush.digest(List.of(new InventoryAdvices.Item("A", "A", 1))))
                .isNotEqualTo(EdiStockPush.digest(List.of(new InventoryAdvices.Item("A", "A", 2))));
    }
}
