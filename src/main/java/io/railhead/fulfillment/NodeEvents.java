package io.railhead.fulfillment;

/**
 * Told after a node-side change has committed, so sourcing can act on it (re-source a refused or dead
 * request, stop or resume choosing a node). Any number of beans may implement it; none is needed. An
 * implementation should not throw: what it throws is logged and the change stands.
 */
public interface NodeEvents {

    /** The node refused the request (status REFUSED) or it was dead-lettered (DEAD); {@code reason} says which and why. */
    void requestRefused(FulfillmentRequest request, String reason);

    void nodeDown(String nodeId, String reason);

    void nodeUp(String nodeId);
}
