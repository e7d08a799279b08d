package io.railhead.fulfillment;

import java.time.Duration;
import java.time.Instant;
import org.springframework.stereotype.Component;

/**
 * The outbox's safety net, called by the {@code shipment-relay-sweep} route on the leader: shipments recorded a
 * while ago whose relay message never reached the broker are queued again, and so are channel cancels of lines
 * no node can ship and the ERP calls of returns.
 */
@Component("shipmentRelaySweep")
public class ShipmentRelaySweep {

    /** How old an unqueued shipment must be: the after-commit send of a live request is done by then. */
    private static final Duration GRACE = Duration.ofSeconds(10);

    private final NodeShipments shipments;
    private final LineCancellations cancellations;
    private final OrderReturns returns;

    public ShipmentRelaySweep(NodeShipments shipments, LineCancellations cancellations, OrderReturns returns) {
        this.shipments = shipments;
        this.cancellations = cancellations;
        this.returns = returns;
    }

    public int sweep() {
        Instant before = Instant.now().minus(GRACE);
        return shipments.sweep(before) + cancellations.sweep(before) + returns.sweep(before);
    }
}
