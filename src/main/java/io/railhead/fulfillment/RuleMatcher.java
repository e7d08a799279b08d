package io.railhead.fulfillment;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Finds the routing rule that decides an order: the first whose {@code when} conditions all match. Within one
 * condition any listed value matches. Codes (channel, source account, service level, country, region, tags)
 * compare ignoring case; {@code shipToPostalPrefix} compares postal codes without spaces and dashes, ignoring case
 * ({@code K1P} matches {@code k1p 5n2}); {@code skuPrefix} is case-sensitive, as SKUs are, and matches when
 * <em>any</em> line's SKU starts with a listed prefix, so one hazardous or oversized item is enough to send the
 * whole order to the nodes that can handle it. A condition on a ship-to field never matches an order without it.
 */
final class RuleMatcher {

    private RuleMatcher() {
    }

    static Optional<RoutingRules.Rule> firstMatch(SourcingRequest order, RoutingRules rules) {
        return rules.rules().stream().filter(r -> matches(r, order)).findFirst();
    }

    static boolean matches(RoutingRules.Rule rule, SourcingRequest order) {
        for (Map.Entry<String, List<String>> c : rule.when().entrySet()) {
            if (!matches(c.getKey(), c.getValue(), order)) {
                return false;
            }
        }
        return true;
    }

    private static boolean matches(String condition, List<String> values, SourcingRequest order) {
        SourcingRequest.ShipTo to = order.shipTo();
        return switch (condition) {
            case "channel" -> anyEqual(values, order.channel());
            case "sourceAccount" -> anyEqual(values, order.sourceAccount());
            case "serviceLevel" -> anyEqual(values, order.serviceLevel());
            case "shipToCountry" -> to != null && anyEqual(values, to.countryCode());
            case "shipToRegion" -> to != null && anyEqual(values, to.region());
            case "shipToPostalPrefix" -> to != null && to.postalCode() != null && values.stream()
                    .anyMatch(p -> PostalCentroids.postalKey(to.postalCode()).startsWith(PostalCentroids.postalKey(p)));
            case "tags" -> order.tags().stream().anyMatch(t -> anyEqual(values, t));
            case "skuPrefix" -> order.lines().stream().anyMatch(l -> values.stream().anyMatch(p -> l.sku().startsWith(p)));
            default -> throw new IllegalArgumentException("unknown condition " + condition);
        };
    }

    private static boolean anyEqual(List<String> values, String value) {
        return value != null && values.stream().anyMatch(value.strip()::equalsIgnoreCase);
    }
}
