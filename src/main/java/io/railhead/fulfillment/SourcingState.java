package io.railhead.fulfillment;

import java.time.LocalDate;
import java.util.Map;
import java.util.Set;

/**
 * The facts of the moment {@link Sourcing} decides on, read by the caller from wherever they live (node health,
 * the day's allocations, the inventory ledger) so the engine itself stays pure: whether a node is up, how many
 * orders it has already taken on a given day of its own calendar, and how much of a SKU a ledger location has
 * available.
 */
public interface SourcingState {

    boolean isUp(String nodeId);

    /** Orders already sourced to the node on {@code nodeDay}, the node's local date in its cut-off zone. */
    int ordersTaken(String nodeId, LocalDate nodeDay);

    /** Available quantity (sellable, not reserved) of {@code sku} at ledger location {@code location}. */
    int available(String location, String sku);

    /**
     * A state given as plain maps: the nodes that are down, orders taken per node and day, available quantity per
     * location and SKU. What a map does not hold is up, zero taken, zero available.
     */
    static SourcingState of(Set<String> down, Map<String, Map<LocalDate, Integer>> taken,
                            Map<String, Map<String, Integer>> available) {
        return new Snapshot(Set.copyOf(down), Map.copyOf(taken), Map.copyOf(available));
    }

    /** {@link #of}'s maps. */
    record Snapshot(Set<String> down, Map<String, Map<LocalDate, Integer>> taken,
                    Map<String, Map<String, Integer>> stock) implements SourcingState {

        @Override
        public boolean isUp(String nodeId) {
            return !down.contains(nodeId);
        }

        @Override
        public int ordersTaken(String nodeId, LocalDate nodeDay) {
            return taken.getOrDefault(nodeId, Map.of()).getOrDefault(nodeDay, 0);
        }

        @Override
        public int available(String location, String sku) {
            return stock.getOrDefault(location, Map.of()).getOrDefault(sku, 0);
        }
    }
}
