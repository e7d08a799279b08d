package io.railhead.channel.shopify;

import com.fasterxml.jackson.databind.JsonNode;
import io.railhead.fulfillment.RelayedShipment;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which fulfillment order line items a shipment fulfils at Shopify, which fulfils by fulfillment order, not by
 * order line. Each shipped line is matched to the order's fulfillment order line items by its line item id
 * (numeric or gid), or by SKU when no line item has that id, and takes the quantity still remaining from the
 * open fulfillment orders ({@code OPEN}, {@code IN_PROGRESS}) in Shopify's order. What no longer remains was
 * fulfilled already (a repeat after a crash): it is noted, not sent. Quantity remaining only in a fulfillment
 * order on hold or scheduled makes the plan {@link #held()}: nothing is sent until Shopify releases it.
 * Fulfillment orders of one location go in one {@code fulfillmentCreate}.
 */
final class ShopifyFulfillmentPlan {

    private static final Set<String> OPEN = Set.of("OPEN", "IN_PROGRESS");
    private static final Set<String> HELD = Set.of("ON_HOLD", "SCHEDULED");

    /** location id → fulfillment order id → fulfillment order line item id → quantity. */
    private final Map<String, Map<String, Map<String, Integer>>> byLocation = new LinkedHashMap<>();
    private final List<String> alreadyFulfilled = new ArrayList<>();
    private final List<String> unknown = new ArrayList<>();
    private final List<String> held = new ArrayList<>();

    private record Item(String fulfillmentOrderId, String status, String location, String id, String lineItemId,
                        String sku, int[] remaining) {
    }

    /** {@code fulfillmentOrders}: the {@code nodes} of the order's {@code fulfillmentOrders}. */
    ShopifyFulfillmentPlan(JsonNode fulfillmentOrders, List<RelayedShipment.Line> lines) {
        List<Item> items = new ArrayList<>();
        for (JsonNode fo : fulfillmentOrders) {
            String location = fo.path("assignedLocation").path("location").path("id").asText("");
            for (JsonNode li : fo.path("lineItems").path("nodes")) {
                items.add(new Item(fo.path("id").asText(), fo.path("status").asText(""), location, li.path("id").asText(),
                        tail(li.path("lineItem").path("id").asText("")), li.path("lineItem").path("sku").asText(""),
                        new int[] {Math.max(0, li.path("remainingQuantity").asInt(0))}));
            }
        }
        for (RelayedShipment.Line line : lines) {
            plan(line, matching(items, line));
        }
    }

    private static List<Item> matching(List<Item> items, RelayedShipment.Line line) {
        if (line.lineId() != null && !line.lineId().isBlank()) {
            String id = tail(line.lineId().trim());
            List<Item> byId = items.stream().filter(i -> i.lineItemId.equals(id)).toList();
            if (!byId.isEmpty()) {
                return byId;
            }
        }
        String sku = line.sku() == null ? "" : line.sku().trim();
        return sku.isEmpty() ? List.of() : items.stream().filter(i -> i.sku.equals(sku)).toList();
    }

    private void plan(RelayedShipment.Line line, List<Item> candidates) {
        String name = describe(line);
        if (candidates.isEmpty()) {
            unknown.add(name);
            return;
        }
        int need = line.quantity();
        for (Item item : candidates) {
            int take = OPEN.contains(item.status) ? Math.min(need, item.remaining[0]) : 0;
            if (take > 0) {
                item.remaining[0] -= take;
                need -= take;
                byLocation.computeIfAbsent(item.location, l -> new LinkedHashMap<>())
                        .computeIfAbsent(item.fulfillmentOrderId, f -> new LinkedHashMap<>())
                        .merge(item.id, take, Integer::sum);
            }
        }
        if (need == 0) {
            return;
        }
        int onHold = candidates.stream().filter(i -> HELD.contains(i.status)).mapToInt(i -> i.remaining[0]).sum();
        if (onHold > 0) {
            held.add(name + " (" + candidates.stream().filter(i -> HELD.contains(i.status)).map(Item::status)
                    .distinct().toList() + ")");
        } else {
            alreadyFulfilled.add(need + " of " + name);
        }
    }

    /** The fulfillment orders to fulfil, grouped by their location (one {@code fulfillmentCreate} each). */
    Map<String, Map<String, Map<String, Integer>>> byLocation() {
        return byLocation;
    }

    /** Shipped lines the order does not have (by line item id or SKU). */
    List<String> unknown() {
        return unknown;
    }

    /** Lines whose remaining quantity is in a fulfillment order on hold or scheduled. */
    List<String> held() {
        return held;
    }

    /** Quantities no longer remaining at Shopify: fulfilled already. */
    List<String> alreadyFulfilled() {
        return alreadyFulfilled;
    }

    private static String describe(RelayedShipment.Line line) {
        boolean noId = line.lineId() == null || line.lineId().isBlank();
        return noId ? "line with SKU " + line.sku()
                : line.sku() == null || line.sku().isBlank() ? "line " + line.lineId()
                : "line " + line.lineId() + " (SKU " + line.sku() + ")";
    }

    /** The numeric id of a gid ({@code gid://shopify/LineItem/123} → 123); a numeric id as it is. */
    static String tail(String id) {
        int slash = id.lastIndexOf('/');
        return slash < 0 ? id : id.substring(slash + 1);
    }
}
