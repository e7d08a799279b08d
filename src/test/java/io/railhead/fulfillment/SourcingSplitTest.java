package io.railhead.fulfillment;

import static io.railhead.fulfillment.SourcingFixtures.NODES;
import static io.railhead.fulfillment.SourcingFixtures.NOON_NEW_YORK;
import static io.railhead.fulfillment.SourcingFixtures.at;
import static io.railhead.fulfillment.SourcingFixtures.line;
import static io.railhead.fulfillment.SourcingFixtures.node;
import static io.railhead.fulfillment.SourcingFixtures.order;
import static io.railhead.fulfillment.SourcingFixtures.rule;
import static io.railhead.fulfillment.SourcingFixtures.rules;
import static io.railhead.fulfillment.SourcingFixtures.split;
import static io.railhead.fulfillment.SourcingFixtures.state;
import static org.assertj.core.api.Assertions.assertThat;

import io.railhead.fulfillment.RoutingRules.SortKey;
import io.railhead.fulfillment.SourcingDecision.Allocation;
import io.railhead.fulfillment.SourcingDecision.Outcome;
import io.railhead.fulfillment.SourcingDecision.Verdict;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Orders no single node holds: when they may be split, over which nodes, and why not when they may not. */
class SourcingSplitTest {

    private final Sourcing sourcing = new Sourcing(PostalCentroids.NONE);
    /** A tee and a mug; DC-EAST has only the tees, DC-WEST only the mug. */
    private final SourcingFixtures.Order teeAndMug = order().lines(line("1", "TEE-1", 2), line("2", "MUG-1", 1));
    private final SourcingState apart = state().stock("DC-EAST", "TEE-1", 2).stock("DC-WEST", "MUG-1", 1).build();

    private static RoutingRules splitting(RoutingRules.Split split, String... nodes) {
        return rules(split, rule("default", Map.of(), List.of(nodes), SortKey.COST));
    }

    private SourcingDecision decide(SourcingFixtures.Order order, RoutingRules rules, SourcingState state) {
        return sourcing.decide(order.build(), rules, NODES, state, NOON_NEW_YORK);
    }

    private static List<String> shipments(SourcingDecision d) {
        return d.allocations().stream().map(a -> a.nodeId() + a.lines().stream().map(SourcingDecision.AllocatedLine::lineId).toList())
                .toList();
    }

    private static Verdict verdict(SourcingDecision d, String node) {
        return d.candidates().stream().filter(v -> v.nodeId().equals(node)).findFirst().orElseThrow();
    }

    @Test
    void anOrderNoNodeHoldsIsSplitWhenThePolicyAllows_eachLineWholeAtOneNode() {
        SourcingDecision d = decide(teeAndMug, splitting(split(2, "50.00"), "DC-EAST", "DC-WEST"), apart);
        assertThat(d.outcome()).isEqualTo(Outcome.SOURCED);
        assertThat(shipments(d)).containsExactly("DC-WEST[2]", "DC-EAST[1]");
        Allocation east = d.allocations().get(1);
        assertThat(east.location()).isEqualTo("DC-EAST-LOC");
        assertThat(east.lines()).containsExactly(new SourcingDecision.AllocatedLine("1", "TEE-1", 2));
        assertThat(d.totalCost()).as("one shipment's cost per node").isEqualByComparingTo("12.00");
        assertThat(d.candidates()).allMatch(Verdict::chosen).allMatch(Verdict::eligible);
        assertThat(d.summary()).startsWith("SOURCED by rule default in 2 shipments (total cost 12.00): "
                + "DC-WEST (line 2; ships 2026-03-10), DC-EAST (line 1; ships 2026-03-10); candidates: DC-EAST chosen (cost 6.50");
    }

    @Test
    void oneNodeHoldingEveryLineComesFirst_whateverTheSortOrderPrefers() {
        SourcingState state = state().stock("DC-EAST", "TEE-1", 2).stock("DC-EAST", "MUG-1", 1).stock("DC-WEST", "TEE-1", 2)
                .stock("3PL-CENTRAL", "MUG-1", 1).build();
        SourcingDecision d = decide(teeAndMug, splitting(split(2, "0"), "DC-WEST", "3PL-CENTRAL", "DC-EAST"), state);
        assertThat(shipments(d)).containsExactly("DC-EAST[1, 2]");
        assertThat(verdict(d, "DC-WEST").reason()).isEqualTo("short of MUG-1 (has 0, needs 1)");
        assertThat(verdict(d, "DC-WEST").eligible()).as("it could ship the tees").isTrue();
    }

