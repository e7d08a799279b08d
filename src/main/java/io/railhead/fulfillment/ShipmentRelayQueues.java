package io.railhead.fulfillment;

import io.railhead.shared.DeclaredQueues;
import io.railhead.shared.HubProperties;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.springframework.stereotype.Component;

/**
 * The shipment relay's durable queue per channel ({@code railhead.queues.shipment-relay} with the channel's name),
 * one for each {@link ShipmentRelayTarget}: one channel's outage, back-off or dead letters never hold up another
 * channel's shipments. Declared to the broker and the dead-letter API as {@link DeclaredQueues}; consumed by a
 * route per channel ({@link ShipmentRelayRoutes}).
 */
@Component
public class ShipmentRelayQueues implements DeclaredQueues {

    private final Map<String, String> byChannel = new TreeMap<>();

    public ShipmentRelayQueues(List<ShipmentRelayTarget> targets, HubProperties hub) {
        for (ShipmentRelayTarget target : targets) {
            if (byChannel.put(target.channel(), hub.queues().shipmentRelay(target.channel())) != null) {
                throw new IllegalStateException("two shipment relay targets for channel " + target.channel());
            }
        }
    }

    @Override
    public List<String> queues() {
        return List.copyOf(byChannel.values());
    }

    /** The channels with a relay target and their queues, by channel name. */
    public Map<String, String> byChannel() {
        return Collections.unmodifiableMap(byChannel);
    }

    /** The relay queue of {@code channel}; empty when no target relays to it. */
    public Optional<String> of(String channel) {
        return Optional.ofNullable(byChannel.get(channel));
    }
}
