package io.railhead.shared;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Hub-wide settings ({@code railhead.*}) that are not owned by one channel or endpoint: where
 * state lives, the embedded broker's acceptor, login and redelivery policy, queue names and
 * consumer counts, the retry policy of outbound endpoint calls, and which browser origins may
 * call the hub besides its own.
 */
@ConfigurationProperties("railhead")
public record HubProperties(
        Path dataDir,
        Path mappingsDir,
        Broker broker,
        Queues queues,
        Retry retry,
        Security security) {

    /**
     * Embedded broker settings. The acceptor lets the bench and other external clients reach
     * the embedded broker, with {@code user} and {@code password} ({@code RAILHEAD_BROKER_PASSWORD};
     * unset: a random one, so no outside client gets in); the hub itself connects in-VM.
     * Redelivery applies to messages rolled back by a crashed or failing consumer (transient
     * endpoint errors are rescheduled by {@link EndpointRetries} instead).
     */
    public record Broker(
            String name,
            String acceptor,
            String user,
            String password,
            Duration redeliveryDelay,
            double redeliveryMultiplier,
            Duration maxRedeliveryDelay,
            int maxDeliveryAttempts) {

        /** Without the password: this record may end up in a log line or an error message. */
        @Override
        public String toString() {
            return "Broker[name=" + name + ", acceptor=" + acceptor + ", user=" + user + ", password="
                    + (password == null || password.isBlank() ? "(unset)" : "(set)") + "]";
        }
    }

    /**
     * Queue names (see docs/architecture.md) and how many consumers each gets. {@code shipmentRelay} is a template:
     * each channel with a shipment relay has its own queue, {@link #shipmentRelay(String)}.
     */
    public record Queues(
            String intake,
            String erp,
            String orderEvents,
            String walmartAcks,
            String ediPoAcks,
            String ediReceived,
            String ediOutbound,
            String stockEvents,
            String stockReservations,
            String sourcing,
            String nodeCancels,
            String nodeRequests,
            String shipmentRelay,
            String erpReturns,
            String lineCancels,
            int intakeConsumers,
            int erpConsumers) {

        private static final String CHANNEL = "{channel}";

        /** The dead-letter queue of a queue, also of a subscriber's queue given as address::queue. */
        public static String deadLetter(String queue) {
            int fqqn = queue.indexOf("::");
            return "DLQ." + (fqqn < 0 ? queue : queue.substring(fqqn + 2));
        }

        /** The shipment relay queue of one channel: {@code {channel}} in the template replaced by its name. */
        public String shipmentRelay(String channel) {
            if (!shipmentRelay.contains(CHANNEL)) {
                throw new IllegalStateException("railhead.queues.shipment-relay must contain " + CHANNEL
                        + " (one queue per channel): " + shipmentRelay);
            }
            return shipmentRelay.replace(CHANNEL, channel);
        }

        /**
         * Every point-to-point durable queue of the hub named here, each with its own dead-letter queue. Subscribers'
         * queues on the order events address are {@link QueueSubscription}s (walmartAcks, ediPoAcks, stockReservations
         * name some); the queues known only at start-up (a shipment relay queue per channel) are
         * {@link DeclaredQueues}.
         */
        public List<String> all() {
            return List.of(intake, erp, ediReceived, ediOutbound, stockEvents, nodeRequests, erpReturns, lineCancels);
        }
    }

    /**
     * Browser origins allowed to make state-changing calls besides the hub's own (same scheme,
     * host and port as the request): e.g. the public address of a reverse proxy in front of the hub.
     */
    public record Security(List<String> allowedOrigins) {

        public Security {
            allowedOrigins = allowedOrigins == null ? List.of() : List.copyOf(allowedOrigins); // YAML [] binds as none
        }
    }

    /** Bounded exponential back-off for transient endpoint failures (timeouts, 408, 429, 5xx). */
    public record Retry(
            int maxAttempts,
            Duration initialDelay,
            double multiplier,
            Duration maxDelay) {
    }
}
