package io.railhead.shared;

import java.util.List;
import java.util.stream.Stream;
import org.springframework.beans.factory.ObjectProvider;

/**
 * Point-to-point durable queues a capability knows only at start-up, one per channel adapter (a shipment relay
 * queue per channel), declared as a bean by that capability so no channel list is written down anywhere: each is
 * created on the embedded broker with its dead-letter queue and the redelivery policy of the queues in
 * {@link HubProperties.Queues#all()} ({@link BrokerConfiguration}, once the hub's beans exist: what declares them
 * may need the broker itself; an external broker lists the same in {@code config/artemis/broker.xml}), and its dead
 * letters are listed and replayed ({@link DeadLetterService}).
 */
public interface DeclaredQueues {

    /** The queues' names, each with its dead-letter queue {@code DLQ.<name>}. */
    List<String> queues();

    /** Every point-to-point durable queue of the hub: those it names and those its capabilities declare. */
    static List<String> pointToPoint(HubProperties hub, ObjectProvider<DeclaredQueues> declared) {
        return Stream.concat(hub.queues().all().stream(), declared.orderedStream().flatMap(d -> d.queues().stream()))
                .distinct().toList();
    }
}
