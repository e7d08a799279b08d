package io.railhead.channel.edi.outbound;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.railhead.channel.edi.EdiOutbound;
import io.railhead.channel.edi.X12Envelopes;
import io.railhead.channel.edi.partner.PartnerProfile;
import io.railhead.order.CanonicalOrder;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The 856 written from a shipment of a canonical EDI order, read back with the parser and the 856 schema. */
class ShipNoticesTest {

    private static final String SSCC_1 = "106141411234567897";   // GS1's example SSCC, check digit 7
    private static final String SSCC_2 = ssccWithCheckDigit("00614141000000042");

    private final PartnerProfile partner = OutboundFixtures.partner();
    private final CanonicalOrder order = OutboundFixtures.order();
    private final Map<String, CanonicalOrder.Line> lines = FulfillmentEvents.lines(order);
    private final X12Envelopes envelopes = OutboundFixtures.envelopes();

    static String ssccWithCheckDigit(String data17) {
        return data17 + FulfillmentEvents.gs1CheckDigit(data17);
    }

    private Shipment shipment() {
        return FulfillmentEvents.normalize(new Shipment("SH-8812", Instant.parse("2026-11-24T15:30:00Z"), "UPSN",
                "UPS GROUND", "1Z999AA10123456784", "BOL-5521", List.of(
                new Shipment.Package(SSCC_1, new BigDecimal("12.5"), null, List.of(
                        new Shipment.Item("1", "MUG-CLASSIC-12", 20), new Shipment.Item("2", null, 2))),
                new Shipment.Package(SSCC_2, new BigDecimal("20.0"), "LB", List.of(
                        new Shipment.Item("1", null, 4), new Shipment.Item("2", null, 4))))));
    }

