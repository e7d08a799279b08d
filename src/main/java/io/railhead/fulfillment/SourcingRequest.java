package io.railhead.fulfillment;

import io.railhead.order.CanonicalOrder;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What {@link Sourcing} needs to know about an order, and nothing more: where it came from, how and where it
 * ships, what it is worth and which SKUs in which quantities. Kept apart from {@link CanonicalOrder} so the
 * engine is tested with plain values and never sees the customer's name or street.
 *
 * @param serviceLevel the order's service level; {@code null} is read as {@code STANDARD}
 * @param shipTo       {@code null} when the order has no ship-to address
 * @param shipBy       the latest time the order should leave a node, or {@code null}
 */
public record SourcingRequest(String orderId, String channel, String sourceAccount, String serviceLevel, ShipTo shipTo,
                              List<String> tags, BigDecimal grandTotal, Instant shipBy, List<Line> lines) {

    public static final String DEFAULT_SERVICE_LEVEL = "STANDARD";

    public SourcingRequest {
        serviceLevel = serviceLevel == null || serviceLevel.isBlank() ? DEFAULT_SERVICE_LEVEL : serviceLevel;
        tags = tags == null ? List.of() : List.copyOf(tags);
        lines = List.copyOf(Objects.requireNonNull(lines, "lines"));
    }

    /** Where the order goes: codes and, when the channel geocoded the address, its coordinates (WGS84 degrees). */
    public record ShipTo(String countryCode, String region, String postalCode, Double lat, Double lon) {
    }

    /** One line to fulfil; a line always goes whole to one node. */
    public record Line(String lineId, String sku, int quantity) {

        public Line {
            Objects.requireNonNull(sku, "sku");
            if (quantity <= 0) {
                throw new IllegalArgumentException("line " + lineId + " has quantity " + quantity + ", must be above 0");
            }
        }
    }

    /**
     * The request for a validated canonical order. Lines that do not ship ({@code requiresShipping} false: a
     * gift card, a download) are left out, because no node fulfils them; a line without {@code lineId} is named
     * by its position (1, 2, ...).
     */
    public static SourcingRequest from(CanonicalOrder order) {
        List<Line> lines = new ArrayList<>();
        List<CanonicalOrder.Line> given = order.lines() == null ? List.of() : order.lines();
        for (int i = 0; i < given.size(); i++) {
            CanonicalOrder.Line l = given.get(i);
            if (!Boolean.FALSE.equals(l.requiresShipping())) {
                lines.add(new Line(l.lineId() != null ? l.lineId() : String.valueOf(i + 1), l.sku(),
                        l.quantity() == null ? 0 : l.quantity()));
            }
        }
        CanonicalOrder.Address a = order.shipTo();
        ShipTo shipTo = a == null ? null : new ShipTo(a.countryCode(), a.region(), a.postalCode(), a.latitude(), a.longitude());
        CanonicalOrder.Shipping shipping = order.shipping();
        return new SourcingRequest(order.orderId(), order.channel(), order.sourceAccount(),
                shipping == null ? null : shipping.serviceLevel(), shipTo, order.tags(),
                order.totals() == null ? null : order.totals().grandTotal(), shipping == null ? null : shipping.shipBy(), lines);
    }
}
