package io.railhead.fulfillment;

/**
 * What a channel adapter implements so a shipment a node reports reaches the channel the order came from
 * (the customer's tracking, the channel's "shipped" state): one bean per channel, in the adapter's own
 * folder, so fulfillment names no channel and picks the target whose {@link #channel()} is the order's.
 *
 * <p>One call is one attempt at the channel's write; the caller owns the retries. {@code RETRY} (throttled,
 * timed out, 408, 5xx, credentials refused) means call again after {@link RelayResult#retryAfter()} (or the
 * caller's back-off); {@code REFUSED} (another 4xx, a line the channel does not have, a missing setting)
 * will not change by repeating and carries the channel's message. A repeat of a shipment the channel already
 * took must not be shipped twice: the adapter says what it does about that.
 */
public interface ShipmentRelayTarget {

    /** The canonical order's {@code channel} this target serves. */
    String channel();

    /**
     * Why the channel could never take {@code shipment} (a missing code or id it requires): checked when the node
     * reports it, so it is refused there with these reasons and nothing recorded. Empty when it can be relayed.
     */
    default java.util.List<String> unrelayable(RelayedShipment shipment) {
        return java.util.List.of();
    }

    /** Tells the channel about {@code shipment}; channel failures come back as a result, never thrown. */
    RelayResult relay(RelayedShipment shipment) throws InterruptedException;
}
