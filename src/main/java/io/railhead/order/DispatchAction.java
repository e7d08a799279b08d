package io.railhead.order;

/** What, if anything, the intake stage asks of the outbound endpoints for an order. */
public enum DispatchAction {
    /** Nothing to send (held, duplicate, already released, cancelled before release). */
    NONE,
    /** Send the order to the ERP. */
    CREATE,
    /** Ask the ERP to cancel an order it already has. */
    CANCEL
}
