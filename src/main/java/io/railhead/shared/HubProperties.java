package io.railhead.shared;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Hub-wide settings ({@code railhead.*}) that are not owned by one channel or endpoint: where
 * state lives, the embedded broker's acceptor, login and redelivery policy, queue names and
 * consumer counts, the retry policy of outbound endpoint calls, and which browser origins may
 * call the hub besides its own.
 */
@ConfigurationProperties("railhead")
public record HubProperties(
        @DefaultValue("./data") Path dataDir,
        @DefaultValue("mappings") Path mappingsDir,
        @DefaultValue Broker broker,
        @DefaultValue Queues queues,
        @DefaultValue Retry retry,
        @DefaultValue Security security) {

    /**
     * Embedded broker settings. The acceptor lets the bench and other external clients reach
     * the embedded broker, with {@code user} and {@code password} ({@code RAILHEAD_BROKER_PASSWORD};
     * unset: a random one, so no outside client gets in); the hub itself connects in-VM.
     * Redelivery applies to messages rolled back by a crashed or failing consumer (transient
     * endpoint errors are rescheduled by {@link EndpointRetries} instead).
     */
    public record Broker(
            @DefaultValue("railhead") String name,
            @DefaultValue("tcp://127.0.0.1:0") String acceptor,
            @DefaultValue("railhead") String user,
            String password,
            @DefaultValue("1s") Duration redeliveryDelay,
            @DefaultValue("2.0") double redeliveryMultiplier,
            @DefaultValue("60s") Duration maxRedeliveryDelay,
            @DefaultValue("5") int maxDeliveryAttempts) {

        /** Without the password: this record may end up in a log line or an error message. */
        @Override
        public String toString() {
            return "Broker[name=" + name + ", acceptor=" + acceptor + ", user=" + user + ", password="
                    + (password == null || password.isBlank() ? "(unset)" : "(set)") + "]";
        }
    }

    /** Queue names (see docs/architecture.md) and how many consumers each gets. */
    public record Queues(
            @DefaultValue("order.received.v1") String intake,
            @DefaultValue("erp.orders.v1") String erp,
            @DefaultValue("order.events.v1") String orderEvents,
            @DefaultValue("walmart.acks.v1") String walmartAcks,
            @DefaultValue("edi.po-acks.v1") String ediPoAcks,
            @DefaultValue("edi.received.v1") String ediReceived,
            @DefaultValue("edi.outbound.v1") String ediOutbound,
            @DefaultValue("4") int intakeConsumers,
            @DefaultValue("4") int erpConsumers) {

        /** The dead-letter queue of a queue, also of a subscriber's queue given as address::queue. */
        public static String deadLetter(String queue) {
            int fqqn = queue.indexOf("::");
            return "DLQ." + (fqqn < 0 ? queue : queue.substring(fqqn + 2));
        }

        /**
         * Every point-to-point durable queue of the hub, each with its own dead-letter queue. Subscribers' queues
         * on the order events address are {@link QueueSubscription}s (walmartAcks, ediPoAcks name two of them).
         */
        public List<String> all() {
            return List.of(intake, erp, ediReceived, ediOutbound);
        }
    }

    /**
     * Browser origins allowed to make state-changing calls besides the hub's own (same scheme,
     * host and port as the request): e.g. the public address of a reverse proxy in front of the hub.
     */
    public record Security(@DefaultValue List<String> allowedOrigins) {
    }

    /** Bounded exponential back-off for transient endpoint failures (timeouts, 408, 429, 5xx). */
    public record Retry(
            @DefaultValue("8") int maxAttempts,
            @DefaultValue("1s") Duration initialDelay,
            @DefaultValue("2.0") double multiplier,
            @DefaultValue("5m") Duration maxDelay) {
    }
}
