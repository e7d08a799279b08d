package io.railhead.channel.edi.outbound;

import io.railhead.channel.edi.X12Envelopes;
import io.railhead.channel.edi.partner.PartnerProfile;
import io.railhead.order.CanonicalOrder;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * The 855 purchase order acknowledgment: tells a trading partner, line by line, what became of
 * its 850 (retail partners expect it within about a day and charge back when it is missing).
 * BAK carries the PO number and date with the acknowledgment type, each PO1 echoes the buyer's
 * line (line number, quantity, unit, price, the buyer's item ids) followed by an ACK with the
 * line's status, and CTT the line count and quantity hash. Written from the canonical order by
 * {@link OrderAcknowledgments}; a plain writer, unit-tested on its own.
 */
public final class PurchaseOrderAcks {

    private PurchaseOrderAcks() {
    }

    /** ACK01 (element 668) codes the hub writes. */
    public enum LineStatus {
        /** IA: accepted as ordered. */
        ACCEPTED("IA"),
        /** IR: rejected. */
        REJECTED("IR"),
        /** IQ: accepted with another quantity (ACK02). */
        QUANTITY_CHANGED("IQ"),
        /** IP: accepted at another price (PO104). */
        PRICE_CHANGED("IP"),
        /** IC: accepted with changes. */
        CHANGED("IC"),
        /** IB: backordered. */
        BACKORDERED("IB");

        private final String code;

        LineStatus(String code) {
            this.code = code;
        }

        public String code() {
            return code;
        }
    }

    /**
     * Our answer for one line: its status, the quantity the status applies to (ACK02) and the
     * unit price we accept it at (written in PO104 when it differs from the buyer's).
     */
    public record LineAck(CanonicalOrder.Line line, LineStatus status, int quantity, BigDecimal unitPrice) {
    }

    /** Every line of the order with the same status, at the quantity and price ordered. */
    public static List<LineAck> allLines(CanonicalOrder order, LineStatus status) {
        List<LineAck> acks = new ArrayList<>();
        for (CanonicalOrder.Line line : order.lines()) {
            acks.add(new LineAck(line, status, line.quantity() == null ? 0 : line.quantity(), line.unitPrice()));
        }
        return acks;
    }

    /**
     * BAK02 (element 587) from the lines: AD "acknowledge with detail, no change" when every line
     * is accepted as ordered, RD "reject with detail" when every line is rejected, AC "acknowledge
     * with detail and change" otherwise.
     */
    public static String ackType(List<LineAck> lines) {
        if (!lines.isEmpty() && lines.stream().allMatch(l -> l.status() == LineStatus.REJECTED)) {
            return "RD";
        }
        return lines.stream().allMatch(l -> l.status() == LineStatus.ACCEPTED) ? "AD" : "AC";
    }

    public static OutboundDocuments.Draft draft(CanonicalOrder order, List<LineAck> lines, PartnerProfile partner) {
        return draft(order, lines, partner, "00");
    }

    /**
     * As {@link #draft(CanonicalOrder, List, PartnerProfile)} with BAK01 (element 353) {@code purpose}: 00 the
     * original acknowledgment, 04 a change of one sent before (lines the hub cannot ship: IR or IQ).
     */
    public static OutboundDocuments.Draft draft(CanonicalOrder order, List<LineAck> lines, PartnerProfile partner,
                                                String purpose) {
        List<String> problems = new ArrayList<>();
        String po = poNumber(order);
        if (po == null) {
            problems.add("the order has no PO number (BAK03)");
        }
        if (order.orderedAt() == null) {
            problems.add("the order has no PO date (BAK04)");
        }
        if (lines.isEmpty()) {
            problems.add("the order has no lines to acknowledge");
        }
        X12Values.ShipTo shipTo = X12Values.shipTo(order, partner);
        X12Envelopes.SetBody body = w -> {
            w.segment("BAK", purpose, ackType(lines), po, X12Values.date(order.orderedAt()));
            if (shipTo != null) {
                shipTo.write(w, partner);
            }
            long hash = 0;
            for (LineAck ack : lines) {
                CanonicalOrder.Line line = ack.line();
                int ordered = line.quantity() == null ? 0 : line.quantity();
                hash += ordered;
                BigDecimal price = ack.unitPrice() != null ? ack.unitPrice() : line.unitPrice();
                Object[] po1 = new Object[25];
                po1[0] = line.lineId();
                po1[1] = ordered;
                po1[2] = X12Values.uom(line);
                po1[3] = X12Values.decimal(price);
                po1[4] = line.extensions() == null ? null : line.extensions().path("priceBasis").asText(null);
                X12Values.putPairs(po1, 5, X12Values.itemIds(line, 10));
                w.segment("PO1", po1);
                w.segment("ACK", ack.status().code(), ack.quantity(), X12Values.uom(line));
            }
            w.segment("CTT", lines.size(), hash);
        };
        return new OutboundDocuments.Draft("855", body, problems);
    }

    static String poNumber(CanonicalOrder order) {
        String po = order.b2b() != null && order.b2b().poNumber() != null ? order.b2b().poNumber()
                : order.channelOrderId();
        return po == null || po.isBlank() ? null : po;
    }
}
