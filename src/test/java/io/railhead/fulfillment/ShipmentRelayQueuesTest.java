package io.railhead.fulfillment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.railhead.shared.HubProperties;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A relay queue per relay target, named from the template; a template without {@code {channel}} is refused. */
class ShipmentRelayQueuesTest {

    @Test
    void oneQueuePerRelayTarget_namedFromTheTemplate() {
        ShipmentRelayQueues queues = new ShipmentRelayQueues(List.of(target("b"), target("a")),
                hub("fulfillment.shipment-relay.{channel}.v1"));
        assertThat(queues.queues()).containsExactly("fulfillment.shipment-relay.a.v1", "fulfillment.shipment-relay.b.v1");
        assertThat(queues.of("b")).contains("fulfillment.shipment-relay.b.v1");
        assertThat(queues.of("c")).isEmpty();
    }

    @Test
    void aTemplateWithoutTheChannelOrTwoTargetsOfOneChannelAreRefused() {
        assertThatThrownBy(() -> new ShipmentRelayQueues(List.of(target("a")), hub("fulfillment.shipment-relay.v1")))
                .hasMessageContaining("{channel}");
        assertThatThrownBy(() -> new ShipmentRelayQueues(List.of(target("a"), target("a")),
                hub("fulfillment.shipment-relay.{channel}.v1"))).hasMessageContaining("two shipment relay targets");
    }

    private static HubProperties hub(String template) {
        return new HubProperties(null, null, null, new HubProperties.Queues(null, null, null, null, null, null, null,
                null, null, null, null, null, template, null, null, 1, 1), null, null);
    }

    private static ShipmentRelayTarget target(String channel) {
        return new ShipmentRelayTarget() {
            @Override
            public String channel() {
                return channel;
            }

            @Override
            public RelayResult relay(RelayedShipment shipment) {
                return RelayResult.accepted("test");
            }
        };
    }
}
