package io.railhead.fulfillment;

import static io.railhead.fulfillment.SourcingFixtures.MARCH_10;
import static io.railhead.fulfillment.SourcingFixtures.MARCH_11;
import static io.railhead.fulfillment.SourcingFixtures.NODES;
import static io.railhead.fulfillment.SourcingFixtures.NOON_NEW_YORK;
import static io.railhead.fulfillment.SourcingFixtures.line;
import static io.railhead.fulfillment.SourcingFixtures.only;
import static io.railhead.fulfillment.SourcingFixtures.order;
import static io.railhead.fulfillment.SourcingFixtures.rule;
import static io.railhead.fulfillment.SourcingFixtures.rules;
import static io.railhead.fulfillment.SourcingFixtures.state;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.api.Assertions.within;

import io.railhead.fulfillment.RoutingRules.SortKey;
import io.railhead.fulfillment.SourcingDecision.Outcome;
import io.railhead.fulfillment.SourcingDecision.Verdict;
import io.railhead.order.CanonicalOrder;
import io.railhead.order.OrderJson;
import java.io.File;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** One order sourced at a time: which rule decides, which nodes are eligible, how they rank, when they ship. */
class SourcingTest {

    static final PostalCentroids CENTROIDS = PostalCentroids.read(Path.of("config/fulfillment/postal-centroids.csv"));
    private final Sourcing sourcing = new Sourcing(CENTROIDS);
    private final SourcingState tees = state().everywhere("TEE-1", 10).build();

    private SourcingDecision decide(SourcingFixtures.Order order, RoutingRules rules, SourcingState state, Instant now) {
        return sourcing.decide(order.build(), rules, NODES, state, now);
    }

    private SourcingDecision decide(SourcingFixtures.Order order, RoutingRules rules) {
        return decide(order, rules, tees, NOON_NEW_YORK);
    }

    private static List<String> chosen(SourcingDecision d) {
        return d.allocations().stream().map(SourcingDecision.Allocation::nodeId).toList();
    }

    private static Verdict verdict(SourcingDecision d, String node) {
        return d.candidates().stream().filter(v -> v.nodeId().equals(node)).findFirst().orElseThrow();
    }

    /** A rule on one condition to DC-WEST, then a catch-all to DC-EAST: the rule name says which matched. */
    private String ruleFor(String condition, List<String> values, SourcingFixtures.Order order) {
        RoutingRules rules = rules(RoutingRules.Split.NONE, rule("on-" + condition, Map.of(condition, values), List.of("DC-WEST")),
                rule("default", Map.of(), List.of("DC-EAST")));
        return decide(order, rules).ruleName();
    }

    @Test
    void everyWhenKeyMatchesAnyOfItsValues_ignoringCaseForCodes() {
        assertThat(ruleFor("channel", List.of("amazon", "Shopify"), order())).isEqualTo("on-channel");
        assertThat(ruleFor("channel", List.of("amazon"), order())).isEqualTo("default");
        assertThat(ruleFor("sourceAccount", List.of("ACME.myshopify.com"), order())).isEqualTo("on-sourceAccount");
        assertThat(ruleFor("sourceAccount", List.of("other.myshopify.com"), order())).isEqualTo("default");
        assertThat(ruleFor("serviceLevel", List.of("STANDARD"), order().service(null))).as("no service level is STANDARD")
                .isEqualTo("on-serviceLevel");
        assertThat(ruleFor("serviceLevel", List.of("EXPEDITED"), order())).isEqualTo("default");
        assertThat(ruleFor("shipToCountry", List.of("CA", "us"), order())).isEqualTo("on-shipToCountry");
        assertThat(ruleFor("shipToCountry", List.of("CA"), order())).isEqualTo("default");
        assertThat(ruleFor("shipToCountry", List.of("US"), order().noShipTo())).as("no ship-to matches no ship-to condition")
                .isEqualTo("default");
        assertThat(ruleFor("shipToRegion", List.of("NY", "NJ"), order())).isEqualTo("on-shipToRegion");
        assertThat(ruleFor("shipToRegion", List.of("NY"), order())).isEqualTo("default");
        assertThat(ruleFor("tags", List.of("wholesale"), order().tags("repeat", "Wholesale"))).as("any of the order's tags")
                .isEqualTo("on-tags");
        assertThat(ruleFor("tags", List.of("wholesale"), order().tags("repeat"))).isEqualTo("default");
        assertThat(ruleFor("tags", List.of("wholesale"), order())).isEqualTo("default");
    }

