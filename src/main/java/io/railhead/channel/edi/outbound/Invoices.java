package io.railhead.channel.edi.outbound;

import com.fasterxml.jackson.databind.JsonNode;
import io.railhead.channel.edi.X12Envelopes;
import io.railhead.channel.edi.partner.PartnerProfile;
import io.railhead.order.CanonicalOrder;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The 810 invoice of an EDI order: how a trading partner is billed. BIG carries the invoice date
 * and number with the PO date and number, N1 RE the remit-to from the partner profile and N1 ST
 * the order's ship-to, ITD the order's terms, one IT1 per invoiced line (quantity, unit, price,
 * the buyer's item ids), TDS the total in implied two decimals (186.00 is 18600), SAC the charges
 * and allowances, CTT the line count. A plain writer, unit-tested on its own;
 * {@link FulfillmentEvents} calls it.
 */
public final class Invoices {

    private static final Pattern NET_DAYS = Pattern.compile("(?i)^\\s*NET\\s*([0-9]{1,3})\\s*$");

    private Invoices() {
    }

    /** The invoice total: each line's quantity × price rounded to cents, plus charges, less allowances. */
    public static BigDecimal total(Invoice invoice) {
        BigDecimal total = BigDecimal.ZERO.setScale(2);
        for (Invoice.Line l : invoice.lines()) {
            total = total.add(X12Values.cents(l.unitPrice().multiply(BigDecimal.valueOf(l.quantity()))));
        }
        if (invoice.charges() != null) {
            for (Invoice.Charge c : invoice.charges()) {
                total = c.allowance() ? total.subtract(c.amount()) : total.add(c.amount());
            }
        }
        return total;
    }

    /**
     * @param lines   the order's lines by line key (see {@link X12Values#lineKey})
     * @param invoice with every line's unit price filled in
     */
    public static OutboundDocuments.Draft draft(CanonicalOrder order, Map<String, CanonicalOrder.Line> lines,
                                                Invoice invoice, PartnerProfile partner) {
        List<String> problems = new ArrayList<>();
        PartnerProfile.Party remitTo = partner.remitTo();
        if (remitTo == null) {
            problems.add("partner profile " + partner.id() + " has no parties.remitTo (N1*RE of the 810)");
        }
        X12Values.ShipTo shipTo = X12Values.shipTo(order, partner);
        if (shipTo == null) {
            problems.add("the order has no ship-to (N1*ST of the 810)");
        }
        String po = PurchaseOrderAcks.poNumber(order);
        if (po == null) {
            problems.add("the order has no PO number (BIG04)");
        }
        BigDecimal total = invoice.total() != null ? invoice.total() : total(invoice);
        X12Envelopes.SetBody body = w -> {
            w.segment("BIG", X12Values.date(invoice.invoiceDate()), invoice.invoiceId(), X12Values.date(order.orderedAt()),
                    po);
            if (order.currency() != null && !"USD".equals(order.currency())) {
                w.segment("CUR", "SE", order.currency());
            }
            if (remitTo != null) {
                X12Values.party(w, partner, "RE", remitTo);
            }
            if (shipTo != null) {
                shipTo.write(w, partner);
            }
            Object[] itd = terms(order, partner);
            if (itd != null) {
                w.segment("ITD", itd);
            }
            for (Invoice.Line l : invoice.lines()) {
                CanonicalOrder.Line line = lines.get(l.lineId());
                Object[] it1 = new Object[15];
                it1[0] = line.lineId();
                it1[1] = l.quantity();
                it1[2] = X12Values.uom(line);
                it1[3] = X12Values.decimal(l.unitPrice());
                it1[4] = line.extensions() == null ? null : line.extensions().path("priceBasis").asText(null);
                X12Values.putPairs(it1, 5, X12Values.itemIds(line, 5));
                w.segment("IT1", it1);
                String title = X12Values.text(line.title(), 80, partner);
                if (title != null) {
                    w.segment("PID", "F", null, null, null, title);
                }
            }
            w.segment("TDS", X12Values.impliedCents(total));
            if (invoice.charges() != null) {
                for (Invoice.Charge c : invoice.charges()) {
                    Object[] sac = new Object[15];
                    sac[0] = c.allowance() ? "A" : "C";
                    sac[1] = c.code();
                    sac[4] = X12Values.impliedCents(c.amount());
                    sac[14] = X12Values.text(c.description(), 80, partner);
                    w.segment("SAC", sac);
                }
            }
            w.segment("CTT", invoice.lines().size());
        };
        return new OutboundDocuments.Draft("810", body, problems);
    }

    /**
     * ITD of the invoice: the buyer's own terms segment of the 850 when it sent one (kept by the
     * mapping in {@code extensions.terms}), else the order's terms: "NET 30" as net days from the
     * invoice date (ITD01 05, ITD02 3, ITD07 30), any other text as previously agreed terms (14)
     * with the text in ITD12. Null when the order has no terms.
     */
    static Object[] terms(CanonicalOrder order, PartnerProfile partner) {
        JsonNode sent = X12Values.extension(order, "terms");
        JsonNode itd = sent.isArray() ? sent.path(0) : sent;
        if (itd.isObject() && itd.size() > 0) {
            Object[] elements = new Object[12];
            for (int i = 0; i < 12; i++) {
                elements[i] = itd.path(String.format("ITD%02d", i + 1)).asText(null);
            }
            elements[11] = X12Values.text((String) elements[11], 80, partner);
            return elements;
        }
        String terms = order.b2b() == null ? null : order.b2b().terms();
        if (terms == null || terms.isBlank()) {
            return null;
        }
        Object[] elements = new Object[12];
        Matcher net = NET_DAYS.matcher(terms);
        if (net.matches()) {
            elements[0] = "05";
            elements[1] = "3";
            elements[6] = Integer.parseInt(net.group(1));
        } else {
            elements[0] = "14";
        }
        elements[11] = X12Values.text(terms, 80, partner);
        return elements;
    }
}
