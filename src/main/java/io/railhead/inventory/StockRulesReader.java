package io.railhead.inventory;

import io.railhead.shared.ConfigYaml;

import java.nio.file.Path;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Reads a stock rules file into {@link StockRules}, checking everything before any of it is used: YAML
 * syntax, unknown keys (a typo must not silently drop a rule), numbers in range, channels' locations
 * defined, types some adapter pushes to, kits of known shape. Every refusal names the file and line.
 * The SKU cross-reference CSV a rules file may name ({@code crossReference:}, relative to the file;
 * columns {@code sku,channel,channelSku,channelItemId}) is read here too.
 */
public final class StockRulesReader {

    private static final Set<String> TOP = Set.of("locations", "channels", "skus", "kits", "crossReference");
    private static final Set<String> CHANNEL_KEYS = Set.of("type", "locations", "safetyStock", "allocationPercent",
            "maxListed", "push", "account");
    /** Channel-specific keys an adapter reads from {@link StockChannel#setting}. */
    private static final Set<String> SETTING_KEYS = Set.of("locationId", "partner", "productType", "shipNode");
    private static final Set<String> ITEM_ID_KEYS = Set.of("inventoryItemId", "catalogObjectId", "itemId", "channelItemId");

    private final Path file;
    private final Collection<String> knownTypes;
    private final ConfigYaml yaml;

    private StockRulesReader(Path file, Collection<String> knownTypes) {
        this.file = file;
        this.knownTypes = knownTypes;
        this.yaml = new ConfigYaml(file, StockRulesException::new);
    }

    /** The rules in {@code file}; {@code knownTypes} are the channel types adapters push to. */
    public static StockRules read(Path file, Collection<String> knownTypes) {
        return new StockRulesReader(file, knownTypes).read();
    }

    private StockRules read() {
        Node root = yaml.root();
        if (root == null) {
            return StockRules.empty(file);
        }
        Map<String, Node> top = mapping(root, "the file", TOP);
        Map<String, StockRules.Location> locations = new LinkedHashMap<>();
        mapping(top.get("locations"), "locations", null).forEach((name, n) -> {
            Map<String, Node> keys = mapping(n, "location " + name, Set.of("posSourceAccounts"));
            locations.put(name, new StockRules.Location(strings(keys.get("posSourceAccounts"), "posSourceAccounts")));
        });
        Map<String, StockChannel> channels = new LinkedHashMap<>();
        mapping(top.get("channels"), "channels", null).forEach((name, n) -> channels.put(name, channel(name, n, locations)));
        Map<String, StockRules.Sku> skus = new LinkedHashMap<>();
        mapping(top.get("skus"), "skus", null).forEach((sku, n) -> skus.put(sku, sku(sku, n, channels)));
        Map<String, Map<String, Integer>> kits = new LinkedHashMap<>();
        mapping(top.get("kits"), "kits", null).forEach((kit, n) -> {
            Map<String, Integer> parts = new LinkedHashMap<>();
            mapping(n, "kit " + kit, null).forEach((part, q) -> {
                if (part.equals(kit)) {
                    throw error(q, "kit " + kit + " cannot contain itself");
                }
                parts.put(part, integer(q, "quantity of " + part + " in kit " + kit, 1, Integer.MAX_VALUE));
            });
            if (parts.isEmpty()) {
                throw error(n, "kit " + kit + " has no components");
            }
            kits.put(kit, Map.copyOf(parts));
        });
        for (Map.Entry<String, Map<String, Integer>> kit : kits.entrySet()) {
            for (String part : kit.getValue().keySet()) {
                if (kits.containsKey(part)) {
                    throw error(top.get("kits"), "kit " + kit.getKey() + " contains kit " + part + ": kits of kits are not supported");
                }
            }
        }
        if (top.containsKey("crossReference")) {
            Node ref = top.get("crossReference");
            StockCrossReference.read(file, file.toAbsolutePath().getParent().resolve(scalar(ref, "crossReference")),
                    line(ref), channels.keySet(), skus);
        }
        return new StockRules(file, Map.copyOf(locations), Map.copyOf(channels), Map.copyOf(skus), Map.copyOf(kits));
    }

