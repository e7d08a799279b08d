package io.railhead.fulfillment;

import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Starts one consumer route per channel with a shipment relay ({@code shipment-relay-<channel>}, on its
 * {@link ShipmentRelayQueues queue}) from the route template {@code shipment-relay}
 * ({@code routes/fulfillment/shipment-relay.camel.yaml}), once Camel has read the routes: a channel adapter
 * that implements {@link ShipmentRelayTarget} gets its queue and consumer without a route of its own.
 */
@Component
public class ShipmentRelayRoutes implements CamelContextConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(ShipmentRelayRoutes.class);
    static final String TEMPLATE = "shipment-relay";

    private final ShipmentRelayQueues queues;

    public ShipmentRelayRoutes(ShipmentRelayQueues queues) {
        this.queues = queues;
    }

    @Override
    public void beforeApplicationStart(CamelContext camelContext) {
    }

    @Override
    public void afterApplicationStart(CamelContext camelContext) {
        queues.byChannel().forEach((channel, queue) -> {
            String routeId = TEMPLATE + "-" + channel;
            try {
                camelContext.addRouteFromTemplate(routeId, TEMPLATE, Map.of("queue", queue));
            } catch (Exception e) {
                throw new IllegalStateException("cannot start the shipment relay route of " + channel + ": "
                        + e.getMessage(), e);
            }
            LOG.info("Shipments of {} orders are relayed from {} (route {})", channel, queue, routeId);
        });
    }
}
