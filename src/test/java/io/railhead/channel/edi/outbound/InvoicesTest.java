package io.railhead.channel.edi.outbound;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.railhead.channel.edi.EdiOutbound;
import io.railhead.channel.edi.X12Envelopes;
import io.railhead.channel.edi.partner.PartnerProfile;
import io.railhead.order.CanonicalOrder;
import io.railhead.order.OrderJson;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The 810 written from an invoice of a canonical EDI order, read back with the parser and the 810 schema. */
class InvoicesTest {

    private final PartnerProfile partner = OutboundFixtures.partner();
    private final CanonicalOrder order = OutboundFixtures.order();
    private final Map<String, CanonicalOrder.Line> lines = FulfillmentEvents.lines(order);
    private final X12Envelopes envelopes = OutboundFixtures.envelopes();

    private static Invoice invoice(List<Invoice.Charge> charges) {
        return new Invoice("INV-20417", LocalDate.parse("2026-11-26"), List.of(
                new Invoice.Line("1", 24, new BigDecimal("3.25")), new Invoice.Line("2", 6, new BigDecimal("18.00"))),
                charges, null);
    }

    private OutboundFixtures.Parsed roundTrip(CanonicalOrder order, Invoice invoice) {
        OutboundFixtures.RoundTrip roundTrip = OutboundFixtures.writeAndReadBack(envelopes, partner,
                Invoices.draft(order, lines, invoice, partner));
        EdiOutbound.Document doc = roundTrip.doc();
        OutboundFixtures.Parsed parsed = roundTrip.parsed();
        assertThat(parsed.interchange().at("/FunctionalGroup/0/GS/GS01").asText()).isEqualTo("IN");
        assertThat(parsed.set().at("/ST/ST02").asText()).isEqualTo(doc.setNumber());
        return parsed;
    }

    @Test
    void invoice_roundTripsWithPartiesTermsLinesAndTotalInImpliedDecimals() {
        JsonNode set = roundTrip(order, invoice(List.of())).set();

        assertThat(set.at("/BIG/BIG01").asText()).isEqualTo("20261126");
        assertThat(set.at("/BIG/BIG02").asText()).isEqualTo("INV-20417");
        assertThat(set.at("/BIG/BIG03").asText()).isEqualTo("20261123");
        assertThat(set.at("/BIG/BIG04").asText()).isEqualTo("PO-UNIT-4711");
        assertThat(set.at("/N1Loop/0/N1/N101").asText()).isEqualTo("RE");
        assertThat(set.at("/N1Loop/0/N1/N102").asText()).isEqualTo("Railhead Demo Inc");
        assertThat(set.at("/N1Loop/1/N1/N101").asText()).isEqualTo("ST");
        assertThat(set.at("/N1Loop/1/N1/N104").asText()).isEqualTo("12");
        assertThat(set.at("/ITD/0/ITD01").asText()).isEqualTo("05");
        assertThat(set.at("/ITD/0/ITD02").asText()).isEqualTo("3");
        assertThat(set.at("/ITD/0/ITD07").asText()).as("net days").isEqualTo("30");
        assertThat(set.at("/ITD/0/ITD12").asText()).isEqualTo("NET30");
        assertThat(set.at("/IT1Loop/0/IT1/IT101").asText()).isEqualTo("1");
        assertThat(set.at("/IT1Loop/0/IT1/IT102").asText()).isEqualTo("24");
        assertThat(set.at("/IT1Loop/0/IT1/IT103").asText()).isEqualTo("EA");
        assertThat(set.at("/IT1Loop/0/IT1/IT104").asText()).isEqualTo("3.25");
        assertThat(set.at("/IT1Loop/0/IT1/IT106").asText()).isEqualTo("UP");
        assertThat(set.at("/IT1Loop/0/IT1/IT107").asText()).isEqualTo("012345678905");
        assertThat(set.at("/IT1Loop/0/PID/0/PID05").asText()).isEqualTo("CLASSIC MUG 12OZ");
        assertThat(set.at("/IT1Loop/1/IT1/IT104").asText()).isEqualTo("18.00");
        assertThat(set.at("/TDS/TDS01").asText()).as("186.00 in implied decimals").isEqualTo("18600");
        assertThat(set.has("SACLoop")).isFalse();
        assertThat(set.at("/CTT/CTT01").asText()).isEqualTo("2");
    }

    @Test
    void chargesAndAllowances_areSacs_andCountInTheTotal() {
        Invoice invoice = invoice(List.of(new Invoice.Charge("charge", "D240", new BigDecimal("12.50"), "Freight"),
                new Invoice.Charge("allowance", "C310", new BigDecimal("5.00"), null)));
        assertThat(Invoices.total(invoice)).isEqualByComparingTo("193.50");
        JsonNode set = roundTrip(order, invoice).set();

        assertThat(set.at("/TDS/TDS01").asText()).isEqualTo("19350");
        assertThat(set.at("/SACLoop/0/SAC/SAC01").asText()).isEqualTo("C");
        assertThat(set.at("/SACLoop/0/SAC/SAC02").asText()).isEqualTo("D240");
        assertThat(set.at("/SACLoop/0/SAC/SAC05").asText()).isEqualTo("1250");
        assertThat(set.at("/SACLoop/0/SAC/SAC15").asText()).isEqualTo("Freight");
        assertThat(set.at("/SACLoop/1/SAC/SAC01").asText()).isEqualTo("A");
        assertThat(set.at("/SACLoop/1/SAC/SAC05").asText()).isEqualTo("500");
    }

    @Test
    void lineAmountsAreRoundedToCentsBeforeTheyAreAdded() {
        Invoice invoice = new Invoice("INV-3", LocalDate.parse("2026-11-26"), List.of(
                new Invoice.Line("1", 3, new BigDecimal("0.125"))), List.of(), null);
        assertThat(Invoices.total(invoice)).isEqualByComparingTo("0.38");
        assertThat(X12Values.impliedCents(Invoices.total(invoice))).isEqualTo("38");
    }

    @Test
    void termsTheBuyerSentInThe850_areEchoed() {
        ObjectNode json = (ObjectNode) OrderJson.MAPPER.valueToTree(order);
        ((ObjectNode) json.get("extensions")).putArray("terms").addObject()
                .put("ITD01", "01").put("ITD02", "3").put("ITD03", "2").put("ITD05", "10").put("ITD07", "30")
                .put("ITD12", "2% 10 NET 30");
        JsonNode set = roundTrip(OrderJson.read(json), invoice(List.of())).set();

        assertThat(set.at("/ITD/0/ITD01").asText()).isEqualTo("01");
        assertThat(set.at("/ITD/0/ITD03").asText()).isEqualTo("2");
        assertThat(set.at("/ITD/0/ITD05").asText()).isEqualTo("10");
        assertThat(set.at("/ITD/0/ITD12").asText()).isEqualTo("2% 10 NET 30");
    }

    @Test
    void profileWithoutRemitTo_isAProblemOfTheDraft() {
        PartnerProfile noRemitTo = OutboundFixtures.withParties(partner, new PartnerProfile.Parties(
                partner.parties().shipTo(), partner.shipFrom(), null));
        assertThat(Invoices.draft(order, lines, invoice(List.of()), noRemitTo).problems())
                .singleElement().asString().contains("parties.remitTo");
    }
}
