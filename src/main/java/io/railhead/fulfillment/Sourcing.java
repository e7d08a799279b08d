package io.railhead.fulfillment;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Decides which node or nodes fulfil an order (issue 11), as a pure function of the order, the routing rules, the
 * nodes and a {@link SourcingState} read by the caller, so that every decision can be replayed and explained. The
 * first matching rule ({@link RuleMatcher}) names the candidate nodes. A node is eligible when it is up, offers the
 * order's service level, has capacity left on its local date (in its cut-off zone) and stock for at least one
 * whole line. One node holding every line is chosen first: one that can make {@code shipBy} (else the earliest,
 * and the order is flagged late), best by the rule's {@code sortBy}, ties to the rule's node order. Only when no
 * node holds everything, and the split policy allows it for the order's grand total, is the order split over at
 * most {@code maxShipments} nodes ({@link SplitPlanner}); a line is never divided between nodes. Anything else is
 * {@code NO_SOURCE}. Sort keys: {@code cost} (the node's cost for the service level; a split costs the sum of its
 * shipments), {@code proximity} (great-circle km from the node to the ship-to, by the order's coordinates or else
 * the {@link PostalCentroids} table; a node whose distance cannot be measured ranks after those whose can, by same
 * region, then same country, then the rest), {@code capacity} (most orders left today first; no limit is most),
 * {@code sequence}. Before its cut-off a node promises to ship the same day, from the cut-off on the next day.
 */
public final class Sourcing {

    private final PostalCentroids centroids;

    public Sourcing(PostalCentroids centroids) {
        this.centroids = centroids;
    }

    /** The rule that decides {@code order}: the first whose {@code when} matches it. */
    public static Optional<RoutingRules.Rule> ruleFor(SourcingRequest order, RoutingRules rules) {
        return RuleMatcher.firstMatch(order, rules);
    }

    /**
     * The decision for {@code order} at {@code now}; {@code nodes} must hold every node the rules name, as the
     * routing reader checks.
     *
     * @throws IllegalArgumentException when the deciding rule names a node {@code nodes} does not have
     */
    public SourcingDecision decide(SourcingRequest order, RoutingRules rules, Map<String, FulfillmentNode> nodes,
                                   SourcingState state, Instant now) {
        Optional<RoutingRules.Rule> match = ruleFor(order, rules);
        if (match.isEmpty()) {
            return noSource(order, null, "no routing rule matches", Map.of());
        }
        RoutingRules.Rule rule = match.get();
        if (order.lines().isEmpty()) {
            return noSource(order, rule.name(), "the order has no lines to ship", Map.of());
        }
        SourcingRequest.ShipTo to = order.shipTo();
        GeoPoint shipTo = to == null ? null : Optional.ofNullable(GeoPoint.of(to.lat(), to.lon()))
                .or(() -> centroids.find(to.countryCode(), to.postalCode())).orElse(null);
        List<SourcingCandidate> all = new ArrayList<>();
        for (String id : new LinkedHashSet<>(rule.nodes())) {
            FulfillmentNode node = nodes.get(id);
            if (node == null) {
                throw new IllegalArgumentException("rule " + rule.name() + " names node " + id + ", which is not among the nodes");
            }
            all.add(SourcingCandidate.assess(node, all.size(), order, state, now, shipTo, centroids));
        }
        Comparator<SourcingCandidate> rank = rank(rule.sortBy());
        List<SourcingCandidate> whole = all.stream().filter(SourcingCandidate::holdsAll).sorted(rank).toList();
        return whole.isEmpty() ? split(order, rule, rules.split(), all, rank, state) : single(order, rule, all, whole);
    }

    private SourcingDecision single(SourcingRequest order, RoutingRules.Rule rule, List<SourcingCandidate> all,
                                    List<SourcingCandidate> whole) {
        List<SourcingCandidate> pool;
        if (whole.stream().noneMatch(c -> c.onTime)) {
            LocalDate earliest = whole.stream().map(c -> c.promisedShipDate).min(LocalDate::compareTo).orElseThrow();
            pool = whole.stream().filter(c -> c.promisedShipDate.equals(earliest)).toList();
        } else {
            pool = whole.stream().filter(c -> c.onTime).toList();
        }
        SourcingCandidate chosen = pool.get(0);
        Map<SourcingCandidate, String> reasons = new LinkedHashMap<>();
        for (SourcingCandidate c : all) {
            reasons.put(c, c == chosen ? null
                    : !c.holdsAll() ? c.notAlone()
                    : !pool.contains(c) ? "cannot ship by " + c.shipByDate + " (ships " + c.promisedShipDate + ")"
                    : "ranked below " + chosen.id() + " on " + decidingKey(rule.sortBy(), chosen, c));
        }
        return sourced(order, rule, Map.of(chosen, order.lines()), reasons);
    }

