package io.railhead.channel.edi.outbound;

import io.railhead.channel.edi.X12Envelopes;
import io.railhead.channel.edi.partner.PartnerProfile;
import io.railhead.order.CanonicalOrder;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The 856 ship notice (ASN) of one shipment: retail partners receive goods against it and charge
 * back a late or wrong one. Written in the pick-and-pack structure (BSN05 0001): a Shipment HL
 * (TD1 cartons and weight, TD5 carrier SCAC and service, REF BM bill of lading and CN tracking
 * number, DTM 011 shipped, N1 SF ship-from from the partner profile and N1 ST ship-to from the
 * order), one Order HL (PRF with the PO number and date), a Pack HL per carton (MAN GM with its
 * SSCC when it has one) and under it an Item HL per order line in the carton (LIN with the
 * buyer's item ids, SN1 with the quantity shipped). CTT counts the HL segments and sums the
 * quantities. A plain writer, unit-tested on its own; {@link FulfillmentEvents} calls it.
 */
public final class ShipNotices {

    private ShipNotices() {
    }

    /**
     * @param lines     the order's lines by line key (see {@link X12Values#lineKey})
     * @param createdAt when the notice is written (BSN03/BSN04)
     */
    public static OutboundDocuments.Draft draft(CanonicalOrder order, Map<String, CanonicalOrder.Line> lines,
                                                Shipment shipment, PartnerProfile partner, Instant createdAt) {
        List<String> problems = new ArrayList<>();
        PartnerProfile.Party shipFrom = partner.shipFrom();
        if (shipFrom == null) {
            problems.add("partner profile " + partner.id() + " has no parties.shipFrom (N1*SF of the 856)");
        }
        X12Values.ShipTo shipTo = X12Values.shipTo(order, partner);
        if (shipTo == null) {
            problems.add("the order has no ship-to (N1*ST of the 856)");
        }
        String po = PurchaseOrderAcks.poNumber(order);
        if (po == null) {
            problems.add("the order has no PO number (PRF01)");
        }
        X12Envelopes.SetBody body = w -> {
            w.segment("BSN", "00", shipment.shipmentId(), X12Values.date(createdAt), X12Values.time(createdAt), "0001");
            int hl = 0;
            long hash = 0;
            w.segment("HL", ++hl, null, "S", 1);
            w.segment("TD1", "CTN25", shipment.packages().size(), null, null, null, weight(shipment) == null ? null : "G",
                    X12Values.decimal(weight(shipment)), weight(shipment) == null ? null : weightUnit(shipment));
            w.segment("TD5", null, "2", shipment.carrier(), null,
                    X12Values.text(shipment.service(), 35, partner));
            if (shipment.billOfLading() != null) {
                w.segment("REF", "BM", shipment.billOfLading());
            }
            if (shipment.trackingNumber() != null) {
                w.segment("REF", "CN", shipment.trackingNumber());
            }
            w.segment("DTM", "011", X12Values.date(shipment.shippedAt()), X12Values.time(shipment.shippedAt()), "UT");
            if (shipFrom != null) {
                X12Values.party(w, partner, "SF", shipFrom);
            }
            if (shipTo != null) {
                shipTo.write(w, partner);
            }
            int orderHl = ++hl;
            w.segment("HL", orderHl, 1, "O", 1);
            w.segment("PRF", po, null, null, X12Values.date(order.orderedAt()));
            for (Shipment.Package pack : shipment.packages()) {
                int packHl = ++hl;
                w.segment("HL", packHl, orderHl, "P", 1);
                if (pack.sscc() != null) {
                    w.segment("MAN", "GM", pack.sscc());
                }
                for (Shipment.Item item : pack.lines()) {
                    CanonicalOrder.Line line = lines.get(item.lineId());
                    w.segment("HL", ++hl, packHl, "I", 0);
                    Object[] lin = new Object[11];
                    lin[0] = line.lineId();
                    X12Values.putPairs(lin, 1, X12Values.itemIds(line, 5));
                    w.segment("LIN", lin);
                    w.segment("SN1", null, item.quantity(), X12Values.uom(line));
                    hash += item.quantity();
                }
            }
            w.segment("CTT", hl, hash);
        };
        return new OutboundDocuments.Draft("856", body, problems);
    }

    /** The shipment's gross weight: the sum of the cartons' weights, when every carton has one. */
    static BigDecimal weight(Shipment shipment) {
        BigDecimal sum = BigDecimal.ZERO;
        for (Shipment.Package p : shipment.packages()) {
            if (p.weight() == null) {
                return null;
            }
            sum = sum.add(p.weight());
        }
        sum = sum.stripTrailingZeros();
        return sum.scale() < 0 ? sum.setScale(0) : sum;
    }

    private static String weightUnit(Shipment shipment) {
        String unit = shipment.packages().get(0).weightUnit();
        return unit == null ? "LB" : unit;
    }
}