    @Test
    void splitNotAllowedIsNoSource_withEveryNodesShortfall() {
        SourcingDecision d = decide(teeAndMug, splitting(RoutingRules.Split.NONE, "DC-EAST", "DC-WEST"), apart);
        assertThat(d.outcome()).isEqualTo(Outcome.NO_SOURCE);
        assertThat(d.reason()).isEqualTo("no eligible node holds every line, and split is not allowed");
        assertThat(verdict(d, "DC-EAST").reason()).isEqualTo("short of MUG-1 (has 0, needs 1); split not allowed");
        assertThat(verdict(d, "DC-WEST").reason()).isEqualTo("short of TEE-1 (has 0, needs 2); split not allowed");
        assertThat(d.summary()).isEqualTo("NO_SOURCE by rule default: no eligible node holds every line, and split is not allowed; "
                + "candidates: DC-EAST passed over: short of MUG-1 (has 0, needs 1); split not allowed (cost 6.50, 2000 orders left today), "
                + "DC-WEST passed over: short of TEE-1 (has 0, needs 2); split not allowed (cost 5.50, 1000 orders left today)");
    }

    @Test
    void anOrderWorthLessThanTheSplitMinimumIsNotSplit_theMinimumItselfIs() {
        RoutingRules rules = splitting(split(2, "50.00"), "DC-EAST", "DC-WEST");
        SourcingDecision small = decide(teeAndMug.worth("49.99"), rules, apart);
        assertThat(small.outcome()).isEqualTo(Outcome.NO_SOURCE);
        assertThat(small.reason()).isEqualTo("no eligible node holds every line, and the order's value 49.99 is below the split minimum 50.00");
        assertThat(verdict(small, "DC-EAST").reason()).endsWith("; order value below the split minimum");
        assertThat(decide(teeAndMug.worth("50.00"), rules, apart).outcome()).isEqualTo(Outcome.SOURCED);
        assertThat(decide(teeAndMug.worth(null), rules, apart).reason()).contains("the order's value (unknown) is below");
    }

    @Test
    void noMoreThanMaxShipmentsNodes() {
        SourcingFixtures.Order three = order().lines(line("1", "TEE-1", 1), line("2", "MUG-1", 1), line("3", "CAP-1", 1));
        SourcingState state = state().stock("DC-EAST", "TEE-1", 1).stock("DC-WEST", "MUG-1", 1).stock("3PL-CENTRAL", "CAP-1", 1).build();
        SourcingDecision two = decide(three, splitting(split(2, "0"), "DC-EAST", "DC-WEST", "3PL-CENTRAL"), state);
        assertThat(two.outcome()).isEqualTo(Outcome.NO_SOURCE);
        assertThat(two.reason()).isEqualTo("no eligible node holds every line, and no 2 or fewer eligible nodes hold it between them");
        assertThat(verdict(two, "DC-WEST").reason()).endsWith("; no split of at most 2 shipments covers the order");

        SourcingDecision three3 = decide(three, splitting(split(3, "0"), "DC-EAST", "DC-WEST", "3PL-CENTRAL"), state);
        assertThat(shipments(three3)).containsExactly("3PL-CENTRAL[3]", "DC-WEST[2]", "DC-EAST[1]");
        assertThat(three3.totalCost()).isEqualByComparingTo("17.10");
    }

    @Test
    void fewestShipmentsFirst_thenTheLowestTotalCost() {
        Map<String, FulfillmentNode> nodes = SourcingFixtures.nodes(cheap("AB-DEAR", "6.50"), cheap("C-DEAR", "5.50"),
                cheap("A-CHEAP", "1.00"), cheap("B-CHEAP", "1.00"), cheap("C-CHEAP", "1.00"), cheap("AB-MID", "3.00"));
        SourcingFixtures.Order abc = order().lines(line("1", "A", 1), line("2", "B", 1), line("3", "C", 1));
        SourcingState state = state().stock("AB-DEAR", "A", 1).stock("AB-DEAR", "B", 1).stock("C-DEAR", "C", 1).stock("A-CHEAP", "A", 1)
                .stock("B-CHEAP", "B", 1).stock("C-CHEAP", "C", 1).stock("AB-MID", "A", 1).stock("AB-MID", "B", 1).build();
        RoutingRules threeCheap = splitting(split(3, "0"), "AB-DEAR", "C-DEAR", "A-CHEAP", "B-CHEAP", "C-CHEAP");
        SourcingDecision d = sourcing.decide(abc.build(), threeCheap, nodes, state, NOON_NEW_YORK);
        assertThat(shipments(d)).as("2 shipments for 7.50 beat 3 for 3.00").containsExactly("C-CHEAP[3]", "AB-DEAR[1, 2]");

        RoutingRules withMid = splitting(split(3, "0"), "AB-DEAR", "C-DEAR", "A-CHEAP", "B-CHEAP", "C-CHEAP", "AB-MID");
        SourcingDecision cheaper = sourcing.decide(abc.build(), withMid, nodes, state, NOON_NEW_YORK);
        assertThat(shipments(cheaper)).containsExactly("C-CHEAP[3]", "AB-MID[1, 2]");
        assertThat(cheaper.totalCost()).isEqualByComparingTo("4.00");
        assertThat(verdict(cheaper, "AB-DEAR").reason()).isEqualTo("short of C (has 0, needs 1); not in the chosen split");
    }

