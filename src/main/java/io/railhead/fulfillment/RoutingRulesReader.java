package io.railhead.fulfillment;

import io.railhead.shared.ConfigYaml;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Reads {@code railhead.fulfillment.routing-file} into {@link RoutingRules}, refusing with file and line what
 * would make sourcing quietly wrong: an unknown condition or sort key, a node the nodes file does not have, two
 * rules of one name, a rule after a catch-all (it could never match), a split policy out of range.
 */
public final class RoutingRulesReader {

    static final Set<String> CONDITIONS = Set.of("channel", "sourceAccount", "serviceLevel", "shipToCountry",
            "shipToRegion", "shipToPostalPrefix", "tags", "skuPrefix");

    private final ConfigYaml yaml;
    private final Map<String, FulfillmentNode> nodes;

    private RoutingRulesReader(Path file, Map<String, FulfillmentNode> nodes) {
        this.yaml = new ConfigYaml(file, FulfillmentConfigException::new);
        this.nodes = nodes;
    }

    /** The rules of {@code file}, whose nodes must be among {@code nodes}. */
    public static RoutingRules read(Path file, Map<String, FulfillmentNode> nodes) {
        return new RoutingRulesReader(file, nodes).read();
    }

    private RoutingRules read() {
        Node root = yaml.root();
        if (root == null) {
            throw yaml.error(null, "no rules: the file is empty");
        }
        Map<String, Node> top = yaml.mapping(root, "the file", Set.of("rules", "split"));
        Node list = top.get("rules");
        if (!(list instanceof SequenceNode seq) || seq.getValue().isEmpty()) {
            throw yaml.error(list == null ? root : list, "rules must be a list of at least one rule");
        }
        List<RoutingRules.Rule> rules = new ArrayList<>();
        Set<String> names = new HashSet<>();
        RoutingRules.Rule catchAll = null;
        for (Node n : seq.getValue()) {
            RoutingRules.Rule rule = rule(n);
            if (!names.add(rule.name())) {
                throw yaml.error(n, "two rules are named " + rule.name());
            }
            if (catchAll != null) {
                throw yaml.error(n, "rule " + rule.name() + " comes after rule " + catchAll.name()
                        + ", which has no when and matches every order: it could never match");
            }
            if (rule.when().isEmpty()) {
                catchAll = rule;
            }
            rules.add(rule);
        }
        return new RoutingRules(List.copyOf(rules), split(top.get("split")));
    }

    private RoutingRules.Rule rule(Node n) {
        Map<String, Node> keys = yaml.mapping(n, "a rule", Set.of("name", "when", "nodes", "sortBy"));
        if (!keys.containsKey("name")) {
            throw yaml.error(n, "a rule has no name");
        }
        String name = yaml.scalar(keys.get("name"), "rule name");
        String what = "rule " + name;
        Map<String, List<String>> when = new LinkedHashMap<>();
        yaml.mapping(keys.get("when"), "when of " + what, CONDITIONS).forEach((k, v) -> {
            List<String> values = yaml.strings(v, k + " of " + what);
            if (values.isEmpty()) {
                throw yaml.error(v, k + " of " + what + " lists no values");
            }
            when.put(k, values);
        });
        List<String> ids = yaml.strings(keys.get("nodes"), "nodes of " + what);
        if (ids.isEmpty()) {
            throw yaml.error(keys.containsKey("nodes") ? keys.get("nodes") : n, what + " names no nodes");
        }
        List<String> unknown = ids.stream().filter(id -> !nodes.containsKey(id)).toList();
        if (!unknown.isEmpty()) {
            throw yaml.error(keys.get("nodes"), what + ": no node " + String.join(", ", unknown) + " in the nodes file");
        }
        List<RoutingRules.SortKey> sortBy = new ArrayList<>();
        for (String key : yaml.strings(keys.get("sortBy"), "sortBy of " + what)) {
            try {
                sortBy.add(RoutingRules.SortKey.valueOf(key.toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw yaml.error(keys.get("sortBy"), "sortBy of " + what + ": unknown key '" + key
                        + "' (cost, proximity, capacity, sequence)");
            }
        }
        if (sortBy.isEmpty()) {
            sortBy.add(RoutingRules.SortKey.SEQUENCE);
        }
        return new RoutingRules.Rule(name, Map.copyOf(when), ids, List.copyOf(sortBy));
    }

    private RoutingRules.Split split(Node n) {
        if (n == null) {
            return RoutingRules.Split.NONE;
        }
        Map<String, Node> keys = yaml.mapping(n, "split", Set.of("allowed", "maxShipments", "minOrderValue"));
        boolean allowed = keys.containsKey("allowed") && yaml.bool(keys.get("allowed"), "split allowed");
        int max = keys.containsKey("maxShipments") ? yaml.integer(keys.get("maxShipments"), "split maxShipments", 1, 50) : 2;
        BigDecimal min = BigDecimal.ZERO;
        if (keys.containsKey("minOrderValue")) {
            try {
                min = new BigDecimal(yaml.scalar(keys.get("minOrderValue"), "split minOrderValue"));
            } catch (NumberFormatException e) {
                throw yaml.error(keys.get("minOrderValue"), "split minOrderValue must be a decimal amount such as \"50.00\"");
            }
        }
        return new RoutingRules.Split(allowed, allowed ? max : 1, min);
    }
}