    private StockChannel channel(String name, Node n, Map<String, StockRules.Location> locations) {
        Map<String, Node> keys = mapping(n, "channel " + name, null);
        Map<String, String> settings = new LinkedHashMap<>();
        keys.forEach((k, v) -> {
            if (SETTING_KEYS.contains(k)) {
                settings.put(k, scalar(v, k + " of channel " + name));
            } else if (!CHANNEL_KEYS.contains(k)) {
                throw error(v, "channel " + name + ": unknown key '" + k + "' (expected " + String.join(", ",
                        java.util.stream.Stream.concat(CHANNEL_KEYS.stream(), SETTING_KEYS.stream()).sorted().toList()) + ")");
            }
        });
        String type = keys.containsKey("type") ? scalar(keys.get("type"), "type of channel " + name) : name;
        if (!knownTypes.contains(type)) {
            throw error(keys.containsKey("type") ? keys.get("type") : n, "channel " + name + ": no adapter pushes stock to type '"
                    + type + "' (known: " + String.join(", ", knownTypes.stream().sorted().toList()) + ")");
        }
        List<String> locs = strings(keys.get("locations"), "locations of channel " + name);
        if (locs.isEmpty()) {
            throw error(n, "channel " + name + " lists no locations");
        }
        for (String l : locs) {
            if (!locations.containsKey(l)) {
                throw error(keys.get("locations"), "channel " + name + ": location " + l + " is not under locations:");
            }
        }
        int safety = keys.containsKey("safetyStock") ? integer(keys.get("safetyStock"), "safetyStock", 0, Integer.MAX_VALUE) : 0;
        int percent = keys.containsKey("allocationPercent")
                ? integer(keys.get("allocationPercent"), "allocationPercent", 0, 100) : 100;
        Integer max = keys.containsKey("maxListed") ? integer(keys.get("maxListed"), "maxListed", 0, Integer.MAX_VALUE) : null;
        boolean push = !keys.containsKey("push") || bool(keys.get("push"), "push");
        String account = keys.containsKey("account") ? scalar(keys.get("account"), "account") : null;
        return new StockChannel(name, type, locs, safety, percent, max, push, account, settings);
    }

    private StockRules.Sku sku(String sku, Node n, Map<String, StockChannel> channels) {
        Map<String, Integer> safety = new LinkedHashMap<>();
        Map<String, StockRules.ChannelRef> refs = new LinkedHashMap<>();
        mapping(n, "sku " + sku, null).forEach((k, v) -> {
            if (k.equals("safetyStock")) {
                mapping(v, "safetyStock of " + sku, null).forEach((c, q) -> {
                    if (!channels.containsKey(c)) {
                        throw error(q, "safetyStock of " + sku + ": no channel " + c);
                    }
                    safety.put(c, integer(q, "safetyStock of " + sku + " for " + c, 0, Integer.MAX_VALUE));
                });
            } else if (channels.containsKey(k)) {
                Map<String, Node> ref = mapping(v, k + " of " + sku, null);
                String channelSku = null;
                String itemId = null;
                for (Map.Entry<String, Node> e : ref.entrySet()) {
                    if (e.getKey().equals("sku")) {
                        channelSku = scalar(e.getValue(), "sku");
                    } else if (ITEM_ID_KEYS.contains(e.getKey())) {
                        itemId = scalar(e.getValue(), e.getKey());
                    } else {
                        throw error(e.getValue(), k + " of " + sku + ": unknown key " + e.getKey() + " (sku, "
                                + String.join(", ", ITEM_ID_KEYS.stream().sorted().toList()) + ")");
                    }
                }
                refs.put(k, new StockRules.ChannelRef(channelSku, itemId));
            } else {
                throw error(v, "sku " + sku + ": '" + k + "' is neither safetyStock nor a channel under channels:");
            }
        });
        return new StockRules.Sku(Map.copyOf(safety), Map.copyOf(refs));
    }

    private Map<String, Node> mapping(Node n, String what, Set<String> allowed) {
        return yaml.mapping(n, what, allowed);
    }

    private List<String> strings(Node n, String what) {
        return yaml.strings(n, what);
    }

    private String scalar(Node n, String what) {
        return yaml.scalar(n, what);
    }

    private int integer(Node n, String what, int min, int max) {
        return yaml.integer(n, what, min, max);
    }

    private boolean bool(Node n, String what) {
        return yaml.bool(n, what);
    }

    private static int line(Node n) {
        return ConfigYaml.line(n);
    }

    private RuntimeException error(Node n, String reason) {
        return yaml.error(n, reason);
    }
}
