package io.railhead.channel.edi.outbound;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.railhead.channel.edi.EdiOutbound;
import io.railhead.channel.edi.X12Envelopes;
import io.railhead.channel.edi.partner.PartnerProfile;
import io.railhead.channel.edi.outbound.PurchaseOrderAcks.LineAck;
import io.railhead.channel.edi.outbound.PurchaseOrderAcks.LineStatus;
import io.railhead.order.CanonicalOrder;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The 855 written from a canonical EDI order, read back with the parser and the 855 schema. */
class PurchaseOrderAcksTest {

    private final PartnerProfile partner = OutboundFixtures.partner();
    private final CanonicalOrder order = OutboundFixtures.order();
    private final X12Envelopes envelopes = OutboundFixtures.envelopes();

    private OutboundFixtures.Parsed roundTrip(List<LineAck> lines) {
        OutboundFixtures.RoundTrip roundTrip = OutboundFixtures.writeAndReadBack(envelopes, partner,
                PurchaseOrderAcks.draft(order, lines, partner));
        EdiOutbound.Document doc = roundTrip.doc();
        OutboundFixtures.Parsed parsed = roundTrip.parsed();
        JsonNode x = parsed.interchange();
        assertThat(x.at("/FunctionalGroup/0/GS/GS06").asText()).isEqualTo(doc.groupNumber())
                .isEqualTo(x.at("/FunctionalGroup/0/GE/GE02").asText());
        assertThat(parsed.set().at("/ST/ST02").asText()).isEqualTo(doc.setNumber())
                .isEqualTo(parsed.set().at("/SE/SE02").asText());
        return parsed;
    }

    @Test
    void erpAccepted_isAdWithEveryLineIa_echoingTheBuyersLines() {
        OutboundFixtures.Parsed parsed = roundTrip(PurchaseOrderAcks.allLines(order, LineStatus.ACCEPTED));

        JsonNode x = parsed.interchange();
        assertThat(x.at("/ISA/ISA06").asText().trim()).as("we send, as the id the partner addresses us with")
                .isEqualTo("RAILHEADDEMO");
        assertThat(x.at("/ISA/ISA08").asText().trim()).isEqualTo("BRIGHTMART");
        assertThat(x.at("/FunctionalGroup/0/GS/GS01").asText()).isEqualTo("PR");
        assertThat(x.at("/FunctionalGroup/0/GS/GS08").asText()).isEqualTo("004010");
        JsonNode set = parsed.set();
        assertThat(set.at("/ST/ST01").asText()).isEqualTo("855");
        assertThat(set.at("/BAK/BAK01").asText()).isEqualTo("00");
        assertThat(set.at("/BAK/BAK02").asText()).as("acknowledge with detail, no change").isEqualTo("AD");
        assertThat(set.at("/BAK/BAK03").asText()).isEqualTo("PO-UNIT-4711");
        assertThat(set.at("/BAK/BAK04").asText()).isEqualTo("20261123");
        assertThat(set.at("/N1Loop/0/N1/N101").asText()).isEqualTo("ST");
        assertThat(set.at("/N1Loop/0/N1/N104").asText()).isEqualTo("12");

        JsonNode first = set.at("/PO1Loop/0");
        assertThat(first.at("/PO1/PO101").asText()).isEqualTo("1");
        assertThat(first.at("/PO1/PO102").asText()).isEqualTo("24");
        assertThat(first.at("/PO1/PO103").asText()).isEqualTo("EA");
        assertThat(first.at("/PO1/PO104").asText()).isEqualTo("3.25");
        assertThat(first.at("/PO1/PO106").asText()).isEqualTo("UP");
        assertThat(first.at("/PO1/PO107").asText()).isEqualTo("012345678905");
        assertThat(first.at("/PO1/PO108").asText()).isEqualTo("BP");
        assertThat(first.at("/PO1/PO109").asText()).isEqualTo("77-100");
        assertThat(first.at("/ACKLoop/0/ACK/ACK01").asText()).isEqualTo("IA");
        assertThat(first.at("/ACKLoop/0/ACK/ACK02").asText()).isEqualTo("24");
        assertThat(first.at("/ACKLoop/0/ACK/ACK03").asText()).isEqualTo("EA");

        JsonNode second = set.at("/PO1Loop/1");
        assertThat(second.at("/PO1/PO104").asText()).as("the buyer's price as sent").isEqualTo("18.00");
        assertThat(second.at("/PO1/PO105").asText()).isEqualTo("PE");
        assertThat(second.at("/PO1/PO106").asText()).isEqualTo("VN");
        assertThat(second.at("/ACKLoop/0/ACK/ACK01").asText()).isEqualTo("IA");
        assertThat(second.at("/ACKLoop/0/ACK/ACK03").asText()).isEqualTo("CA");

        assertThat(set.at("/CTTLoop/CTT/CTT01").asText()).isEqualTo("2");
        assertThat(set.at("/CTTLoop/CTT/CTT02").asText()).isEqualTo("30");
    }