    private static FulfillmentNode cheap(String id, String cost) {
        return node(id, at("US", "NJ", "07001", null, null), null, null, null, "STANDARD=" + cost);
    }

    @Test
    void aLineIsNeverDividedBetweenNodes() {
        SourcingState state = state().stock("DC-EAST", "TEE-1", 2).stock("DC-EAST", "MUG-1", 1).stock("DC-WEST", "TEE-1", 2).build();
        SourcingDecision d = decide(order().lines(line("1", "TEE-1", 3), line("2", "MUG-1", 1)),
                splitting(split(2, "0"), "DC-EAST", "DC-WEST"), state);
        assertThat(d.outcome()).isEqualTo(Outcome.NO_SOURCE);
        assertThat(d.reason()).endsWith("(no eligible node holds line 1 (3 × TEE-1))");
        assertThat(verdict(d, "DC-WEST").eligible()).as("2 of 3 tees is no whole line").isFalse();
        assertThat(verdict(d, "DC-WEST").reason()).isEqualTo("short of TEE-1 (has 2, needs 3); short of MUG-1 (has 0, needs 1)");
    }

    @Test
    void linesOfOneSkuArePlacedSoTheStockOfBothNodesSuffices() {
        SourcingState state = state().stock("DC-EAST", "TEE-1", 3).stock("DC-WEST", "TEE-1", 2).stock("DC-WEST", "MUG-1", 1).build();
        SourcingDecision d = decide(order().lines(line("1", "TEE-1", 2), line("2", "TEE-1", 3), line("3", "MUG-1", 1)),
                splitting(split(2, "0"), "DC-EAST", "DC-WEST"), state);
        assertThat(shipments(d)).as("the 3 tees at DC-EAST, the 2 with the mug at DC-WEST").containsExactly("DC-WEST[1, 3]", "DC-EAST[2]");
    }

    @Test
    void aSplitThatMakesShipByBeatsACheaperLateOne_andALateSplitIsFlagged() {
        Map<String, FulfillmentNode> nodes = SourcingFixtures.nodes(
                node("TEE-LATE", at("US", "NJ", "07001", null, null), "12:00", "America/New_York", null, "STANDARD=1.00"),
                node("TEE-ON-TIME", at("US", "NJ", "07001", null, null), null, null, null, "STANDARD=9.00"),
                node("MUG", at("US", "NJ", "07001", null, null), null, null, null, "STANDARD=2.00"));
        SourcingState state = state().stock("TEE-LATE", "TEE-1", 2).stock("TEE-ON-TIME", "TEE-1", 2).stock("MUG", "MUG-1", 1).build();
        RoutingRules rules = splitting(split(2, "0"), "TEE-LATE", "TEE-ON-TIME", "MUG");

        SourcingDecision today = sourcing.decide(teeAndMug.shipBy("2026-03-10T23:00:00Z").build(), rules, nodes, state, NOON_NEW_YORK);
        assertThat(shipments(today)).containsExactly("MUG[2]", "TEE-ON-TIME[1]");
        assertThat(today.late()).isFalse();

        SourcingDecision yesterday = sourcing.decide(teeAndMug.shipBy("2026-03-09T23:00:00Z").build(), rules, nodes, state, NOON_NEW_YORK);
        assertThat(yesterday.late()).isTrue();
        assertThat(shipments(yesterday)).as("all late: the plan whose last shipment leaves first, not the cheapest")
                .containsExactly("MUG[2]", "TEE-ON-TIME[1]");
        assertThat(yesterday.allocations()).extracting(Allocation::late).containsExactly(true, true);
        assertThat(yesterday.totalCost()).isEqualTo(new BigDecimal("11.00"));
        assertThat(yesterday.summary()).contains("LATE: misses shipBy 2026-03-09T23:00:00Z, ships 2026-03-10");
    }

    @Test
    void shipmentsComeInTheRulesSortOrder() {
        SourcingDecision d = sourcing.decide(teeAndMug.build(), rules(split(2, "0"),
                rule("default", Map.of(), List.of("DC-EAST", "DC-WEST"), SortKey.SEQUENCE)), NODES, apart, NOON_NEW_YORK);
        assertThat(shipments(d)).containsExactly("DC-EAST[1]", "DC-WEST[2]");
    }
}