    private SourcingDecision split(SourcingRequest order, RoutingRules.Rule rule, RoutingRules.Split policy,
                                   List<SourcingCandidate> all, Comparator<SourcingCandidate> rank, SourcingState state) {
        List<SourcingCandidate> partial = all.stream().filter(SourcingCandidate::eligible).sorted(rank).toList();
        BigDecimal value = order.grandTotal() == null ? BigDecimal.ZERO : order.grandTotal();
        String why;
        String each;
        if (partial.isEmpty()) {
            why = "no node of the rule is eligible";
            each = null;
        } else if (!policy.allowed()) {
            why = "no eligible node holds every line, and split is not allowed";
            each = "split not allowed";
        } else if (value.compareTo(policy.minOrderValue()) < 0) {
            why = "no eligible node holds every line, and the order's value "
                    + (order.grandTotal() == null ? "(unknown)" : order.grandTotal().toPlainString())
                    + " is below the split minimum " + policy.minOrderValue().toPlainString();
            each = "order value below the split minimum";
        } else {
            Optional<SplitPlanner.Plan> plan = SplitPlanner.best(partial, order.lines(), policy.maxShipments(), state);
            if (plan.isPresent()) {
                Map<SourcingCandidate, String> reasons = new LinkedHashMap<>();
                all.forEach(c -> reasons.put(c, plan.get().shipments().containsKey(c) ? null
                        : c.eligible() ? c.notAlone() + "; not in the chosen split" : c.notAlone()));
                return sourced(order, rule, plan.get().shipments(), reasons);
            }
            List<String> nowhere = order.lines().stream().filter(l -> partial.stream().noneMatch(c -> c.coverable.contains(l)))
                    .map(l -> "line " + l.lineId() + " (" + l.quantity() + " × " + l.sku() + ")").toList();
            why = "no eligible node holds every line, and no " + policy.maxShipments() + " or fewer eligible nodes hold it between them"
                    + (nowhere.isEmpty() ? "" : " (no eligible node holds " + String.join(", ", nowhere) + ")");
            each = "no split of at most " + policy.maxShipments() + " shipments covers the order";
        }
        Map<SourcingCandidate, String> reasons = new LinkedHashMap<>();
        all.forEach(c -> reasons.put(c, c.eligible() && each != null ? c.notAlone() + "; " + each : c.notAlone()));
        return noSource(order, rule.name(), why, reasons);
    }

    private static SourcingDecision sourced(SourcingRequest order, RoutingRules.Rule rule,
                                            Map<SourcingCandidate, List<SourcingRequest.Line>> shipments,
                                            Map<SourcingCandidate, String> reasons) {
        List<SourcingDecision.Allocation> allocations = new ArrayList<>();
        shipments.forEach((c, lines) -> allocations.add(new SourcingDecision.Allocation(c.id(), c.node.location(),
                lines.stream().map(l -> new SourcingDecision.AllocatedLine(l.lineId(), l.sku(), l.quantity())).toList(),
                c.cost, c.promisedShipDate, !c.onTime)));
        return new SourcingDecision(order.orderId(), SourcingDecision.Outcome.SOURCED, rule.name(), null, allocations,
                verdicts(reasons), order.shipBy(), allocations.stream().anyMatch(SourcingDecision.Allocation::late));
    }

    private static SourcingDecision noSource(SourcingRequest order, String rule, String why, Map<SourcingCandidate, String> reasons) {
        return new SourcingDecision(order.orderId(), SourcingDecision.Outcome.NO_SOURCE, rule, why, List.of(), verdicts(reasons),
                order.shipBy(), false);
    }

    private static List<SourcingDecision.Verdict> verdicts(Map<SourcingCandidate, String> reasons) {
        List<SourcingDecision.Verdict> verdicts = new ArrayList<>();
        reasons.forEach((c, reason) -> verdicts.add(new SourcingDecision.Verdict(c.id(), c.eligible(), reason == null, reason,
                c.eligible() ? c.cost : null, c.eligible() ? c.distanceKm : null, c.eligible() ? c.ordersLeft : null,
                c.eligible() ? c.promisedShipDate : null)));
        return verdicts;
    }

    private static Comparator<SourcingCandidate> rank(List<RoutingRules.SortKey> sortBy) {
        Comparator<SourcingCandidate> rank = (a, b) -> 0;
        for (RoutingRules.SortKey key : sortBy) {
            rank = rank.thenComparing(by(key));
        }
        return rank.thenComparing(by(RoutingRules.SortKey.SEQUENCE));
    }

    private static Comparator<SourcingCandidate> by(RoutingRules.SortKey key) {
        return switch (key) {
            case COST -> Comparator.comparing(c -> c.cost);
            case PROXIMITY -> Comparator.<SourcingCandidate>comparingInt(c -> c.proximityTier)
                    .thenComparingDouble(c -> c.distanceKm == null ? 0 : c.distanceKm);
            case CAPACITY -> Comparator.comparing((Function<SourcingCandidate, Integer>)
                    c -> c.ordersLeft == null ? Integer.MAX_VALUE : c.ordersLeft).reversed();
            case SEQUENCE -> Comparator.comparingInt(c -> c.sequence);
        };
    }

    /** The first sort key on which {@code chosen} beat {@code other}, for the explanation. */
    private static String decidingKey(List<RoutingRules.SortKey> sortBy, SourcingCandidate chosen, SourcingCandidate other) {
        List<RoutingRules.SortKey> keys = new ArrayList<>(sortBy);
        keys.add(RoutingRules.SortKey.SEQUENCE);
        return keys.stream().filter(k -> by(k).compare(chosen, other) < 0).findFirst()
                .map(k -> k.name().toLowerCase(Locale.ROOT)).orElse("sequence");
    }
}
