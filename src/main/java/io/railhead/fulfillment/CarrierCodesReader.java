package io.railhead.fulfillment;

import io.railhead.shared.ConfigYaml;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Reads {@code railhead.fulfillment.carriers-file} into {@link CarrierCodes}, refusing with file and line what
 * would send a wrong carrier code: a key other than {@code carriers}, a carrier listed twice (also in another
 * case), a channel no shipment relay serves (a typo would quietly send the "other" form), an empty code.
 */
public final class CarrierCodesReader {

    private final ConfigYaml yaml;
    private final Set<String> channels;

    private CarrierCodesReader(Path file, Set<String> channels) {
        this.yaml = new ConfigYaml(file, FulfillmentConfigException::new);
        this.channels = channels;
    }

    /** The carriers of {@code file}; {@code channels} are the channels codes may be given for. */
    public static CarrierCodes read(Path file, Set<String> channels) {
        return new CarrierCodesReader(file, channels).read();
    }

    private CarrierCodes read() {
        Node root = yaml.root();
        if (root == null) {
            return CarrierCodes.NONE;
        }
        Map<String, Map<String, String>> codes = new LinkedHashMap<>();
        Map<String, String> seen = new HashMap<>();
        yaml.mapping(yaml.mapping(root, "the file", Set.of("carriers")).get("carriers"), "carriers", null)
                .forEach((name, n) -> {
                    String earlier = seen.put(name.toLowerCase(Locale.ROOT), name);
                    if (earlier != null) {
                        throw yaml.error(n, "carrier " + name + " is listed twice (also as " + earlier
                                + "; names match in any case)");
                    }
                    codes.put(name, perChannel(name, n));
                });
        return new CarrierCodes(codes);
    }

    private Map<String, String> perChannel(String name, Node n) {
        String what = "carrier " + name;
        Map<String, String> out = new LinkedHashMap<>();
        yaml.mapping(n, what, null).forEach((channel, code) -> {
            if (!channels.contains(channel)) {
                throw yaml.error(code, what + ": no shipment relay serves channel '" + channel + "' (known: "
                        + String.join(", ", channels.stream().sorted().toList()) + ")");
            }
            out.put(channel, yaml.scalar(code, channel + " code of " + what));
        });
        return out;
    }
}
