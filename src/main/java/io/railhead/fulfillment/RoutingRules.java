package io.railhead.fulfillment;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/**
 * The sourcing rules of {@code railhead.fulfillment.routing-file}: the first rule whose {@code when} matches an
 * order decides which nodes may fulfil it and in which order they are tried ({@code sortBy}); {@code split}
 * says whether an order no single node can cover may go out as several shipments.
 */
public record RoutingRules(List<Rule> rules, Split split) {

    public enum SortKey { COST, PROXIMITY, CAPACITY, SEQUENCE }

    /**
     * One rule: {@code when} maps a condition (channel, sourceAccount, serviceLevel, shipToCountry, shipToRegion,
     * shipToPostalPrefix, tags, skuPrefix) to the values any of which matches; every condition given must match.
     */
    public record Rule(String name, Map<String, List<String>> when, List<String> nodes, List<SortKey> sortBy) {
    }

    /** Split policy: allowed at all, at most {@code maxShipments} nodes, only for orders worth {@code minOrderValue}. */
    public record Split(boolean allowed, int maxShipments, BigDecimal minOrderValue) {

        public static final Split NONE = new Split(false, 1, BigDecimal.ZERO);
    }
}
