package io.railhead.fulfillment;

import io.railhead.shared.TransientEndpointException;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The one door for fulfillment requests to nodes, and the one class that changes their status. Sourcing calls
 * {@link #request} inside its own transaction: the request is recorded PENDING with the decision, and
 * {@link NodeRequestRelay} queues it to {@code railhead.queues.node-requests} once that commits (or at its next
 * sweep after a crash); the {@code node-request-send} route delivers it and reports the node's answer here.
 * Capacity is counted from these rows ({@link #ordersTaken}).
 */
@Service
public class NodeRequests {

    private static final Logger LOG = LoggerFactory.getLogger(NodeRequests.class);
    /** What does not count against a node's capacity. */
    private static final EnumSet<NodeRequestStatus> NOT_TAKEN = EnumSet.of(NodeRequestStatus.REFUSED,
            NodeRequestStatus.CANCELLED);

    private final NodeRequestStore store;
    private final NodeRequestRelay relay;
    private final NodeStates states;
    private final NodeEventsNotifier events;
    private final FulfillmentConfigSource config;
    private final Clock clock;

    @Autowired
    public NodeRequests(NodeRequestStore store, NodeRequestRelay relay, NodeStates states, NodeEventsNotifier events,
                        FulfillmentConfigSource config) {
        this(store, relay, states, events, config, Clock.systemUTC());
    }

    NodeRequests(NodeRequestStore store, NodeRequestRelay relay, NodeStates states, NodeEventsNotifier events,
                 FulfillmentConfigSource config, Clock clock) {
        this.store = store;
        this.relay = relay;
        this.states = states;
        this.events = events;
        this.config = config;
        this.clock = clock;
    }

    /**
     * Records the request in the caller's transaction (there must be one); it is sent after that commits. The
     * node must be in force. The correlation id of the caller's logging context goes with it.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void request(FulfillmentRequest r) {
        FulfillmentNode node = node(r.nodeId())
                .orElseThrow(() -> new IllegalArgumentException("no fulfillment node " + r.nodeId() + " in force"));
        String correlationId = MDC.get("correlationId");
        LocalDate day = nodeDay(node, clock);
        if (node.ordersPerDay() != null) {
            // The decision counted without this lock: another sourcing may have taken the last order since.
            states.lockForCapacity(node.id());
            int taken = ordersTaken(node.id(), day);
            if (taken >= node.ordersPerDay()) {
                throw new TransientEndpointException("node " + node.id() + " reached its capacity (" + taken + " of "
                        + node.ordersPerDay() + " today) while order " + r.orderId() + " was sourced: it is sourced again",
                        Duration.ofMillis(100));
            }
        }
        store.add(r, day, correlationId == null ? UUID.randomUUID().toString() : correlationId);
        NodeEventsNotifier.AfterCommit.run(relay::wake);
        LOG.info("Fulfillment {} of order {} requested from node {}", r.fulfillmentId(), r.orderId(), r.nodeId());
    }

    /** The node's local date in its cut-off zone (UTC when it has no cut-off). */
    static LocalDate nodeDay(FulfillmentNode node, Clock clock) {
        ZoneId zone = node.cutoff() == null ? ZoneOffset.UTC : node.cutoff().zone();
        return LocalDate.now(clock.withZone(zone));
    }

    /** Today's date at the node (see {@link #nodeDay(FulfillmentNode, Clock)}). */
    public LocalDate today(FulfillmentNode node) {
        return nodeDay(node, clock);
    }

    /** Requests the node took on that day (all but REFUSED and CANCELLED). */
    public int ordersTaken(String nodeId, LocalDate nodeDay) {
        return store.countNotIn(nodeId, nodeDay, NOT_TAKEN);
    }

    /** The node's requests it has not accepted yet (PENDING), oldest first. */
    public List<NodeRequest> openFor(String nodeId) {
        return store.withStatus(nodeId, NodeRequestStatus.PENDING);
    }

    public Optional<NodeRequestStatus> status(String fulfillmentId) {
        return store.find(fulfillmentId).map(NodeRequest::status);
    }

    public Optional<NodeRequest> find(String fulfillmentId) {
        return store.find(fulfillmentId);
    }

    /** An order's requests (one per node it was sourced to, more after re-sourcing), oldest first. */
    public List<NodeRequest> byOrder(String orderId) {
        return store.byOrder(orderId);
    }

    /** Marks a request CANCELLED (from PENDING or ACCEPTED); false when it was neither. Telling the node is not done here. */
    @Transactional
    public boolean cancel(String fulfillmentId) {
        return store.transition(fulfillmentId, EnumSet.of(NodeRequestStatus.PENDING, NodeRequestStatus.ACCEPTED),
                NodeRequestStatus.CANCELLED, null);
    }

    /**
     * The order was cancelled: each of its open requests is CANCELLED, and one the node may have (accepted, or
     * sent at least once) owes the node a cancel call. Returns the requests still owed one (also from an
     * earlier, interrupted attempt).
     */
    @Transactional
    public List<NodeRequest> cancelOrder(String orderId) {
        for (NodeRequest r : store.byOrder(orderId)) {
            if (r.status() == NodeRequestStatus.PENDING || r.status() == NodeRequestStatus.ACCEPTED) {
                store.cancel(r.fulfillmentId(), r.status() == NodeRequestStatus.ACCEPTED || r.attempts() > 0);
            }
        }
        return store.byOrder(orderId).stream().filter(r -> r.cancelStatus() == NodeRequest.CancelStatus.OWED).toList();
    }

    /** The node answered the cancel call it was owed (or never did: DEAD). */
    @Transactional
    public void cancelAnswered(String fulfillmentId, NodeRequest.CancelStatus status, String answer) {
        if (store.cancelAnswered(fulfillmentId, status, answer)) {
            LOG.info("Cancel of fulfillment {}: {}", fulfillmentId, status);
        }
    }

    /** A sending is about to start: the PENDING request, its attempt counted; empty when it is no longer owed. */
    @Transactional
    public Optional<NodeRequest> sending(String fulfillmentId) {
        return store.countAttempt(fulfillmentId) ? store.find(fulfillmentId) : Optional.empty();
    }

    /**
     * The node took the request. True when the order was cancelled while the request was on its way and the
     * node's answer to the cancel was that it did not have it: that cancel is owed again.
     */
    @Transactional
    public boolean accepted(String fulfillmentId) {
        Optional<NodeRequest> r = store.find(fulfillmentId);
        if (r.isEmpty()) {
            return false;
        }
        if (store.transition(fulfillmentId, EnumSet.of(NodeRequestStatus.PENDING), NodeRequestStatus.ACCEPTED, null)) {
            states.requestAccepted(r.get().request().nodeId());
            LOG.info("Fulfillment {} accepted by node {}", fulfillmentId, r.get().request().nodeId());
            return false;
        }
        return store.cancelOwedAgain(fulfillmentId);
    }

    @Transactional
    public void refused(String fulfillmentId, String answer) {
        store.find(fulfillmentId).ifPresent(r -> {
            if (store.transition(fulfillmentId, EnumSet.of(NodeRequestStatus.PENDING), NodeRequestStatus.REFUSED, answer)) {
                LOG.warn("Fulfillment {} refused by node {}", fulfillmentId, r.request().nodeId());
                events.requestRefused(r.request(), "REFUSED: " + answer);
            }
        });
    }

    /** Retried until the attempts ran out: DEAD, and one more consecutive failure of the node. */
    @Transactional
    public void dead(String fulfillmentId, String failure) {
        store.find(fulfillmentId).ifPresent(r -> {
            if (store.transition(fulfillmentId, EnumSet.of(NodeRequestStatus.PENDING), NodeRequestStatus.DEAD, failure)) {
                String nodeId = r.request().nodeId();
                LOG.error("Fulfillment {} to node {} dead-lettered: {}", fulfillmentId, nodeId, failure);
                events.requestRefused(r.request(), "DEAD: " + failure);
                states.requestDead(nodeId, node(nodeId).map(FulfillmentNode::downAfterFailures)
                        .orElse(Integer.MAX_VALUE));
            }
        });
    }

    /** A failed attempt that will be retried: its cause is kept for the operator. */
    @Transactional
    public void failedAttempt(String fulfillmentId, String failure) {
        store.noteError(fulfillmentId, failure);
    }

    private Optional<FulfillmentNode> node(String nodeId) {
        return Optional.ofNullable(config.config().nodes().get(nodeId));
    }
}
