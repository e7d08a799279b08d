package io.railhead.fulfillment;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One node of a rule measured against one order: whether it may take the order at all ({@code blocked} says why
 * not), which lines its stock covers, and its sort values. {@link Sourcing} ranks and chooses among these.
 */
final class SourcingCandidate {

    final FulfillmentNode node;
    final int sequence;
    /** Why the node cannot take the order (down, service, capacity), or null. */
    final String blocked;
    /** "short of SKU (has n, needs m)" for each SKU whose total the location cannot cover. */
    final List<String> shortages = new ArrayList<>();
    /** The lines the location can ship whole, each on its own. */
    final List<SourcingRequest.Line> coverable = new ArrayList<>();
    BigDecimal cost;
    Double distanceKm;
    /** 0 distance measured, 1 same region, 2 same country, 3 elsewhere or unknown. */
    int proximityTier;
    /** null: no daily limit. */
    Integer ordersLeft;
    LocalDate promisedShipDate;
    /** The order's shipBy as a date in the node's zone, or null. */
    LocalDate shipByDate;
    boolean onTime = true;

    private SourcingCandidate(FulfillmentNode node, int sequence, String blocked) {
        this.node = node;
        this.sequence = sequence;
        this.blocked = blocked;
    }

    /**
     * Measures {@code node} for {@code order} at {@code now}. Without a cut-off the node's day is the UTC date and
     * it ships the day it is sourced.
     */
    static SourcingCandidate assess(FulfillmentNode node, int sequence, SourcingRequest order, SourcingState state,
                                    Instant now, GeoPoint shipTo, PostalCentroids centroids) {
        String service = order.serviceLevel();
        ZoneId zone = node.cutoff() == null ? ZoneOffset.UTC : node.cutoff().zone();
        ZonedDateTime local = now.atZone(zone);
        LocalDate today = local.toLocalDate();
        int taken = state.ordersTaken(node.id(), today);
        String blocked = !state.isUp(node.id()) ? "down"
                : !node.offers(service) ? "does not offer " + service
                : node.costOf(service) == null ? "has no cost for " + service
                : node.ordersPerDay() != null && taken >= node.ordersPerDay()
                        ? "no capacity left today (" + taken + " of " + node.ordersPerDay() + ")" : null;
        SourcingCandidate c = new SourcingCandidate(node, sequence, blocked);
        if (blocked != null) {
            return c;
        }
        Map<String, Integer> needs = new LinkedHashMap<>();
        order.lines().forEach(l -> needs.merge(l.sku(), l.quantity(), Integer::sum));
        needs.forEach((sku, qty) -> {
            int has = state.available(node.location(), sku);
            if (has < qty) {
                c.shortages.add("short of " + sku + " (has " + Math.max(has, 0) + ", needs " + qty + ")");
            }
        });
        order.lines().stream().filter(l -> state.available(node.location(), l.sku()) >= l.quantity()).forEach(c.coverable::add);
        c.cost = node.costOf(service);
        c.ordersLeft = node.ordersPerDay() == null ? null : node.ordersPerDay() - taken;
        c.promisedShipDate = node.cutoff() == null || local.toLocalTime().isBefore(node.cutoff().time()) ? today : today.plusDays(1);
        c.shipByDate = order.shipBy() == null ? null : order.shipBy().atZone(zone).toLocalDate();
        c.onTime = c.shipByDate == null || !c.promisedShipDate.isAfter(c.shipByDate);
        c.proximity(order.shipTo(), shipTo, centroids);
        return c;
    }

    private void proximity(SourcingRequest.ShipTo to, GeoPoint shipTo, PostalCentroids centroids) {
        FulfillmentNode.Address from = node.address();
        GeoPoint here = from == null ? null : GeoPoint.of(from.lat(), from.lon());
        if (here == null && from != null) {
            here = centroids.find(from.countryCode(), from.postalCode()).orElse(null);
        }
        if (here != null && shipTo != null) {
            distanceKm = here.kmTo(shipTo);
            proximityTier = 0;
        } else if (to == null || from == null || to.countryCode() == null || !to.countryCode().equalsIgnoreCase(from.countryCode())) {
            proximityTier = 3;
        } else {
            proximityTier = to.region() != null && to.region().equalsIgnoreCase(from.region()) ? 1 : 2;
        }
    }

    /** Up, offering the service, with capacity and stock for at least one whole line. */
    boolean eligible() {
        return blocked == null && !coverable.isEmpty();
    }

    boolean holdsAll() {
        return eligible() && shortages.isEmpty();
    }

    String id() {
        return node.id();
    }

    /** Why the node cannot take the order alone: blocked, or its shortages. */
    String notAlone() {
        return blocked != null ? blocked : String.join("; ", shortages);
    }
}
