package io.railhead.fulfillment;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Nodes, rules, orders and states for the sourcing tests, built from plain values. */
final class SourcingFixtures {

    /** 12:00 in New York and Toronto, 09:00 in Los Angeles (all on summer time since March 8), 16:00 UTC. */
    static final Instant NOON_NEW_YORK = Instant.parse("2026-03-10T16:00:00Z");
    static final LocalDate MARCH_10 = LocalDate.of(2026, 3, 10);
    static final LocalDate MARCH_11 = LocalDate.of(2026, 3, 11);

    static final FulfillmentNode DC_EAST = node("DC-EAST", at("US", "NJ", "07001", 40.58, -74.27), "15:00", "America/New_York", 2000,
            "STANDARD=6.50", "EXPEDITED=14.00", "NEXT_DAY=28.00");
    static final FulfillmentNode DC_WEST = node("DC-WEST", at("US", "CA", "90001", 33.97, -118.25), "14:00", "America/Los_Angeles",
            1000, "STANDARD=5.50", "EXPEDITED=12.00");
    /** No coordinates (its postal centroid stands in), no cut-off, no capacity limit, a NEXT_DAY cost it does not offer. */
    static final FulfillmentNode TPL_CENTRAL = node("3PL-CENTRAL", at("US", "KY", "40202", null, null), null, null, null,
            "STANDARD=5.10", "!NEXT_DAY=30.00");
    static final FulfillmentNode STORE_OTTAWA = node("STORE-OTTAWA", at("CA", "ON", "K1P 1J1", 45.42, -75.70), "17:00",
            "America/Toronto", 50, "STANDARD=4.00");

    static final Map<String, FulfillmentNode> NODES = nodes(DC_EAST, DC_WEST, TPL_CENTRAL, STORE_OTTAWA);

    private SourcingFixtures() {
    }

    static FulfillmentNode.Address at(String country, String region, String postal, Double lat, Double lon) {
        return new FulfillmentNode.Address(country, region, postal, lat, lon);
    }

    /** {@code costs} as {@code SERVICE=amount}; a leading {@code !} lists a cost for a service the node does not offer. */
    static FulfillmentNode node(String id, FulfillmentNode.Address address, String cutoff, String zone, Integer perDay,
                                String... costs) {
        List<String> services = new ArrayList<>();
        Map<String, BigDecimal> cost = new HashMap<>();
        for (String c : costs) {
            String[] kv = c.replace("!", "").split("=");
            cost.put(kv[0], new BigDecimal(kv[1]));
            if (!c.startsWith("!")) {
                services.add(kv[0]);
            }
        }
        return new FulfillmentNode(id, FulfillmentNode.Type.WMS, id + "-LOC", new FulfillmentNode.Endpoint("http://node.example/" + id,
                "none", null, null, null, null), address, services,
                cutoff == null ? null : new FulfillmentNode.Cutoff(LocalTime.parse(cutoff), ZoneId.of(zone)), perDay, cost, null, 5);
    }

    static Map<String, FulfillmentNode> nodes(FulfillmentNode... nodes) {
        Map<String, FulfillmentNode> byId = new LinkedHashMap<>();
        for (FulfillmentNode n : nodes) {
            byId.put(n.id(), n);
        }
        return byId;
    }

    static RoutingRules.Rule rule(String name, Map<String, List<String>> when, List<String> nodes, RoutingRules.SortKey... sortBy) {
        return new RoutingRules.Rule(name, when, nodes, sortBy.length == 0 ? List.of(RoutingRules.SortKey.SEQUENCE) : List.of(sortBy));
    }

    static RoutingRules rules(RoutingRules.Split split, RoutingRules.Rule... rules) {
        return new RoutingRules(List.of(rules), split);
    }

    static RoutingRules only(List<String> nodes, RoutingRules.SortKey... sortBy) {
        return rules(RoutingRules.Split.NONE, rule("default", Map.of(), nodes, sortBy));
    }

    static RoutingRules.Split split(int maxShipments, String minOrderValue) {
        return new RoutingRules.Split(true, maxShipments, new BigDecimal(minOrderValue));
    }

    static SourcingRequest.Line line(String id, String sku, int quantity) {
        return new SourcingRequest.Line(id, sku, quantity);
    }

    /** An order being built: a Shopify web order to New Jersey, STANDARD, worth 80.00, two tees. */
    static final class Order {
        String channel = "shopify";
        String sourceAccount = "acme.myshopify.com";
        String serviceLevel;
        SourcingRequest.ShipTo shipTo = new SourcingRequest.ShipTo("US", "NJ", "07102", null, null);
        List<String> tags = List.of();
        String grandTotal = "80.00";
        Instant shipBy;
        List<SourcingRequest.Line> lines = List.of(line("1", "TEE-1", 2));

        Order channel(String v) {
            channel = v;
            return this;
        }

        Order account(String v) {
            sourceAccount = v;
            return this;
        }

        Order service(String v) {
            serviceLevel = v;
            return this;
        }

        Order to(String country, String region, String postal, Double lat, Double lon) {
            shipTo = new SourcingRequest.ShipTo(country, region, postal, lat, lon);
            return this;
        }

        Order noShipTo() {
            shipTo = null;
            return this;
        }

        Order tags(String... v) {
            tags = List.of(v);
            return this;
        }

        Order worth(String v) {
            grandTotal = v;
            return this;
        }

        Order shipBy(String instant) {
            shipBy = Instant.parse(instant);
            return this;
        }

        Order lines(SourcingRequest.Line... v) {
            lines = List.of(v);
            return this;
        }

        SourcingRequest build() {
            return new SourcingRequest("ord-1", channel, sourceAccount, serviceLevel, shipTo, tags,
                    grandTotal == null ? null : new BigDecimal(grandTotal), shipBy, lines);
        }
    }

    static Order order() {
        return new Order();
    }

    /** A state being built: everything up, nothing taken, no stock until given. */
    static final class State {
        final Set<String> down = new HashSet<>();
        final Map<String, Map<LocalDate, Integer>> taken = new HashMap<>();
        final Map<String, Map<String, Integer>> stock = new HashMap<>();

        State down(String node) {
            down.add(node);
            return this;
        }

        State taken(String node, LocalDate day, int orders) {
            taken.computeIfAbsent(node, n -> new HashMap<>()).put(day, orders);
            return this;
        }

        /** Stock at the node's location ({@code <node>-LOC}). */
        State stock(String node, String sku, int quantity) {
            stock.computeIfAbsent(node + "-LOC", n -> new HashMap<>()).put(sku, quantity);
            return this;
        }

        /** Every node of {@link #NODES} holds {@code quantity} of {@code sku}. */
        State everywhere(String sku, int quantity) {
            NODES.keySet().forEach(n -> stock(n, sku, quantity));
            return this;
        }

        SourcingState build() {
            return SourcingState.of(down, taken, stock);
        }
    }

    static State state() {
        return new State();
    }
}
