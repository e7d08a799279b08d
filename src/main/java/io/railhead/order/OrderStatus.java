package io.railhead.order;

/**
 * The order lifecycle of DESIGN.md. Every change of status is written to the order timeline.
 */
public enum OrderStatus {
    RECEIVED, NORMALIZED, VALIDATED, ON_HOLD, ALLOCATED, RELEASED, SHIPPED, INVOICED, CLOSED, CANCELLED, RETURNED;

    /** An order in one of these states has not reached the ERP yet, so a channel update may replace it. */
    public boolean isBeforeRelease() {
        return this == RECEIVED || this == NORMALIZED || this == VALIDATED || this == ON_HOLD;
    }
}
