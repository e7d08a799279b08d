package io.railhead.channel.edi.outbound;

import com.fasterxml.jackson.databind.JsonNode;
import io.railhead.channel.edi.partner.PartnerProfile;
import io.railhead.x12.X12Writer;
import io.railhead.order.CanonicalOrder;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * How order facts become X12 element values in the 855, 856 and 810 writers: dates (UTC), money,
 * implied-decimal amounts, the buyer's item ids of a line and free text made safe for the
 * partner's separators. Identifiers are never altered here: one holding a separator makes the
 * writer refuse the document, which is then held for an operator.
 */
final class X12Values {

    private static final DateTimeFormatter CCYYMMDD = DateTimeFormatter.ofPattern("yyyyMMdd");
    private static final DateTimeFormatter HHMM = DateTimeFormatter.ofPattern("HHmm");

    private X12Values() {
    }

    static String date(Instant instant) {
        return instant == null ? null : CCYYMMDD.format(instant.atZone(ZoneOffset.UTC));
    }

    static String date(LocalDate date) {
        return date == null ? null : CCYYMMDD.format(date);
    }

    static String time(Instant instant) {
        return instant == null ? null : HHMM.format(instant.atZone(ZoneOffset.UTC));
    }

    /** A decimal as written (trailing zeros kept: the buyer's "18.00" comes back as "18.00"). */
    static String decimal(BigDecimal value) {
        return value == null ? null : value.toPlainString();
    }

    /** An amount in X12 N2 form: implied two decimals, so 186.00 is "18600". */
    static String impliedCents(BigDecimal amount) {
        return amount.setScale(2, RoundingMode.HALF_UP).movePointRight(2).toBigIntegerExact().toString();
    }

    /** Money rounded to cents, the way an invoice line's extended amount is. */
    static BigDecimal cents(BigDecimal amount) {
        return amount.setScale(2, RoundingMode.HALF_UP);
    }

    /**
     * Free text (names, addresses, descriptions) for one element: the partner's separators and
     * control characters become spaces, then it is cut to the element's maximum length.
     */
    static String text(String value, int max, PartnerProfile partner) {
        if (value == null) {
            return null;
        }
        PartnerProfile.Interchange i = partner.interchange();
        String forbidden = i.elementSeparatorOrDefault() + i.componentSeparatorOrDefault()
                + i.segmentTerminatorOrDefault() + i.repetitionSeparatorOrDefault();
        StringBuilder sb = new StringBuilder(value.length());
        for (int k = 0; k < value.length(); k++) {
            char c = value.charAt(k);
            sb.append(c < 0x20 || c == 0x7F || forbidden.indexOf(c) >= 0 ? ' ' : c);
        }
        String clean = sb.toString().replaceAll(" {2,}", " ").trim();
        if (clean.isEmpty()) {
            return null;
        }
        return clean.length() <= max ? clean : clean.substring(0, max).trim();
    }

