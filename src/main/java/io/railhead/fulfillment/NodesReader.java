package io.railhead.fulfillment;

import io.railhead.shared.ConfigYaml;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Reads {@code railhead.fulfillment.nodes-file} into {@link FulfillmentNode}s, checking all of it before any
 * is used, so a typo never routes an order to the wrong place: known keys only, a type of wms, 3pl or store,
 * an endpoint URL and a known auth type with its credentials, services given and every cost for an offered
 * service, a cut-off time and zone that parse, positive capacity. {@code ${ENV}} placeholders in the
 * endpoint, its credentials and the webhook secret are resolved by {@code placeholders} (the environment), so
 * secrets stay out of the file. Every refusal names the file and line.
 */
public final class NodesReader {

    private static final Set<String> NODE_KEYS = Set.of("type", "location", "endpoint", "address", "services", "cutoff",
            "capacity", "cost", "webhookSecret", "downAfterFailures");
    private static final Set<String> AUTH_TYPES = Set.of("bearer", "basic", "header", "none");
    /** Consecutive dead-lettered requests before a node is marked down, when the file does not say. */
    static final int DEFAULT_DOWN_AFTER = 5;

    private final ConfigYaml yaml;
    private final UnaryOperator<String> placeholders;

    private NodesReader(Path file, UnaryOperator<String> placeholders) {
        this.yaml = new ConfigYaml(file, FulfillmentConfigException::new);
        this.placeholders = placeholders;
    }

    /** The nodes of {@code file} by id, in file order. */
    public static Map<String, FulfillmentNode> read(Path file, UnaryOperator<String> placeholders) {
        return new NodesReader(file, placeholders).read();
    }

    private Map<String, FulfillmentNode> read() {
        Node root = yaml.root();
        Map<String, FulfillmentNode> nodes = new LinkedHashMap<>();
        if (root == null) {
            return nodes;
        }
        yaml.mapping(yaml.mapping(root, "the file", Set.of("nodes")).get("nodes"), "nodes", null)
                .forEach((id, n) -> nodes.put(id, node(id, n)));
        return java.util.Collections.unmodifiableMap(nodes);
    }

    private FulfillmentNode node(String id, Node n) {
        String what = "node " + id;
        Map<String, Node> keys = yaml.mapping(n, what, NODE_KEYS);
        FulfillmentNode.Type type = type(keys.get("type"), n, what);
        String location = keys.containsKey("location") ? yaml.scalar(keys.get("location"), "location of " + what) : id;
        if (!keys.containsKey("endpoint")) {
            throw yaml.error(n, what + " has no endpoint");
        }
        List<String> services = yaml.strings(keys.get("services"), "services of " + what);
        if (services.isEmpty()) {
            throw yaml.error(keys.containsKey("services") ? keys.get("services") : n, what + " offers no services");
        }
        Map<String, BigDecimal> cost = new LinkedHashMap<>();
        yaml.mapping(keys.get("cost"), "cost of " + what, null).forEach((service, c) -> {
            try {
                BigDecimal value = new BigDecimal(yaml.scalar(c, "cost of " + service + " at " + what));
                if (value.signum() < 0) {
                    throw yaml.error(c, "cost of " + service + " at " + what + " is negative");
                }
                cost.put(service, value);
            } catch (NumberFormatException e) {
                throw yaml.error(c, "cost of " + service + " at " + what + " must be a decimal amount");
            }
        });
        for (String s : services) {
            if (!cost.containsKey(s)) {
                throw yaml.error(keys.containsKey("cost") ? keys.get("cost") : n, what + " offers " + s + " but has no cost for it");
            }
        }
        Integer perDay = null;
        if (keys.containsKey("capacity")) {
            Map<String, Node> capacity = yaml.mapping(keys.get("capacity"), "capacity of " + what, Set.of("ordersPerDay"));
            if (capacity.containsKey("ordersPerDay")) {
                perDay = yaml.integer(capacity.get("ordersPerDay"), "ordersPerDay of " + what, 1, Integer.MAX_VALUE);
            }
        }
        int downAfter = keys.containsKey("downAfterFailures")
                ? yaml.integer(keys.get("downAfterFailures"), "downAfterFailures of " + what, 1, 1000) : DEFAULT_DOWN_AFTER;
        String secret = keys.containsKey("webhookSecret") ? resolved(keys.get("webhookSecret"), "webhookSecret of " + what) : null;
        return new FulfillmentNode(id, type, location, endpoint(keys.get("endpoint"), what), address(keys.get("address"), what),
                services, cutoff(keys.get("cutoff"), what), perDay, Map.copyOf(cost), secret, downAfter);
    }

