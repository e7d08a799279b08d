package io.railhead.channel.shopify;

import com.fasterxml.jackson.databind.JsonNode;
import io.railhead.fulfillment.RelayedShipment;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What of a shipment Shopify has already, when its relay is a repeat after a lost answer: the units of the
 * order's fulfillments (not cancelled or failed) that carry one of the shipment's tracking numbers, taken off the
 * shipment's lines. Remaining quantities alone cannot tell a repeated partial shipment from the next part of the
 * same line (both find units remaining), and counts cannot tell the hub's fulfillments from the merchant's; the
 * tracking number the hub sent can. A shipment without a tracking number is taken as it is.
 */
final class ShopifyRepeats {

    private static final Set<String> GONE = Set.of("CANCELLED", "ERROR", "FAILURE");

    private ShopifyRepeats() {
    }

    /** The shipment's tracking numbers (the parcels'), none when it has none. */
    static Set<String> trackingNumbers(RelayedShipment s) {
        Set<String> numbers = new HashSet<>();
        s.parcels().forEach(p -> {
            if (p.trackingNumber() != null && !p.trackingNumber().isBlank()) {
                numbers.add(p.trackingNumber().trim());
            }
        });
        return numbers;
    }

    /** Whether any line item of the order's fulfillment orders has units fulfilled (only then can this be a repeat). */
    static boolean anyFulfilled(JsonNode fulfillmentOrders) {
        for (JsonNode fo : fulfillmentOrders) {
            for (JsonNode li : fo.path("lineItems").path("nodes")) {
                if (li.path("totalQuantity").asInt(0) > li.path("remainingQuantity").asInt(0)) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * The shipment's lines less what {@code fulfillments} (the order's, as Shopify lists them) hold under its
     * tracking numbers; a line matched by line item id, else by SKU. Lines wholly there are left out.
     */
    static List<RelayedShipment.Line> notYetThere(RelayedShipment s, JsonNode fulfillments) {
        Set<String> tracking = trackingNumbers(s);
        Map<String, Integer> byId = new HashMap<>();
        Map<String, Integer> bySku = new HashMap<>();
        for (JsonNode f : fulfillments) {
            if (GONE.contains(f.path("status").asText("")) || !carries(f, tracking)) {
                continue;
            }
            for (JsonNode li : f.path("fulfillmentLineItems").path("nodes")) {
                int units = Math.max(0, li.path("quantity").asInt(0));
                byId.merge(ShopifyFulfillmentPlan.tail(li.path("lineItem").path("id").asText("")), units, Integer::sum);
                String sku = li.path("lineItem").path("sku").asText("");
                if (!sku.isEmpty()) {
                    bySku.merge(sku, units, Integer::sum);
                }
            }
        }
        List<RelayedShipment.Line> rest = new ArrayList<>();
        for (RelayedShipment.Line line : s.lines()) {
            boolean hasId = line.lineId() != null && !line.lineId().isBlank();
            Map<String, Integer> there = hasId ? byId : bySku;
            String key = hasId ? ShopifyFulfillmentPlan.tail(line.lineId().trim()) : line.sku().trim();
            int taken = Math.min(line.quantity(), there.getOrDefault(key, 0));
            there.merge(key, -taken, Integer::sum);
            if (line.quantity() > taken) {
                rest.add(new RelayedShipment.Line(line.lineId(), line.sku(), line.quantity() - taken));
            }
        }
        return rest;
    }

    private static boolean carries(JsonNode fulfillment, Set<String> tracking) {
        for (JsonNode t : fulfillment.path("trackingInfo")) {
            if (tracking.contains(t.path("number").asText("").trim())) {
                return true;
            }
        }
        return false;
    }
}
