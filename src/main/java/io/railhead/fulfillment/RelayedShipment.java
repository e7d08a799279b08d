package io.railhead.fulfillment;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A shipment a node reported, as the order's channel is to hear of it ({@link ShipmentRelayTarget}): the
 * order by our id and the channel's ({@code channelOrderId}, taken from {@code sourceAccount}, the channel
 * account the order came from), when it left, our carrier name (the channel's code for it comes from
 * {@link CarrierCodes}), the service level, tracking, and what shipped per order line ({@code lineId} is the
 * canonical line's, which is the channel's own line id). {@code packages}, when the node reports them, split
 * the same lines into parcels with their own tracking (missing tracking is the shipment's); they must add up
 * to {@code lines}. {@code orderExtensions} is the canonical order's {@code extensions}: facts only the
 * channel needs (the marketplace an order was placed in), passed on unread. {@code relayedBefore} is what the
 * hub already told the channel of this order before this shipment, per line {@link Line#key()}: the units of
 * the order's other shipments whose relay settled RELAYED, so a channel that shows only totals per line can
 * tell this shipment's units from theirs (a repeat after a lost answer). Never logged whole.
 */
public record RelayedShipment(String orderId, String channel, String sourceAccount, String channelOrderId,
                              String shipmentId, Instant shippedAt, String carrier, String service,
                              String trackingNumber, String trackingUrl, List<Line> lines, List<Package> packages,
                              JsonNode orderExtensions, Map<String, Integer> relayedBefore) {

    /** A quantity of one order line: {@code lineId} (the channel's line id) or, without it, {@code sku}. */
    public record Line(String lineId, String sku, int quantity) {

        public Line {
            if (blank(lineId) && blank(sku)) {
                throw new IllegalArgumentException("a shipped line needs a lineId or a sku");
            }
            if (quantity < 1) {
                throw new IllegalArgumentException("shipped quantity of line " + key(lineId, sku) + " must be >= 1");
            }
        }

        /** What identifies the line within the shipment. */
        public String key() {
            return key(lineId, sku);
        }

        private static String key(String lineId, String sku) {
            return blank(lineId) ? "sku:" + sku : lineId;
        }
    }

    /** One parcel: its SSCC (null when the node gave none), its tracking (the shipment's when null), what is in it. */
    public record Package(String sscc, String trackingNumber, String trackingUrl, List<Line> lines) {

        public Package {
            lines = lines == null ? List.of() : List.copyOf(lines);
            if (lines.isEmpty()) {
                throw new IllegalArgumentException("a package holds at least one line");
            }
        }

        /** A parcel without SSCC. */
        public Package(String trackingNumber, String trackingUrl, List<Line> lines) {
            this(null, trackingNumber, trackingUrl, lines);
        }
    }

    /** A shipment of an order the hub has relayed nothing of before. */
    public RelayedShipment(String orderId, String channel, String sourceAccount, String channelOrderId,
                           String shipmentId, Instant shippedAt, String carrier, String service, String trackingNumber,
                           String trackingUrl, List<Line> lines, List<Package> packages, JsonNode orderExtensions) {
        this(orderId, channel, sourceAccount, channelOrderId, shipmentId, shippedAt, carrier, service, trackingNumber,
                trackingUrl, lines, packages, orderExtensions, null);
    }

    public RelayedShipment {
        for (String[] required : new String[][] {{"orderId", orderId}, {"channel", channel},
                {"channelOrderId", channelOrderId}, {"shipmentId", shipmentId}}) {
            if (blank(required[1])) {
                throw new IllegalArgumentException("a relayed shipment needs its " + required[0]);
            }
        }
        if (shippedAt == null) {
            throw new IllegalArgumentException("a relayed shipment needs shippedAt");
        }
        lines = lines == null ? List.of() : List.copyOf(lines);
        packages = packages == null ? List.of() : List.copyOf(packages);
        relayedBefore = relayedBefore == null ? Map.of() : Map.copyOf(relayedBefore);
        if (relayedBefore.values().stream().anyMatch(units -> units < 0)) {
            throw new IllegalArgumentException("units relayed before shipment " + shipmentId + " cannot be negative");
        }
        if (lines.isEmpty()) {
            throw new IllegalArgumentException("shipment " + shipmentId + " ships no lines");
        }
        Map<String, Integer> shipped = new HashMap<>();
        Set<String> keys = new HashSet<>();
        for (Line line : lines) {
            if (!keys.add(line.key())) {
                throw new IllegalArgumentException("shipment " + shipmentId + " lists line " + line.key() + " twice");
            }
            shipped.put(line.key(), line.quantity());
        }
        if (!packages.isEmpty()) {
            Map<String, Integer> packed = new HashMap<>();
            packages.forEach(p -> p.lines().forEach(l -> packed.merge(l.key(), l.quantity(), Integer::sum)));
            if (!packed.equals(shipped)) {
                throw new IllegalArgumentException("the packages of shipment " + shipmentId
                        + " do not add up to its lines");
            }
        }
    }

    /** The parcels to report: the packages with the shipment's tracking filled in, or one holding every line. */
    public List<Package> parcels() {
        if (packages.isEmpty()) {
            return List.of(new Package(null, trackingNumber, trackingUrl, lines));
        }
        // A package's own tracking number keeps its own URL (or none): the shipment's URL tracks another number.
        return packages.stream().map(p -> blank(p.trackingNumber())
                ? new Package(p.sscc(), trackingNumber, blank(p.trackingUrl()) ? trackingUrl : p.trackingUrl(), p.lines())
                : p).toList();
    }

    /** The units of the line with this key the hub relayed to the channel before this shipment. */
    public int relayedBefore(String lineKey) {
        return relayedBefore.getOrDefault(lineKey, 0);
    }

    /** A text field of {@code orderExtensions}, or null. */
    public String orderExtension(String name) {
        JsonNode value = orderExtensions == null ? null : orderExtensions.get(name);
        return value == null || !value.isValueNode() || value.asText().isBlank() ? null : value.asText();
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
