package io.railhead.order;

/**
 * Whether a valid order waits to be sourced before the ERP gets it. The core asks this when an order becomes
 * VALIDATED: true means it owes the ERP nothing yet, and whatever sources it (a subscriber of ORDER_VALIDATED)
 * moves it to ALLOCATED and queues its creation then ({@link OrderSourcingResults}). Without an implementation,
 * every valid order goes to the ERP at once, as before fulfillment existed.
 */
@FunctionalInterface
public interface SourcingGate {

    boolean defersErp(CanonicalOrder order);
}