    @Test
    void erpRejected_isRdWithEveryLineIr() {
        JsonNode set = roundTrip(PurchaseOrderAcks.allLines(order, LineStatus.REJECTED)).set();

        assertThat(set.at("/BAK/BAK02").asText()).isEqualTo("RD");
        assertThat(set.at("/PO1Loop/0/ACKLoop/0/ACK/ACK01").asText()).isEqualTo("IR");
        assertThat(set.at("/PO1Loop/0/ACKLoop/0/ACK/ACK02").asText()).isEqualTo("24");
        assertThat(set.at("/PO1Loop/1/ACKLoop/0/ACK/ACK01").asText()).isEqualTo("IR");
    }

    @Test
    void changedLines_areAcWithTheNewQuantityInAckAndTheNewPriceInPo1() {
        List<CanonicalOrder.Line> lines = order.lines();
        JsonNode set = roundTrip(List.of(
                new LineAck(lines.get(0), LineStatus.QUANTITY_CHANGED, 20, lines.get(0).unitPrice()),
                new LineAck(lines.get(1), LineStatus.PRICE_CHANGED, 6, new BigDecimal("17.50")))).set();

        assertThat(set.at("/BAK/BAK02").asText()).as("acknowledge with detail and change").isEqualTo("AC");
        assertThat(set.at("/PO1Loop/0/PO1/PO102").asText()).as("as ordered").isEqualTo("24");
        assertThat(set.at("/PO1Loop/0/ACKLoop/0/ACK/ACK01").asText()).isEqualTo("IQ");
        assertThat(set.at("/PO1Loop/0/ACKLoop/0/ACK/ACK02").asText()).isEqualTo("20");
        assertThat(set.at("/PO1Loop/1/PO1/PO104").asText()).isEqualTo("17.50");
        assertThat(set.at("/PO1Loop/1/ACKLoop/0/ACK/ACK01").asText()).isEqualTo("IP");
    }

    @Test
    void ackTypeFollowsTheLines() {
        List<CanonicalOrder.Line> lines = order.lines();
        assertThat(PurchaseOrderAcks.ackType(List.of(
                new LineAck(lines.get(0), LineStatus.ACCEPTED, 24, null),
                new LineAck(lines.get(1), LineStatus.REJECTED, 6, null)))).isEqualTo("AC");
    }

    @Test
    void theAckTypeOfAWrittenDocumentIsReadBack() {
        EdiOutbound.Document doc = OutboundFixtures.write(envelopes, partner,
                PurchaseOrderAcks.draft(order, PurchaseOrderAcks.allLines(order, LineStatus.REJECTED), partner));
        assertThat(OrderAcknowledgments.ackType(doc.payload())).isEqualTo("RD");
        assertThat(OrderAcknowledgments.ackType("not x12")).isNull();
    }

    @Test
    void aChangeForLinesNoNodeCanShip_isBak04AcWithTheLinesIrOrIqAndTheRestIa() {
        List<CanonicalOrder.Line> lines = order.lines();
        io.railhead.fulfillment.LineCancel cancel = new io.railhead.fulfillment.LineCancel("c-1", "ord-1", "edi",
                "PO-UNIT-4711", "brightmart", false, "node DC-EAST cannot ship", List.of(
                new io.railhead.fulfillment.LineCancel.Line(lines.get(1).lineId(), lines.get(1).sku(), 2)));
        List<LineAck> acks = EdiLineCancel.lines(order, cancel);
        OutboundFixtures.RoundTrip roundTrip = OutboundFixtures.writeAndReadBack(envelopes, partner,
                PurchaseOrderAcks.draft(order, acks, partner, "04"));
        JsonNode set = roundTrip.parsed().set();
        assertThat(set.at("/BAK/BAK01").asText()).as("change").isEqualTo("04");
        assertThat(set.at("/BAK/BAK02").asText()).isEqualTo("AC");
        assertThat(set.at("/PO1Loop/0/ACKLoop/0/ACK/ACK01").asText()).isEqualTo("IA");
        int ordered = lines.get(1).quantity();
        assertThat(set.at("/PO1Loop/1/ACKLoop/0/ACK/ACK01").asText()).isEqualTo(ordered > 2 ? "IQ" : "IR");
        assertThat(set.at("/PO1Loop/1/ACKLoop/0/ACK/ACK02").asText()).isEqualTo(String.valueOf(ordered > 2 ? ordered - 2
                : ordered));
        io.railhead.fulfillment.LineCancel all = new io.railhead.fulfillment.LineCancel("c-2", "ord-1", "edi",
                "PO-UNIT-4711", "brightmart", false, "no stock", List.of(new io.railhead.fulfillment.LineCancel.Line(
                lines.get(0).lineId(), lines.get(0).sku(), lines.get(0).quantity())));
        assertThat(EdiLineCancel.lines(order, all).get(0).status()).isEqualTo(LineStatus.REJECTED);
    }
}
