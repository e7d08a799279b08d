package io.railhead.channel.edi.outbound;

import io.railhead.channel.edi.X12Envelopes;
import io.railhead.channel.edi.partner.PartnerProfile;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The 846 inventory advice: how a trading partner who sells our goods learns how many of each it may
 * sell. BIA (00 original, the profile's report type, our report number and date), DTM 007 (the moment
 * the quantities are as of), then per item a LIN with the partner's item ids (VN our SKU or the channel
 * SKU of the stock rules, then the ids the profile's {@code items.xref} maps to it: UP, BP, IN…) and
 * QTY 33 (quantity available for sale, each). CTT counts the items and sums the quantities. A plain
 * writer, unit-tested on its own; {@link EdiStockPush} calls it.
 */
public final class InventoryAdvices {

    /** LIN03 and its peers are AN 1/48. */
    static final int ITEM_ID_MAX = 48;
    /** A LIN holds the line number and five qualifier/id pairs. */
    static final int MAX_ID_PAIRS = 5;

    private InventoryAdvices() {
    }

    /** One item of the advice: our SKU, the id the partner knows as vendor part number, the quantity. */
    public record Item(String sku, String vendorPartNumber, int quantity) {
    }

    /**
     * Why an item cannot be written into the partner's 846, or null when it can: an id longer than an
     * X12 item id or holding one of the partner's separators.
     */
    static String problem(Item item, PartnerProfile partner) {
        String id = item.vendorPartNumber();
        if (id == null || id.isBlank()) {
            return "no item id for the 846 LIN";
        }
        if (id.length() > ITEM_ID_MAX) {
            return "item id " + id + " is longer than the " + ITEM_ID_MAX + " characters of an X12 LIN item id";
        }
        if (!id.equals(X12Values.text(id, ITEM_ID_MAX, partner))) {
            return "item id " + id + " holds a separator or control character of partner " + partner.id();
        }
        if (item.quantity() < 0) {
            return "negative quantity " + item.quantity();
        }
        return null;
    }

    /**
     * @param reportNumber BIA03, unique per advice (at most 30 characters)
     * @param asOf         when the quantities were computed (BIA04/BIA05, DTM 007)
     */
    public static OutboundDocuments.Draft draft(List<Item> items, PartnerProfile partner, String reportNumber,
                                                Instant asOf) {
        List<String> problems = new ArrayList<>();
        if (items.isEmpty()) {
            problems.add("an 846 needs at least one item");
        }
        for (Item item : items) {
            String p = problem(item, partner);
            if (p != null) {
                problems.add(item.sku() + ": " + p);
            }
        }
        String reportType = partner.inventoryAdvice() == null ? "SI" : partner.inventoryAdvice().reportTypeOrDefault();
        X12Envelopes.SetBody body = w -> {
            w.segment("BIA", "00", reportType, reportNumber, X12Values.date(asOf), X12Values.time(asOf));
            w.segment("DTM", "007", X12Values.date(asOf), X12Values.time(asOf), "UT");
            int line = 0;
            long hash = 0;
            for (Item item : items) {
                Object[] lin = new Object[1 + 2 * MAX_ID_PAIRS];
                lin[0] = String.valueOf(++line);
                X12Values.putPairs(lin, 1, partnerIds(item, partner));
                w.segment("LIN", lin);
                w.segment("QTY", "33", item.quantity(), "EA");
                hash += item.quantity();
            }
            w.segment("CTT", line, hash);
        };
        return new OutboundDocuments.Draft("846", body, problems);
    }

    /**
     * VN first (the id the partner orders by when it sends no other), then the partner's own numbers
     * for the SKU from the profile's cross-reference, in the profile's qualifier order.
     */
    static List<String[]> partnerIds(Item item, PartnerProfile partner) {
        List<String[]> pairs = new ArrayList<>();
        pairs.add(new String[]{"VN", item.vendorPartNumber()});
        for (String qualifier : partner.itemQualifiers()) {
            for (Map.Entry<String, String> e : partner.itemXref().entrySet()) {
                int colon = e.getKey().indexOf(':');
                if (pairs.size() < MAX_ID_PAIRS && colon > 0 && e.getValue().equals(item.sku())
                        && e.getKey().substring(0, colon).equals(qualifier) && !"VN".equals(qualifier)) {
                    pairs.add(new String[]{qualifier, e.getKey().substring(colon + 1)});
                }
            }
        }
        return pairs;
    }
}
