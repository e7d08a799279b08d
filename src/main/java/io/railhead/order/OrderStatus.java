package io.railhead.order;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * The order lifecycle of docs/architecture.md, and which status may follow which: the only
 * transitions {@link OrderLifecycle} writes. RECEIVED and NORMALIZED are steps of the intake, seen
 * on the timeline; an order is stored from VALIDATED, ON_HOLD or CANCELLED on. ALLOCATED: sourced to its
 * fulfillment nodes (when fulfillment is on), owing the ERP its creation.
 */
public enum OrderStatus {
    RECEIVED, NORMALIZED, VALIDATED, ON_HOLD, ALLOCATED, RELEASED, SHIPPED, INVOICED, CANCELLED;

    /** The statuses an order may be first stored with. */
    static final Set<OrderStatus> INITIAL = EnumSet.of(VALIDATED, ON_HOLD, CANCELLED);

    /**
     * What may follow what. A status may follow itself: the order changes (its content, hold reasons, the
     * command it owes the ERP, another shipment) without changing status.
     */
    private static final Map<OrderStatus, Set<OrderStatus>> NEXT = Map.of(
            VALIDATED, EnumSet.of(VALIDATED, ON_HOLD, ALLOCATED, RELEASED, CANCELLED),
            ON_HOLD, EnumSet.of(ON_HOLD, VALIDATED, ALLOCATED, CANCELLED),
            ALLOCATED, EnumSet.of(ALLOCATED, ON_HOLD, RELEASED, CANCELLED),
            RELEASED, EnumSet.of(RELEASED, SHIPPED, CANCELLED),
            SHIPPED, EnumSet.of(SHIPPED, INVOICED),
            INVOICED, EnumSet.of(INVOICED),
            CANCELLED, EnumSet.of(CANCELLED));

    public boolean mayBecome(OrderStatus next) {
        return NEXT.getOrDefault(this, Set.of()).contains(next);
    }

    /** An order in one of these states has not reached the ERP yet, so a channel update may replace it. */
    public boolean isBeforeRelease() {
        return this == RECEIVED || this == NORMALIZED || this == VALIDATED || this == ON_HOLD;
    }
}