    @Test
    void postalPrefixesCompareWithoutSpacesOrDashes() {
        SourcingFixtures.Order ottawa = order().to("CA", "ON", "k1p 5n2", null, null);
        assertThat(ruleFor("shipToPostalPrefix", List.of("K1P"), ottawa)).isEqualTo("on-shipToPostalPrefix");
        assertThat(ruleFor("shipToPostalPrefix", List.of("K1P5"), ottawa)).isEqualTo("on-shipToPostalPrefix");
        assertThat(ruleFor("shipToPostalPrefix", List.of("K1A"), ottawa)).isEqualTo("default");
        assertThat(ruleFor("shipToPostalPrefix", List.of("402"), order().to("US", "KY", "40202-1234", null, null)))
                .isEqualTo("on-shipToPostalPrefix");
        assertThat(ruleFor("shipToPostalPrefix", List.of("070"), order().to("US", "NJ", null, null, null))).isEqualTo("default");
    }

    @Test
    void skuPrefixMatchesWhenAnyLinesSkuStartsWithIt_caseSensitive() {
        SourcingFixtures.Order mixed = order().lines(line("1", "TEE-1", 1), line("2", "HAZ-LITHIUM-9", 1));
        assertThat(ruleFor("skuPrefix", List.of("BAT-", "HAZ-"), mixed)).isEqualTo("on-skuPrefix");
        assertThat(ruleFor("skuPrefix", List.of("haz-"), mixed)).isEqualTo("default");
        assertThat(ruleFor("skuPrefix", List.of("HAZ-"), order())).isEqualTo("default");
    }

    @Test
    void everyConditionGivenMustMatch_andTheFirstMatchingRuleDecides() {
        RoutingRules rules = rules(RoutingRules.Split.NONE,
                rule("next-day-us", Map.of("serviceLevel", List.of("NEXT_DAY"), "shipToCountry", List.of("US")), List.of("DC-EAST")),
                rule("us", Map.of("shipToCountry", List.of("US")), List.of("DC-WEST")),
                rule("default", Map.of(), List.of("3PL-CENTRAL")));
        assertThat(decide(order().service("NEXT_DAY"), rules).ruleName()).isEqualTo("next-day-us");
        assertThat(decide(order().service("NEXT_DAY").to("CA", "ON", "K1P 5N2", null, null), rules).ruleName()).isEqualTo("default");
        assertThat(decide(order(), rules).ruleName()).as("matches us and default: the first wins").isEqualTo("us");
    }

    @Test
    void noMatchingRuleIsNoSource() {
        RoutingRules rules = rules(RoutingRules.Split.NONE, rule("amazon", Map.of("channel", List.of("amazon")), List.of("DC-EAST")));
        SourcingDecision d = decide(order(), rules);
        assertThat(d.outcome()).isEqualTo(Outcome.NO_SOURCE);
        assertThat(d.reason()).isEqualTo("no routing rule matches");
        assertThat(d.ruleName()).isNull();
        assertThat(d.allocations()).isEmpty();
        assertThat(d.summary()).isEqualTo("NO_SOURCE: no routing rule matches");
    }

    @Test
    void anOrderWithNothingToShipIsNoSource() {
        SourcingDecision d = decide(order().lines(), only(List.of("DC-EAST")));
        assertThat(d.outcome()).isEqualTo(Outcome.NO_SOURCE);
        assertThat(d.summary()).isEqualTo("NO_SOURCE by rule default: the order has no lines to ship");
    }

    @Test
    void costRanksTheCheapestNodeForTheServiceLevelFirst() {
        SourcingDecision standard = decide(order(), only(List.of("DC-EAST", "DC-WEST", "3PL-CENTRAL"), SortKey.COST));
        assertThat(chosen(standard)).containsExactly("3PL-CENTRAL");
        assertThat(standard.totalCost()).isEqualByComparingTo("5.10");
        assertThat(verdict(standard, "DC-WEST").reason()).isEqualTo("ranked below 3PL-CENTRAL on cost");
        assertThat(verdict(standard, "DC-WEST").cost()).isEqualByComparingTo("5.50");

        SourcingDecision expedited = decide(order().service("EXPEDITED"), only(List.of("DC-EAST", "DC-WEST", "3PL-CENTRAL"), SortKey.COST));
        assertThat(chosen(expedited)).as("EXPEDITED: 14.00 at DC-EAST, 12.00 at DC-WEST").containsExactly("DC-WEST");
    }

