package io.railhead.fulfillment;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The codes channels know our carriers by ({@code railhead.fulfillment.carriers-file}, read by
 * {@link CarrierCodesReader}): nodes report a carrier by our name ("UPS", "Acme Freight"), and each channel
 * wants its own code for it. Names match case-insensitively. A carrier not listed, or listed without a code
 * for a channel, has none there: the channel's adapter then sends its "other carrier" form with the name as
 * given. Channels are plain names here (the adapters' {@link ShipmentRelayTarget#channel()}).
 */
public final class CarrierCodes {

    /** No carrier known: every carrier goes as the channel's "other" form. */
    public static final CarrierCodes NONE = new CarrierCodes(Map.of());

    private final Map<String, Map<String, String>> byName = new HashMap<>();

    /** {@code codes}: carrier name → channel → that channel's code; names differing only in case are one carrier. */
    public CarrierCodes(Map<String, Map<String, String>> codes) {
        codes.forEach((name, perChannel) -> {
            if (byName.put(normal(name), Map.copyOf(perChannel)) != null) {
                throw new IllegalArgumentException("carrier " + name + " is listed twice");
            }
        });
    }

    /** The code {@code channel} knows {@code carrier} by; empty when there is none (unknown carrier or channel). */
    public Optional<String> code(String carrier, String channel) {
        if (carrier == null || carrier.isBlank()) {
            return Optional.empty();
        }
        return Optional.ofNullable(byName.getOrDefault(normal(carrier), Map.of()).get(channel));
    }

    /** The channels some carrier has a code for. */
    public Set<String> channels() {
        Set<String> channels = new TreeSet<>();
        byName.values().forEach(m -> channels.addAll(m.keySet()));
        return channels;
    }

    public int size() {
        return byName.size();
    }

    private static String normal(String name) {
        return name.trim().toLowerCase(Locale.ROOT);
    }
}
