package io.railhead.fulfillment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.mock.env.MockEnvironment;

/** The nodes and routing files: the issue's examples read as written, and each mistake refused with its line. */
class FulfillmentConfigReadersTest {

    static final String NODES = """
            nodes:
              DC-EAST:
                type: wms
                location: DC-EAST
                endpoint: {url: "http://wms-east.example/api/fulfillments", auth: {type: bearer, token: "${WMS_EAST_TOKEN}"}}
                address: {countryCode: US, region: NJ, postalCode: "07001", lat: 40.58, lon: -74.27}
                services: [STANDARD, EXPEDITED, NEXT_DAY]
                cutoff: {time: "15:00", zone: America/New_York}
                capacity: {ordersPerDay: 2000}
                cost: {STANDARD: 6.50, EXPEDITED: 14.00, NEXT_DAY: 28.00}
                webhookSecret: "${WMS_EAST_WEBHOOK_SECRET}"
                downAfterFailures: 5
              3PL-CENTRAL:
                type: 3pl
                endpoint: {url: "https://3pl.example/orders", auth: {type: basic, username: rh, password: "${TPL_PASSWORD}"}}
                services: [STANDARD]
                cost: {STANDARD: 5.10, NEXT_DAY: 30.00}
            """;

    @TempDir
    Path dir;

    private final UnaryOperator<String> env = new MockEnvironment().withProperty("WMS_EAST_TOKEN", "tok-east")
            .withProperty("WMS_EAST_WEBHOOK_SECRET", "hook-east").withProperty("TPL_PASSWORD", "pw-3pl")::resolveRequiredPlaceholders;

    private Path file(String name, String text) throws Exception {
        Path f = dir.resolve(name);
        Files.writeString(f, text);
        return f;
    }

    private Map<String, FulfillmentNode> nodes() throws Exception {
        return NodesReader.read(file("nodes.yml", NODES), env);
    }

    @Test
    void theIssuesNodesFileReadsWithPlaceholdersResolvedAndDefaults() throws Exception {
        Map<String, FulfillmentNode> nodes = nodes();
        assertThat(nodes).containsOnlyKeys("DC-EAST", "3PL-CENTRAL");
        FulfillmentNode east = nodes.get("DC-EAST");
        assertThat(east.type()).isEqualTo(FulfillmentNode.Type.WMS);
        assertThat(east.endpoint().authType()).isEqualTo("bearer");
        assertThat(east.endpoint().token()).isEqualTo("tok-east");
        assertThat(east.webhookSecret()).isEqualTo("hook-east");
        assertThat(east.address().lat()).isEqualTo(40.58);
        assertThat(east.cutoff()).isEqualTo(new FulfillmentNode.Cutoff(LocalTime.of(15, 0), ZoneId.of("America/New_York")));
        assertThat(east.ordersPerDay()).isEqualTo(2000);
        assertThat(east.costOf("NEXT_DAY")).isEqualByComparingTo("28.00");

        FulfillmentNode tpl = nodes.get("3PL-CENTRAL");
        assertThat(tpl.location()).as("the node id by default").isEqualTo("3PL-CENTRAL");
        assertThat(tpl.endpoint().password()).isEqualTo("pw-3pl");
        assertThat(tpl.downAfterFailures()).isEqualTo(NodesReader.DEFAULT_DOWN_AFTER);
        assertThat(tpl.ordersPerDay()).isNull();
        assertThat(tpl.costOf("NEXT_DAY")).as("a cost for a service not offered makes nothing eligible").isNull();
        assertThat(tpl.costOf("STANDARD")).isEqualByComparingTo(new BigDecimal("5.10"));
    }

    @Test
    void mistakesInTheNodesFileAreRefusedWithTheirLine() throws Exception {
        refusedNodes(NODES.replace("type: 3pl", "type: warehouse"), 14, "must be wms, 3pl or store");
        refusedNodes(NODES.replace("capacity: {ordersPerDay: 2000}", "capacity: {ordersPerDay: 0}"), 9, "between 1 and");
        refusedNodes(NODES.replace("cutoff: {time: \"15:00\", zone: America/New_York}", "cutoff: {time: \"3pm\", zone: America/New_York}"),
                8, "must be HH:MM");
        refusedNodes(NODES.replace("zone: America/New_York", "zone: Mars/Olympus"), 8, "not a time zone");
        refusedNodes(NODES.replace("    services: [STANDARD]\n", "    services: [STANDARD, EXPEDITED]\n"), 17,
                "offers EXPEDITED but has no cost for it");
        refusedNodes(NODES.replace("type: basic, username: rh, ", "type: basic, "), 15, "needs username");
        refusedNodes(NODES.replace("http://wms-east", "ftp://wms-east"), 5, "must be http:// or https://");
        refusedNodes(NODES.replace("downAfterFailures: 5", "downAfterFailure: 5"), 12, "unknown key 'downAfterFailure'");
        refusedNodes(NODES.replace("${TPL_PASSWORD}", "${TPL_MISSING}"), 15, "TPL_MISSING");
    }