    @Test
    void proximityMeasuresGreatCircleKilometresFromTheOrdersCoordinates() {
        RoutingRules rules = only(List.of("DC-WEST", "DC-EAST", "STORE-OTTAWA"), SortKey.PROXIMITY);
        SourcingDecision newark = decide(order().to("US", "NJ", "07102", 40.7357, -74.1724), rules);
        assertThat(chosen(newark)).containsExactly("DC-EAST");
        assertThat(verdict(newark, "DC-EAST").distanceKm()).isCloseTo(19, within(2.0));
        assertThat(verdict(newark, "DC-WEST").distanceKm()).isCloseTo(3940, within(40.0));
        assertThat(verdict(newark, "DC-WEST").reason()).isEqualTo("ranked below DC-EAST on proximity");

        SourcingDecision montreal = decide(order().to("CA", "QC", "H2X 1Y4", 45.5088, -73.5617), rules);
        assertThat(chosen(montreal)).containsExactly("STORE-OTTAWA");
    }

    @Test
    void proximityFallsBackToThePostalCentroidTable_forTheOrderAndForANodeWithoutCoordinates() {
        RoutingRules rules = only(List.of("DC-EAST", "DC-WEST", "3PL-CENTRAL"), SortKey.PROXIMITY);
        SourcingDecision louisville = decide(order().to("US", "KY", "40202-1234", null, null), rules);
        assertThat(chosen(louisville)).as("the order and 3PL-CENTRAL both at 40202's centroid").containsExactly("3PL-CENTRAL");
        assertThat(verdict(louisville, "3PL-CENTRAL").distanceKm()).isCloseTo(0, within(0.5));

        SourcingDecision seattle = decide(order().to("US", "WA", "98109", null, null), rules);
        assertThat(chosen(seattle)).as("981's centroid is nearest DC-WEST").containsExactly("DC-WEST");
        assertThat(verdict(seattle, "DC-WEST").distanceKm()).isCloseTo(1540, within(40.0));
    }

    @Test
    void withoutAnyPointProximityIsSameRegionThenSameCountryThenTheRest() {
        Sourcing noTable = new Sourcing(PostalCentroids.NONE);
        RoutingRules rules = only(List.of("STORE-OTTAWA", "DC-EAST", "DC-WEST"), SortKey.PROXIMITY);
        SourcingDecision california = noTable.decide(order().to("US", "CA", "94103", null, null).build(), rules, NODES, tees, NOON_NEW_YORK);
        assertThat(chosen(california)).containsExactly("DC-WEST");
        assertThat(verdict(california, "DC-WEST").distanceKm()).isNull();

        SourcingDecision texas = noTable.decide(order().to("US", "TX", "75201", null, null).build(), rules, NODES, tees, NOON_NEW_YORK);
        assertThat(chosen(texas)).as("same country, ties to the rule's order").containsExactly("DC-EAST");
        assertThat(verdict(texas, "DC-WEST").reason()).isEqualTo("ranked below DC-EAST on sequence");

        SourcingDecision noAddress = noTable.decide(order().noShipTo().build(), rules, NODES, tees, NOON_NEW_YORK);
        assertThat(chosen(noAddress)).containsExactly("STORE-OTTAWA");
    }

    @Test
    void aNodeWhoseDistanceCanBeMeasuredRanksBeforeOneWhoseCannot() {
        Sourcing noTable = new Sourcing(PostalCentroids.NONE);
        SourcingDecision d = noTable.decide(order().to("US", "KY", "40202", 38.25, -85.76).build(),
                only(List.of("3PL-CENTRAL", "DC-WEST"), SortKey.PROXIMITY), NODES, tees, NOON_NEW_YORK);
        assertThat(chosen(d)).as("3PL-CENTRAL is in KY but has no point without the table").containsExactly("DC-WEST");
    }