    private FulfillmentNode.Type type(Node n, Node entry, String what) {
        if (n == null) {
            throw yaml.error(entry, what + " has no type (wms, 3pl or store)");
        }
        return switch (yaml.scalar(n, "type of " + what).toLowerCase(Locale.ROOT)) {
            case "wms" -> FulfillmentNode.Type.WMS;
            case "3pl" -> FulfillmentNode.Type.THIRD_PARTY_LOGISTICS;
            case "store" -> FulfillmentNode.Type.STORE;
            default -> throw yaml.error(n, "type of " + what + " must be wms, 3pl or store");
        };
    }

    private FulfillmentNode.Endpoint endpoint(Node n, String what) {
        Map<String, Node> keys = yaml.mapping(n, "endpoint of " + what, Set.of("url", "auth"));
        if (!keys.containsKey("url")) {
            throw yaml.error(n, "endpoint of " + what + " has no url");
        }
        String url = resolved(keys.get("url"), "endpoint url of " + what);
        if (!url.startsWith("http://") && !url.startsWith("https://")) {
            throw yaml.error(keys.get("url"), "endpoint url of " + what + " must be http:// or https://");
        }
        Map<String, Node> auth = yaml.mapping(keys.get("auth"), "auth of " + what,
                Set.of("type", "token", "username", "password", "header"));
        String type = auth.containsKey("type") ? yaml.scalar(auth.get("type"), "auth type of " + what) : "none";
        if (!AUTH_TYPES.contains(type)) {
            throw yaml.error(auth.get("type"), "auth type of " + what + " must be one of " + AUTH_TYPES.stream().sorted().toList());
        }
        List<String> needs = switch (type) {
            case "bearer" -> List.of("token");
            case "basic" -> List.of("username", "password");
            case "header" -> List.of("header", "token");
            default -> List.of();
        };
        for (String k : needs) {
            if (!auth.containsKey(k)) {
                throw yaml.error(keys.get("auth"), "auth of " + what + " (" + type + ") needs " + k);
            }
        }
        return new FulfillmentNode.Endpoint(url, type, optional(auth.get("token"), "token of " + what),
                optional(auth.get("username"), "username of " + what), optional(auth.get("password"), "password of " + what),
                optional(auth.get("header"), "header of " + what));
    }

    private FulfillmentNode.Address address(Node n, String what) {
        Map<String, Node> keys = yaml.mapping(n, "address of " + what, Set.of("countryCode", "region", "postalCode", "lat", "lon"));
        String country = keys.containsKey("countryCode") ? yaml.scalar(keys.get("countryCode"), "countryCode of " + what) : null;
        if (country != null && !country.matches("[A-Z]{2}")) {
            throw yaml.error(keys.get("countryCode"), "countryCode of " + what + " must be an ISO 3166 alpha-2 code such as US");
        }
        return new FulfillmentNode.Address(country, optional(keys.get("region"), "region of " + what),
                optional(keys.get("postalCode"), "postalCode of " + what), degrees(keys.get("lat"), "lat of " + what, 90),
                degrees(keys.get("lon"), "lon of " + what, 180));
    }

    private FulfillmentNode.Cutoff cutoff(Node n, String what) {
        if (n == null) {
            return null;
        }
        Map<String, Node> keys = yaml.mapping(n, "cutoff of " + what, Set.of("time", "zone"));
        if (!keys.containsKey("time") || !keys.containsKey("zone")) {
            throw yaml.error(n, "cutoff of " + what + " needs time and zone");
        }
        LocalTime time;
        try {
            time = LocalTime.parse(yaml.scalar(keys.get("time"), "cutoff time of " + what));
        } catch (DateTimeException e) {
            throw yaml.error(keys.get("time"), "cutoff time of " + what + " must be HH:MM");
        }
        try {
            return new FulfillmentNode.Cutoff(time, ZoneId.of(yaml.scalar(keys.get("zone"), "cutoff zone of " + what)));
        } catch (DateTimeException e) {
            throw yaml.error(keys.get("zone"), "cutoff zone of " + what + " is not a time zone (e.g. America/New_York)");
        }
    }

    private Double degrees(Node n, String what, int max) {
        if (n == null) {
            return null;
        }
        try {
            double d = Double.parseDouble(yaml.scalar(n, what));
            if (Math.abs(d) > max) {
                throw yaml.error(n, what + " must be between -" + max + " and " + max);
            }
            return d;
        } catch (NumberFormatException e) {
            throw yaml.error(n, what + " must be a number");
        }
    }

    private String optional(Node n, String what) {
        return n == null ? null : resolved(n, what);
    }

    private String resolved(Node n, String what) {
        try {
            return placeholders.apply(yaml.scalar(n, what));
        } catch (IllegalArgumentException e) {
            throw yaml.error(n, what + ": " + e.getMessage());
        }
    }
}
