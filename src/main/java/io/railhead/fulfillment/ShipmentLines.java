package io.railhead.fulfillment;

import io.railhead.order.CanonicalOrder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Maps the lines a node names (by line id or by SKU) onto the canonical order's lines, by the key the stock
 * reservations use (the line's id, else its position from 1), and checks that what ships now and before stays
 * within what was ordered. A pure function, so the rule is unit-tested on its own.
 */
public final class ShipmentLines {

    private ShipmentLines() {
    }

    /** Quantities per order line key, or the reasons the lines do not fit the order. */
    public record Mapped(Map<String, Integer> quantities, List<String> reasons) {
    }

    /** The order's lines by their key, in order. */
    public static Map<String, CanonicalOrder.Line> byKey(CanonicalOrder order) {
        Map<String, CanonicalOrder.Line> lines = new LinkedHashMap<>();
        List<CanonicalOrder.Line> all = order.lines() == null ? List.of() : order.lines();
        for (int i = 0; i < all.size(); i++) {
            CanonicalOrder.Line l = all.get(i);
            lines.put(l.lineId() != null && !l.lineId().isBlank() ? l.lineId() : String.valueOf(i + 1), l);
        }
        return lines;
    }

    /**
     * {@code lines} on {@code order}; {@code before} is what earlier reports took per line key, {@code verb}
     * what they did ("shipped", "returned"), {@code limit} per line key what may be taken in all (null: ordered).
     */
    public static Mapped map(CanonicalOrder order, List<NodeShipment.Line> lines, Map<String, Integer> before,
                             Map<String, Integer> limit, String verb) {
        Map<String, CanonicalOrder.Line> byKey = byKey(order);
        Map<String, Integer> now = new LinkedHashMap<>();
        List<String> reasons = new ArrayList<>();
        for (NodeShipment.Line l : lines) {
            String key = key(byKey, l, reasons);
            if (key != null) {
                now.merge(key, l.quantity(), Integer::sum);
            }
        }
        now.forEach((key, qty) -> {
            Integer ordered = byKey.get(key).quantity();
            int most = limit != null ? limit.getOrDefault(key, 0) : ordered == null ? 0 : ordered;
            int earlier = before.getOrDefault(key, 0);
            if (earlier + qty > most) {
                reasons.add("line " + key + ": " + qty + " " + verb + (earlier > 0 ? " after " + earlier + " before" : "")
                        + " is more than the " + most + (limit != null ? " shipped" : " ordered"));
            }
        });
        return new Mapped(reasons.isEmpty() ? now : Map.of(), List.copyOf(reasons));
    }

    private static String key(Map<String, CanonicalOrder.Line> byKey, NodeShipment.Line l, List<String> reasons) {
        if (l.lineId() != null) {
            CanonicalOrder.Line line = byKey.get(l.lineId());
            if (line == null) {
                reasons.add("line " + l.lineId() + " is not on the order (lines " + String.join(", ", byKey.keySet()) + ")");
                return null;
            }
            if (l.sku() != null && !l.sku().equals(line.sku()) && !l.sku().equals(line.channelSku())) {
                reasons.add("line " + l.lineId() + " is SKU " + line.sku() + ", not " + l.sku());
                return null;
            }
            return l.lineId();
        }
        List<String> matching = byKey.entrySet().stream().filter(e -> l.sku().equals(e.getValue().sku())
                || l.sku().equals(e.getValue().channelSku())).map(Map.Entry::getKey).toList();
        if (matching.size() != 1) {
            reasons.add(matching.isEmpty() ? "SKU " + l.sku() + " is not on the order"
                    : "SKU " + l.sku() + " is on lines " + String.join(", ", matching) + ": name the lineId");
            return null;
        }
        return matching.get(0);
    }
}