    @Test
    void capacityRanksMostOrdersLeftTodayFirst_noLimitBeingMost() {
        SourcingState busy = state().everywhere("TEE-1", 10).taken("DC-EAST", MARCH_10, 1500).taken("DC-WEST", MARCH_10, 100).build();
        SourcingDecision d = decide(order(), only(List.of("DC-EAST", "DC-WEST"), SortKey.CAPACITY), busy, NOON_NEW_YORK);
        assertThat(chosen(d)).containsExactly("DC-WEST");
        assertThat(verdict(d, "DC-EAST").ordersLeftToday()).isEqualTo(500);
        assertThat(verdict(d, "DC-WEST").ordersLeftToday()).isEqualTo(900);

        SourcingDecision unlimited = decide(order(), only(List.of("DC-EAST", "DC-WEST", "3PL-CENTRAL"), SortKey.CAPACITY), busy, NOON_NEW_YORK);
        assertThat(chosen(unlimited)).containsExactly("3PL-CENTRAL");
        assertThat(verdict(unlimited, "3PL-CENTRAL").ordersLeftToday()).isNull();
    }

    @Test
    void sequenceIsTheRulesOrder_andLaterKeysBreakTies() {
        assertThat(chosen(decide(order(), only(List.of("DC-WEST", "DC-EAST"))))).containsExactly("DC-WEST");
        SourcingFixtures.Order newark = order().to("US", "NJ", "07102", 40.7357, -74.1724);
        FulfillmentNode eastTwin = SourcingFixtures.node("DC-EAST-2", SourcingFixtures.at("US", "NJ", "07001", 40.58, -74.27),
                "15:00", "America/New_York", 2000, "STANDARD=5.50");
        Map<String, FulfillmentNode> nodes = SourcingFixtures.nodes(SourcingFixtures.DC_EAST, SourcingFixtures.DC_WEST, eastTwin);
        SourcingState stock = state().stock("DC-WEST", "TEE-1", 5).stock("DC-EAST-2", "TEE-1", 5).build();
        SourcingDecision d = sourcing.decide(newark.build(), only(List.of("DC-WEST", "DC-EAST-2"), SortKey.COST, SortKey.PROXIMITY),
                nodes, stock, NOON_NEW_YORK);
        assertThat(chosen(d)).as("equal cost 5.50, proximity decides").containsExactly("DC-EAST-2");
        assertThat(verdict(d, "DC-WEST").reason()).isEqualTo("ranked below DC-EAST-2 on proximity");
    }

    @Test
    void downNodesAndServicesNotOfferedAreNotEligible_evenWithACostListed() {
        SourcingState state = state().everywhere("TEE-1", 10).down("DC-EAST").build();
        SourcingDecision d = decide(order().service("NEXT_DAY"), only(List.of("DC-EAST", "3PL-CENTRAL", "DC-WEST")), state, NOON_NEW_YORK);
        assertThat(d.outcome()).isEqualTo(Outcome.NO_SOURCE);
        assertThat(d.reason()).isEqualTo("no node of the rule is eligible");
        assertThat(d.candidates()).extracting(Verdict::nodeId, Verdict::eligible, Verdict::reason).containsExactly(
                tuple("DC-EAST", false, "down"),
                tuple("3PL-CENTRAL", false, "does not offer NEXT_DAY"),
                tuple("DC-WEST", false, "does not offer NEXT_DAY"));
        assertThat(verdict(d, "3PL-CENTRAL").cost()).as("no sort values for a node that cannot take the order").isNull();
    }

    @Test
    void aNodeShortOfALineCannotTakeTheOrderAlone() {
        SourcingState state = state().stock("DC-EAST", "TEE-1", 1).stock("DC-WEST", "TEE-1", 2).build();
        SourcingDecision d = decide(order(), only(List.of("DC-EAST", "DC-WEST"), SortKey.COST), state, NOON_NEW_YORK);
        assertThat(chosen(d)).containsExactly("DC-WEST");
        assertThat(verdict(d, "DC-EAST").reason()).isEqualTo("short of TEE-1 (has 1, needs 2)");
        assertThat(verdict(d, "DC-EAST").eligible()).as("it holds no line whole").isFalse();
    }