    private void refusedNodes(String text, int line, String reason) {
        assertThatThrownBy(() -> NodesReader.read(file("bad-nodes.yml", text), env))
                .isInstanceOfSatisfying(FulfillmentConfigException.class, e -> {
                    assertThat(e.line()).as(e.getMessage()).isEqualTo(line);
                    assertThat(e.reason()).contains(reason);
                    assertThat(e.getMessage()).contains("bad-nodes.yml");
                });
    }

    static final String ROUTING = """
            rules:                              # the first rule whose `when` matches decides
              - name: next-day-east
                when: {serviceLevel: [NEXT_DAY], shipToCountry: [US]}
                nodes: [DC-EAST]
                sortBy: [proximity]
              - name: default
                nodes: [DC-EAST, 3PL-CENTRAL]
                sortBy: [cost, proximity]       # cost | proximity | capacity | sequence
            split: {allowed: true, maxShipments: 2, minOrderValue: "50.00"}
            """;

    @Test
    void theIssuesRoutingFileReads() throws Exception {
        RoutingRules rules = RoutingRulesReader.read(file("routing.yml", ROUTING), nodes());
        assertThat(rules.rules()).extracting(RoutingRules.Rule::name).containsExactly("next-day-east", "default");
        assertThat(rules.rules().get(0).when()).containsEntry("serviceLevel", List.of("NEXT_DAY"))
                .containsEntry("shipToCountry", List.of("US"));
        assertThat(rules.rules().get(1).sortBy()).containsExactly(RoutingRules.SortKey.COST, RoutingRules.SortKey.PROXIMITY);
        assertThat(rules.split()).isEqualTo(new RoutingRules.Split(true, 2, new BigDecimal("50.00")));
        assertThat(RoutingRulesReader.read(file("plain.yml", "rules:\n  - name: all\n    nodes: [DC-EAST]\n"), nodes()).split())
                .isEqualTo(RoutingRules.Split.NONE);
    }

    @Test
    void mistakesInTheRoutingFileAreRefusedWithTheirLine() throws Exception {
        Map<String, FulfillmentNode> nodes = nodes();
        refusedRules(ROUTING.replace("nodes: [DC-EAST, 3PL-CENTRAL]", "nodes: [DC-EAST, DC-WEST]"), nodes, 7, "no node DC-WEST");
        refusedRules(ROUTING.replace("sortBy: [proximity]", "sortBy: [distance]"), nodes, 5, "unknown key 'distance'");
        refusedRules(ROUTING.replace("shipToCountry: [US]", "country: [US]"), nodes, 3, "unknown key 'country'");
        refusedRules(ROUTING.replace("name: default", "name: next-day-east"), nodes, 6, "two rules are named");
        refusedRules(ROUTING.replace("maxShipments: 2", "maxShipments: 0"), nodes, 9, "between 1 and 50");
        refusedRules("rules: []\n", nodes, 1, "at least one rule");
    }

    @Test
    void aRuleAfterTheCatchAllIsRefused() throws Exception {
        String text = "rules:\n  - name: all\n    nodes: [DC-EAST]\n  - name: never\n    when: {channel: [amazon]}\n    nodes: [DC-EAST]\n";
        refusedRules(text, nodes(), 4, "could never match");
    }

    private void refusedRules(String text, Map<String, FulfillmentNode> nodes, int line, String reason) {
        assertThatThrownBy(() -> RoutingRulesReader.read(file("bad-routing.yml", text), nodes))
                .isInstanceOfSatisfying(FulfillmentConfigException.class, e -> {
                    assertThat(e.line()).as(e.getMessage()).isEqualTo(line);
                    assertThat(e.reason()).contains(reason);
                });
    }
}
