package io.railhead.fulfillment;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * What {@link Sourcing} decided for one order and why, for the caller to act on (reserve and send the
 * allocations, or hold the order {@code NO_SOURCE}) and to write on the order's timeline ({@link #summary()}):
 * the rule that decided, the shipments, and every node the rule named with the reason it was passed over.
 * Nothing in it identifies the customer.
 *
 * @param ruleName   the matching rule, {@code null} when none matched
 * @param reason     why the order could not be sourced, {@code null} when it was
 * @param candidates one verdict per node of the rule, in the rule's order
 * @param late       the order has a {@code shipBy} and at least one shipment's promised date is after it
 */
public record SourcingDecision(String orderId, Outcome outcome, String ruleName, String reason,
                               List<Allocation> allocations, List<Verdict> candidates, Instant shipBy, boolean late) {

    public enum Outcome { SOURCED, NO_SOURCE }

    public SourcingDecision {
        allocations = List.copyOf(allocations);
        candidates = List.copyOf(candidates);
    }

    /**
     * One shipment: the node, its ledger location, the lines it ships, its cost for the service level and the date
     * it promises to ship; {@code late} when that date is after the order's {@code shipBy} (in the node's zone).
     */
    public record Allocation(String nodeId, String location, List<AllocatedLine> lines, BigDecimal cost,
                             LocalDate promisedShipDate, boolean late) {

        public Allocation {
            lines = List.copyOf(lines);
        }
    }

    public record AllocatedLine(String lineId, String sku, int quantity) {
    }

    /**
     * One node of the rule as sourcing saw it. {@code eligible}: up, offers the service level, has capacity left
     * today and stock for at least one whole line. {@code reason}: why it was passed over ({@code null} when
     * chosen). The sort values are given for every eligible node: {@code cost} for the service level,
     * {@code distanceKm} ({@code null} when it cannot be measured), {@code ordersLeftToday} ({@code null}: no
     * capacity limit) and the date it would ship.
     */
    public record Verdict(String nodeId, boolean eligible, boolean chosen, String reason, BigDecimal cost, Double distanceKm,
                          Integer ordersLeftToday, LocalDate promisedShipDate) {
    }

    public boolean sourced() {
        return outcome == Outcome.SOURCED;
    }

    /** The sum of the shipments' costs for the service level. */
    public BigDecimal totalCost() {
        return allocations.stream().map(Allocation::cost).reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    /**
     * One paragraph for the timeline: outcome, rule, shipments, lateness and each candidate's verdict, e.g.
     * {@code SOURCED by rule default to DC-EAST (lines 1, 2; ships 2026-03-10); candidates: DC-EAST chosen
     * (cost 6.50, 12 km), 3PL-CENTRAL passed over: down}.
     */
    public String summary() {
        StringBuilder s = new StringBuilder();
        if (ruleName == null) {
            return "NO_SOURCE: " + reason;
        }
        if (sourced()) {
            s.append("SOURCED by rule ").append(ruleName);
            s.append(allocations.size() == 1 ? " to " : " in " + allocations.size() + " shipments (total cost "
                    + totalCost().toPlainString() + "): ");
            s.append(allocations.stream().map(a -> a.nodeId() + " (" + (a.lines().size() == 1 ? "line " : "lines ")
                    + a.lines().stream().map(AllocatedLine::lineId).collect(Collectors.joining(", "))
                    + "; ships " + a.promisedShipDate() + ")").collect(Collectors.joining(", ")));
            if (late) {
                s.append("; LATE: misses shipBy ").append(shipBy).append(", ships ")
                        .append(allocations.stream().map(Allocation::promisedShipDate).max(LocalDate::compareTo).orElseThrow());
            }
        } else {
            s.append("NO_SOURCE by rule ").append(ruleName).append(": ").append(reason);
        }
        if (!candidates.isEmpty()) {
            s.append("; candidates: ").append(candidates.stream().map(SourcingDecision::verdict).collect(Collectors.joining(", ")));
        }
        return s.toString();
    }

    private static String verdict(Verdict v) {
        StringBuilder s = new StringBuilder(v.nodeId()).append(v.chosen() ? " chosen" : " passed over: " + v.reason());
        if (v.eligible()) {
            s.append(" (cost ").append(v.cost().toPlainString());
            if (v.distanceKm() != null) {
                s.append(", ").append(String.format(Locale.ROOT, "%.0f km", v.distanceKm()));
            }
            if (v.ordersLeftToday() != null) {
                s.append(", ").append(v.ordersLeftToday()).append(" orders left today");
            }
            s.append(")");
        }
        return s.toString();
    }
}