    @Test
    void twoLinesOfOneSkuNeedTheirSumAtOneNode() {
        SourcingState state = state().stock("DC-EAST", "TEE-1", 3).stock("DC-WEST", "TEE-1", 5).build();
        SourcingDecision d = decide(order().lines(line("1", "TEE-1", 2), line("2", "TEE-1", 2)), only(List.of("DC-EAST", "DC-WEST")),
                state, NOON_NEW_YORK);
        assertThat(chosen(d)).containsExactly("DC-WEST");
        assertThat(verdict(d, "DC-EAST").reason()).isEqualTo("short of TEE-1 (has 3, needs 4)");
    }

    @Test
    void capacityTodayIsTheNodesLocalDate_acrossMidnightInAnotherZone() {
        Instant lateEvening = Instant.parse("2026-03-11T02:30:00Z"); // 22:30 EDT on March 10 in New York, March 11 in UTC
        RoutingRules rules = only(List.of("DC-EAST", "3PL-CENTRAL"));
        SourcingState fullOnTenth = state().everywhere("TEE-1", 10).taken("DC-EAST", MARCH_10, 2000).build();
        SourcingDecision d = decide(order(), rules, fullOnTenth, lateEvening);
        assertThat(verdict(d, "DC-EAST").reason()).isEqualTo("no capacity left today (2000 of 2000)");
        assertThat(chosen(d)).containsExactly("3PL-CENTRAL");

        SourcingState fullOnEleventh = state().everywhere("TEE-1", 10).taken("DC-EAST", MARCH_11, 2000).build();
        SourcingDecision stillTenth = decide(order(), rules, fullOnEleventh, lateEvening);
        assertThat(chosen(stillTenth)).as("the 11th has not begun in New York").containsExactly("DC-EAST");
        assertThat(stillTenth.allocations().get(0).promisedShipDate()).as("after the cut-off of the 10th").isEqualTo(MARCH_11);
    }

    @Test
    void theCutOffDecidesThePromisedShipDate() {
        RoutingRules rules = only(List.of("DC-EAST"));
        assertThat(shipDate(decide(order(), rules, tees, Instant.parse("2026-03-10T18:59:59Z")))).isEqualTo(MARCH_10);
        assertThat(shipDate(decide(order(), rules, tees, Instant.parse("2026-03-10T19:00:00Z")))).as("from 15:00 EDT it is the next day")
                .isEqualTo(MARCH_11);
        assertThat(shipDate(decide(order(), only(List.of("3PL-CENTRAL")), tees, Instant.parse("2026-03-10T23:59:00Z"))))
                .as("no cut-off: the day sourced, in UTC").isEqualTo(MARCH_10);
    }

    private static LocalDate shipDate(SourcingDecision d) {
        return d.allocations().get(0).promisedShipDate();
    }

    @Test
    void aNodeThatCanMakeShipByIsPreferred() {
        Instant afterEastCutoff = Instant.parse("2026-03-10T20:30:00Z"); // 16:30 EDT in New York, 13:30 PDT in Los Angeles
        SourcingDecision d = decide(order().shipBy("2026-03-11T03:00:00Z"), only(List.of("DC-EAST", "DC-WEST")), tees, afterEastCutoff);
        assertThat(chosen(d)).containsExactly("DC-WEST");
        assertThat(d.late()).isFalse();
        assertThat(verdict(d, "DC-EAST").reason()).isEqualTo("cannot ship by 2026-03-10 (ships 2026-03-11)");
    }

    @Test
    void anOrderNoNodeCanShipInTimeGoesToTheEarliestAndIsFlaggedLate() {
        Instant evening = Instant.parse("2026-03-10T22:30:00Z"); // after both DCs' cut-offs; 3PL-CENTRAL has none
        SourcingDecision d = decide(order().shipBy("2026-03-09T23:00:00Z"), only(List.of("DC-EAST", "3PL-CENTRAL", "DC-WEST")), tees, evening);
        assertThat(d.outcome()).isEqualTo(Outcome.SOURCED);
        assertThat(chosen(d)).containsExactly("3PL-CENTRAL");
        assertThat(d.late()).isTrue();
        assertThat(d.allocations().get(0).late()).isTrue();
        assertThat(verdict(d, "DC-EAST").reason()).isEqualTo("cannot ship by 2026-03-09 (ships 2026-03-11)");
        assertThat(d.summary()).contains("; LATE: misses shipBy 2026-03-09T23:00:00Z, ships 2026-03-10; candidates: ");
    }

