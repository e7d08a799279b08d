package io.railhead.shared;

/**
 * A subscriber's own durable queue on a multicast address (the order events): declared as a bean by
 * the capability that consumes it, created on the embedded broker with its dead-letter queue
 * ({@link BrokerConfiguration}; an external broker lists the same in {@code config/artemis/broker.xml}).
 * The filter (a JMS selector on the message properties) keeps out what the subscriber does not want,
 * so its queue holds only its own work and one subscriber's backlog or failures never touch another's.
 */
public record QueueSubscription(String address, String queue, String filter) {

    /** The fully qualified queue name a consumer reads, and retries and replays go back to: address::queue. */
    public String fqqn() {
        return address + "::" + queue;
    }
}