    /**
     * The buyer's ids of a line as qualifier/value pairs, in the order of the purchase order
     * (kept by the 850 mapping in {@code lines[].extensions.itemIds}); a line without them is
     * identified by our SKU as vendor part number (VN). At most {@code maxPairs}.
     */
    static List<String[]> itemIds(CanonicalOrder.Line line, int maxPairs) {
        List<String[]> pairs = new ArrayList<>();
        JsonNode ids = line.extensions() == null ? null : line.extensions().get("itemIds");
        if (ids != null && ids.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = ids.fields(); it.hasNext() && pairs.size() < maxPairs; ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (!e.getValue().asText("").isEmpty()) {
                    pairs.add(new String[]{e.getKey(), e.getValue().asText()});
                }
            }
        }
        if (pairs.isEmpty() && line.sku() != null) {
            pairs.add(new String[]{"VN", line.sku()});
        }
        return pairs;
    }

    /** Writes the pairs into {@code elements} from index {@code from} on (qualifier, value, ...). */
    static void putPairs(Object[] elements, int from, List<String[]> pairs) {
        int k = from;
        for (String[] p : pairs) {
            if (k + 1 >= elements.length) {
                break;
            }
            elements[k++] = p[0];
            elements[k++] = p[1];
        }
    }

    /** A line's key in requests and checks: its PO line number (PO101), else its 1-based position. */
    static String lineKey(CanonicalOrder.Line line, int index) {
        return line.lineId() != null && !line.lineId().isBlank() ? line.lineId() : String.valueOf(index + 1);
    }

    static String uom(CanonicalOrder.Line line) {
        return line.uom() == null || line.uom().isBlank() ? "EA" : line.uom();
    }

    /** An order-level extension (e.g. the 850's parties), or a missing node. */
    static JsonNode extension(CanonicalOrder order, String name) {
        JsonNode ext = order.extensions();
        return ext == null ? com.fasterxml.jackson.databind.node.MissingNode.getInstance() : ext.path(name);
    }

    /** The party of the 850 with this N101 code (ST, BY, ...), as the mapping kept it; missing when absent. */
    static JsonNode party(CanonicalOrder order, String code) {
        for (JsonNode p : extension(order, "parties")) {
            if (code.equals(p.path("code").asText())) {
                return p;
            }
        }
        return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
    }

    /**
     * One N1 loop: N1 (code, name, id qualifier and id), N3 and N4 when there is an address.
     * A region that is not a two-letter code and a too short city are left out rather than
     * written invalid.
     */
    static void party(X12Writer w, PartnerProfile partner, String code, String name, String idQualifier, String id,
                      String line1, String line2, String city, String region, String postalCode, String countryCode) {
        boolean withId = idQualifier != null && !idQualifier.isBlank() && id != null && !id.isBlank();
        w.segment("N1", code, text(name, 60, partner), withId ? idQualifier : null, withId ? id : null);
        String l1 = text(line1, 55, partner);
        String l2 = text(line2, 55, partner);
        if (l1 != null || l2 != null) {
            w.segment("N3", l1 != null ? l1 : l2, l1 != null ? l2 : null);
        }
        String c = text(city, 30, partner);
        String r = text(region, 2, partner);
        String pc = text(postalCode, 15, partner);
        String cc = text(countryCode, 3, partner);
        c = c != null && c.length() >= 2 ? c : null;
        r = region != null && region.trim().length() == 2 ? r : null;
        pc = pc != null && pc.length() >= 3 ? pc.replace(" ", "") : null;
        cc = cc != null && cc.length() >= 2 ? cc : null;
        if (c != null || r != null || pc != null || cc != null) {
            w.segment("N4", c, r, pc, cc);
        }
    }

    static void party(X12Writer w, PartnerProfile partner, String code, PartnerProfile.Party p) {
        party(w, partner, code, p.name(), p.idQualifier(), p.id(), p.line1(), p.line2(), p.city(), p.region(),
                p.postalCode(), p.countryCode());
    }

    /**
     * The order's ship-to as an N1 loop: the buyer's location number (N104 of the 850, kept as
     * {@code b2b.shipToPartyId}) with its qualifier, and the order's ship-to address. Null when
     * the order names no ship-to at all.
     */
    static ShipTo shipTo(CanonicalOrder order, PartnerProfile partner) {
        String id = order.b2b() == null ? null : order.b2b().shipToPartyId();
        JsonNode sent = party(order, "ST");
        PartnerProfile.Party known = partner.shipToParty(id);
        CanonicalOrder.Address a = order.shipTo();
        if (id == null && a == null && sent.isMissingNode()) {
            return null;
        }
        String name = sent.path("name").asText(null);
        if (name == null) {
            name = a != null && a.name() != null ? a.name() : known != null ? known.name() : null;
        }
        String qualifier = sent.path("idQualifier").asText(null);
        if (qualifier == null && known != null) {
            qualifier = known.idQualifier();
        }
        return new ShipTo(name, qualifier, id, a);
    }

    /** The ship-to of an order as the outbound documents write it. */
    record ShipTo(String name, String idQualifier, String id, CanonicalOrder.Address address) {

        void write(X12Writer w, PartnerProfile partner) {
            CanonicalOrder.Address a = address;
            party(w, partner, "ST", name, idQualifier, id, a == null ? null : a.line1(), a == null ? null : a.line2(),
                    a == null ? null : a.city(), a == null ? null : a.region(), a == null ? null : a.postalCode(),
                    a == null ? null : a.countryCode());
        }
    }
}