    @Test
    void theSummaryNamesRuleShipmentsAndEveryCandidatesVerdict() {
        SourcingState state = state().everywhere("TEE-1", 10).down("DC-WEST").stock("STORE-OTTAWA", "TEE-1", 0).build();
        SourcingDecision d = decide(order().to("US", "NJ", "07102", 40.7357, -74.1724),
                only(List.of("DC-EAST", "DC-WEST", "3PL-CENTRAL", "STORE-OTTAWA"), SortKey.PROXIMITY), state, NOON_NEW_YORK);
        assertThat(d.summary()).isEqualTo("SOURCED by rule default to DC-EAST (line 1; ships 2026-03-10); candidates: "
                + "DC-EAST chosen (cost 6.50, 19 km, 2000 orders left today), DC-WEST passed over: down, "
                + "3PL-CENTRAL passed over: ranked below DC-EAST on proximity (cost 5.10, 1030 km), "
                + "STORE-OTTAWA passed over: short of TEE-1 (has 0, needs 2)");
    }

    @Test
    void aCanonicalOrderBecomesARequest_andItsSummaryCarriesNoCustomerData() throws Exception {
        CanonicalOrder canonical = OrderJson.MAPPER.readValue(new File("src/test/resources/mappings/shopify/paid-taxes-excluded/expected.json"),
                CanonicalOrder.class);
        SourcingRequest r = SourcingRequest.from(canonical);
        assertThat(r.serviceLevel()).isEqualTo("EXPEDITED");
        assertThat(r.shipTo()).isEqualTo(new SourcingRequest.ShipTo("CA", "ON", "K1P 5N2", 45.41634, -75.6868));
        assertThat(r.grandTotal()).isEqualByComparingTo(canonical.totals().grandTotal());
        assertThat(r.tags()).containsExactly("wholesale", "repeat");
        assertThat(r.lines()).extracting(SourcingRequest.Line::sku).containsExactly("MUG-BLU-12", "POT-TEA-1");
        assertThat(r.lines().get(0).quantity()).isEqualTo(3);

        FulfillmentNode store = SourcingFixtures.node("STORE-OTTAWA", SourcingFixtures.at("CA", "ON", "K1P 1J1", 45.42, -75.70), "17:00",
                "America/Toronto", 50, "EXPEDITED=9.00");
        SourcingState stock = state().stock("STORE-OTTAWA", "MUG-BLU-12", 3).stock("STORE-OTTAWA", "POT-TEA-1", 1).build();
        SourcingDecision d = sourcing.decide(r, only(List.of("STORE-OTTAWA")), Map.of("STORE-OTTAWA", store), stock, NOON_NEW_YORK);
        assertThat(d.sourced()).isTrue();
        assertThat(d.summary()).doesNotContain("Mara", "Quill", "Bank Street", "Ottawa,", "K1P", "45.41", canonical.customer().email());
    }

    @Test
    void linesThatDoNotShipAreNotSourced_andNoServiceLevelIsStandard() throws Exception {
        CanonicalOrder canonical = OrderJson.MAPPER.readValue(new File("src/test/resources/mappings/shopify/paid-taxes-excluded/expected.json"),
                CanonicalOrder.class);
        CanonicalOrder.Line mug = canonical.lines().get(0);
        CanonicalOrder.Line giftCard = new CanonicalOrder.Line(null, "GIFT-25", null, "Gift card", 1, "EA", null, null, null, null, null,
                null, false, null);
        CanonicalOrder digital = new CanonicalOrder(canonical.orderId(), canonical.channel(), canonical.channelOrderId(), null,
                canonical.sourceAccount(), null, null, "CAD", null, null, null, null, List.of(mug, giftCard), canonical.totals(),
                null, canonical.payment(), "MERCHANT", null, null, null, null, null, null, null);
        SourcingRequest r = SourcingRequest.from(digital);
        assertThat(r.lines()).extracting(SourcingRequest.Line::sku).containsExactly("MUG-BLU-12");
        assertThat(r.serviceLevel()).isEqualTo("STANDARD");
        assertThat(r.shipTo()).isNull();
        assertThat(r.tags()).isEmpty();
    }
}
