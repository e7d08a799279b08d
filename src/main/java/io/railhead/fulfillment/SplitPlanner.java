package io.railhead.fulfillment;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Finds the best way to ship an order no single node holds as several shipments: the fewest nodes (2, then 3, up
 * to {@code maxShipments}) that between them hold every line, each line whole at one node; among plans of that
 * size those that make {@code shipBy} first (else the earliest last shipment), then the lowest total cost, then
 * the nodes best placed by the rule's sort order. Within a plan a line goes to the best-placed node that can
 * still ship it; lines of one SKU share a location's stock, so their placement is searched exactly (the search
 * grows only with the number of lines that repeat a SKU, and the number of node combinations with the nodes a
 * rule lists, a handful in practice).
 */
final class SplitPlanner {

    /** A plan: the nodes in rank order, each with the lines it ships. */
    record Plan(Map<SourcingCandidate, List<SourcingRequest.Line>> shipments, BigDecimal cost, boolean onTime,
                LocalDate lastShipDate) {
    }

    private SplitPlanner() {
    }

    /** The best plan over {@code ranked} (eligible nodes, best first), or empty when none covers the order. */
    static Optional<Plan> best(List<SourcingCandidate> ranked, List<SourcingRequest.Line> lines, int maxShipments,
                               SourcingState state) {
        Comparator<Plan> better = Comparator.comparing((Plan p) -> !p.onTime())
                .thenComparing(p -> p.onTime() ? LocalDate.MIN : p.lastShipDate())
                .thenComparing(Plan::cost);
        int most = Math.min(maxShipments, Math.min(ranked.size(), lines.size()));
        for (int k = 2; k <= most; k++) {
            List<Plan> plans = new ArrayList<>();
            combinations(ranked.size(), k, new int[k], 0, 0, combo -> {
                List<SourcingCandidate> nodes = new ArrayList<>();
                for (int i : combo) {
                    nodes.add(ranked.get(i));
                }
                plan(nodes, lines, state).ifPresent(plans::add);
            });
            // combinations come in rank order and min keeps the first of equals: the best-placed nodes win ties
            Optional<Plan> best = plans.stream().min(better);
            if (best.isPresent()) {
                return best;
            }
        }
        return Optional.empty();
    }

    private static void combinations(int n, int k, int[] chosen, int depth, int from, Consumer<int[]> out) {
        if (depth == k) {
            out.accept(chosen.clone());
            return;
        }
        for (int i = from; i <= n - (k - depth); i++) {
            chosen[depth] = i;
            combinations(n, k, chosen, depth + 1, i + 1, out);
        }
    }

    /** The lines placed on exactly these nodes, every node shipping something, or empty. */
    private static Optional<Plan> plan(List<SourcingCandidate> nodes, List<SourcingRequest.Line> lines, SourcingState state) {
        if (!lines.stream().allMatch(l -> nodes.stream().anyMatch(n -> n.coverable.contains(l)))) {
            return Optional.empty();
        }
        Map<String, List<SourcingRequest.Line>> bySku = new LinkedHashMap<>();
        lines.forEach(l -> bySku.computeIfAbsent(l.sku(), s -> new ArrayList<>()).add(l));
        Map<SourcingRequest.Line, SourcingCandidate> placed = new IdentityHashMap<>();
        for (List<SourcingRequest.Line> same : bySku.values()) {
            List<SourcingRequest.Line> largestFirst = new ArrayList<>(same);
            largestFirst.sort(Comparator.comparingInt(SourcingRequest.Line::quantity).reversed());
            Map<String, Integer> left = new HashMap<>();
            nodes.forEach(n -> left.putIfAbsent(n.node.location(), state.available(n.node.location(), same.get(0).sku())));
            if (!place(largestFirst, 0, nodes, left, placed)) {
                return Optional.empty();
            }
        }
        Map<SourcingCandidate, List<SourcingRequest.Line>> shipments = new LinkedHashMap<>();
        nodes.forEach(n -> shipments.put(n, new ArrayList<>()));
        lines.forEach(l -> shipments.get(placed.get(l)).add(l));
        if (shipments.values().stream().anyMatch(List::isEmpty)) {
            return Optional.empty(); // a smaller plan ships the same: it was tried first
        }
        return Optional.of(new Plan(shipments, nodes.stream().map(n -> n.cost).reduce(BigDecimal.ZERO, BigDecimal::add),
                nodes.stream().allMatch(n -> n.onTime),
                nodes.stream().map(n -> n.promisedShipDate).max(LocalDate::compareTo).orElseThrow()));
    }

    /** Places lines[i..] of one SKU, backtracking over the nodes in rank order; {@code left} is stock per location. */
    private static boolean place(List<SourcingRequest.Line> lines, int i, List<SourcingCandidate> nodes, Map<String, Integer> left,
                                 Map<SourcingRequest.Line, SourcingCandidate> placed) {
        if (i == lines.size()) {
            return true;
        }
        SourcingRequest.Line line = lines.get(i);
        for (SourcingCandidate n : nodes) {
            String location = n.node.location();
            if (left.get(location) >= line.quantity()) {
                left.merge(location, -line.quantity(), Integer::sum);
                placed.put(line, n);
                if (place(lines, i + 1, nodes, left, placed)) {
                    return true;
                }
                left.merge(location, line.quantity(), Integer::sum);
                placed.remove(line);
            }
        }
        return false;
    }
}
