package io.railhead.fulfillment;

import java.util.Optional;

/**
 * What a channel adapter implements so lines no node can ship are cancelled at the channel the order came from
 * (the customer refunded, the channel's order settled), one bean per channel in the adapter's folder. A channel
 * without one, or whose API cannot cancel what is asked ({@link #cannotCancel}), leaves the cancellation to an
 * operator ({@code CANCEL_AT_CHANNEL}). One call is one attempt; results as for {@link ShipmentRelayTarget}.
 */
public interface LineCancelTarget {

    /** The canonical order's {@code channel} this target serves. */
    String channel();

    /** Why the channel's API cannot cancel this (what the operator must do instead), or empty when it can. */
    Optional<String> cannotCancel(LineCancel cancel);

    /** Cancels the lines at the channel; channel failures come back as a result, never thrown. */
    RelayResult cancel(LineCancel cancel) throws InterruptedException;
}
