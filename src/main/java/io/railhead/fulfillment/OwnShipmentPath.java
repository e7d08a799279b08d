package io.railhead.fulfillment;

/**
 * What a channel adapter declares when its orders' shipments are reported through a path of its own (a trading
 * partner's ship notice needs cartons and carrier codes the common shape does not carry): a node's shipment for
 * such an order is refused with {@link #howToReport()}, so nothing is recorded twice or relayed half.
 */
public interface OwnShipmentPath {

    /** The canonical order's {@code channel}. */
    String channel();

    /** Where and how shipments of this channel's orders are reported instead. */
    String howToReport();
}