    @Test
    void shipment_roundTripsWithHierarchyCartonsTrackingAndQuantities() {
        OutboundFixtures.RoundTrip roundTrip = OutboundFixtures.writeAndReadBack(envelopes, partner,
                ShipNotices.draft(order, lines, shipment(), partner, Instant.parse("2026-11-24T16:05:00Z")));
        EdiOutbound.Document doc = roundTrip.doc();
        OutboundFixtures.Parsed parsed = roundTrip.parsed();
        assertThat(parsed.interchange().at("/FunctionalGroup/0/GS/GS01").asText()).isEqualTo("SH");
        JsonNode set = parsed.set();
        assertThat(set.at("/ST/ST02").asText()).isEqualTo(doc.setNumber()).isEqualTo(set.at("/SE/SE02").asText());

        assertThat(set.at("/BSN/BSN01").asText()).isEqualTo("00");
        assertThat(set.at("/BSN/BSN02").asText()).isEqualTo("SH-8812");
        assertThat(set.at("/BSN/BSN03").asText()).isEqualTo("20261124");
        assertThat(set.at("/BSN/BSN04").asText()).isEqualTo("1605");
        assertThat(set.at("/BSN/BSN05").asText()).isEqualTo("0001");

        JsonNode hl = set.get("HLLoop");
        assertThat(hl).hasSize(8);
        JsonNode shipmentLevel = hl.get(0);
        assertThat(shipmentLevel.at("/HL/HL03").asText()).isEqualTo("S");
        assertThat(shipmentLevel.at("/TD1/0/TD102").asText()).as("cartons").isEqualTo("2");
        assertThat(shipmentLevel.at("/TD1/0/TD107").asText()).isEqualTo("32.5");
        assertThat(shipmentLevel.at("/TD1/0/TD108").asText()).isEqualTo("LB");
        assertThat(shipmentLevel.at("/TD5/0/TD502").asText()).isEqualTo("2");
        assertThat(shipmentLevel.at("/TD5/0/TD503").asText()).isEqualTo("UPSN");
        assertThat(shipmentLevel.at("/TD5/0/TD505").asText()).isEqualTo("UPS GROUND");
        assertThat(shipmentLevel.at("/REF/0/REF01").asText()).isEqualTo("BM");
        assertThat(shipmentLevel.at("/REF/0/REF02").asText()).isEqualTo("BOL-5521");
        assertThat(shipmentLevel.at("/REF/1/REF01").asText()).isEqualTo("CN");
        assertThat(shipmentLevel.at("/REF/1/REF02").asText()).isEqualTo("1Z999AA10123456784");
        assertThat(shipmentLevel.at("/DTM/0/DTM01").asText()).isEqualTo("011");
        assertThat(shipmentLevel.at("/DTM/0/DTM02").asText()).isEqualTo("20261124");
        assertThat(shipmentLevel.at("/DTM/0/DTM03").asText()).isEqualTo("1530");
        assertThat(shipmentLevel.at("/N1Loop/0/N1/N101").asText()).isEqualTo("SF");
        assertThat(shipmentLevel.at("/N1Loop/0/N1/N104").asText()).isEqualTo("RH-WH1");
        assertThat(shipmentLevel.at("/N1Loop/1/N1/N101").asText()).isEqualTo("ST");
        assertThat(shipmentLevel.at("/N1Loop/1/N1/N103").asText()).isEqualTo("92");
        assertThat(shipmentLevel.at("/N1Loop/1/N1/N104").asText()).isEqualTo("12");
        assertThat(shipmentLevel.at("/N1Loop/1/N4/N403").asText()).isEqualTo("43215");

        JsonNode orderLevel = hl.get(1);
        assertThat(orderLevel.at("/HL/HL02").asText()).isEqualTo("1");
        assertThat(orderLevel.at("/HL/HL03").asText()).isEqualTo("O");
        assertThat(orderLevel.at("/PRF/PRF01").asText()).isEqualTo("PO-UNIT-4711");
        assertThat(orderLevel.at("/PRF/PRF04").asText()).isEqualTo("20261123");

        JsonNode firstCarton = hl.get(2);
        assertThat(firstCarton.at("/HL/HL02").asText()).isEqualTo("2");
        assertThat(firstCarton.at("/HL/HL03").asText()).isEqualTo("P");
        assertThat(firstCarton.at("/MAN/0/MAN01").asText()).isEqualTo("GM");
        assertThat(firstCarton.at("/MAN/0/MAN02").asText()).as("SSCC-18 with its application identifier")
                .isEqualTo("00" + SSCC_1);
        JsonNode mugs = hl.get(3);
        assertThat(mugs.at("/HL/HL02").asText()).isEqualTo(firstCarton.at("/HL/HL01").asText());
        assertThat(mugs.at("/HL/HL03").asText()).isEqualTo("I");
        assertThat(mugs.at("/LIN/LIN01").asText()).isEqualTo("1");
        assertThat(mugs.at("/LIN/LIN02").asText()).isEqualTo("UP");
        assertThat(mugs.at("/LIN/LIN03").asText()).isEqualTo("012345678905");
        assertThat(mugs.at("/LIN/LIN04").asText()).isEqualTo("BP");
        assertThat(mugs.at("/LIN/LIN05").asText()).isEqualTo("77-100");
        assertThat(mugs.at("/SN1/SN102").asText()).isEqualTo("20");
        assertThat(mugs.at("/SN1/SN103").asText()).isEqualTo("EA");
        assertThat(hl.get(4).at("/SN1/SN103").asText()).isEqualTo("CA");
        JsonNode secondCarton = hl.get(5);
        assertThat(secondCarton.at("/MAN/0/MAN02").asText()).isEqualTo("00" + SSCC_2);
        assertThat(hl.get(6).at("/HL/HL02").asText()).isEqualTo(secondCarton.at("/HL/HL01").asText());
        assertThat(hl.get(7).at("/SN1/SN102").asText()).isEqualTo("4");

        assertThat(set.at("/CTT/CTT01").asText()).as("HL segments").isEqualTo("8");
        assertThat(set.at("/CTT/CTT02").asText()).as("units").isEqualTo("30");
    }

    @Test
    void cartonWithoutSsccOrWeight_hasNoManAndTheShipmentNoWeight() {
        Shipment s = FulfillmentEvents.normalize(new Shipment("SH-2", Instant.parse("2026-11-24T15:30:00Z"), "fdeg",
                null, "7777", null, List.of(new Shipment.Package(null, null, null, List.of(
                new Shipment.Item("2", null, 6))))));
        EdiOutbound.Document doc = OutboundFixtures.write(envelopes, partner,
                ShipNotices.draft(order, lines, s, partner, Instant.now()));
        assertThat(envelopes.check(doc)).isEmpty();
        JsonNode hl = OutboundFixtures.parse(doc.payload()).set().get("HLLoop");
        assertThat(hl.get(0).at("/TD1/0/TD107").isMissingNode()).isTrue();
        assertThat(hl.get(0).at("/TD5/0/TD503").asText()).isEqualTo("FDEG");
        assertThat(hl.get(2).at("/HL/HL03").asText()).isEqualTo("P");
        assertThat(hl.get(2).has("MAN")).isFalse();
    }

    @Test
    void profileWithoutShipFrom_isAProblemOfTheDraft() {
        PartnerProfile noShipFrom = OutboundFixtures.withParties(partner, new PartnerProfile.Parties(
                partner.parties().shipTo(), null, partner.remitTo()));
        OutboundDocuments.Draft draft = ShipNotices.draft(order, lines, shipment(), noShipFrom, Instant.now());
        assertThat(draft.problems()).singleElement().asString().contains("parties.shipFrom");
    }
}
